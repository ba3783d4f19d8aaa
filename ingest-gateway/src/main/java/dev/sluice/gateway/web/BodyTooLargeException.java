package dev.sluice.gateway.web;

import java.io.IOException;

/** Thrown while reading a request body that goes past the configured limit; answered 413. */
public final class BodyTooLargeException extends IOException {
    public BodyTooLargeException(long max) {
        super("the request body is larger than " + max + " bytes");
    }
}

package dev.sluice.processor.embed.tei;

import java.util.Optional;

/** What TEI answered to one request: the status, the whole body and its {@code Retry-After} header, if any. */
record TeiAnswer(int status, byte[] body, Optional<String> retryAfter) {

    boolean successful() {
        return status >= 200 && status < 300;
    }
}

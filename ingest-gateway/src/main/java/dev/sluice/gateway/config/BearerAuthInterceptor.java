package dev.sluice.gateway.config;

import dev.sluice.gateway.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/** Requires {@code Authorization: Bearer <api secret>}, compared in constant time. */
final class BearerAuthInterceptor implements HandlerInterceptor {
    private final byte[] secret;

    BearerAuthInterceptor(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "missing_token",
                    "Authorization: Bearer <token> is required");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "invalid_token",
                    "the Authorization header must use the Bearer scheme");
        }
        byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(secret, given)) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "invalid_token", "the bearer token is not valid");
        }
        return true;
    }
}

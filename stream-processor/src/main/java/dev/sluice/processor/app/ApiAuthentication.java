package dev.sluice.processor.app;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Requires {@code Authorization: Bearer <sluice.api-secret>} on every {@code /api/**} endpoint of the processor (search,
 * stats, and the candidates instances ask each other for, which carry indexed text); health and Prometheus under
 * {@code /actuator} stay open. The gateway's search proxy and the other instances already send this token. Without a
 * secret ({@code WEBHOOK_API_SECRET} unset) the API is open, as before, and a warning says so at start-up.
 */
@Configuration(proxyBeanMethods = false)
public class ApiAuthentication implements WebMvcConfigurer {
    private static final Logger log = LoggerFactory.getLogger(ApiAuthentication.class);

    private final String secret;

    public ApiAuthentication(@Value("${sluice.api-secret:}") String secret) {
        this.secret = secret == null ? "" : secret;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        if (secret.isBlank()) {
            log.warn("No sluice.api-secret (WEBHOOK_API_SECRET): /api/search, /api/stats and /api/internal/* answer "
                    + "anyone who can reach this port; set it for anything but one machine");
            return;
        }
        registry.addInterceptor(new BearerInterceptor(secret.getBytes(StandardCharsets.UTF_8)))
                .addPathPatterns("/api/**");
    }

    /** Compares the token in constant time ({@link MessageDigest#isEqual}); the token is never logged. */
    static final class BearerInterceptor implements HandlerInterceptor {
        private final byte[] secret;

        BearerInterceptor(byte[] secret) {
            this.secret = secret;
        }

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                throws IOException {
            String header = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (header == null || header.isBlank()) {
                return refuse(response, "missing_token", "Authorization: Bearer <token> is required");
            }
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return refuse(response, "invalid_token", "the Authorization header must use the Bearer scheme");
            }
            byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(secret, given)) {
                return refuse(response, "invalid_token", "the bearer token is not valid");
            }
            return true;
        }

        private static boolean refuse(HttpServletResponse response, String error, String message) throws IOException {
            response.setStatus(401);
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getOutputStream().write(("{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
            return false;
        }
    }
}

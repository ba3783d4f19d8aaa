package dev.sluice.processor.embed.tei;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.schemas.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TeiErrorsTest {
    private final Clock clock = Clock.systemUTC();

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void shouldRetryWhatMaySucceedLater(int status) {
        assertThat(classify(status, "{}", null).retriable()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 413, 422, 424, 301})
    void shouldNotRetryWhatWillFailAgain(int status) {
        assertThat(classify(status, "{}", null).retriable()).isFalse();
    }

    @Test
    void shouldKeepTeisMessageAndType() {
        AttemptFailure failure = classify(413,
                "{\"error\":\"batch size 33 > maximum allowed batch size 32\",\"error_type\":\"validation\"}", null);

        assertThat(failure).hasMessage("HTTP 413 (validation): batch size 33 > maximum allowed batch size 32");
    }

    @Test
    void shouldPassRetryAfterOn() {
        AttemptFailure failure =
                classify(429, "{\"error\":\"Model is overloaded\",\"error_type\":\"overloaded\"}", "2");

        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(failure).hasMessage("HTTP 429 (overloaded): Model is overloaded");
    }

    @Test
    void shouldShowTheStartOfABodyThatIsNotTeisJson() {
        AttemptFailure failure = classify(502, "<html>\n<h1>502 Bad Gateway</h1>\n" + "x".repeat(500), null);

        assertThat(failure.getMessage())
                .startsWith("HTTP 502: <html> <h1>502 Bad Gateway</h1>")
                .endsWith("…")
                .hasSizeLessThan(TeiErrors.MAX_MESSAGE_CHARS + 20);
        assertThat(classify(503, "", null)).hasMessage("HTTP 503");
    }

    private AttemptFailure classify(int status, String body, String retryAfter) {
        TeiAnswer answer = new TeiAnswer(status, body.getBytes(StandardCharsets.UTF_8), Optional.ofNullable(retryAfter));
        return TeiErrors.classify(answer, clock, Json.mapper());
    }
}

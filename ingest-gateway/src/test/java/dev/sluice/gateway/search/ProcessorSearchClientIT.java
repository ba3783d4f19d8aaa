package dev.sluice.gateway.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The proxy's client against real HTTP servers standing in for processors: what it passes on, when it moves on. */
class ProcessorSearchClientIT {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final String TOKEN = "api-secret-api-secret-api-secret-0123456789";
    private static final SearchQuery QUERY = SearchQuery.parse("kafka streams", null, null, null, null, null, null);

    private final List<AutoCloseable> open = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private FakeProcessor processor() {
        FakeProcessor p = new FakeProcessor();
        open.add(p);
        return p;
    }

    private ProcessorSearchClient client(URI... urls) {
        ProcessorSearchClient c = new ProcessorSearchClient(List.of(urls), TIMEOUT, TOKEN, meters);
        open.add(c);
        return c;
    }

    private static String body(ProcessorAnswer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    private double failures(String reason) {
        var counter = meters.find("sluice.gateway.search.attempt.failures").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private long searches(String outcome) {
        return meters.get("sluice.gateway.search").tag("outcome", outcome).timer().count();
    }

    @Nested
    class PassingOn {
        @Test
        void shouldPassTheAnswerOnByteForByteWithItsContentType() {
            String answer = "{ \"hits\" : [ {\"documentId\":\"d1\",\"score\":0.5} ],\n \"partial\":false }";
            FakeProcessor p = processor().answers(200, "application/json;charset=UTF-8", answer);

            ProcessorAnswer got = client(p.url()).search(QUERY);

            assertThat(got.status()).isEqualTo(200);
            assertThat(body(got)).isEqualTo(answer);
            assertThat(got.contentType()).isEqualTo(MediaType.parseMediaType("application/json;charset=UTF-8"));
            assertThat(searches("ok")).isEqualTo(1);
        }

        @Test
        void shouldSendEveryParameterSoThatAServletContainerReadsItBack() {
            FakeProcessor p = processor();
            String tricky = "c++ & \"ünïcode\" 東京 100% a=b #1 /x?y";
            SearchQuery query = SearchQuery.parse(tricky, "BM25", "7", "docs.example.com",
                    "https://docs.example.com/a b/", "en", "true");

            client(p.url()).search(query);

            assertThat(p.requests()).singleElement().satisfies(r -> {
                assertThat(r.path()).isEqualTo("/api/search");
                assertThat(r.parameters()).containsExactly(
                        entry("q", tricky),
                        entry("mode", "bm25"),
                        entry("limit", "7"),
                        entry("domain", "docs.example.com"),
                        entry("url_prefix", "https://docs.example.com/a b/"),
                        entry("language", "en"),
                        entry("chunks", "true"));
                assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN);
            });
        }

        @Test
        void shouldKeepThePathOfABaseUrl() {
            FakeProcessor p = processor();
            client(URI.create(p.url() + "/behind/a/proxy/")).search(QUERY);
            assertThat(p.requests()).singleElement()
                    .satisfies(r -> assertThat(r.path()).isEqualTo("/behind/a/proxy/api/search"));
        }

        @Test
        void shouldPassA4xxOnWithoutAskingAnotherProcessor() {
            FakeProcessor first = processor().answers(400, "application/json",
                    "{\"error\":\"invalid_request\",\"message\":\"query must not be blank\"}");
            FakeProcessor second = processor();

            ProcessorAnswer got = client(first.url(), second.url()).search(QUERY);

            assertThat(got.status()).isEqualTo(400);
            assertThat(body(got)).isEqualTo("{\"error\":\"invalid_request\",\"message\":\"query must not be blank\"}");
            assertThat(second.requestCount()).isZero();
            assertThat(searches("rejected")).isEqualTo(1);
        }

        @Test
        void shouldLeaveTheContentTypeOutWhenTheProcessorSentNone() {
            FakeProcessor p = processor().answers(200, null, "{}");
            assertThat(client(p.url()).search(QUERY).contentType()).isNull();
        }
    }

    @Nested
    class Failover {
        @Test
        void shouldAskTheNextProcessorWhenAConnectionIsRefused() {
            FakeProcessor second = processor().answers(200, "application/json", "{\"from\":\"second\"}");

            ProcessorAnswer got = client(FakeProcessor.unreachable(), second.url()).search(QUERY);

            assertThat(body(got)).isEqualTo("{\"from\":\"second\"}");
            assertThat(failures("unreachable")).isEqualTo(1);
        }

        @Test
        void shouldAskTheNextProcessorAfterA5xx() {
            FakeProcessor first = processor().answers(503, "application/json", "{\"error\":\"starting\"}");
            FakeProcessor second = processor().answers(200, "application/json", "{\"from\":\"second\"}");

            ProcessorAnswer got = client(first.url(), second.url()).search(QUERY);

            assertThat(body(got)).isEqualTo("{\"from\":\"second\"}");
            assertThat(first.requestCount()).isEqualTo(1);
            assertThat(failures("server_error")).isEqualTo(1);
        }

        @Test
        void shouldAskTheNextProcessorWhenOneDoesNotAnswerWithinTheTimeout() {
            FakeProcessor first = processor().hangs();
            FakeProcessor second = processor().answers(200, "application/json", "{\"from\":\"second\"}");

            long start = System.nanoTime();
            ProcessorAnswer got = client(first.url(), second.url()).search(QUERY);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(body(got)).isEqualTo("{\"from\":\"second\"}");
            assertThat(took).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(TIMEOUT.multipliedBy(3));
            assertThat(failures("timeout")).isEqualTo(1);
        }

        @Test
        void shouldAskTheNextProcessorWhenOneStopsInTheMiddleOfItsAnswer() {
            FakeProcessor first = processor().stallsInTheBody();
            FakeProcessor second = processor().answers(200, "application/json", "{\"from\":\"second\"}");

            long start = System.nanoTime();
            ProcessorAnswer got = client(first.url(), second.url()).search(QUERY);

            assertThat(body(got)).isEqualTo("{\"from\":\"second\"}");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(3));
            assertThat(failures("timeout")).isEqualTo(1);
        }

        @Test
        void shouldStartWithTheProcessorThatAnsweredLast() {
            FakeProcessor first = processor().hangs();
            FakeProcessor second = processor().answers(200, "application/json", "{\"from\":\"second\"}");
            ProcessorSearchClient client = client(first.url(), second.url());
            client.search(QUERY);

            long start = System.nanoTime();
            ProcessorAnswer again = client.search(QUERY);

            assertThat(body(again)).isEqualTo("{\"from\":\"second\"}");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
            assertThat(first.requestCount()).isEqualTo(1);
            assertThat(second.requestCount()).isEqualTo(2);
        }

        @Test
        void shouldGoRoundToTheFirstProcessorWhenTheOneThatAnsweredLastFails() {
            FakeProcessor first = processor().answers(502, "text/plain", "bad gateway");
            FakeProcessor second = processor().answers(200, "application/json", "{\"from\":\"second\"}");
            ProcessorSearchClient client = client(first.url(), second.url());
            client.search(QUERY);
            first.answers(200, "application/json", "{\"from\":\"first\"}");
            second.answers(500, "application/json", "{}");

            assertThat(body(client.search(QUERY))).isEqualTo("{\"from\":\"first\"}");
        }

        @Test
        void shouldGiveUpWhenNoProcessorAnswersInTime() {
            FakeProcessor hanging = processor().hangs();
            FakeProcessor failing = processor().answers(500, "application/json", "{}");
            ProcessorSearchClient client = client(hanging.url(), FakeProcessor.unreachable(), failing.url());

            long start = System.nanoTime();
            assertThatThrownBy(() -> client.search(QUERY))
                    .isInstanceOfSatisfying(SearchUnavailableException.class, e -> {
                        assertThat(e.getMessage()).contains("3 tried").doesNotContain("127.0.0.1");
                        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
                    });

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(3));
            assertThat(searches("unavailable")).isEqualTo(1);
            assertThat(failures("timeout") + failures("unreachable") + failures("server_error")).isEqualTo(3);
        }
    }
}

package dev.sluice.processor.embed.tei;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.schemas.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RequestPlannerTest {

    @Test
    void shouldSplitByCountKeepingOrder() {
        List<String> texts = IntStream.range(0, 70).mapToObj(i -> "text " + i).toList();

        List<EmbedRequest> plan = new RequestPlanner(32, 2_000_000, Json.mapper()).plan(texts);

        assertThat(plan).extracting(EmbedRequest::from, EmbedRequest::to)
                .containsExactly(tuple(0, 32), tuple(32, 64), tuple(64, 70));
        assertThat(inputsOf(plan)).isEqualTo(texts);
    }

    @Test
    void shouldSplitByBytesMeasuredOnTheExactBody() {
        String text = "x".repeat(98); // 100 bytes as a JSON string
        List<String> texts = Collections.nCopies(10, text);
        int envelope = "{\"inputs\":[],\"truncate\":true,\"normalize\":true}".length();

        // room for exactly three inputs and their two commas
        int limit = envelope + 3 * 100 + 2;
        List<EmbedRequest> plan = new RequestPlanner(32, limit, Json.mapper()).plan(texts);

        assertThat(plan).extracting(EmbedRequest::size).containsExactly(3, 3, 3, 1);
        assertThat(plan).allSatisfy(request -> assertThat(request.body().length).isLessThanOrEqualTo(limit));
        assertThat(plan.getFirst().body().length).isEqualTo(limit);
    }

    @Test
    void shouldWriteTeisRequestShape() {
        List<EmbedRequest> plan = new RequestPlanner(32, 10_000, Json.mapper()).plan(List.of("a \"quoted\"\n", "ü€😀"));

        JsonNode body = Json.mapper().readTree(plan.getFirst().body());
        assertThat(body.path("truncate").asBoolean()).isTrue();
        assertThat(body.path("normalize").asBoolean()).isTrue();
        assertThat(body.path("inputs").get(0).stringValue()).isEqualTo("a \"quoted\"\n");
        assertThat(body.path("inputs").get(1).stringValue()).isEqualTo("ü€😀");
    }

    @Test
    void shouldRefuseATextThatFitsNoRequestWithoutQuotingIt() {
        List<String> texts = List.of("short", "secret " + "y".repeat(300));

        assertThatThrownBy(() -> new RequestPlanner(32, 200, Json.mapper()).plan(texts))
                .isInstanceOfSatisfying(IndexingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.EMBEDDING_REJECTED);
                    assertThat(e.retriable()).isFalse();
                })
                .hasMessageStartingWith("texts[1] takes 309 bytes as JSON")
                .message().doesNotContain("secret");
    }

    @Test
    void shouldRefuseATextThatIsNotValidUnicode() {
        assertThatThrownBy(() -> new RequestPlanner(32, 10_000, Json.mapper()).plan(List.of("ok", "bad \uD800 half")))
                .isInstanceOfSatisfying(IndexingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.EMBEDDING_REJECTED);
                    assertThat(e.retriable()).isFalse();
                })
                .hasMessage("texts[1] is not valid Unicode: an unpaired UTF-16 surrogate at char 4");
        assertThat(new RequestPlanner(32, 10_000, Json.mapper()).plan(List.of("pair \uD83D\uDE00 ok"))).hasSize(1);
    }

    /** 200 random plans from a fixed seed: texts with JSON escapes, control characters, CJK and emoji. */
    @Test
    void shouldCoverEveryTextOnceWithinBothLimits() {
        java.util.Random random = new java.util.Random(20261129L);
        String[] pieces = {"a", "word ", "\"", "\\", "\n", "\u0001", "é", "日本", "\uD83D\uDE00", "</script>", " "};
        for (int tryNo = 0; tryNo < 200; tryNo++) {
            List<String> texts = new ArrayList<>();
            int count = 1 + random.nextInt(80);
            for (int i = 0; i < count; i++) {
                StringBuilder text = new StringBuilder();
                int length = random.nextInt(60);
                for (int j = 0; j < length; j++) text.append(pieces[random.nextInt(pieces.length)]);
                texts.add(text.toString());
            }
            int maxBatchSize = 1 + random.nextInt(40);
            int maxRequestBytes = 1_300 + random.nextInt(3_701);

            List<EmbedRequest> plan = new RequestPlanner(maxBatchSize, maxRequestBytes, Json.mapper()).plan(texts);

            String context = "try " + tryNo + " (batch " + maxBatchSize + ", bytes " + maxRequestBytes + ")";
            assertThat(plan).as(context).allSatisfy(request -> {
                assertThat(request.size()).isBetween(1, maxBatchSize);
                assertThat(request.body().length).isLessThanOrEqualTo(maxRequestBytes);
            });
            assertThat(inputsOf(plan)).as(context).isEqualTo(texts);
        }
    }

    private static List<String> inputsOf(List<EmbedRequest> plan) {
        List<String> inputs = new ArrayList<>();
        for (EmbedRequest request : plan) {
            Json.mapper().readTree(request.body()).path("inputs").forEach(node -> inputs.add(node.stringValue()));
        }
        return inputs;
    }
}

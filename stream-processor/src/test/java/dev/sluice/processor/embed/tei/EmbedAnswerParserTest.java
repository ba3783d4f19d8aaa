package dev.sluice.processor.embed.tei;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.schemas.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbedAnswerParserTest {
    private final EmbedAnswerParser parser = new EmbedAnswerParser(Json.mapper());

    @Test
    void shouldReadOneVectorPerInputInOrder() throws Exception {
        List<float[]> vectors = parse("[[0.6, 0.8], [1, 0], [-0.25e0, 0.96824584]]", 3);

        assertThat(vectors).hasSize(3);
        assertThat(vectors.get(0)).containsExactly(0.6f, 0.8f);
        assertThat(vectors.get(1)).containsExactly(1f, 0f);
        assertThat(vectors.get(2)).containsExactly(-0.25f, 0.96824584f);
    }

    @Test
    void shouldReadVectorsLongerThanItsFirstGuess() throws Exception {
        String numbers = "0.1," .repeat(1023) + "0.1";

        List<float[]> vectors = parse("[[" + numbers + "],[" + numbers + "]]", 2);

        assertThat(vectors).allSatisfy(vector -> assertThat(vector).hasSize(1024));
    }

    @Test
    void shouldRefuseAnythingButOneArrayOfNumbersPerInput() {
        assertMalformed("{\"error\":\"x\"}", 1, "the answer is not a JSON array");
        assertMalformed("[0.1, 0.2]", 1, "element 0 of the answer is not an array");
        assertMalformed("[[0.1], [0.2]]", 3, "the answer has 2 vectors for 3 inputs");
        assertMalformed("[[0.1, \"0.2\"]]", 1, "vector 0 holds VALUE_STRING instead of a number");
        assertMalformed("[[0.1, null]]", 1, "vector 0 holds VALUE_NULL instead of a number");
        assertMalformed("[[0.1, 0.2], [0.3]]", 2, "vector 1 has 1 numbers but vector 0 has 2");
        assertMalformed("[[]]", 1, "vector 0 is empty");
        assertMalformed("[[1e99]]", 1, "vector 0 holds a number out of float range");
        assertMalformed("[[0.1]] [[0.2]]", 1, "the answer has data after its closing bracket");
    }

    @Test
    void shouldRefuseBrokenJson() {
        assertThatThrownBy(() -> parse("[[0.1, 0.2], [0.3", 2))
                .isInstanceOf(MalformedAnswerException.class)
                .hasMessageStartingWith("the answer is not valid JSON");
        assertThatThrownBy(() -> parse("", 1)).isInstanceOf(MalformedAnswerException.class);
        assertThatThrownBy(() -> parse("<html>Bad gateway</html>", 1)).isInstanceOf(MalformedAnswerException.class);
    }

    private List<float[]> parse(String json, int expected) throws MalformedAnswerException {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), expected);
    }

    private void assertMalformed(String json, int expected, String message) {
        assertThatThrownBy(() -> parse(json, expected))
                .isInstanceOf(MalformedAnswerException.class)
                .hasMessage(message);
    }
}

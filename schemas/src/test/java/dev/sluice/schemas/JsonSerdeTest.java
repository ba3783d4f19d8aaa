package dev.sluice.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {
    private final JsonSerde<DocumentEvent> documents = JsonSerde.of(DocumentEvent.class);

    private DocumentEvent read(String json) {
        return documents.deserialize("sluice.documents", json.getBytes(StandardCharsets.UTF_8));
    }

    private static String minimal(String extra) {
        return """
                {"schemaVersion":1,"documentId":"d1","url":"https://example.com/",
                 "source":{"kind":"api"},"receivedAt":"2026-11-29T12:00:00Z"%s}""".formatted(extra);
    }

    @Nested
    class RoundTrip {
        @Test
        void shouldRoundTripEveryMessageType() {
            assertRoundTrip(JsonSerde.of(DocumentEvent.class), Samples.document());
            assertRoundTrip(JsonSerde.of(IndexOutcome.class), Samples.indexed());
            assertRoundTrip(JsonSerde.of(IndexOutcome.class), Samples.failed());
            assertRoundTrip(JsonSerde.of(CrawlEvent.class), Samples.crawlCompleted());
        }

        private <T> void assertRoundTrip(JsonSerde<T> serde, T value) {
            byte[] bytes = serde.serialize("t", value);
            assertThat(serde.deserialize("t", bytes)).isEqualTo(value);
        }

        @Test
        void shouldWriteWireNamesAndIsoInstantsAndLeaveNullsOut() {
            String json = new String(JsonSerde.of(IndexOutcome.class).serialize("t", Samples.failed()),
                    StandardCharsets.UTF_8);
            assertThat(json)
                    .contains("\"status\":\"FAILED\"", "\"stage\":\"embedding\"",
                            "\"processedAt\":\"2026-11-29T12:00:00.123Z\"")
                    .doesNotContain("null", "contentHash");
            String doc = new String(documents.serialize("t", Samples.document()), StandardCharsets.UTF_8);
            assertThat(doc).contains("\"kind\":\"firecrawl\"");
        }

        @Test
        void shouldTreatNullAsTombstone() {
            assertThat(documents.serialize("t", null)).isNull();
            assertThat(documents.deserialize("t", null)).isNull();
        }

        @Test
        void shouldTolerateUnknownFields() {
            assertThat(read(minimal(",\"addedInVersion2\":{\"x\":[1,2]}")).documentId()).isEqualTo("d1");
        }
    }

    @Nested
    class Rejects {
        @Test
        void shouldNameAMissingRequiredField() {
            assertThatThrownBy(() -> read("""
                    {"schemaVersion":1,"url":"https://example.com/","source":{"kind":"api"},
                     "receivedAt":"2026-11-29T12:00:00Z"}"""))
                    .isInstanceOf(SerializationException.class)
                    .hasMessage("Cannot deserialize DocumentEvent from topic sluice.documents: "
                            + "field 'documentId' is required");
        }

        @Test
        void shouldNameAMissingNestedField() {
            assertThatThrownBy(() -> read("""
                    {"schemaVersion":1,"documentId":"d1","url":"https://example.com/","source":{"jobId":"j"},
                     "receivedAt":"2026-11-29T12:00:00Z"}"""))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageEndingWith("field 'source.kind' is required");
        }

        @Test
        void shouldNameAMissingPrimitive() {
            assertThatThrownBy(() -> read("""
                    {"documentId":"d1","url":"https://example.com/","source":{"kind":"api"},
                     "receivedAt":"2026-11-29T12:00:00Z"}"""))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageEndingWith("field 'schemaVersion' is required");
        }

        @Test
        void shouldRejectAStringWhereANumberBelongs() {
            assertThatThrownBy(() -> read(minimal(",\"statusCode\":\"200\"")))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("field 'statusCode': Cannot coerce String value (\"200\")")
                    .hasMessageNotContaining("CoercionConfig");
        }

        @Test
        void shouldRejectANumberWhereAStringBelongs() {
            assertThatThrownBy(() -> read(minimal(",\"title\":5")))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("field 'title'");
        }

        @Test
        void shouldRejectAFractionWhereAnIntegerBelongs() {
            assertThatThrownBy(() -> read(minimal("").replace("\"schemaVersion\":1", "\"schemaVersion\":1.5")))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("field 'schemaVersion'");
        }

        @Test
        void shouldRejectAnUnknownEnumValue() {
            assertThatThrownBy(() -> read(minimal("").replace("\"api\"", "\"ftp\"")))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("field 'source.kind'");
        }

        @Test
        void shouldRejectABadInstant() {
            assertThatThrownBy(() -> read(minimal("").replace("2026-11-29T12:00:00Z", "yesterday")))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("field 'receivedAt'");
        }

        @Test
        void shouldGiveThePositionOfMalformedJson() {
            assertThatThrownBy(() -> read("{\"schemaVersion\":1,\n \"documentId\": }"))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("line 2, column");
        }

        @Test
        void shouldRejectEmptyAndNullValuesAndTrailingGarbage() {
            assertThatThrownBy(() -> documents.deserialize("t", new byte[0]))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("the value is empty");
            assertThatThrownBy(() -> read("null"))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("JSON null");
            assertThatThrownBy(() -> read(minimal("") + " {}"))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("Trailing token");
        }

        @Test
        void shouldRejectBinaryGarbage() {
            byte[] garbage = {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF, 0x7B};
            assertThatThrownBy(() -> documents.deserialize("t", garbage)).isInstanceOf(SerializationException.class);
        }

        @Test
        void shouldRejectAFailedOutcomeWithoutError() {
            String json = new String(JsonSerde.of(IndexOutcome.class).serialize("t", Samples.failed()),
                    StandardCharsets.UTF_8).replaceAll(",\"error\":\\{[^}]*}", "");
            assertThatThrownBy(() -> JsonSerde.of(IndexOutcome.class).deserialize("t",
                    json.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("field 'error' must be present exactly when status is FAILED");
        }
    }
}

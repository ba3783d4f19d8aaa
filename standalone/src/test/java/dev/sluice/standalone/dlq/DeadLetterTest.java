package dev.sluice.standalone.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.schemas.DeadLetterHeaders;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
    private static final DocumentEvent DOC = DocumentEvent.builder("https://example.com/a").markdown("# A").build();
    private static final byte[] PAYLOAD = JsonSerde.of(DocumentEvent.class).serialize("t", DOC);

    private static ConsumerRecord<byte[], byte[]> record(String key, byte[] value, String code) {
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("dlq", 0, 7, key == null ? null
                : key.getBytes(StandardCharsets.UTF_8), value);
        if (code != null) r.headers().add(DeadLetterHeaders.ERROR_CODE, code.getBytes(StandardCharsets.UTF_8));
        r.headers().add(DeadLetterHeaders.FAILED_AT, "2026-11-29T20:00:00Z".getBytes(StandardCharsets.UTF_8));
        return r;
    }

    @Nested
    class Decoding {
        @Test
        void shouldReadTheErrorHeadersAndKeepKeyAndPayloadUntouched() {
            DeadLetter d = DeadLetter.of(record(DOC.documentId(), PAYLOAD, "EMBEDDING_UNAVAILABLE"));

            assertThat(d.errorCode()).isEqualTo("EMBEDDING_UNAVAILABLE");
            assertThat(d.failedAt()).isEqualTo(Instant.parse("2026-11-29T20:00:00Z"));
            assertThat(d.value()).isEqualTo(PAYLOAD);
            assertThat(d.undecodableReason()).isNull();
        }

        @Test
        void shouldCallAMissingCodeUnknown() {
            assertThat(DeadLetter.of(record("k", PAYLOAD, null)).errorCode()).isEqualTo("UNKNOWN");
        }

        @Test
        void shouldAcceptADocumentWithoutKey() {
            assertThat(DeadLetter.of(record(null, PAYLOAD, "X")).undecodableReason()).isNull();
        }

        @Test
        void shouldNameWhyARecordCannotBeReplayed() {
            assertThat(DeadLetter.of(record("k", null, "MISSING_KEY")).undecodableReason()).contains("tombstone");
            assertThat(DeadLetter.of(record("k", new byte[] {(byte) 0xFE}, "DESERIALIZATION"))
                    .undecodableReason()).contains("not a document");
            assertThat(DeadLetter.of(record("someone-else", PAYLOAD, "KEY_MISMATCH")).undecodableReason())
                    .contains("key");
        }
    }

    @Nested
    class Groups {
        @Test
        void shouldNameTheGroupAfterTheSelection() {
            assertThat(ReplayOptions.defaultGroupId(Set.of(), false)).isEqualTo("sluice-dlq-replay");
            assertThat(ReplayOptions.defaultGroupId(Set.of("B", "A"), false)).isEqualTo("sluice-dlq-replay.A+B");
            assertThat(ReplayOptions.defaultGroupId(Set.of(), true)).isEqualTo("sluice-dlq-replay.undecodable");
        }

        @Test
        void shouldPreferAGivenGroup() {
            assertThat(new ReplayOptions("k:9092", "dlq", "docs", Set.of("A"), false, false, "mine",
                    Duration.ofSeconds(1)).groupId()).isEqualTo("mine");
        }
    }
}

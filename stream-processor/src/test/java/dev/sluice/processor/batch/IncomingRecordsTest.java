package dev.sluice.processor.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.JsonSerde;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IncomingRecordsTest {
    private static final String TOPIC = "sluice.documents";
    private final IncomingRecords records = new IncomingRecords();
    private final DocumentEvent event = DocumentEvent.builder("https://docs.example.com/a").markdown("# A").build();
    private final byte[] value = JsonSerde.of(DocumentEvent.class).serialize(TOPIC, event);

    @Test
    void shouldReadADocumentKeyedByItsIdOrWithoutKey() {
        assertThat(records.read(TOPIC, event.documentId(), value))
                .isEqualTo(new IncomingRecords.Document(event.documentId(), event));
        assertThat(records.read(TOPIC, null, value)).isEqualTo(new IncomingRecords.Document(event.documentId(), event));
    }

    @Test
    void shouldReadATombstoneKeyedByAValidId() {
        assertThat(records.read(TOPIC, "doc-1", null)).isEqualTo(new IncomingRecords.Document("doc-1", null));
    }

    @Test
    void shouldRejectWhatCannotBeIndexedWithACodeAndAMessage() {
        assertThat(records.read(TOPIC, "other", value)).isEqualTo(new IncomingRecords.Rejected("other",
                "KEY_MISMATCH", "record key 'other' differs from documentId '" + event.documentId() + "'"));
        assertThat(records.read(TOPIC, null, null)).extracting(r -> ((IncomingRecords.Rejected) r).code())
                .isEqualTo("MISSING_KEY");
        assertThat(records.read(TOPIC, "bad\u0000id", null)).extracting(r -> ((IncomingRecords.Rejected) r).code())
                .isEqualTo("INVALID_KEY");
        IncomingRecords.Rejected garbage = (IncomingRecords.Rejected) records.read(TOPIC, "k",
                "{not json".getBytes(StandardCharsets.UTF_8));
        assertThat(garbage.code()).isEqualTo("DESERIALIZATION");
        assertThat(garbage.key()).isEqualTo("k");
        assertThat(garbage.message()).isNotBlank();
    }
}

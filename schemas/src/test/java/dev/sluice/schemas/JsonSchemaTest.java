package dev.sluice.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON Schemas shipped in the jar describe what the records actually write, and reject what they reject. */
class JsonSchemaTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    static Schema schema(String file) {
        try (InputStream in = JsonSchemaTest.class.getResourceAsStream("/schemas/" + file)) {
            assertThat(in).as("schema %s in the jar", file).isNotNull();
            return REGISTRY.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> ObjectNode json(T value, Class<T> type) {
        return (ObjectNode) Json.mapper().readTree(JsonSerde.of(type).serialize("t", value));
    }

    private static List<String> errors(Schema schema, JsonNode node) {
        return schema.validate(node).stream().map(Error::toString).toList();
    }

    @Nested
    class SerializedRecordsAreValid {
        @Test
        void documentEvent() {
            assertThat(errors(schema("document-event.schema.json"), json(Samples.document(), DocumentEvent.class)))
                    .isEmpty();
        }

        @Test
        void indexOutcome() {
            Schema schema = schema("index-outcome.schema.json");
            assertThat(errors(schema, json(Samples.indexed(), IndexOutcome.class))).isEmpty();
            assertThat(errors(schema, json(Samples.failed(), IndexOutcome.class))).isEmpty();
        }

        @Test
        void crawlEvent() {
            assertThat(errors(schema("crawl-event.schema.json"), json(Samples.crawlCompleted(), CrawlEvent.class)))
                    .isEmpty();
        }
    }

    @Nested
    class BadSamplesAreRejected {
        private final Schema documents = schema("document-event.schema.json");

        @ParameterizedTest
        @ValueSource(strings = {"documentId", "url", "source", "receivedAt", "schemaVersion"})
        void documentWithoutRequiredField(String field) {
            ObjectNode node = json(Samples.document(), DocumentEvent.class);
            node.remove(field);
            assertThat(errors(documents, node)).anyMatch(e -> e.contains(field));
        }

        @Test
        void documentWithWrongTypes() {
            ObjectNode node = json(Samples.document(), DocumentEvent.class);
            node.put("statusCode", "200");
            node.put("title", 5);
            assertThat(errors(documents, node)).hasSize(2);
        }

        @Test
        void documentWithUnknownSourceKind() {
            ObjectNode node = json(Samples.document(), DocumentEvent.class);
            ((ObjectNode) node.get("source")).put("kind", "ftp");
            assertThat(errors(documents, node)).singleElement().asString().contains("kind");
        }

        @Test
        void documentWithBlankId() {
            ObjectNode node = json(Samples.document(), DocumentEvent.class);
            node.put("documentId", "  ");
            assertThat(errors(documents, node)).isNotEmpty();
        }

        @Test
        void failedOutcomeWithoutError() {
            ObjectNode node = json(Samples.failed(), IndexOutcome.class);
            node.remove("error");
            assertThat(errors(schema("index-outcome.schema.json"), node)).anyMatch(e -> e.contains("error"));
        }

        @Test
        void indexedOutcomeWithError() {
            ObjectNode node = json(Samples.indexed(), IndexOutcome.class);
            node.set("error", json(Samples.failed(), IndexOutcome.class).get("error"));
            assertThat(errors(schema("index-outcome.schema.json"), node)).isNotEmpty();
        }

        @Test
        void outcomeWithNegativeChunkCount() {
            ObjectNode node = json(Samples.indexed(), IndexOutcome.class);
            node.put("chunkCount", -1);
            assertThat(errors(schema("index-outcome.schema.json"), node)).anyMatch(e -> e.contains("chunkCount"));
        }

        @Test
        void crawlEventWithUnknownKind() {
            ObjectNode node = json(Samples.crawlCompleted(), CrawlEvent.class);
            node.put("kind", "paused");
            assertThat(errors(schema("crawl-event.schema.json"), node)).anyMatch(e -> e.contains("kind"));
        }
    }
}

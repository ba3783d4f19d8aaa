package dev.sluice.gateway.web;

import static dev.sluice.gateway.web.Fields.object;
import static dev.sluice.gateway.web.Fields.optionalInt;
import static dev.sluice.gateway.web.Fields.optionalText;
import static dev.sluice.gateway.web.Fields.requiredText;

import dev.sluice.gateway.publish.RecordPublisher;
import dev.sluice.schemas.CanonicalUrl;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.DocumentIds;
import dev.sluice.schemas.DocumentSource;
import dev.sluice.schemas.InvalidFieldException;
import dev.sluice.schemas.Json;
import dev.sluice.schemas.SourceKind;
import dev.sluice.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * The generic documents API (bearer token): {@code POST /api/documents} with one document or
 * {@code {"documents": [...]}}, and deletes by id or URL, which write tombstones. Answers 202 with the document ids
 * once Kafka acknowledged every record.
 *
 * <p>A document: {@code {"url" (required), "id", "title", "description", "markdown", "html", "text", "language",
 * "contentType", "statusCode", "metadata", "jobId"}}.
 */
@RestController
public class DocumentsController {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final RecordPublisher publisher;
    private final Topics topics;
    private final int maxDocuments;
    private final Clock clock;
    private final MeterRegistry meters;

    public DocumentsController(RecordPublisher publisher, Topics topics,
            dev.sluice.gateway.config.GatewayProperties properties, Clock clock, MeterRegistry meters) {
        this.publisher = publisher;
        this.topics = topics;
        this.maxDocuments = properties.maxDocumentsPerRequest();
        this.clock = clock;
        this.meters = meters;
    }

    @PostMapping(path = "/api/documents", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<AcceptedResponse> post(@RequestBody(required = false) byte[] body) {
        JsonNode root = object(JsonBodies.parse(body), "(body)");
        List<DocumentEvent> documents = new ArrayList<>();
        JsonNode many = root.get("documents");
        if (many != null) {
            if (!many.isArray()) {
                throw ApiException.invalidField("documents", "documents must be an array");
            }
            if (many.isEmpty()) {
                throw ApiException.invalidField("documents", "documents must not be empty");
            }
            if (many.size() > maxDocuments) {
                throw ApiException.invalidField("documents", "at most " + maxDocuments
                        + " documents per request, got " + many.size());
            }
            for (int i = 0; i < many.size(); i++) {
                documents.add(document(many.get(i), "documents[" + i + "]."));
            }
        } else {
            documents.add(document(root, ""));
        }
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(documents.size());
        for (DocumentEvent d : documents) {
            records.add(new ProducerRecord<>(topics.documents().name(), d.documentId(),
                    topics.documents().valueSerde().serializer().serialize(topics.documents().name(), d)));
        }
        publisher.publish(records);
        meters.counter("sluice.gateway.documents.accepted", "source", "api").increment(documents.size());
        List<String> ids = documents.stream().map(DocumentEvent::documentId).toList();
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new AcceptedResponse(ids.size(), ids, 0, false, false));
    }

    @DeleteMapping(path = "/api/documents/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<AcceptedResponse> deleteById(@PathVariable String id) {
        try {
            DocumentIds.checkId(id);
        } catch (InvalidFieldException e) {
            throw ApiException.invalidField("id", e.getMessage());
        }
        return tombstone(id);
    }

    @DeleteMapping(path = "/api/documents", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<AcceptedResponse> deleteByUrl(@RequestParam String url) {
        String id;
        try {
            id = DocumentIds.fromUrl(url);
        } catch (CanonicalUrl.InvalidUrlException e) {
            throw ApiException.invalidField("url", e.getMessage());
        }
        return tombstone(id);
    }

    private ResponseEntity<AcceptedResponse> tombstone(String id) {
        publisher.publish(List.of(new ProducerRecord<>(topics.documents().name(), id, null)));
        meters.counter("sluice.gateway.deletes.accepted").increment();
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new AcceptedResponse(1, List.of(id), 0, false, false));
    }

    private DocumentEvent document(JsonNode node, String prefix) {
        String path = prefix.isEmpty() ? "(body)" : prefix.substring(0, prefix.length() - 1);
        object(node, path);
        String url = requiredText(node, "url", prefix + "url");
        try {
            CanonicalUrl.normalize(url);
        } catch (CanonicalUrl.InvalidUrlException e) {
            throw ApiException.invalidField(prefix + "url", e.getMessage());
        }
        String id = optionalText(node, "id", prefix + "id");
        if (id != null) {
            try {
                DocumentIds.checkId(id);
            } catch (InvalidFieldException e) {
                throw ApiException.invalidField(prefix + "id", e.getMessage().replace("'documentId'", "'id'"));
            }
        }
        JsonNode metadata = node.get("metadata");
        Map<String, Object> meta = Map.of();
        if (metadata != null && !metadata.isNull()) {
            meta = Json.mapper().convertValue(object(metadata, prefix + "metadata"), MAP);
        }
        return DocumentEvent.builder(url)
                .documentId(id)
                .title(optionalText(node, "title", prefix + "title"))
                .description(optionalText(node, "description", prefix + "description"))
                .markdown(optionalText(node, "markdown", prefix + "markdown"))
                .html(optionalText(node, "html", prefix + "html"))
                .text(optionalText(node, "text", prefix + "text"))
                .language(optionalText(node, "language", prefix + "language"))
                .contentType(optionalText(node, "contentType", prefix + "contentType"))
                .statusCode(optionalInt(node, "statusCode", prefix + "statusCode"))
                .metadata(meta)
                .source(new DocumentSource(SourceKind.API, optionalText(node, "jobId", prefix + "jobId"), null))
                .receivedAt(clock.instant())
                .build();
    }
}

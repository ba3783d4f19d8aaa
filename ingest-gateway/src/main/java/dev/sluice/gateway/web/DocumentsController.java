package dev.sluice.gateway.web;

import static dev.sluice.gateway.web.Fields.object;
import static dev.sluice.gateway.web.Fields.optionalInt;
import static dev.sluice.gateway.web.Fields.optionalText;
import static dev.sluice.gateway.web.Fields.requiredText;

import dev.sluice.gateway.publish.OutcomeWaiter;
import dev.sluice.gateway.publish.RecordPublisher;
import dev.sluice.schemas.CanonicalUrl;
import dev.sluice.schemas.DocumentEvent;
import dev.sluice.schemas.DocumentIds;
import dev.sluice.schemas.DocumentSource;
import dev.sluice.schemas.InvalidFieldException;
import dev.sluice.schemas.SourceKind;
import dev.sluice.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The generic documents API (bearer token): {@code POST /api/documents} with one document or
 * {@code {"documents": [...]}}, and deletes by id or URL, which write tombstones. Answers 202 with the document ids
 * once Kafka acknowledged every record; with {@code ?wait=searchable} it waits further, for the documents' outcomes
 * ({@link SearchableWait}).
 *
 * <p>A document: {@code {"url" (required), "id", "title", "description", "markdown", "html", "text", "language",
 * "contentType", "statusCode", "metadata", "jobId"}}.
 */
@Tag(name = "documents", description = "Documents to index or delete, with the bearer token.")
@RestController
public class DocumentsController {
    private final RecordPublisher publisher;
    private final Topics topics;
    private final int maxDocuments;
    private final Clock clock;
    private final MeterRegistry meters;
    private final SearchableWait searchableWait;

    public DocumentsController(RecordPublisher publisher, Topics topics,
            dev.sluice.gateway.config.GatewayProperties properties, Clock clock, MeterRegistry meters,
            OutcomeWaiter outcomes) {
        this.searchableWait = new SearchableWait(outcomes);
        this.publisher = publisher;
        this.topics = topics;
        this.maxDocuments = properties.maxDocumentsPerRequest();
        this.clock = clock;
        this.meters = meters;
    }

    @Operation(summary = "Index one document, or a batch",
            description = "Send one `Document`, or `{\"documents\": [...]}`. Each goes to `sluice.documents` under "
                    + "its id (yours, or one derived from the canonical URL); the same id again replaces it.",
            security = @SecurityRequirement(name = ApiDocs.BEARER))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(oneOf = {ApiDocs.DocumentRequest.class, ApiDocs.DocumentBatchRequest.class})))
    @ApiResponse(responseCode = "202", description = ApiDocs.ACCEPTED, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = AcceptedResponse.class)))
    @ApiResponse(responseCode = "400", description = ApiDocs.MALFORMED_JSON)
    @ApiResponse(responseCode = "401", description = ApiDocs.UNAUTHORIZED)
    @ApiResponse(responseCode = "413", description = ApiDocs.TOO_LARGE)
    @ApiResponse(responseCode = "415", description = ApiDocs.WRONG_CONTENT_TYPE)
    @ApiResponse(responseCode = "422", description = ApiDocs.INVALID_FIELD + " Also for more documents than "
            + "`sluice.gateway.max-documents-per-request`.")
    @ApiResponse(responseCode = "503", description = ApiDocs.STORAGE_UNAVAILABLE,
            headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "seconds",
                    schema = @Schema(type = "integer")))
    @PostMapping(path = "/api/documents", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "With `wait=searchable`: every document is indexed (or "
            + "unchanged) and can be found; the body is its `IndexOutcome`, or `{\"outcomes\": [...]}` for a batch.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE))
    public ResponseEntity<?> post(@RequestBody(required = false) byte[] body,
            @Parameter(description = "`searchable`: answer once the documents can be found (200), or 202 when "
                    + "`timeout` passes first") @RequestParam(required = false) String wait,
            @Parameter(description = "how long `wait` may take: `10s` (default), `500ms`, at most `60s`")
            @RequestParam(required = false) String timeout) {
        Duration waitFor = SearchableWait.parse(wait, timeout);
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
        if (waitFor != null) {
            searchableWait.ready(); // before the records exist, so that no outcome of theirs can be missed
        }
        List<OutcomeWaiter.RecordPosition> positions = publisher.publish(records);
        meters.counter("sluice.gateway.documents.accepted", "source", "api").increment(documents.size());
        List<String> ids = documents.stream().map(DocumentEvent::documentId).toList();
        AcceptedResponse accepted = new AcceptedResponse(ids.size(), ids, 0, false, false);
        if (waitFor != null) {
            return searchableWait.await(positions, waitFor, documents.size() == 1, accepted);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(accepted);
    }

    @Operation(summary = "Delete a document by id",
            description = "Writes a tombstone: the processors remove the document from every index.",
            security = @SecurityRequirement(name = ApiDocs.BEARER))
    @ApiResponse(responseCode = "202", description = ApiDocs.ACCEPTED, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = AcceptedResponse.class)))
    @ApiResponse(responseCode = "401", description = ApiDocs.UNAUTHORIZED)
    @ApiResponse(responseCode = "422", description = "The id is not a valid document id (`invalid_field`, "
            + "`field: id`).")
    @ApiResponse(responseCode = "503", description = ApiDocs.STORAGE_UNAVAILABLE,
            headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "seconds",
                    schema = @Schema(type = "integer")))
    @DeleteMapping(path = "/api/documents/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<AcceptedResponse> deleteById(
            @Parameter(description = "the document id: 1–512 characters, no control characters") @PathVariable
            String id) {
        try {
            DocumentIds.checkId(id);
        } catch (InvalidFieldException e) {
            throw ApiException.invalidField("id", e.getMessage());
        }
        return tombstone(id);
    }

    @Operation(summary = "Delete a document by URL",
            description = "Writes a tombstone under the id derived from the URL's canonical form (the id a document "
                    + "sent without its own id has).",
            security = @SecurityRequirement(name = ApiDocs.BEARER))
    @ApiResponse(responseCode = "202", description = ApiDocs.ACCEPTED, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = AcceptedResponse.class)))
    @ApiResponse(responseCode = "400", description = "The `url` parameter is missing (`missing_parameter`).")
    @ApiResponse(responseCode = "401", description = ApiDocs.UNAUTHORIZED)
    @ApiResponse(responseCode = "422", description = "The URL is not an absolute http, https or file URL "
            + "(`invalid_field`, `field: url`).")
    @ApiResponse(responseCode = "503", description = ApiDocs.STORAGE_UNAVAILABLE,
            headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "seconds",
                    schema = @Schema(type = "integer")))
    @DeleteMapping(path = "/api/documents", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<AcceptedResponse> deleteByUrl(
            @Parameter(description = "the document's URL", example = "https://docs.example.com/guide/install")
            @RequestParam String url) {
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
        String url = Fields.url(requiredText(node, "url", prefix + "url"), prefix + "url");
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
            meta = Fields.metadata(metadata, prefix + "metadata");
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

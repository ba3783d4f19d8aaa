package dev.sluice.gateway.web;

import dev.sluice.gateway.firecrawl.FirecrawlEvent;
import dev.sluice.gateway.firecrawl.FirecrawlParser;
import dev.sluice.gateway.firecrawl.SignatureVerifier;
import dev.sluice.gateway.publish.DeliveryDeduplicator;
import dev.sluice.gateway.publish.RecordPublisher;
import dev.sluice.schemas.CrawlEvent;
import dev.sluice.schemas.DocumentEvent;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/webhook/firecrawl}: verifies the signature over the raw body, turns the delivery into documents
 * and crawl events, drops repeated deliveries, and answers 202 only after Kafka acknowledged everything.
 */
@Tag(name = "webhook", description = "Firecrawl webhook deliveries, signed with the webhook secret.")
@RestController
public class FirecrawlWebhookController {
    private final SignatureVerifier signatures;
    private final FirecrawlParser parser;
    private final RecordPublisher publisher;
    private final DeliveryDeduplicator deduplicator;
    private final Topics topics;
    private final MeterRegistry meters;

    public FirecrawlWebhookController(SignatureVerifier signatures, FirecrawlParser parser, RecordPublisher publisher,
            DeliveryDeduplicator deduplicator, Topics topics, MeterRegistry meters) {
        this.signatures = signatures;
        this.parser = parser;
        this.publisher = publisher;
        this.deduplicator = deduplicator;
        this.topics = topics;
        this.meters = meters;
    }

    @Operation(summary = "Receive a Firecrawl webhook delivery",
            description = "Pages become documents on `sluice.documents`; failed pages and lifecycle events become "
                    + "crawl events on `sluice.crawl-events`. A repeated delivery (same `webhookId`, else same job, "
                    + "type, URLs and content) is answered 202 `duplicate: true` without being written again.",
            security = @SecurityRequirement(name = ApiDocs.SIGNATURE))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = ApiDocs.FirecrawlDelivery.class)))
    @ApiResponse(responseCode = "202", description = ApiDocs.ACCEPTED + " Also for repeats and ignored types.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = AcceptedResponse.class)))
    @ApiResponse(responseCode = "400", description = "The signature header is not `sha256=<64 hex digits>` "
            + "(`malformed_signature`), or the body is not JSON (`malformed_json`, with line and column).")
    @ApiResponse(responseCode = "401", description = "The signature is missing (`missing_signature`) or does not "
            + "match the body (`invalid_signature`).")
    @ApiResponse(responseCode = "413", description = ApiDocs.TOO_LARGE)
    @ApiResponse(responseCode = "415", description = ApiDocs.WRONG_CONTENT_TYPE)
    @ApiResponse(responseCode = "422", description = ApiDocs.INVALID_FIELD + " Also for more pages in `data` than "
            + "`sluice.gateway.max-documents-per-request`.")
    @ApiResponse(responseCode = "503", description = ApiDocs.STORAGE_UNAVAILABLE,
            headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "seconds",
                    schema = @Schema(type = "integer")))
    @PostMapping(path = "/api/webhook/firecrawl", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<AcceptedResponse> receive(
            @Parameter(hidden = true) // described by the security scheme
            @RequestHeader(name = SignatureVerifier.HEADER, required = false) String signature,
            @RequestBody(required = false) byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        signatures.verify(signature, raw);
        FirecrawlEvent event = parser.parse(JsonBodies.parse(raw));
        if (event.ignored()) {
            meters.counter("sluice.gateway.webhook.ignored", "type", event.type()).increment();
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(new AcceptedResponse(0, List.of(), 0, false, true));
        }
        String deliveryKey = deliveryKey(event);
        List<String> ids = event.documents().stream().map(DocumentEvent::documentId).toList();
        if (deduplicator.isDuplicate(deliveryKey)) {
            meters.counter("sluice.gateway.webhook.duplicates").increment();
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(new AcceptedResponse(0, ids, 0, true, false));
        }
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (DocumentEvent d : event.documents()) {
            records.add(new ProducerRecord<>(topics.documents().name(), d.documentId(),
                    topics.documents().valueSerde().serializer().serialize(topics.documents().name(), d)));
        }
        for (CrawlEvent c : event.crawlEvents()) {
            records.add(new ProducerRecord<>(topics.crawlEvents().name(), c.jobId(),
                    topics.crawlEvents().valueSerde().serializer().serialize(topics.crawlEvents().name(), c)));
        }
        publisher.publish(records);
        deduplicator.stored(deliveryKey);
        meters.counter("sluice.gateway.documents.accepted", "source", "firecrawl").increment(ids.size());
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new AcceptedResponse(ids.size(), ids, event.crawlEvents().size(), false, false));
    }

    /** The delivery's identity: its webhook id, or else job, type and every page's URL and content. */
    private static String deliveryKey(FirecrawlEvent event) {
        if (event.webhookId() != null) {
            return "wh:" + event.webhookId();
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            update(sha, event.jobId());
            update(sha, event.type());
            for (DocumentEvent d : event.documents()) {
                update(sha, d.url());
                update(sha, d.markdown());
                update(sha, d.html());
            }
            for (CrawlEvent c : event.crawlEvents()) {
                update(sha, c.kind().name());
                update(sha, c.url());
            }
            return "h:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest sha, String s) {
        sha.update((s == null ? "\u0000" : s).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0x1F);
    }
}

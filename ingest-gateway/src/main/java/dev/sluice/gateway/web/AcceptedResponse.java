package dev.sluice.gateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The 202 answer: what was stored.
 *
 * @param accepted    documents (or deletes) now durably in Kafka
 * @param documentIds their ids, in request order
 * @param crawlEvents crawl events stored
 * @param duplicate   true when the delivery was a repeat and nothing was written again
 * @param ignored     true when the event type is not one Sluice handles
 */
@Schema(name = "Accepted", description = "What was stored. Zero, false and empty fields are left out.")
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record AcceptedResponse(
        @Schema(description = "documents (or deletes) now durably in Kafka") int accepted,
        @Schema(description = "their ids, in request order") List<String> documentIds,
        @Schema(description = "crawl events stored (webhook)") int crawlEvents,
        @Schema(description = "the delivery was a repeat and nothing was written again (webhook)") boolean duplicate,
        @Schema(description = "the event type is not one Sluice handles; nothing was written (webhook)")
        boolean ignored) {}

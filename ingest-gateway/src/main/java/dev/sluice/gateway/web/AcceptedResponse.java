package dev.sluice.gateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;
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
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record AcceptedResponse(int accepted, List<String> documentIds, int crawlEvents, boolean duplicate,
        boolean ignored) {}

package dev.sluice.gateway.firecrawl;

import dev.sluice.schemas.CrawlEvent;
import dev.sluice.schemas.DocumentEvent;
import java.util.List;

/**
 * What one Firecrawl webhook delivery asks of Sluice.
 *
 * @param type        the delivery's {@code type}
 * @param jobId       the job ({@code id}, or {@code jobId} from older senders), if any
 * @param webhookId   the delivery id, the same on retries, if any
 * @param documents   pages to index
 * @param crawlEvents lifecycle events and failed pages
 * @param ignored     true for types Sluice does not handle (answered 202 and counted)
 */
public record FirecrawlEvent(String type, String jobId, String webhookId, List<DocumentEvent> documents,
        List<CrawlEvent> crawlEvents, boolean ignored) {

    public FirecrawlEvent {
        documents = List.copyOf(documents);
        crawlEvents = List.copyOf(crawlEvents);
    }
}

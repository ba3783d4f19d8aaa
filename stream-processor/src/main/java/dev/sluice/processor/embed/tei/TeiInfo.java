package dev.sluice.processor.embed.tei;

import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads TEI's {@code GET /info}: the served model's id, and its {@code max_client_batch_size}, which is compared with
 * ours because a larger configured batch would have every full request answered 413.
 */
final class TeiInfo {
    private static final Logger LOG = LoggerFactory.getLogger(TeiInfo.class);

    private final TeiTransport transport;
    private final JsonMapper mapper;

    TeiInfo(TeiTransport transport, JsonMapper mapper) {
        this.transport = transport;
        this.mapper = mapper;
    }

    /** TEI's {@code model_id}, or empty when {@code /info} cannot be read (one attempt, no retries). */
    Optional<String> fetch(TeiConfig config) {
        try {
            TeiAnswer answer = transport.get(config.infoUri());
            if (answer.status() != 200) {
                LOG.warn("TEI's /info answered {}", TeiErrors.describe(answer, mapper));
                return Optional.empty();
            }
            JsonNode info = mapper.readTree(answer.body());
            warnOnLargerBatches(info, config);
            JsonNode id = info.path("model_id");
            return id.isString() && !id.stringValue().isBlank() ? Optional.of(id.stringValue()) : Optional.empty();
        } catch (IOException | JacksonException e) {
            LOG.warn("cannot read TEI's /info at {}: {}", config.infoUri(), e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static void warnOnLargerBatches(JsonNode info, TeiConfig config) {
        JsonNode serverMax = info.path("max_client_batch_size");
        if (serverMax.isIntegralNumber() && serverMax.intValue() < config.maxBatchSize()) {
            LOG.warn("embedding.max.batch.size is {} but TEI accepts at most {} inputs per request "
                    + "(--max-client-batch-size): full requests will be rejected", config.maxBatchSize(),
                    serverMax.intValue());
        }
    }
}

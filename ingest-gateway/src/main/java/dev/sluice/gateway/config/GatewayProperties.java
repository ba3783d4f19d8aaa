package dev.sluice.gateway.config;

import dev.sluice.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the ingest gateway, under {@code sluice.gateway} (and {@code sluice.topics}). Secrets come from the old
 * worker's variables {@code WEBHOOK_SECRET} and {@code WEBHOOK_API_SECRET} (mapped in {@code application.yml}).
 *
 * @param webhookSecret          HMAC secret shared with Firecrawl; at least 32 characters unless dev mode
 * @param apiSecret              bearer token of the API; at least 32 characters unless dev mode
 * @param devMode                relaxes the secret rules, for one machine only
 * @param bootstrapServers       Kafka brokers
 * @param kafkaTimeout           how long a request waits for the broker's acknowledgement before it is answered 503
 * @param maxBodySize            largest request body; larger ones are answered 413
 * @param maxDocumentsPerRequest largest {@code documents} array of {@code POST /api/documents}
 * @param dedupWindow            how long a delivery is remembered to drop repeats
 * @param dedupMaxEntries        how many deliveries are remembered at most
 * @param processorUrl           base URL of a stream processor, for the search proxy
 * @param topics                 topic names ({@code documents}, {@code crawl-events}, ...)
 */
@ConfigurationProperties("sluice.gateway")
public record GatewayProperties(
        String webhookSecret,
        String apiSecret,
        @DefaultValue("false") boolean devMode,
        @DefaultValue("localhost:9092") String bootstrapServers,
        @DefaultValue("5s") Duration kafkaTimeout,
        @DefaultValue("10MB") DataSize maxBodySize,
        @DefaultValue("1000") int maxDocumentsPerRequest,
        @DefaultValue("10m") Duration dedupWindow,
        @DefaultValue("100000") int dedupMaxEntries,
        @DefaultValue("http://localhost:8081") String processorUrl,
        @DefaultValue Map<String, String> topics) {

    public static final int MIN_SECRET_LENGTH = 32;

    public GatewayProperties {
        requireSecret(webhookSecret, "sluice.gateway.webhook-secret (WEBHOOK_SECRET)", devMode);
        requireSecret(apiSecret, "sluice.gateway.api-secret (WEBHOOK_API_SECRET)", devMode);
        if (kafkaTimeout.isNegative() || kafkaTimeout.isZero()) {
            throw new IllegalArgumentException("sluice.gateway.kafka-timeout must be > 0 but was " + kafkaTimeout);
        }
        if (maxBodySize.toBytes() < 1024) {
            throw new IllegalArgumentException("sluice.gateway.max-body-size must be >= 1KB but was " + maxBodySize);
        }
        if (maxDocumentsPerRequest < 1) {
            throw new IllegalArgumentException("sluice.gateway.max-documents-per-request must be >= 1 but was "
                    + maxDocumentsPerRequest);
        }
        topics = topics == null ? Map.of() : Map.copyOf(topics);
        Topics.withNames(topics); // fails early on unknown keys or illegal names
    }

    private static void requireSecret(String secret, String key, boolean devMode) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
        if (!devMode && secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException(key + " must be at least " + MIN_SECRET_LENGTH
                    + " characters (it has " + secret.length() + "); set sluice.dev-mode=true only on a dev machine");
        }
    }

    public Topics topicRegistry() {
        return Topics.withNames(topics);
    }

    /** Secrets never appear in logs or error messages. */
    @Override
    public String toString() {
        return "GatewayProperties[devMode=" + devMode + ", bootstrapServers=" + bootstrapServers + ", kafkaTimeout="
                + kafkaTimeout + ", maxBodySize=" + maxBodySize + ", maxDocumentsPerRequest=" + maxDocumentsPerRequest
                + ", dedupWindow=" + dedupWindow + ", processorUrl=" + processorUrl + ", topics=" + topics + "]";
    }
}

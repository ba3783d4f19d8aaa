package dev.sluice.gateway.config;

import dev.sluice.schemas.Topics;
import java.net.URI;
import java.time.Duration;
import java.util.List;
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
 * @param processorUrls          base URLs of stream processors, for the search proxy (comma-separated from the
 *                               environment, also as {@code SLUICE_PROCESSOR_URL}); tried in turn, starting with the
 *                               one that answered last; default {@code http://localhost:8081}
 * @param searchTimeout          how long one processor is given to connect and answer a search before the next one
 *                               is tried; a search answers 503 after at most this times the number of processors;
 *                               default 5 s
 * @param topics                 topic names ({@code documents}, {@code crawl-events}, ...)
 * @param kafkaProperties        Kafka client settings for the gateway's producer and admin client, applied over its
 *                               own ({@code sluice.gateway.kafka-properties.security.protocol=SASL_SSL},
 *                               {@code ...sasl.jaas.config}, {@code ...ssl.truststore.location}, {@code ...linger.ms});
 *                               the settings that make an acknowledgement mean "stored once" ({@code acks},
 *                               {@code enable.idempotence}) and the serializers cannot be changed
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
        @DefaultValue("http://localhost:8081") List<URI> processorUrls,
        @DefaultValue("5s") Duration searchTimeout,
        @DefaultValue Map<String, String> topics,
        @DefaultValue Map<String, String> kafkaProperties) {

    /** Producer settings the gateway's guarantees rest on; {@code kafka-properties} may not override them. */
    static final java.util.Set<String> FIXED_PRODUCER_SETTINGS = java.util.Set.of("acks", "enable.idempotence",
            "key.serializer", "value.serializer", "bootstrap.servers", "transactional.id");

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
        processorUrls = processorUrls == null ? List.of()
                : processorUrls.stream().filter(java.util.Objects::nonNull).toList();
        if (processorUrls.isEmpty()) {
            throw new IllegalArgumentException("sluice.gateway.processor-urls needs at least one URL");
        }
        for (URI url : processorUrls) {
            requireHttpUrl(url);
        }
        if (searchTimeout.isNegative() || searchTimeout.isZero()) {
            throw new IllegalArgumentException("sluice.gateway.search-timeout must be > 0 but was " + searchTimeout);
        }
        topics = topics == null ? Map.of() : Map.copyOf(topics);
        Topics.withNames(topics); // fails early on unknown keys or illegal names
        kafkaProperties = kafkaProperties == null ? Map.of() : Map.copyOf(kafkaProperties);
        for (String key : kafkaProperties.keySet()) {
            if (FIXED_PRODUCER_SETTINGS.contains(key)) {
                throw new IllegalArgumentException("sluice.gateway.kafka-properties." + key + " cannot be set: "
                        + (key.equals("bootstrap.servers") ? "use sluice.gateway.bootstrap-servers"
                                : "the gateway answers 202 only for records stored once on every in-sync replica"));
            }
        }
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

    private static void requireHttpUrl(URI url) {
        if (url.getRawUserInfo() != null) {
            // The URL itself is not repeated: its user info may be a password.
            throw new IllegalArgumentException("sluice.gateway.processor-urls must not carry user info; one of them "
                    + "does (host " + url.getHost() + ")");
        }
        boolean http = "http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme());
        if (!http || url.getHost() == null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("sluice.gateway.processor-urls must be absolute http(s) base URLs such "
                    + "as http://processor:8081, without query or fragment, but has '" + url + "'");
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
                + ", dedupWindow=" + dedupWindow + ", processorUrls=" + processorUrls + ", searchTimeout=" + searchTimeout
                + ", topics=" + topics + ", kafkaProperties=" + kafkaProperties.keySet() + "]";
    }
}

package dev.sluice.gateway.config;

import dev.sluice.gateway.firecrawl.FirecrawlParser;
import dev.sluice.gateway.firecrawl.SignatureVerifier;
import dev.sluice.gateway.publish.DeliveryDeduplicator;
import dev.sluice.gateway.publish.OutcomeWaiter;
import dev.sluice.gateway.publish.RecordPublisher;
import dev.sluice.gateway.search.ProcessorSearchClient;
import dev.sluice.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Wires the gateway from {@link GatewayProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayConfiguration implements WebMvcConfigurer {
    private final GatewayProperties properties;

    public GatewayConfiguration(GatewayProperties properties) {
        this.properties = properties;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Topics topics() {
        return properties.topicRegistry();
    }

    /**
     * acks=all and idempotence, so that an acknowledged record is on every in-sync replica exactly once; every wait
     * of the producer bounded by the request's timeout, so that a broker outage is a quick 503, never a hang.
     * {@code linger.ms} 5 (the Kafka 4 client's default, KIP-1030): under load, requests of the same moment share
     * produce requests, which is what bounds the gateway (every produce request costs the broker and the client per
     * partition). Measured with {@code bin/sluice bench gateway} at 50 connections, five JVMs each, interleaved:
     * linger 5 median 3,253 requests/s, p99 49 ms; linger 0 2,540/s, p99 60 ms. A lone request pays the 5 ms (its
     * answer p50 ≈ 3.5 ms without), which a webhook sender waiting seconds does not notice. Then
     * {@code sluice.gateway.kafka-properties}.
     */
    @Bean
    ProducerFactory<String, byte[]> producerFactory() {
        long timeoutMs = properties.kafkaTimeout().toMillis();
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                (int) Math.min(Integer.MAX_VALUE, properties.maxBodySize().toBytes() + 1024 * 1024));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeoutMs + 10);
        config.putAll(properties.kafkaProperties());
        return new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** On a factory that is a bean of its own: the context closes it, and with it the producer, on shutdown. */
    @Bean
    KafkaTemplate<String, byte[]> kafkaTemplate(ProducerFactory<String, byte[]> producerFactory) {
        return new KafkaTemplate<>(producerFactory);
    }

    @Bean
    RecordPublisher recordPublisher(KafkaTemplate<String, byte[]> kafka, MeterRegistry meters) {
        return new RecordPublisher(kafka, properties.kafkaTimeout(), meters);
    }

    /**
     * Reads outcomes for {@code wait=searchable}, started by the first such request; closed with the context. Its
     * consumer takes {@code sluice.gateway.kafka-properties} too (security settings apply to both clients).
     */
    @Bean
    OutcomeWaiter outcomeWaiter(Topics topics) {
        return new OutcomeWaiter(topics.outcomes(),
                OutcomeWaiter.consumers(properties.bootstrapServers(), consumerProperties()));
    }

    /** The entries of {@code sluice.gateway.kafka-properties} a consumer knows (a producer's would only be logged). */
    private Map<String, Object> consumerProperties() {
        Map<String, Object> config = new HashMap<>();
        properties.kafkaProperties().forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        return config;
    }

    /** Closed with the context (it owns an HTTP client). The processors get the API secret, as they expect. */
    @Bean
    ProcessorSearchClient processorSearchClient(MeterRegistry meters) {
        return new ProcessorSearchClient(properties.processorUrls(), properties.searchTimeout(),
                properties.apiSecret(), meters);
    }

    @Bean
    SignatureVerifier signatureVerifier() {
        return new SignatureVerifier(properties.webhookSecret());
    }

    @Bean
    FirecrawlParser firecrawlParser(Clock clock) {
        return new FirecrawlParser(clock, properties.maxDocumentsPerRequest());
    }

    @Bean
    DeliveryDeduplicator deliveryDeduplicator(Clock clock) {
        return new DeliveryDeduplicator(properties.dedupWindow(), properties.dedupMaxEntries(), clock);
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter() {
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(new BodySizeLimitFilter(properties.maxBodySize().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    /** Every API except the webhook (signed) needs the bearer token; health and metrics are under /actuator. */
    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new BearerAuthInterceptor(properties.apiSecret()))
                .addPathPatterns("/api/**")
                .excludePathPatterns("/api/webhook/**");
    }
}

package dev.sluice.gateway.config;

import dev.sluice.gateway.metrics.MetricsBackend;
import dev.sluice.metrics.MetricsDatabase;
import dev.sluice.metrics.MetricsStoreConfig;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * PostgreSQL for the metrics API: {@code sluice.jdbc-url} (env {@code SLUICE_JDBC_URL}), {@code sluice.jdbc-user},
 * {@code sluice.jdbc-password} — the database the processors write. Nothing is connected at start-up, so the gateway
 * starts (and ingests) whether PostgreSQL is up or not; without a URL the metrics endpoints answer 503.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsStoreConfiguration {
    private static final Logger log = LoggerFactory.getLogger(MetricsStoreConfiguration.class);

    @Bean(destroyMethod = "close")
    MetricsBackend metricsBackend(@Value("${sluice.jdbc-url:}") String jdbcUrl,
            @Value("${sluice.jdbc-user:}") String user, @Value("${sluice.jdbc-password:}") String password,
            Clock clock) {
        if (jdbcUrl.isBlank()) {
            log.info("No sluice.jdbc-url (SLUICE_JDBC_URL): /api/metrics/* and /api/crawls/* answer 503");
            return MetricsBackend.none();
        }
        MetricsStoreConfig config = MetricsStoreConfig.of(jdbcUrl, user, password);
        return MetricsBackend.of(MetricsDatabase.open(config, "sluice-gateway-metrics"), clock);
    }
}

/**
 * Test support shared by Sluice's modules.
 *
 * <ul>
 *   <li>{@link dev.sluice.testkit.WithKafka}: a real Kafka broker for the test class, started once per test run
 *       (an in-JVM KRaft broker by default; the {@code apache/kafka} image through Testcontainers with
 *       {@code -Dsluice.test.kafka=testcontainers} where a Docker engine exists), injected as
 *       {@link dev.sluice.testkit.KafkaCluster}, whose helpers create topics, produce, and wait for records with a
 *       timeout instead of sleeping.</li>
 *   <li>{@link dev.sluice.testkit.WithPostgres}: a real PostgreSQL with a fresh schema per test class, injected as
 *       {@link dev.sluice.testkit.TestDatabase} (embedded PostgreSQL by default; a running server when
 *       {@code SLUICE_TEST_JDBC_URL} is set).</li>
 * </ul>
 */
package dev.sluice.testkit;

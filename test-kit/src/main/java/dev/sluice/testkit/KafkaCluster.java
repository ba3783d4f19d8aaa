package dev.sluice.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A running Kafka cluster and the helpers tests need around it. Waiting helpers poll until their condition holds or
 * the timeout passes, then fail with what they saw; none sleeps.
 */
public interface KafkaCluster {

    /** Default time to wait for records. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** {@code host:port} list for {@code bootstrap.servers}. */
    String bootstrapServers();

    /** A topic name that no other test uses. */
    default String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An admin client; the caller closes it. */
    default Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Creates topics (replication 1) and waits until they exist; existing ones are left as they are. */
    default void createTopics(int partitions, String... names) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, partitions, (short) 1));
        }
        try (Admin admin = admin()) {
            try {
                admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topics " + List.of(names), e.getCause());
                }
            }
            Set<String> wanted = Set.of(names);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!admin.listTopics().names().get(30, TimeUnit.SECONDS).containsAll(wanted)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics " + wanted + " did not appear within 30 s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics " + List.of(names), e);
        }
    }

    /** Producer settings for this cluster: acks=all, idempotent. */
    default Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return p;
    }

    /** Sends every record and waits until the broker acknowledged all of them. */
    default <K, V> void produce(String topic, Serializer<K> keySerializer, Serializer<V> valueSerializer,
            Map<K, V> records) {
        List<ProducerRecord<K, V>> list = new ArrayList<>();
        records.forEach((k, v) -> list.add(new ProducerRecord<>(topic, k, v)));
        produce(keySerializer, valueSerializer, list);
    }

    /** Sends every record and waits until the broker acknowledged all of them. */
    default <K, V> void produce(Serializer<K> keySerializer, Serializer<V> valueSerializer,
            List<ProducerRecord<K, V>> records) {
        try (KafkaProducer<K, V> producer = new KafkaProducer<>(producerProperties(), keySerializer, valueSerializer)) {
            var futures = new ArrayList<java.util.concurrent.Future<?>>(records.size());
            for (ProducerRecord<K, V> record : records) {
                futures.add(producer.send(record));
            }
            producer.flush();
            for (var f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot produce to " + records.getFirst().topic(), e);
        }
    }

    /**
     * Reads {@code topic} from the beginning of every partition until {@code count} records arrived, and returns
     * them. Fails if fewer arrive within {@code timeout}, or if more than {@code count} are there.
     */
    default <K, V> List<ConsumerRecord<K, V>> consume(String topic, Deserializer<K> keyDeserializer,
            Deserializer<V> valueDeserializer, int count, Duration timeout) {
        List<ConsumerRecord<K, V>> records = consumeUntil(topic, keyDeserializer, valueDeserializer,
                seen -> seen.size() >= count, timeout, "at least " + count + " records");
        if (records.size() != count) {
            throw new AssertionError("expected exactly " + count + " records on " + topic + " but read "
                    + records.size());
        }
        return records;
    }

    /**
     * Reads {@code topic} from the beginning until records with {@code distinctKeys} different keys arrived, then goes
     * on reading for {@code settle}: a record that must never come (a second outcome for a key) would have been
     * committed by then. Returns every record read, repeats included; fails if the keys do not arrive within
     * {@code timeout}.
     */
    default <K, V> List<ConsumerRecord<K, V>> consumeDistinctKeys(String topic, Deserializer<K> keyDeserializer,
            Deserializer<V> valueDeserializer, int distinctKeys, Duration timeout, Duration settle) {
        Set<K> keys = new HashSet<>();
        int[] counted = {0};
        long[] settledAt = {0};
        return consumeUntil(topic, keyDeserializer, valueDeserializer, seen -> {
            if (settledAt[0] == 0) {
                seen.subList(counted[0], seen.size()).forEach(r -> keys.add(r.key()));
                counted[0] = seen.size();
                if (keys.size() < distinctKeys) {
                    return false;
                }
                settledAt[0] = System.nanoTime() + settle.toNanos();
            }
            return System.nanoTime() >= settledAt[0];
        }, timeout.plus(settle), distinctKeys + " distinct keys");
    }

    /**
     * Reads {@code topic} from the beginning until {@code done} holds for everything read so far; fails after
     * {@code timeout}, saying what it waited for and how many records it saw.
     */
    default <K, V> List<ConsumerRecord<K, V>> consumeUntil(String topic, Deserializer<K> keyDeserializer,
            Deserializer<V> valueDeserializer, Predicate<List<ConsumerRecord<K, V>>> done, Duration timeout,
            String waitingFor) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config, keyDeserializer, valueDeserializer)) {
            List<TopicPartition> partitions = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.isEmpty()) {
                consumer.partitionsFor(topic, timeout).forEach(p -> partitions.add(
                        new TopicPartition(p.topic(), p.partition())));
                if (partitions.isEmpty() && System.nanoTime() > deadline) {
                    throw new AssertionError("topic " + topic + " has no partitions after " + timeout);
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<K, V>> seen = new ArrayList<>();
            while (!done.test(seen)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out after " + timeout + " waiting for " + waitingFor + " on "
                            + topic + "; read " + seen.size() + " records");
                }
                consumer.poll(Duration.ofNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200))))
                        .forEach(seen::add);
            }
            return seen;
        }
    }
}

package dev.sluice.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.schemas.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StoreSerdesTest {
    private static final String TOPIC = "changelog";

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, value));
    }

    private static String words(Random random, int count) {
        String[] vocabulary = {"stream", "κάτι", "batch", "日本語", "index", "\u0000", "emoji 🎉", "word"};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(vocabulary[random.nextInt(vocabulary.length)]).append(' ');
        }
        return text.toString();
    }

    private static IndexedChunk chunk(Random random, boolean withVector) {
        float[] vector = null;
        if (withVector) {
            vector = new float[384];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = random.nextFloat() * 2 - 1;
            }
        }
        return new IndexedChunk("c-" + random.nextInt(), "d-" + random.nextInt(), random.nextInt(1000),
                "https://ex.com/ü/" + random.nextInt(), "ex.com", "Title ✓ " + random.nextInt(), "A > B",
                random.nextBoolean() ? "en" : "", words(random, 200), vector);
    }

    @Nested
    class Chunks {
        private final Serde<IndexedChunk> serde = StoreSerdes.chunks();

        @Test
        void shouldReadBackEveryFieldAndTheExactVector() {
            long seed = System.nanoTime();
            Random random = new Random(seed);
            for (int i = 0; i < 200; i++) {
                IndexedChunk chunk = chunk(random, random.nextInt(4) > 0);
                IndexedChunk back = roundTrip(serde, chunk);
                assertThat(back).as("seed %d", seed).usingRecursiveComparison().isEqualTo(chunk);
                assertThat(Arrays.equals(back.vector(), chunk.vector())).as("seed %d", seed).isTrue();
            }
        }

        @Test
        void shouldWriteAVectorChunkInLessThanHalfTheBytesOfJson() {
            IndexedChunk chunk = chunk(new Random(7), true);
            int binary = serde.serializer().serialize(TOPIC, chunk).length;
            int json = JsonSerde.of(IndexedChunk.class).serializer().serialize(TOPIC, chunk).length;

            assertThat(binary).isLessThan(json / 2);
        }

        @Test
        void shouldNameTheStoreWhenAValueIsTruncated() {
            byte[] bytes = serde.serializer().serialize(TOPIC, chunk(new Random(1), true));

            assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, Arrays.copyOf(bytes, bytes.length - 3)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining(StoreNames.CHUNKS).hasMessageContaining("malformed");
        }

        @Test
        void shouldRefuseAnUnknownFormatVersion() {
            byte[] bytes = serde.serializer().serialize(TOPIC, chunk(new Random(1), false));
            bytes[0] = 9;

            assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bytes))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("format version 9");
        }

        @Test
        void shouldRefuseTrailingBytes() {
            byte[] bytes = serde.serializer().serialize(TOPIC, chunk(new Random(1), false));

            assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, Arrays.copyOf(bytes, bytes.length + 2)))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("2 unexpected bytes");
        }

        @Test
        void shouldRefuseALengthBeyondTheValue() {
            byte[] garbage = {StoreSerdes.VERSION, 0x7f, 0, 0, 0, 'x'};

            assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, garbage))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("malformed value of 6 bytes");
        }
    }

    @Nested
    class Buffer {
        private final Serde<BufferedRecord> serde = StoreSerdes.bufferedRecords();

        @Test
        void shouldKeepTheOriginalBytesExactly() {
            byte[] original = {0, (byte) 0xff, 'n', 0, (byte) 0xc3}; // not even valid UTF-8
            BufferedRecord record = new BufferedRecord("doc", original, "sluice.documents", 3, 1L << 40, 1234L);

            BufferedRecord back = roundTrip(serde, record);

            assertThat(back.value()).containsExactly(original);
            assertThat(back).usingRecursiveComparison().isEqualTo(record);
        }

        @Test
        void shouldKeepATombstoneATombstone() {
            BufferedRecord tombstone = new BufferedRecord("doc", null, "sluice.documents", 0, 5, 6);

            assertThat(roundTrip(serde, tombstone).value()).isNull();
        }

        @Test
        void shouldStoreTheDocumentSmallerThanJsonDoes() {
            byte[] value = words(new Random(3), 800).getBytes(StandardCharsets.UTF_8);
            BufferedRecord record = new BufferedRecord("doc", value, "sluice.documents", 0, 5, 6);

            int binary = serde.serializer().serialize(TOPIC, record).length;
            int json = JsonSerde.of(BufferedRecord.class).serializer().serialize(TOPIC, record).length;

            assertThat(binary).isLessThan(value.length + 64).isLessThan(json);
        }
    }
}

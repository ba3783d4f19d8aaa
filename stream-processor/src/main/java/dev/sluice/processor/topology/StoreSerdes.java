package dev.sluice.processor.topology;

import dev.sluice.processor.index.IndexedChunk;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Binary formats of the two large stores, the buffer (every document's original bytes) and the chunks (text and
 * vector of every chunk). Everything in a store is written twice — to RocksDB and to its changelog topic, inside the
 * commit the stream thread waits for — so their size is paid on the hot path. JSON would write a vector's 384 floats
 * as ≈ 4 KB of decimal text and a document's bytes as Base64; this writes 1.5 KB and the bytes themselves (measured:
 * a chunk of 1,110 characters with its vector takes 2,827 bytes instead of 6,049; a buffered 5,357-byte document
 * 5,438 instead of 7,289).
 *
 * <p>Each value starts with a format version byte, so a later format can read older values; an unknown version, a
 * truncated value or trailing bytes fail with a {@link SerializationException} naming the store.
 */
final class StoreSerdes {
    static final byte VERSION = 1;

    private StoreSerdes() {}

    static Serde<BufferedRecord> bufferedRecords() {
        return serde(StoreNames.BUFFER, (r, out) -> {
            writeString(out, r.documentId());
            writeBytes(out, r.value());
            writeString(out, r.topic());
            out.writeInt(r.partition());
            out.writeLong(r.offset());
            out.writeLong(r.bufferedAtMs());
        }, in -> new BufferedRecord(readString(in), readBytes(in), readString(in), in.getInt(), in.getLong(),
                in.getLong()));
    }

    static Serde<IndexedChunk> chunks() {
        return serde(StoreNames.CHUNKS, (c, out) -> {
            writeString(out, c.chunkId());
            writeString(out, c.documentId());
            out.writeInt(c.chunkIndex());
            writeString(out, c.url());
            writeString(out, c.domain());
            writeString(out, c.title());
            writeString(out, c.headingPath());
            writeString(out, c.language());
            writeString(out, c.text());
            float[] vector = c.vector();
            out.writeInt(vector == null ? -1 : vector.length);
            if (vector != null) {
                for (float f : vector) {
                    out.writeFloat(f);
                }
            }
        }, in -> new IndexedChunk(readString(in), readString(in), in.getInt(), readString(in), readString(in),
                readString(in), readString(in), readString(in), readString(in), readFloats(in)));
    }

    @FunctionalInterface
    private interface Writer<T> {
        void write(T value, DataOutputStream out) throws IOException;
    }

    private static <T> Serde<T> serde(String store, Writer<T> writer, Function<ByteBuffer, T> reader) {
        return Serdes.serdeFrom((topic, value) -> {
            if (value == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(VERSION);
                writer.write(value, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
            return bytes.toByteArray();
        }, (topic, data) -> {
            if (data == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(data);
            try {
                byte version = in.get();
                if (version != VERSION) {
                    throw new SerializationException("store " + store + ": value of format version " + version
                            + " cannot be read by this version of Sluice (it reads version " + VERSION + ")");
                }
                T value = reader.apply(in);
                if (in.hasRemaining()) {
                    throw new SerializationException("store " + store + ": " + in.remaining()
                            + " unexpected bytes after a value of " + data.length + " bytes");
                }
                return value;
            } catch (BufferUnderflowException | IllegalArgumentException | NullPointerException e) {
                throw new SerializationException("store " + store + ": malformed value of " + data.length + " bytes",
                        e);
            }
        });
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    private static String readString(ByteBuffer in) {
        byte[] b = readBytes(in);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(ByteBuffer in) {
        int length = in.getInt();
        if (length < -1 || length > in.remaining()) {
            throw new IllegalArgumentException("length " + length);
        }
        if (length == -1) {
            return null;
        }
        byte[] b = new byte[length];
        in.get(b);
        return b;
    }

    private static float[] readFloats(ByteBuffer in) {
        int length = in.getInt();
        if (length < -1 || (long) length * Float.BYTES > in.remaining()) {
            throw new IllegalArgumentException("length " + length);
        }
        if (length == -1) {
            return null;
        }
        float[] v = new float[length];
        in.asFloatBuffer().get(v);
        in.position(in.position() + length * Float.BYTES);
        return v;
    }
}

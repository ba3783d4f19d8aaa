package dev.sluice.processor.index.qdrant;

import dev.sluice.processor.index.IndexedChunk;
import dev.sluice.processor.index.ScoredChunk;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.ListValue;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.Vectors;
import java.util.Map;
import java.util.Optional;

/**
 * Translates between {@link IndexedChunk}s and Qdrant points: the point id is the chunk id (a UUID), the vector is
 * the collection's single unnamed vector, and the chunk's fields are payload under the names below.
 */
final class QdrantPoints {
    static final String DOCUMENT_ID = "document_id";
    static final String CHUNK_INDEX = "chunk_index";
    static final String URL = "url";
    /** Every prefix of the URL ending with '/', for URL-prefix filters: see {@link UrlPrefixes}. */
    static final String URL_PREFIXES = "url_prefixes";
    static final String DOMAIN = "domain";
    static final String TITLE = "title";
    static final String HEADING_PATH = "heading_path";
    static final String LANGUAGE = "language";
    static final String TEXT = "text";

    private QdrantPoints() {}

    /** The point of a chunk whose vector has already been checked. */
    static PointStruct toPoint(IndexedChunk chunk) {
        DenseVector.Builder dense = DenseVector.newBuilder();
        for (float f : chunk.vector()) {
            dense.addData(f);
        }
        ListValue.Builder prefixes = ListValue.newBuilder();
        for (String prefix : UrlPrefixes.of(chunk.url())) {
            prefixes.addValues(string(prefix));
        }
        return PointStruct.newBuilder()
                .setId(PointId.newBuilder().setUuid(chunk.chunkId()))
                .setVectors(Vectors.newBuilder().setVector(Vector.newBuilder().setDense(dense)))
                .putPayload(DOCUMENT_ID, string(chunk.documentId()))
                .putPayload(CHUNK_INDEX, Value.newBuilder().setIntegerValue(chunk.chunkIndex()).build())
                .putPayload(URL, string(chunk.url()))
                .putPayload(URL_PREFIXES, Value.newBuilder().setListValue(prefixes).build())
                .putPayload(DOMAIN, string(chunk.domain()))
                .putPayload(TITLE, string(chunk.title()))
                .putPayload(HEADING_PATH, string(chunk.headingPath()))
                .putPayload(LANGUAGE, string(chunk.language()))
                .putPayload(TEXT, string(chunk.text()))
                .build();
    }

    /**
     * The chunk (without vector) of a search hit, or empty if the point lacks what a chunk needs — a point some other
     * writer put into the collection.
     */
    static Optional<ScoredChunk> toScoredChunk(ScoredPoint point) {
        Map<String, Value> payload = point.getPayloadMap();
        Value index = payload.getOrDefault(CHUNK_INDEX, Value.getDefaultInstance());
        if (!point.getId().hasUuid() || !isString(payload, DOCUMENT_ID) || !isString(payload, URL)
                || !isString(payload, TEXT) || !index.hasIntegerValue()) {
            return Optional.empty();
        }
        long chunkIndex = index.getIntegerValue();
        if (chunkIndex < 0 || chunkIndex > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        IndexedChunk chunk = new IndexedChunk(
                point.getId().getUuid(),
                text(payload, DOCUMENT_ID),
                (int) chunkIndex,
                text(payload, URL),
                text(payload, DOMAIN),
                text(payload, TITLE),
                text(payload, HEADING_PATH),
                text(payload, LANGUAGE),
                text(payload, TEXT),
                null);
        return Optional.of(new ScoredChunk(chunk, point.getScore()));
    }

    private static Value string(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }

    private static boolean isString(Map<String, Value> payload, String key) {
        Value value = payload.get(key);
        return value != null && value.hasStringValue();
    }

    private static String text(Map<String, Value> payload, String key) {
        Value value = payload.get(key);
        return value != null && value.hasStringValue() ? value.getStringValue() : "";
    }
}

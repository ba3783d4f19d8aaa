package dev.sluice.processor.index.qdrant;

import dev.sluice.processor.engine.IndexingException;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections.CollectionExistsRequest;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.GetCollectionInfoRequest;
import io.qdrant.client.grpc.Collections.PayloadSchemaInfo;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.FieldType;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the collection exists with the vectors Sluice writes (one unnamed vector of the embedder's size, cosine)
 * and with the payload indexes its filters use. An existing collection with other vectors is an error, never
 * something to write into: vectors of different models must not be mixed.
 */
final class QdrantCollectionSetup {
    private static final Logger LOG = LoggerFactory.getLogger(QdrantCollectionSetup.class);

    /** A payload field the store filters on, with its index type. */
    record PayloadIndex(String field, FieldType type) {}

    static final List<PayloadIndex> PAYLOAD_INDEXES = List.of(
            new PayloadIndex(QdrantPoints.DOCUMENT_ID, FieldType.FieldTypeKeyword), // delete, replace by document
            new PayloadIndex(QdrantPoints.CHUNK_INDEX, FieldType.FieldTypeInteger), // range: a shrunk document's tail
            new PayloadIndex(QdrantPoints.URL, FieldType.FieldTypeKeyword),
            new PayloadIndex(QdrantPoints.URL_PREFIXES, FieldType.FieldTypeKeyword), // URL-prefix filters
            new PayloadIndex(QdrantPoints.DOMAIN, FieldType.FieldTypeKeyword),
            new PayloadIndex(QdrantPoints.LANGUAGE, FieldType.FieldTypeKeyword));

    private final QdrantGrpcClient grpc;
    private final QdrantCalls calls;
    private final QdrantConfig config;

    QdrantCollectionSetup(QdrantGrpcClient grpc, QdrantCalls calls, QdrantConfig config) {
        this.grpc = grpc;
        this.calls = calls;
        this.config = config;
    }

    /**
     * Creates the collection if it is missing, checks its vectors, and adds the payload indexes it lacks.
     *
     * @throws IllegalStateException if the collection exists with another vector size or distance
     * @throws IndexingException     if Qdrant cannot be reached or refuses
     */
    void ensureCollection() {
        if (!exists()) {
            create();
        }
        CollectionInfo info = calls.await(
                grpc.collections().get(GetCollectionInfoRequest.newBuilder()
                        .setCollectionName(config.collection()).build()),
                "collection info").getResult();
        checkVectors(info);
        createMissingIndexes(info.getPayloadSchemaMap());
    }

    private boolean exists() {
        return calls.await(
                grpc.collections().collectionExists(CollectionExistsRequest.newBuilder()
                        .setCollectionName(config.collection()).build()),
                "existence check").getResult().getExists();
    }

    private void create() {
        CreateCollection request = CreateCollection.newBuilder()
                .setCollectionName(config.collection())
                .setVectorsConfig(VectorsConfig.newBuilder().setParams(VectorParams.newBuilder()
                        .setSize(config.vectorSize())
                        .setDistance(Distance.Cosine)))
                .build();
        try {
            calls.await(grpc.collections().create(request), "collection creation");
            LOG.info("Created Qdrant collection '{}' at {} ({} dimensions, cosine)", config.collection(),
                    config.url(), config.vectorSize());
        } catch (IndexingException e) {
            // Another instance may have created it since we looked (ALREADY_EXISTS, or INVALID_ARGUMENT on older
            // Qdrant versions): then it is checked like any existing collection.
            if (e.retriable() || !exists()) {
                throw e;
            }
        }
    }

    private void checkVectors(CollectionInfo info) {
        VectorsConfig vectors = info.getConfig().getParams().getVectorsConfig();
        if (!vectors.hasParams()) {
            throw new IllegalStateException("Qdrant collection '" + config.collection()
                    + "' has named vectors, but Sluice writes one unnamed vector of size " + config.vectorSize()
                    + " (cosine). Set qdrant.collection to another collection.");
        }
        VectorParams params = vectors.getParams();
        if (params.getSize() != config.vectorSize() || params.getDistance() != Distance.Cosine) {
            throw new IllegalStateException("Qdrant collection '" + config.collection() + "' holds vectors of size "
                    + params.getSize() + " (" + params.getDistance() + ") but the embedder makes vectors of size "
                    + config.vectorSize() + " (Cosine). Vectors of different models must not be mixed: set "
                    + "qdrant.collection to another collection, or delete this one and re-index.");
        }
    }

    private void createMissingIndexes(Map<String, PayloadSchemaInfo> existing) {
        for (PayloadIndex index : PAYLOAD_INDEXES) {
            String field = index.field();
            FieldType type = index.type();
            PayloadSchemaInfo present = existing.get(field);
            if (present == null) {
                calls.await(grpc.points().createFieldIndex(CreateFieldIndexCollection.newBuilder()
                        .setCollectionName(config.collection())
                        .setWait(true)
                        .setFieldName(field)
                        .setFieldType(type)
                        .build()), "payload index creation on '" + field + "'");
                LOG.debug("Created {} payload index on '{}' in Qdrant collection '{}'", type, field,
                        config.collection());
            } else if (present.getDataType() != schemaType(type)) {
                LOG.warn("Payload field '{}' of Qdrant collection '{}' is indexed as {} instead of {}: filters on it "
                        + "may be slow or refused", field, config.collection(), present.getDataType(), type);
            }
        }
    }

    private static PayloadSchemaType schemaType(FieldType type) {
        return switch (type) {
            case FieldTypeKeyword -> PayloadSchemaType.Keyword;
            case FieldTypeInteger -> PayloadSchemaType.Integer;
            default -> throw new IllegalArgumentException("no payload index of type " + type + " is used");
        };
    }
}

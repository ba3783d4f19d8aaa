package dev.sluice.processor.index.qdrant;

import dev.sluice.processor.index.SearchFilter;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.FieldCondition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Match;
import io.qdrant.client.grpc.Common.Range;
import java.util.List;
import java.util.Locale;

/**
 * The Qdrant filters the store sends: conjunctions of {@code must} conditions on indexed fields, and for a write of
 * several documents the disjunction ({@code should}) of theirs.
 */
final class QdrantFilters {

    private QdrantFilters() {}

    /** Every point of the document. */
    static Filter document(String documentId) {
        return Filter.newBuilder().addMust(keyword(QdrantPoints.DOCUMENT_ID, documentId)).build();
    }

    /** The document's points from chunk {@code firstStaleIndex} on: those a new, shorter version no longer has. */
    static Filter chunksFrom(String documentId, int firstStaleIndex) {
        Condition atOrAfter = Condition.newBuilder()
                .setField(FieldCondition.newBuilder()
                        .setKey(QdrantPoints.CHUNK_INDEX)
                        .setRange(Range.newBuilder().setGte(firstStaleIndex)))
                .build();
        return Filter.newBuilder()
                .addMust(keyword(QdrantPoints.DOCUMENT_ID, documentId))
                .addMust(atOrAfter)
                .build();
    }

    /**
     * The points a document written with {@code chunkCount} chunks must no longer have: from that chunk index on, or
     * all of them when it has none.
     */
    static Filter staleChunks(String documentId, int chunkCount) {
        return chunkCount == 0 ? document(documentId) : chunksFrom(documentId, chunkCount);
    }

    /** The points that pass any of {@code filters} (at least one); a single filter is returned as it is. */
    static Filter anyOf(List<Filter> filters) {
        if (filters.isEmpty()) {
            // An empty filter matches every point: as a delete, it would empty the collection.
            throw new IllegalArgumentException("anyOf needs at least one filter");
        }
        if (filters.size() == 1) {
            return filters.getFirst();
        }
        Filter.Builder any = Filter.newBuilder();
        filters.forEach(filter -> any.addShould(Condition.newBuilder().setFilter(filter)));
        return any.build();
    }

    /**
     * What Qdrant can check of a search filter. The URL prefix becomes a keyword match on {@code url_prefixes}
     * ({@link UrlPrefixes#indexedPart}); when that is not the whole prefix, the caller checks the rest on the results.
     * Returns {@code null} when nothing restricts.
     */
    static Filter search(SearchFilter filter) {
        Filter.Builder builder = Filter.newBuilder();
        if (filter.domain() != null) {
            builder.addMust(keyword(QdrantPoints.DOMAIN, filter.domain().toLowerCase(Locale.ROOT)));
        }
        if (filter.language() != null) {
            builder.addMust(keyword(QdrantPoints.LANGUAGE, filter.language()));
        }
        if (filter.urlPrefix() != null) {
            String indexed = UrlPrefixes.indexedPart(filter.urlPrefix());
            if (!indexed.isEmpty()) {
                builder.addMust(keyword(QdrantPoints.URL_PREFIXES, indexed));
            }
        }
        return builder.getMustCount() == 0 ? null : builder.build();
    }

    private static Condition keyword(String key, String value) {
        return Condition.newBuilder()
                .setField(FieldCondition.newBuilder().setKey(key).setMatch(Match.newBuilder().setKeyword(value)))
                .build();
    }
}

package dev.sluice.processor.search;

/**
 * One search result: a document (or, for per-chunk searches, a chunk) with the chunk shown for it.
 *
 * @param documentId  the document
 * @param url         its URL
 * @param title       its title, or ""
 * @param headingPath headings above the chunk shown ("Install > Linux"), or ""
 * @param snippet     up to about 300 characters of that chunk, around the first query term found in it
 * @param score       higher is better. Hybrid: the Reciprocal Rank Fusion score, sum of 1 / (k + rank) over the
 *                    modes. BM25: the chunk's BM25F score. Vector: the chunk's cosine similarity to the query
 * @param bm25Rank    1-based rank among the BM25 results (of documents, or of chunks when per chunk), or
 *                    {@code null} when BM25 did not find it or was not asked
 * @param vectorRank  the same for vector retrieval
 * @param chunkIndex  index of the chunk shown, within its document
 */
public record SearchHit(
        String documentId,
        String url,
        String title,
        String headingPath,
        String snippet,
        double score,
        Integer bm25Rank,
        Integer vectorRank,
        int chunkIndex) {}

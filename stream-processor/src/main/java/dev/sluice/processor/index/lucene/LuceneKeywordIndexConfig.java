package dev.sluice.processor.index.lucene;

/**
 * Settings of {@link LuceneKeywordIndex}.
 *
 * <p>Title and heading path are scored together with the chunk text as one BM25F field
 * ({@link org.apache.lucene.search.CombinedFieldQuery}): a query term found in the title counts as
 * {@code titleWeight} occurrences in the text. The weights are modest on purpose: the title is repeated on every
 * chunk of its document, so it lifts all of them alike and the text still decides which chunk wins.
 *
 * @param titleWeight   {@code keyword.title.weight}: how many text occurrences one title occurrence is worth;
 *                      default {@value #DEFAULT_TITLE_WEIGHT}, at least 1 (BM25F only adds, it never discounts)
 * @param headingWeight {@code keyword.heading.weight}: the same for the heading path; default
 *                      {@value #DEFAULT_HEADING_WEIGHT}, at least 1
 * @param maxQueryTerms {@code keyword.query.max.terms}: distinct analyzed terms of a user query that are searched,
 *                      the rest ignored, so that a pasted page cannot build a query Lucene refuses (it allows 1024
 *                      clauses) or that takes long; default {@value #DEFAULT_MAX_QUERY_TERMS}, 1 to 256
 */
public record LuceneKeywordIndexConfig(float titleWeight, float headingWeight, int maxQueryTerms) {
    public static final float DEFAULT_TITLE_WEIGHT = 2.0f;
    public static final float DEFAULT_HEADING_WEIGHT = 1.5f;
    public static final int DEFAULT_MAX_QUERY_TERMS = 64;
    private static final float MAX_WEIGHT = 100f;
    private static final int MAX_QUERY_TERMS_LIMIT = 256;

    public LuceneKeywordIndexConfig {
        checkWeight("keyword.title.weight", titleWeight);
        checkWeight("keyword.heading.weight", headingWeight);
        if (maxQueryTerms < 1 || maxQueryTerms > MAX_QUERY_TERMS_LIMIT) {
            throw new IllegalArgumentException("keyword.query.max.terms must be between 1 and "
                    + MAX_QUERY_TERMS_LIMIT + " but was " + maxQueryTerms);
        }
    }

    public static LuceneKeywordIndexConfig defaults() {
        return new LuceneKeywordIndexConfig(DEFAULT_TITLE_WEIGHT, DEFAULT_HEADING_WEIGHT, DEFAULT_MAX_QUERY_TERMS);
    }

    private static void checkWeight(String key, float weight) {
        // written so that NaN fails too
        if (!(weight >= 1f && weight <= MAX_WEIGHT)) {
            throw new IllegalArgumentException(key + " must be between 1 and " + MAX_WEIGHT + " but was " + weight);
        }
    }
}

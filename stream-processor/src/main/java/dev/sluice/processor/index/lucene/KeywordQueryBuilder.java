package dev.sluice.processor.index.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.CombinedFieldQuery;
import org.apache.lucene.search.Query;

/**
 * Turns what a user typed into a Lucene query that cannot fail: the text goes through the index's analyzer (no query
 * syntax is interpreted, so quotes, operators, wildcards and brackets are plain characters that the tokenizer
 * drops), and each distinct term becomes one BM25F clause over text, title and heading path, all of them optional.
 * A chunk matching more terms scores higher; a query with no term left (empty, punctuation, stop words only) has
 * no query at all.
 */
final class KeywordQueryBuilder {
    private final Analyzer analyzer;
    private final LuceneKeywordIndexConfig config;

    KeywordQueryBuilder(Analyzer analyzer, LuceneKeywordIndexConfig config) {
        this.analyzer = analyzer;
        this.config = config;
    }

    Optional<Query> build(String userQuery) {
        Set<String> terms = analyzedTerms(userQuery);
        if (terms.isEmpty()) {
            return Optional.empty();
        }
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        for (String term : terms) {
            query.add(new CombinedFieldQuery.Builder(term)
                            .addField(ChunkDocuments.TEXT)
                            .addField(ChunkDocuments.TITLE, config.titleWeight())
                            .addField(ChunkDocuments.HEADING_PATH, config.headingWeight())
                            .build(),
                    BooleanClause.Occur.SHOULD);
        }
        return Optional.of(query.build());
    }

    /** The query's distinct analyzed terms in order of appearance, at most {@code maxQueryTerms} of them. */
    private Set<String> analyzedTerms(String text) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream tokens = analyzer.tokenStream(ChunkDocuments.TEXT, text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (terms.size() < config.maxQueryTerms() && tokens.incrementToken()) {
                terms.add(term.toString());
            }
            tokens.end();
        } catch (IOException e) {
            // a StringReader does not fail
            throw new UncheckedIOException("cannot analyze a query", e);
        }
        return terms;
    }
}

package dev.sluice.processor.index.qdrant;

import java.util.ArrayList;
import java.util.List;

/**
 * URL-prefix filtering on a store that can only match whole keywords.
 *
 * <p>Qdrant has no prefix match on keywords, and its full-text match works on tokens, not on the start of a string.
 * So every point carries, in the keyword-indexed payload field {@code url_prefixes}, each prefix of its URL that ends
 * with {@code '/'}: {@code https://a.org/docs/x.html} stores {@code https:/}, {@code https://},
 * {@code https://a.org/} and {@code https://a.org/docs/} — a handful of short keywords per point.
 *
 * <p>A filter prefix that ends with {@code '/'} (the usual case: a site or a section) is then an exact, indexed
 * keyword match: a URL starts with it if and only if it is one of the URL's stored prefixes. A prefix that ends inside
 * a path segment ({@code https://a.org/docs/x}) is matched by Qdrant on its part up to the last {@code '/'}, which is
 * exact and indexed too, and the rest is checked here on each result ({@link #matches}); the store then pages through
 * Qdrant's results until it has enough. The semantics are always those of {@link String#startsWith}.
 *
 * <p>Only the first {@value #MAX_DEPTH} such prefixes are stored, so that a pathological URL ({@code a/////...}) costs
 * a bounded payload; a deeper filter prefix is narrowed by Qdrant at that depth and checked here for the rest.
 */
final class UrlPrefixes {
    /** Most prefixes stored per URL: real URLs have far fewer slashes. */
    static final int MAX_DEPTH = 32;

    private UrlPrefixes() {}

    /** The prefixes of {@code url} that end with {@code '/'}, shortest first, at most {@value #MAX_DEPTH}. */
    static List<String> of(String url) {
        List<String> prefixes = new ArrayList<>();
        for (int i = url.indexOf('/'); i >= 0 && prefixes.size() < MAX_DEPTH; i = url.indexOf('/', i + 1)) {
            prefixes.add(url.substring(0, i + 1));
        }
        return prefixes;
    }

    /**
     * The longest part of a filter prefix that Qdrant matches exactly against {@link #of stored prefixes}: up to and
     * including its last {@code '/'} (at most the {@value #MAX_DEPTH}th); "" if it has none (then Qdrant cannot narrow
     * by URL at all).
     */
    static String indexedPart(String filterPrefix) {
        int end = 0;
        int slashes = 0;
        for (int i = filterPrefix.indexOf('/'); i >= 0 && slashes < MAX_DEPTH; i = filterPrefix.indexOf('/', i + 1)) {
            end = i + 1;
            slashes++;
        }
        return filterPrefix.substring(0, end);
    }

    /** Whether Qdrant's match on {@link #indexedPart} is already the whole answer. */
    static boolean isExactlyIndexed(String filterPrefix) {
        return indexedPart(filterPrefix).length() == filterPrefix.length();
    }

    /** The check done on results when the filter prefix is not {@link #isExactlyIndexed exactly indexed}. */
    static boolean matches(String url, String filterPrefix) {
        return url.startsWith(filterPrefix);
    }
}

package dev.sluice.processor.index;

/**
 * Restricts a search; {@code null} fields do not restrict.
 *
 * @param domain    exact host, lower case (e.g. "docs.python.org")
 * @param urlPrefix URL prefix (e.g. "https://docs.python.org/3/library/")
 * @param language  exact language tag
 */
public record SearchFilter(String domain, String urlPrefix, String language) {
    public static final SearchFilter NONE = new SearchFilter(null, null, null);

    public boolean isEmpty() {
        return domain == null && urlPrefix == null && language == null;
    }
}

package dev.sluice.gateway.search;

import dev.sluice.gateway.web.ApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.springframework.http.HttpStatus;

/**
 * A search as the gateway forwards it, checked against the same rules as the processor's {@code GET /api/search} so
 * that a bad request is refused here, naming the parameter, without a round trip.
 *
 * @param q         what the user typed; not blank. Never interpreted as query syntax (the processor's rule)
 * @param mode      {@code hybrid}, {@code bm25} or {@code vector}, lower case
 * @param limit     how many results, {@value #MIN_LIMIT} to {@value #MAX_LIMIT}
 * @param domain    exact host to restrict to, or {@code null}
 * @param urlPrefix URL prefix to restrict to, or {@code null}
 * @param language  language tag to restrict to, or {@code null}
 * @param chunks    one result per matching chunk instead of one per document
 */
public record SearchQuery(String q, String mode, int limit, String domain, String urlPrefix, String language,
        boolean chunks) {
    public static final int MIN_LIMIT = 1;
    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 10;
    public static final String DEFAULT_MODE = "hybrid";
    public static final Set<String> MODES = Set.of("hybrid", "bm25", "vector");

    /** Echoed values are cut to this length: an error message is no place for a long parameter. */
    private static final int ECHO_MAX = 40;

    /**
     * Reads the raw query parameters (any of them {@code null} when absent). A blank {@code mode}, {@code limit} or
     * {@code chunks} means its default, a blank filter means no filter.
     *
     * @throws ApiException 400 naming the offending parameter
     */
    public static SearchQuery parse(String q, String mode, String limit, String domain, String urlPrefix,
            String language, String chunks) {
        if (q == null || q.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "missing_parameter",
                    "query parameter 'q' is required and must not be blank", "q");
        }
        return new SearchQuery(q, mode(mode), limit(limit), blankToNull(domain), blankToNull(urlPrefix),
                blankToNull(language), chunks(chunks));
    }

    private static String mode(String mode) {
        if (mode == null || mode.isBlank()) {
            return DEFAULT_MODE;
        }
        String lower = mode.strip().toLowerCase(Locale.ROOT);
        if (!MODES.contains(lower)) {
            throw invalid("mode", "mode must be one of hybrid, bm25, vector but was '" + echo(mode) + "'");
        }
        return lower;
    }

    private static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        int value;
        try {
            value = Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            value = Integer.MIN_VALUE;
        }
        if (value < MIN_LIMIT || value > MAX_LIMIT) {
            throw invalid("limit", "limit must be an integer from " + MIN_LIMIT + " to " + MAX_LIMIT + " but was '"
                    + echo(limit) + "'");
        }
        return value;
    }

    private static boolean chunks(String chunks) {
        if (chunks == null || chunks.isBlank()) {
            return false;
        }
        return switch (chunks.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid("chunks", "chunks must be true or false but was '" + echo(chunks) + "'");
        };
    }

    private static ApiException invalid(String parameter, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_parameter", message, parameter);
    }

    private static String echo(String value) {
        return value.length() <= ECHO_MAX ? value : value.substring(0, ECHO_MAX) + "...";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The parameters as the processor reads them, in a stable order; absent filters are left out. */
    public Map<String, String> parameters() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("q", q);
        out.put("mode", mode);
        out.put("limit", Integer.toString(limit));
        if (domain != null) out.put("domain", domain);
        if (urlPrefix != null) out.put("url_prefix", urlPrefix);
        if (language != null) out.put("language", language);
        out.put("chunks", Boolean.toString(chunks));
        return out;
    }

    /**
     * The encoded query string. Every value is form-encoded ({@code +} for a space, {@code %2B} for a plus), which is
     * how servlet containers decode query parameters; templates or partial encoders would let a {@code +} or
     * {@code &} in the user's query through and change its meaning.
     */
    public String queryString() {
        StringJoiner joined = new StringJoiner("&");
        parameters().forEach((name, value) -> joined.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return joined.toString();
    }
}

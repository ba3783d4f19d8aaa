package dev.sluice.schemas;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalises a URL so that the addresses a crawler reports for one page map to one string, and so to one
 * {@link DocumentIds document id}.
 *
 * <ul>
 *   <li>scheme and host lower-cased; internationalised host names in their ASCII (punycode) form; a trailing dot
 *       of the host dropped; user info dropped;</li>
 *   <li>the scheme's default port dropped ({@code :80} for http, {@code :443} for https);</li>
 *   <li>percent-encoding made canonical: unreserved characters decoded, other escapes in upper-case hex, characters
 *       that may not appear raw (spaces, non-ASCII, ...) encoded as UTF-8;</li>
 *   <li>dot segments ({@code /./}, {@code /../}) resolved; an empty path becomes {@code /}; a trailing slash of
 *       any other path is dropped, because crawlers report {@code /docs} and {@code /docs/} for the same page;</li>
 *   <li>the fragment dropped; tracking parameters ({@code utm_*}, {@code gclid}, {@code fbclid}, ...) dropped; the
 *       remaining query parameters sorted by name, then value (their order never selects a different page on
 *       the sites we index, while the same page is linked with many orders).</li>
 * </ul>
 *
 * Only absolute {@code http}, {@code https} and {@code file} URLs are accepted; anything else is rejected with a
 * message that says what is wrong.
 */
public final class CanonicalUrl {

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    private static final Map<String, Integer> DEFAULT_PORTS = Map.of("http", 80, "https", 443);
    private static final Set<String> TRACKING_PARAMETERS = Set.of(
            "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "fbclid", "msclkid", "yclid", "igshid", "twclid",
            "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "srsltid", "oly_anon_id", "oly_enc_id",
            "vero_id", "vero_conv");
    private static final String UNRESERVED_PUNCTUATION = "-._~";
    /** Characters other than unreserved ones that may stay raw in a path or query part. */
    private static final String ALLOWED_RAW = "!$&'()*+,;=:@/?";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private CanonicalUrl() {}

    /**
     * The canonical form of {@code url}.
     *
     * @throws InvalidUrlException when {@code url} is not an absolute http(s) or file URL
     */
    public static String normalize(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidUrlException(url, "is empty");
        }
        String s = url.strip();
        Matcher m = SCHEME.matcher(s);
        if (!m.find()) {
            throw new InvalidUrlException(url, "has no scheme (expected http://, https:// or file://)");
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
            throw new InvalidUrlException(url, "has unsupported scheme '" + scheme + "' (expected http, https or file)");
        }
        String rest = s.substring(m.end());
        if (!rest.startsWith("//")) {
            throw new InvalidUrlException(url, "is not hierarchical (expected '" + scheme + "://')");
        }
        rest = rest.substring(2);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        int authorityEnd = indexOfAny(rest, "/?");
        String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
        String pathAndQuery = authorityEnd < 0 ? "" : rest.substring(authorityEnd);
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? null : pathAndQuery.substring(question + 1);

        StringBuilder out = new StringBuilder(url.length());
        out.append(scheme).append("://").append(authority(url, scheme, authority));
        out.append(path(path));
        String canonicalQuery = query == null ? "" : query(query);
        if (!canonicalQuery.isEmpty()) {
            out.append('?').append(canonicalQuery);
        }
        return out.toString();
    }

    /** {@link #normalize(String)}, or empty when the URL cannot be normalised. */
    public static Optional<String> tryNormalize(String url) {
        try {
            return Optional.of(normalize(url));
        } catch (InvalidUrlException e) {
            return Optional.empty();
        }
    }

    private static String authority(String url, String scheme, String authority) {
        int at = authority.lastIndexOf('@');
        String hostPort = at < 0 ? authority : authority.substring(at + 1);
        String host;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new InvalidUrlException(url, "has an unterminated IPv6 host");
            }
            host = hostPort.substring(0, close + 1).toLowerCase(Locale.ROOT);
            String after = hostPort.substring(close + 1);
            if (after.startsWith(":")) {
                port = after.substring(1);
            } else if (!after.isEmpty()) {
                throw new InvalidUrlException(url, "has characters after its IPv6 host");
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : hostPort.substring(colon + 1);
            host = asciiHost(url, host);
        }
        if (host.isEmpty() && !scheme.equals("file")) {
            throw new InvalidUrlException(url, "has no host");
        }
        StringBuilder out = new StringBuilder(host);
        if (port != null && !port.isEmpty()) {
            int number = parsePort(url, port);
            if (!Integer.valueOf(number).equals(DEFAULT_PORTS.get(scheme))) {
                out.append(':').append(number);
            }
        }
        return out.toString();
    }

    private static String asciiHost(String url, String host) {
        String decoded = host.indexOf('%') >= 0 ? percentDecode(url, host) : host;
        if (decoded.endsWith(".")) {
            decoded = decoded.substring(0, decoded.length() - 1);
        }
        String ascii;
        try {
            ascii = IDN.toASCII(decoded, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidUrlException(url, "has an invalid host name: " + e.getMessage());
        }
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_')) {
                throw new InvalidUrlException(url, "has an invalid character '" + c + "' in its host");
            }
        }
        return ascii;
    }

    private static int parsePort(String url, String port) {
        if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidUrlException(url, "has an invalid port '" + port + "'");
        }
        int number = Integer.parseInt(port);
        if (number > 65535) {
            throw new InvalidUrlException(url, "has a port out of range: " + number);
        }
        return number;
    }

    private static String path(String rawPath) {
        String encoded = canonicalEscapes(rawPath);
        String path = removeDotSegments(encoded);
        if (path.isEmpty()) {
            return "/";
        }
        if (path.length() > 1 && path.endsWith("/")) {
            return path.substring(0, path.length() - 1);
        }
        return path;
    }

    /** RFC 3986, section 5.2.4, on a path that starts with '/' (or is empty). */
    private static String removeDotSegments(String path) {
        if (path.isEmpty()) {
            return path;
        }
        String[] segments = path.split("/", -1);
        Deque<String> out = new ArrayDeque<>();
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".")) {
                if (last) out.addLast("");
            } else if (segment.equals("..")) {
                out.pollLast();
                if (last) out.addLast("");
            } else {
                out.addLast(segment);
            }
        }
        return "/" + String.join("/", out);
    }

    private static String query(String query) {
        List<String[]> parameters = new ArrayList<>();
        for (String part : query.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = canonicalEscapes(eq < 0 ? part : part.substring(0, eq));
            String value = eq < 0 ? null : canonicalEscapes(part.substring(eq + 1));
            if (isTracking(name)) {
                continue;
            }
            parameters.add(new String[] {name, value});
        }
        parameters.sort(Comparator.<String[], String>comparing(p -> p[0])
                .thenComparing(p -> p[1], Comparator.nullsFirst(Comparator.naturalOrder())));
        StringBuilder out = new StringBuilder(query.length());
        for (String[] p : parameters) {
            if (!out.isEmpty()) out.append('&');
            out.append(p[0]);
            if (p[1] != null) out.append('=').append(p[1]);
        }
        return out.toString();
    }

    private static boolean isTracking(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("utm_") || TRACKING_PARAMETERS.contains(lower);
    }

    /**
     * Rewrites escapes to their canonical form: %XX of an unreserved character decoded, other escapes in upper-case
     * hex, a '%' that starts no escape encoded, and every character that may not stand raw encoded as UTF-8.
     */
    private static String canonicalEscapes(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                int b = Integer.parseInt(s.substring(i + 1, i + 3), 16);
                if (isUnreserved((char) b)) {
                    out.append((char) b);
                } else {
                    appendEscape(out, b);
                }
                i += 3;
            } else if (c < 0x80 && (isUnreserved(c) || ALLOWED_RAW.indexOf(c) >= 0)) {
                out.append(c);
                i++;
            } else {
                int cp = s.codePointAt(i);
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    appendEscape(out, b & 0xFF);
                }
                i += Character.charCount(cp);
            }
        }
        return out.toString();
    }

    private static String percentDecode(String url, String s) {
        try {
            return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidUrlException(url, "has a malformed escape in its host");
        }
    }

    private static void appendEscape(StringBuilder out, int b) {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
    }

    private static boolean isUnreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || UNRESERVED_PUNCTUATION.indexOf(c) >= 0;
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** A URL that cannot be normalised. The message names the URL and what is wrong with it. */
    public static final class InvalidUrlException extends IllegalArgumentException {
        public InvalidUrlException(String url, String problem) {
            super("URL '" + abbreviate(url) + "' " + problem);
        }

        private static String abbreviate(String url) {
            if (url == null) return "null";
            return url.length() <= 200 ? url : url.substring(0, 200) + "...";
        }
    }
}

package dev.sluice.gateway.hostile;

import dev.sluice.gateway.firecrawl.SignatureVerifier;
import dev.sluice.schemas.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates hostile requests for both ingest endpoints from a seed: the same seed gives the same requests, byte for
 * byte. Each request carries the answer it must get, so the test needs no oracle.
 */
final class HostileRequests {
    static final String WEBHOOK = "/api/webhook/firecrawl";
    static final String DOCUMENTS = "/api/documents";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String JSON = "application/json";

    private final Random random;
    private final SignatureVerifier signer;
    private final String apiSecret;
    private final long seed;
    private final List<HostileRequest> out = new ArrayList<>();
    private int serial;

    private HostileRequests(long seed, String webhookSecret, String apiSecret) {
        this.seed = seed;
        this.random = new Random(seed);
        this.signer = new SignatureVerifier(webhookSecret);
        this.apiSecret = apiSecret;
    }

    /** Every hostile request of the suite, in a fixed order. */
    static List<HostileRequest> generate(long seed, String webhookSecret, String apiSecret, long maxBodyBytes,
            int maxDocumentsPerRequest) {
        HostileRequests g = new HostileRequests(seed, webhookSecret, apiSecret);
        g.valid(60);
        g.nullsInMetadata(5);
        g.truncated(220);
        g.garbage(110);
        g.invalidUtf8(60);
        g.controlCharacters(40);
        g.wrongTypes();
        g.hugeStrings();
        g.nesting();
        g.oversized(maxBodyBytes);
        g.signatures(40);
        g.tokens(12);
        g.contentTypes();
        g.tooManyPages(maxDocumentsPerRequest);
        g.empty();
        g.duplicateKeys(20);
        g.replays(20);
        return List.copyOf(g.out);
    }

    // ---- bodies ----

    private String unique() {
        return seed + "-" + (serial++);
    }

    private ObjectNode page() {
        String n = unique();
        ObjectNode metadata = NODES.objectNode()
                .put("title", "Hostile page " + n)
                .put("description", "A generated page")
                .put("language", "en")
                .put("contentType", "text/html")
                .put("statusCode", 200)
                .put("url", "https://hostile.example.com/p/" + n)
                .put("sourceURL", "https://hostile.example.com/p/" + n);
        ObjectNode page = NODES.objectNode()
                .put("markdown", "# Page " + n + "\n\nSome words about " + words(8) + ".")
                .put("html", "<p>page " + n + "</p>");
        page.set("metadata", metadata);
        return page;
    }

    private ObjectNode webhookBody() {
        ObjectNode body = NODES.objectNode()
                .put("success", true)
                .put("type", "crawl.page")
                .put("id", "job-" + seed)
                .put("webhookId", "wh-" + unique());
        body.set("data", NODES.arrayNode().add(page()));
        return body;
    }

    private ObjectNode document() {
        String n = unique();
        return NODES.objectNode()
                .put("url", "https://hostile.example.com/d/" + n)
                .put("title", "Document " + n)
                .put("description", "generated")
                .put("markdown", "# Document " + n + "\n\n" + words(10))
                .put("language", "en")
                .put("contentType", "text/markdown")
                .put("statusCode", 200)
                .put("jobId", "job-" + seed);
    }

    private String words(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) s.append(' ');
            int len = 2 + random.nextInt(8);
            for (int j = 0; j < len; j++) s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }

    private static byte[] bytes(JsonNode node) {
        return Json.mapper().writeValueAsBytes(node);
    }

    // ---- requests ----

    private HostileRequest signed(String category, String name, byte[] body) {
        return request(category, name, WEBHOOK, Map.of("Content-Type", JSON,
                SignatureVerifier.HEADER, signer.header(body)), body);
    }

    private HostileRequest authorized(String category, String name, byte[] body) {
        return request(category, name, DOCUMENTS, Map.of("Content-Type", JSON,
                "Authorization", "Bearer " + apiSecret), body);
    }

    private static HostileRequest request(String category, String name, String path, Map<String, String> headers,
            byte[] body) {
        return new HostileRequest(category, name, "POST", path, headers, body, false, java.util.Set.of(), null, null,
                0);
    }

    private HostileRequest either(boolean webhook, String category, String name, byte[] body) {
        return webhook ? signed(category, "webhook: " + name, body) : authorized(category, "documents: " + name, body);
    }

    private void add(HostileRequest r) {
        out.add(r);
    }

    // ---- categories ----

    private void valid(int n) {
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
                add(signed("valid", "a signed page delivery", bytes(webhookBody())).accepted(1));
            } else if (i % 3 == 0) {
                ObjectNode batch = NODES.objectNode();
                ArrayNode docs = batch.putArray("documents");
                int k = 1 + random.nextInt(5);
                for (int j = 0; j < k; j++) docs.add(document());
                add(authorized("valid", "a batch of " + k + " documents", bytes(batch)).accepted(k));
            } else {
                add(authorized("valid", "one document", bytes(document())).accepted(1));
            }
        }
    }

    /** Firecrawl sends {@code null} for metadata it has no value for ({@code "ogImage": null}). */
    private void nullsInMetadata(int n) {
        for (int i = 0; i < n; i++) {
            ObjectNode page = webhookBody();
            ((ObjectNode) page.get("data").get(0).get("metadata")).putNull("ogImage").putNull("title");
            add(signed("valid", "webhook: null values in metadata", bytes(page)).accepted(1));
            ObjectNode doc = document();
            doc.putObject("metadata").putNull("author").put("tags", "x");
            add(authorized("valid", "documents: null values in metadata", bytes(doc)).accepted(1));
        }
    }

    /** Every proper prefix of a JSON object is invalid JSON. */
    private void truncated(int n) {
        for (int i = 0; i < n; i++) {
            boolean webhook = i % 2 == 0;
            byte[] whole = bytes(webhook ? webhookBody() : document());
            int cut = 1 + random.nextInt(whole.length - 1);
            add(either(webhook, "truncated", "cut after " + cut + " of " + whole.length + " bytes",
                    java.util.Arrays.copyOf(whole, cut)).expect(400, "malformed_json", null));
        }
    }

    /** Random bytes that cannot start a JSON value. */
    private void garbage(int n) {
        byte[] starts = {'#', '}', ']', ')', '<', 0, (byte) 0xFF, (byte) 0x80, '=', '\\'};
        for (int i = 0; i < n; i++) {
            byte[] body = new byte[1 + random.nextInt(4096)];
            random.nextBytes(body);
            body[0] = starts[i % starts.length];
            add(either(i % 2 == 0, "garbage", "random bytes", body).expect(400, "malformed_json", null));
        }
    }

    /** Invalid UTF-8 inside a string value. */
    private void invalidUtf8(int n) {
        byte[][] sequences = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xFE, (byte) 0xFE},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
                {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
        for (int i = 0; i < n; i++) {
            boolean webhook = i % 2 == 0;
            byte[] bad = sequences[i % sequences.length];
            String marker = "UTF8HOLE";
            ObjectNode body = webhook ? webhookBody() : document();
            if (webhook) {
                ((ObjectNode) body.get("data").get(0)).put("markdown", "before " + marker + " after");
            } else {
                body.put("title", "before " + marker + " after");
            }
            add(either(webhook, "invalid UTF-8", HexFormat.of().formatHex(bad) + " in a string",
                    replace(bytes(body), marker, bad)).expect(400, "malformed_json", null));
        }
    }

    /** Raw control characters (NUL first) inside strings are not JSON; escaped ones are text. */
    private void controlCharacters(int n) {
        for (int i = 0; i < n; i++) {
            boolean webhook = i % 2 == 0;
            byte control = (byte) (i % 4 == 0 ? 0 : random.nextInt(0x20));
            if (control == '\n' || control == '\r' || control == '\t') control = 0;
            ObjectNode body = webhook ? webhookBody() : document();
            if (webhook) {
                ((ObjectNode) body.get("data").get(0)).put("markdown", "a RAWCTRL b");
            } else {
                body.put("markdown", "a RAWCTRL b");
            }
            add(either(webhook, "NUL and control bytes", "raw 0x" + Integer.toHexString(control) + " in a string",
                    replace(bytes(body), "RAWCTRL", new byte[] {control})).expect(400, "malformed_json", null));
        }
        // Escaped NUL: fine in content, refused in an id (control characters), refused in a URL.
        ObjectNode inContent = document();
        inContent.put("markdown", "before \u0000 after");
        add(authorized("NUL and control bytes", "escaped NUL in markdown", bytes(inContent)).accepted(1));
        ObjectNode pageWithNul = webhookBody();
        ((ObjectNode) pageWithNul.get("data").get(0)).put("markdown", "x\u0000y");
        add(signed("NUL and control bytes", "escaped NUL in a page's markdown", bytes(pageWithNul)).accepted(1));
        ObjectNode inId = document();
        inId.put("id", "doc\u0000id");
        add(authorized("NUL and control bytes", "escaped NUL in the id", bytes(inId))
                .expect(422, "invalid_field", "id"));
        ObjectNode inUrl = document();
        inUrl.put("url", "https://hostile.example.com/a\u0000b");
        add(authorized("NUL and control bytes", "escaped NUL in the URL", bytes(inUrl))
                .expect(422, "invalid_field", "url"));
    }

    private static byte[] replace(byte[] body, String marker, byte[] with) {
        String s = new String(body, StandardCharsets.ISO_8859_1);
        int at = s.indexOf(marker);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(body, 0, at);
        out.writeBytes(with);
        int after = at + marker.length();
        out.write(body, after, body.length - after);
        return out.toByteArray();
    }

    /** Each field of each endpoint, with each value of a type it must not have: 422 naming the field. */
    private void wrongTypes() {
        List<JsonNode> notStrings = List.of(NODES.numberNode(42), NODES.numberNode(4.5), NODES.booleanNode(true),
                NODES.arrayNode().add("x"), NODES.objectNode().put("a", "b"));
        List<JsonNode> notInts = List.of(NODES.stringNode("200"), NODES.numberNode(4.5), NODES.booleanNode(false),
                NODES.arrayNode(), NODES.objectNode(), NODES.numberNode(new java.math.BigInteger("100000000000000000000")));
        List<JsonNode> notBooleans = List.of(NODES.stringNode("true"), NODES.numberNode(1), NODES.arrayNode(),
                NODES.objectNode());
        List<JsonNode> notObjects = List.of(NODES.stringNode("x"), NODES.numberNode(7), NODES.booleanNode(true),
                NODES.arrayNode().add(1));
        List<JsonNode> notArrays = List.of(NODES.stringNode("x"), NODES.numberNode(7), NODES.booleanNode(true),
                NODES.objectNode().put("0", "page"));

        Map<String, BiConsumer<ObjectNode, JsonNode>> webhookStrings = new LinkedHashMap<>();
        webhookStrings.put("type", (b, v) -> b.set("type", v));
        webhookStrings.put("id", (b, v) -> b.set("id", v));
        webhookStrings.put("webhookId", (b, v) -> b.set("webhookId", v));
        for (String f : List.of("markdown", "html")) {
            webhookStrings.put("data[0]." + f, (b, v) -> ((ObjectNode) b.get("data").get(0)).set(f, v));
        }
        for (String f : List.of("url", "title", "description", "language", "contentType")) {
            webhookStrings.put("data[0].metadata." + f,
                    (b, v) -> ((ObjectNode) b.get("data").get(0).get("metadata")).set(f, v));
        }
        webhookStrings.put("data[0].metadata.sourceURL", (b, v) -> {
            ObjectNode m = (ObjectNode) b.get("data").get(0).get("metadata");
            m.remove("url");
            m.set("sourceURL", v);
        });
        webhookStrings.forEach((field, set) -> notStrings.forEach(v -> wrongWebhook(field, set, v)));
        notInts.forEach(v -> wrongWebhook("data[0].metadata.statusCode",
                (b, x) -> ((ObjectNode) b.get("data").get(0).get("metadata")).set("statusCode", x), v));
        notBooleans.forEach(v -> wrongWebhook("success", (b, x) -> b.set("success", x), v));
        notArrays.forEach(v -> wrongWebhook("data", (b, x) -> b.set("data", x), v));
        notObjects.forEach(v -> wrongWebhook("data[0]", (b, x) -> ((ArrayNode) b.get("data")).set(0, x), v));
        notObjects.forEach(v -> wrongWebhook("data[0].metadata",
                (b, x) -> ((ObjectNode) b.get("data").get(0)).set("metadata", x), v));
        notObjects.forEach(v -> add(signed("wrong types", "webhook: the body is " + v.getNodeType(), bytes(v))
                .expect(422, "invalid_field", "(body)")));

        for (String f : List.of("url", "id", "title", "description", "markdown", "html", "text", "language",
                "contentType", "jobId")) {
            notStrings.forEach(v -> wrongDocument(f, v));
        }
        notInts.forEach(v -> wrongDocument("statusCode", v));
        notObjects.forEach(v -> wrongDocument("metadata", v));
        notObjects.forEach(v -> add(authorized("wrong types", "documents: the body is " + v.getNodeType(), bytes(v))
                .expect(422, "invalid_field", "(body)")));
        notArrays.forEach(v -> {
            ObjectNode batch = NODES.objectNode();
            batch.set("documents", v);
            add(authorized("wrong types", "documents: documents = " + v, bytes(batch))
                    .expect(422, "invalid_field", "documents"));
        });
        for (String f : List.of("url", "title", "statusCode")) {
            ObjectNode batch = NODES.objectNode();
            ArrayNode docs = batch.putArray("documents");
            docs.add(document()).add(document()).add(document());
            ((ObjectNode) docs.get(2)).set(f, NODES.arrayNode());
            add(authorized("wrong types", "documents: documents[2]." + f + " = []", bytes(batch))
                    .expect(422, "invalid_field", "documents[2]." + f));
        }
        notObjects.forEach(v -> {
            ObjectNode batch = NODES.objectNode();
            batch.putArray("documents").add(document()).add(v);
            add(authorized("wrong types", "documents: documents[1] = " + v, bytes(batch))
                    .expect(422, "invalid_field", "documents[1]"));
        });
        // Required fields missing or blank.
        ObjectNode noUrl = document();
        noUrl.remove("url");
        add(authorized("wrong types", "documents: url missing", bytes(noUrl)).expect(422, "invalid_field", "url"));
        ObjectNode blankUrl = document().put("url", "   ");
        add(authorized("wrong types", "documents: url blank", bytes(blankUrl)).expect(422, "invalid_field", "url"));
        for (String url : List.of("ftp://x.example.com/a", "not a url", "https://", "javascript:alert(1)",
                "https://exa mple.com/", "https://example.com:99999/")) {
            add(authorized("wrong types", "documents: url '" + url + "'", bytes(document().put("url", url)))
                    .expect(422, "invalid_field", "url"));
        }
        ObjectNode noMetadata = webhookBody();
        ((ObjectNode) noMetadata.get("data").get(0)).remove("metadata");
        add(signed("wrong types", "webhook: page without metadata", bytes(noMetadata))
                .expect(422, "invalid_field", "data[0].metadata"));
        ObjectNode noType = webhookBody();
        noType.remove("type");
        add(signed("wrong types", "webhook: type missing", bytes(noType)).expect(422, "invalid_field", "type"));
    }

    private void wrongWebhook(String field, BiConsumer<ObjectNode, JsonNode> set, JsonNode value) {
        ObjectNode body = webhookBody();
        set.accept(body, value.deepCopy());
        add(signed("wrong types", "webhook: " + field + " = " + value, bytes(body))
                .expect(422, "invalid_field", field));
    }

    private void wrongDocument(String field, JsonNode value) {
        ObjectNode body = document();
        body.set(field, value.deepCopy());
        add(authorized("wrong types", "documents: " + field + " = " + value, bytes(body))
                .expect(422, "invalid_field", field));
    }

    private String letters(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) c[i] = (char) ('a' + random.nextInt(26));
        return new String(c);
    }

    /**
     * Long but legal strings are stored (the test's topic allows 4 MB records); a document too large for the topic is
     * a 413 that names the limit, never a 503 that invites the sender to retry it forever.
     */
    private void hugeStrings() {
        add(authorized("huge strings", "documents: 1 MB markdown", bytes(document().put("markdown",
                letters(1 << 20)))).accepted(1));
        add(authorized("huge strings", "documents: 512 KB title", bytes(document().put("title",
                letters(512 << 10)))).accepted(1));
        ObjectNode bigPage = webhookBody();
        ((ObjectNode) bigPage.get("data").get(0)).put("markdown", letters(1 << 20));
        add(signed("huge strings", "webhook: 1 MB markdown", bytes(bigPage)).accepted(1));
        for (int i = 0; i < 3; i++) {
            add(authorized("huge strings", "documents: 7 MB of incompressible markdown", bytes(document().put(
                    "markdown", letters(7 << 20)))).expect(413, "document_too_large", null));
        }
        ObjectNode tooBigPage = webhookBody();
        ((ObjectNode) tooBigPage.get("data").get(0)).put("html", letters(7 << 20));
        add(signed("huge strings", "webhook: 7 MB of incompressible html", bytes(tooBigPage))
                .expect(413, "document_too_large", null));
        add(authorized("huge strings", "documents: 100 KB URL", bytes(document().put("url",
                "https://hostile.example.com/" + letters(100_000)))).expect(422, "invalid_field", "url"));
        ObjectNode longUrlPage = webhookBody();
        ((ObjectNode) longUrlPage.get("data").get(0).get("metadata")).put("url",
                "https://hostile.example.com/" + letters(100_000));
        add(signed("huge strings", "webhook: 100 KB URL", bytes(longUrlPage))
                .expect(422, "invalid_field", "data[0].metadata.url"));
        add(authorized("huge strings", "documents: 600-character id", bytes(document().put("id", letters(600))))
                .expect(422, "invalid_field", "id"));
        add(authorized("huge strings", "documents: 100,000-character field name",
                ("{\"" + letters(100_000) + "\": 1, \"url\": \"https://e.com/x\"}").getBytes(StandardCharsets.UTF_8))
                .expect(400, "malformed_json", null));
        add(authorized("huge strings", "documents: 2,000-digit number",
                ("{\"url\": \"https://e.com/x\", \"statusCode\": 1" + "0".repeat(2000) + "}")
                        .getBytes(StandardCharsets.UTF_8)).expect(400, "malformed_json", null));
    }

    private static JsonNode nested(int depth, boolean arrays) {
        JsonNode node = NODES.stringNode("bottom");
        for (int i = 0; i < depth; i++) {
            node = arrays ? NODES.arrayNode().add(node) : NODES.objectNode().set("n", node);
        }
        return node;
    }

    private void nesting() {
        for (int i = 0; i < 10; i++) {
            ObjectNode doc = document();
            doc.set("metadata", NODES.objectNode().set("deep", nested(50, i % 2 == 0)));
            add(authorized("nesting", "documents: 50 levels in metadata", bytes(doc)).accepted(1));
            ObjectNode page = webhookBody();
            ((ObjectNode) page.get("data").get(0).get("metadata")).set("deep", nested(50, i % 2 == 1));
            add(signed("nesting", "webhook: 50 levels in metadata", bytes(page)).accepted(1));
        }
        for (int i = 0; i < 10; i++) {
            boolean webhook = i % 2 == 0;
            add(either(webhook, "nesting", "50 nested arrays as the body", bytes(nested(50, true)))
                    .expect(422, "invalid_field", "(body)"));
            ObjectNode doc = document();
            doc.set("title", nested(50, true));
            add(authorized("nesting", "documents: 50 levels as the title", bytes(doc))
                    .expect(422, "invalid_field", "title"));
        }
        // Deep enough to pass the parser but not to be stored: a 422 naming metadata, not a failure while writing.
        for (int depth : new int[] {65, 200, 480, 495}) {
            ObjectNode doc = document();
            doc.set("metadata", NODES.objectNode().set("deep", nested(depth, depth % 2 == 0)));
            add(authorized("nesting", "documents: " + depth + " levels in metadata", bytes(doc))
                    .expect(422, "invalid_field", "metadata"));
            ObjectNode page = webhookBody();
            ((ObjectNode) page.get("data").get(0).get("metadata")).set("deep", nested(depth, true));
            add(signed("nesting", "webhook: " + depth + " levels in metadata", bytes(page))
                    .expect(422, "invalid_field", "data[0].metadata"));
        }
        for (int depth : new int[] {600, 10_000, 100_000}) {
            String open = "[".repeat(depth);
            add(authorized("nesting", "documents: " + depth + " nested arrays",
                    open.getBytes(StandardCharsets.UTF_8)).expect(400, "malformed_json", null));
            add(signed("nesting", "webhook: " + depth + " nested objects",
                    "{\"a\":".repeat(depth).getBytes(StandardCharsets.UTF_8)).expect(400, "malformed_json", null));
        }
    }

    /** Bodies over the limit, declared or chunked, signed or not: 413 before anything else. */
    private void oversized(long maxBodyBytes) {
        int size = (int) maxBodyBytes + (1 << 20); // 11 MB with the default 10 MB limit
        byte[] body = new byte[size];
        byte[] doc = bytes(document());
        System.arraycopy(doc, 0, body, 0, doc.length - 1);
        java.util.Arrays.fill(body, doc.length - 1, size, (byte) ' ');
        body[size - 1] = '}';
        HostileRequest documents = authorized("11 MB bodies", "documents: " + size + " bytes", body)
                .expect(413, "payload_too_large", null);
        add(documents);
        add(documents.chunkedBody());
        HostileRequest webhook = signed("11 MB bodies", "webhook: " + size + " bytes", body)
                .expect(413, "payload_too_large", null);
        add(webhook);
        add(webhook.chunkedBody());
        add(request("11 MB bodies", "webhook: " + size + " bytes, unsigned", WEBHOOK,
                Map.of("Content-Type", JSON), body).expect(413, "payload_too_large", null));
        add(request("11 MB bodies", "documents: " + size + " bytes, no token", DOCUMENTS,
                Map.of("Content-Type", JSON), body).expect(413, "payload_too_large", null));
    }

    private void signatures(int n) {
        for (int i = 0; i < n; i++) {
            byte[] body = bytes(webhookBody());
            add(request("signatures", "missing", WEBHOOK, Map.of("Content-Type", JSON), body)
                    .expect(401, "missing_signature", null));
            byte[] forged = new byte[32];
            random.nextBytes(forged);
            add(request("signatures", "forged", WEBHOOK, Map.of("Content-Type", JSON, SignatureVerifier.HEADER,
                    "sha256=" + HexFormat.of().formatHex(forged)), body).expect(401, "invalid_signature", null));
            add(request("signatures", "signed with another secret", WEBHOOK, Map.of("Content-Type", JSON,
                    SignatureVerifier.HEADER, new SignatureVerifier("another-secret-" + i).header(body)), body)
                    .expect(401, "invalid_signature", null));
            byte[] other = bytes(webhookBody());
            add(request("signatures", "signature of another body", WEBHOOK, Map.of("Content-Type", JSON,
                    SignatureVerifier.HEADER, signer.header(other)), body).expect(401, "invalid_signature", null));
            byte[] tampered = body.clone();
            int at = random.nextInt(tampered.length);
            tampered[at] = (byte) (tampered[at] == 'x' ? 'y' : 'x');
            add(request("signatures", "body changed after signing", WEBHOOK, Map.of("Content-Type", JSON,
                    SignatureVerifier.HEADER, signer.header(body)), tampered).expect(401, "invalid_signature", null));
            String[] malformed = {"sha1=" + HexFormat.of().formatHex(forged, 0, 20), "sha256=xyz",
                    "sha256=" + HexFormat.of().formatHex(forged).substring(1), HexFormat.of().formatHex(forged),
                    "sha256=" + HexFormat.of().formatHex(forged) + "00", "Bearer abc"};
            add(request("signatures", "malformed: " + malformed[i % malformed.length], WEBHOOK,
                    Map.of("Content-Type", JSON, SignatureVerifier.HEADER, malformed[i % malformed.length]), body)
                    .expect(400, "malformed_signature", null));
        }
    }

    private void tokens(int n) {
        for (int i = 0; i < n; i++) {
            byte[] body = bytes(document());
            add(request("tokens", "no Authorization", DOCUMENTS, Map.of("Content-Type", JSON), body)
                    .expect(401, "missing_token", null));
            add(request("tokens", "wrong token", DOCUMENTS, Map.of("Content-Type", JSON, "Authorization",
                    "Bearer " + letters(40)), body).expect(401, "invalid_token", null));
            add(request("tokens", "token prefix", DOCUMENTS, Map.of("Content-Type", JSON, "Authorization",
                    "Bearer " + apiSecret.substring(0, apiSecret.length() - 1)), body)
                    .expect(401, "invalid_token", null));
            add(request("tokens", "Basic scheme", DOCUMENTS, Map.of("Content-Type", JSON, "Authorization",
                    "Basic " + java.util.Base64.getEncoder().encodeToString(("u:" + apiSecret).getBytes(
                            StandardCharsets.UTF_8))), body).expect(401, "invalid_token", null));
        }
    }

    private void contentTypes() {
        List<String> types = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=xyz", "application/octet-stream", "text/json");
        for (String type : types) {
            byte[] page = bytes(webhookBody());
            add(request("content types", "webhook: " + type, WEBHOOK, Map.of("Content-Type", type,
                    SignatureVerifier.HEADER, signer.header(page)), page).expect(415, "unsupported_media_type", null));
            add(request("content types", "documents: " + type, DOCUMENTS, Map.of("Content-Type", type,
                    "Authorization", "Bearer " + apiSecret), bytes(document()))
                    .expect(415, "unsupported_media_type", null));
        }
        byte[] page = bytes(webhookBody());
        add(request("content types", "webhook: no Content-Type", WEBHOOK,
                Map.of(SignatureVerifier.HEADER, signer.header(page)), page)
                .expect(415, "unsupported_media_type", null));
        add(request("content types", "documents: no Content-Type", DOCUMENTS,
                Map.of("Authorization", "Bearer " + apiSecret), bytes(document()))
                .expect(415, "unsupported_media_type", null));
        add(request("content types", "documents: application/json; charset=utf-8", DOCUMENTS,
                Map.of("Content-Type", "application/json; charset=utf-8", "Authorization", "Bearer " + apiSecret),
                bytes(document())).accepted(1));
    }

    /** One delivery with 10,000 pages, and one documents request over the limit: 422, nothing stored. */
    private void tooManyPages(int maxDocuments) {
        ObjectNode body = webhookBody();
        ArrayNode data = body.putArray("data");
        for (int i = 0; i < 10_000; i++) data.add(page());
        add(signed("10,000 pages", "webhook: one event with 10,000 pages", bytes(body))
                .expect(422, "invalid_field", "data"));
        ObjectNode batch = NODES.objectNode();
        ArrayNode docs = batch.putArray("documents");
        for (int i = 0; i <= maxDocuments; i++) docs.add(document());
        add(authorized("10,000 pages", "documents: " + (maxDocuments + 1) + " documents", bytes(batch))
                .expect(422, "invalid_field", "documents"));
    }

    private void empty() {
        for (String body : List.of("", " ", "\r\n\t ", "null", "{}", "[]")) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            boolean parsesToSomething = body.equals("null") || body.equals("{}") || body.equals("[]");
            HostileRequest webhook = signed("empty bodies", "webhook: '" + body.strip() + "'", b);
            HostileRequest documents = authorized("empty bodies", "documents: '" + body.strip() + "'", b);
            if (!parsesToSomething) {
                add(webhook.expect(400, "malformed_json", null));
                add(documents.expect(400, "malformed_json", null));
            } else if (body.equals("{}")) {
                add(webhook.expect(422, "invalid_field", "type"));
                add(documents.expect(422, "invalid_field", "url"));
            } else {
                add(webhook.expect(422, "invalid_field", "(body)"));
                add(documents.expect(422, "invalid_field", "(body)"));
            }
        }
        add(request("empty bodies", "webhook: no body at all, signed", WEBHOOK,
                Map.of("Content-Type", JSON, SignatureVerifier.HEADER, signer.header(new byte[0])), null)
                .expect(400, "malformed_json", null));
        add(request("empty bodies", "documents: no body at all", DOCUMENTS,
                Map.of("Content-Type", JSON, "Authorization", "Bearer " + apiSecret), null)
                .expect(400, "malformed_json", null));
    }

    /** A key given twice is ambiguous (which URL did the signer mean?): refused, not resolved silently. */
    private void duplicateKeys(int n) {
        for (int i = 0; i < n; i++) {
            boolean webhook = i % 2 == 0;
            String json = new String(bytes(webhook ? webhookBody() : document()), StandardCharsets.UTF_8);
            String key = webhook ? (i % 4 == 0 ? "type" : "webhookId") : (i % 3 == 0 ? "url" : "markdown");
            String extra = key.equals("type") ? "\"crawl.started\"" : "\"https://other.example.com/" + i + "\"";
            String doubled = "{\"" + key + "\":" + extra + "," + json.substring(1);
            add(either(webhook, "duplicate keys", "'" + key + "' twice",
                    doubled.getBytes(StandardCharsets.UTF_8)).expect(400, "malformed_json", null));
        }
        ObjectNode nestedDup = webhookBody();
        String json = new String(bytes(nestedDup), StandardCharsets.UTF_8).replace("\"title\":",
                "\"title\":\"first\",\"title\":");
        add(signed("duplicate keys", "webhook: metadata.title twice", json.getBytes(StandardCharsets.UTF_8))
                .expect(400, "malformed_json", null));
    }

    /** A captured, correctly signed delivery sent again: answered 202 as a duplicate, stored once. */
    private void replays(int n) {
        for (int i = 0; i < n; i++) {
            byte[] body = bytes(webhookBody());
            add(signed("replayed signatures", "original delivery", body).accepted(1));
            add(signed("replayed signatures", "the same delivery replayed", body).accepted(0));
        }
    }
}

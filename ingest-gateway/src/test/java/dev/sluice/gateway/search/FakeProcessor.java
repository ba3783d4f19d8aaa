package dev.sluice.gateway.search;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for a stream processor's {@code GET /api/search} on a real port (the JDK's HTTP server): it answers what
 * the test tells it, or hangs (before or in the middle of its answer) until closed, and records what it was asked.
 */
public final class FakeProcessor implements AutoCloseable {
    /** What the fake does with a request. */
    private sealed interface Behaviour {}

    private record Answer(int status, String contentType, byte[] body) implements Behaviour {}

    private record Hang() implements Behaviour {}

    private record StallInBody(byte[] firstBytes, int declaredLength) implements Behaviour {}

    /** One request as received. */
    public record Request(String path, Map<String, String> parameters, String authorization) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Behaviour behaviour = new Answer(200, "application/json", "{\"hits\":[]}".getBytes());

    public FakeProcessor() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A base URL on which nothing listens: connections are refused. */
    public static URI unreachable() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public FakeProcessor answers(int status, String contentType, String body) {
        behaviour = new Answer(status, contentType, body.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Accepts the connection and never answers, until closed. */
    public FakeProcessor hangs() {
        behaviour = new Hang();
        return this;
    }

    /** Sends the headers and the start of the body, then nothing more until closed. */
    public FakeProcessor stallsInTheBody() {
        behaviour = new StallInBody("{\"hits\":[".getBytes(StandardCharsets.UTF_8), 1000);
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(new Request(exchange.getRequestURI().getPath(), parameters(exchange.getRequestURI()),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            switch (behaviour) {
                case Answer a -> {
                    if (a.contentType() != null) {
                        exchange.getResponseHeaders().set("Content-Type", a.contentType());
                    }
                    exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(a.body());
                    }
                }
                case Hang h -> awaitRelease();
                case StallInBody s -> {
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, s.declaredLength());
                    OutputStream out = exchange.getResponseBody();
                    out.write(s.firstBytes());
                    out.flush();
                    awaitRelease();
                }
            }
        }
    }

    private void awaitRelease() {
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Decodes the query as a servlet container does ({@code +} is a space). */
    private static Map<String, String> parameters(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(name, value);
        }
        return out;
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}

package dev.sluice.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection over a plain socket, for the benchmark's own requests: a prepared request out,
 * the whole response read back (framed by length or chunked). The JDK's HTTP client spends far more CPU per request
 * than the gateway does (its one selector thread tops out near 1,000 requests/s here) — CPU the gateway, sharing two
 * cores with its load, then lacks; wrk2 is not packaged for Debian. Not thread-safe: one exchange at a time.
 */
final class Http1Connection implements AutoCloseable {
    /** A response: its status and body. */
    record Response(int status, byte[] body) {}

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private boolean reusable = true;
    private long lastUsedNanos = System.nanoTime();

    Http1Connection(URI uri) throws IOException {
        socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** The bytes of a JSON POST to {@code uri} with a bearer token, to send as they are, as often as wanted. */
    static byte[] jsonPost(URI uri, String bearer, byte[] body) {
        byte[] head = String.format(Locale.ROOT, "POST %s HTTP/1.1\r\nHost: %s:%d\r\nAuthorization: Bearer %s\r\n"
                        + "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n", uri.getRawPath(),
                uri.getHost(), uri.getPort(), bearer, body.length).getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[head.length + body.length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        System.arraycopy(body, 0, bytes, head.length, body.length);
        return bytes;
    }

    /** Sends {@code request} and reads its response to the end. */
    Response exchange(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        String status = line();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + status);
        }
        long length = 0;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (long size = chunkSize(); size > 0; size = chunkSize()) {
                read(size, body);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else {
            read(length, body);
        }
        reusable = !close;
        lastUsedNanos = System.nanoTime();
        return new Response(Integer.parseInt(status.substring(9, 12)), body.toByteArray());
    }

    /**
     * Whether another request may go on this connection: the server did not announce it closes it, and it has not
     * idled long enough for the server's keep-alive timeout (Tomcat's is 20 s or more) to have closed it meanwhile.
     */
    boolean reusable() {
        return reusable && System.nanoTime() - lastUsedNanos < 5_000_000_000L;
    }

    private long chunkSize() throws IOException {
        return Long.parseLong(line().split(";")[0].trim(), 16);
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed mid-response");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private void read(long bytes, ByteArrayOutputStream to) throws IOException {
        byte[] buffer = new byte[(int) Math.min(bytes, 8192)];
        for (long left = bytes; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(left, buffer.length));
            if (n < 0) {
                throw new EOFException("connection closed mid-body");
            }
            to.write(buffer, 0, n);
            left -= n;
        }
    }

    /** A connection to {@code uri} that is opened again after a failure, or after the server announced a close. */
    static final class Reopening implements AutoCloseable {
        private final URI uri;
        private Http1Connection current;

        Reopening(URI uri) {
            this.uri = uri;
        }

        /** Sends {@code request}: the response's status, or -1 when the exchange failed (the connection is dropped). */
        int send(byte[] request) {
            try {
                if (current == null) {
                    current = new Http1Connection(uri);
                }
                int status = current.exchange(request).status();
                if (!current.reusable()) {
                    close();
                }
                return status;
            } catch (IOException e) {
                close();
                return -1;
            }
        }

        @Override
        public void close() {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }

    /** Closes the socket; never throws (the connection may be broken already). */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken connection
        }
    }
}

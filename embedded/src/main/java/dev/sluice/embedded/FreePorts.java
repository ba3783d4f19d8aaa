package dev.sluice.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ports that were free a moment ago, for services started on one machine (the embedded broker and its controller, the
 * all-in-one runner, tests). The operating system may hand the same ephemeral port to two {@code new ServerSocket(0)}
 * calls once the first is closed, and a runner given one port for two services refuses to start; so every port
 * handed out here is distinct from every other one handed out in this JVM.
 */
public final class FreePorts {
    /** Ports drawn before giving up: only those handed out before are skipped, so a few draws suffice. */
    private static final int TRIES = 100;

    private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /** A port free now and not handed out before in this JVM. */
    public static int take() {
        // Sockets stay bound until a new port is found, so the kernel cannot offer a skipped port again.
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < TRIES; i++) {
                ServerSocket socket = new ServerSocket(0);
                held.add(socket);
                if (handedOut.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
            throw new IllegalStateException("no free port after " + TRIES + " tries");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a server socket to find a free port", e);
        } finally {
            held.forEach(FreePorts::closeQuietly);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // A socket that was only bound has nothing to flush; the port is released either way.
        }
    }
}

package dev.sluice.standalone;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks up front that the ports the runner will listen on are free, so that a clash is one clear message naming the
 * option before anything starts, instead of a failure half-way (after the broker and PostgreSQL are up).
 */
final class PortCheck {
    private PortCheck() {}

    /** @throws IllegalStateException naming {@code option} when {@code host:port} cannot be bound */
    static void requireFree(String host, int port, String option) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new IllegalStateException(option + " " + port + " on " + host + " is in use (another Sluice, or "
                    + "another program): stop it, or choose another port with --" + option);
        }
    }
}

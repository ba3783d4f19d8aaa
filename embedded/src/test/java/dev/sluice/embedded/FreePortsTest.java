package dev.sluice.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void shouldNeverHandOutOnePortTwice() {
        // 500 ports drawn by the kernel from ~28,000 ephemeral ones meet a repeat almost surely (the birthday bound):
        // without the register of ports handed out, this test fails.
        Set<Integer> ports = new HashSet<>();
        IntStream.range(0, 500).forEach(i -> assertThat(ports.add(FreePorts.take())).as("new port").isTrue());
    }

    @Test
    void shouldHandOutAPortAServiceCanBind() throws Exception {
        int port = FreePorts.take();
        try (ServerSocket service = new ServerSocket(port)) {
            assertThat(service.getLocalPort()).isEqualTo(port);
        }
    }
}

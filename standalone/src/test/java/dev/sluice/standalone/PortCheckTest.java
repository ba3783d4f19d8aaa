package dev.sluice.standalone;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortCheckTest {

    @Test
    void shouldNameTheOptionOfAPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> PortCheck.requireFree("127.0.0.1", port, "gateway-port"))
                    .hasMessageContaining("gateway-port " + port + " on 127.0.0.1 is in use")
                    .hasMessageContaining("--gateway-port");
        }
    }

    @Test
    void shouldAcceptAFreePort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }

        assertThatCode(() -> PortCheck.requireFree("127.0.0.1", port, "gateway-port")).doesNotThrowAnyException();
    }
}

package dev.sluice.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SluiceCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = SluiceCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** A port nothing listens on: bound, then released. */
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Nested
    class Help {
        @ParameterizedTest
        @ValueSource(strings = {"up", "ingest", "search", "status", "dlq"})
        void shouldShowOptionsAndExamplesForEveryCommand(String command) {
            assertThat(run(command, "--help")).isZero();

            assertThat(out.toString()).contains("Usage: sluice " + command).contains("Examples:")
                    .contains("bin/sluice " + command);
        }

        @Test
        void shouldListTheCommandsAtTheTop() {
            assertThat(run("--help")).isZero();

            assertThat(out.toString()).contains("up", "ingest", "search", "status", "dlq", "Examples:");
        }

        @Test
        void shouldNeverShowTheApiSecretAsADefault() {
            run("ingest", "--help");

            assertThat(out.toString()).doesNotContain("sluice-dev-api-secret");
        }
    }

    @Nested
    class UsageErrors {
        @Test
        void shouldAskForACommand() {
            assertThat(run()).isEqualTo(2);

            assertThat(err.toString()).contains("Missing command");
        }

        @Test
        void shouldRefuseALimitOutOfRange() {
            assertThat(run("search", "x", "--limit", "0")).isEqualTo(2);

            assertThat(err.toString()).contains("--limit must be in 1..100");
        }

        @Test
        void shouldRefuseAnUnknownMode() {
            assertThat(run("search", "x", "--mode", "fuzzy")).isEqualTo(2);

            assertThat(err.toString()).contains("--mode");
        }

        @Test
        void shouldRefuseADurationItCannotRead() {
            assertThat(run("ingest", ".", "--timeout", "soon")).isEqualTo(2);

            assertThat(err.toString()).contains("'soon' is not a duration");
        }
    }

    @Test
    void shouldAddTheRootCauseToAWrappedMessage() {
        Exception wrapped = new IllegalStateException("Failed to start bean 'webServerStartStop'",
                new RuntimeException("inner", new java.net.BindException("Port 8080 is already in use")));

        assertThat(SluiceCli.message(wrapped))
                .isEqualTo("Failed to start bean 'webServerStartStop': Port 8080 is already in use");
        assertThat(SluiceCli.message(new IllegalStateException("plain"))).isEqualTo("plain");
    }

    @Nested
    class NothingRunning {
        @Test
        void shouldReportBothDownWithExitCodeOne() throws Exception {
            int port = closedPort();

            int code = run("status", "--gateway", "http://127.0.0.1:" + port, "--processor",
                    "http://127.0.0.1:" + port);

            assertThat(code).isEqualTo(1);
            assertThat(out.toString()).contains("gateway").contains("processor").contains("DOWN")
                    .contains("connection refused");
        }

        @Test
        void shouldSayWhereSearchCouldNotConnect() throws Exception {
            int port = closedPort();

            assertThat(run("search", "anything", "--url", "http://127.0.0.1:" + port)).isEqualTo(1);

            assertThat(err.toString()).contains("cannot reach http://127.0.0.1:" + port);
        }

        @Test
        void shouldSayThatAPathDoesNotExist(@TempDir Path dir) {
            assertThat(run("ingest", dir.resolve("missing").toString())).isEqualTo(1);

            assertThat(err.toString()).contains("does not exist");
        }
    }
}

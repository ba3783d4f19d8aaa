package dev.sluice.processor.reliability;

import dev.sluice.processor.app.ProcessorApplication;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The processor application in a JVM of its own, so that it can be killed as a crash kills it: SIGKILL, no shutdown
 * hook, no commit, no Lucene commit, transactions left open (as FailoverIT does).
 */
final class ProcessorProcess {
    private final String name;
    private final List<String> args;
    private final Path logFile;
    private Process process;
    private int starts;

    private final int port;

    ProcessorProcess(String name, List<String> args, int port, Path logDir) {
        this.name = name;
        this.port = port;
        this.args = List.copyOf(args);
        this.logFile = logDir.resolve(name + ".log");
    }

    /** Starts (again) with the same settings and state directory; output appended to {@code <name>.log}. */
    synchronized void start() {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), ProcessorApplication.class.getName()));
        command.addAll(args);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            starts++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start processor " + name, e);
        }
    }

    /** SIGKILL, and waits until the process is gone. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM (the shutdown hook runs), and waits for the exit; true if it exited within {@code seconds}. */
    synchronized boolean terminate(long seconds) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return true;
        }
        process.destroy();
        boolean exited = process.waitFor(seconds, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        return exited;
    }

    /** Waits until the instance answers its health check, failing if it dies first. */
    void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).build();
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!isAlive()) {
                throw new AssertionError("processor " + name + " died at start; see " + logFile);
            }
            try {
                return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false; // not listening yet
            }
        });
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    synchronized int starts() {
        return starts;
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }
}

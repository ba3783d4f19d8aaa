package dev.sluice.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void shouldFindNoOrphanWithoutAPidFile() throws Exception {
        assertThat(EmbeddedDatabase.orphanPostmaster(dir)).isEmpty();
    }

    @Test
    void shouldNeverTakeAnotherLiveProcessForAnOrphanPostmaster() throws Exception {
        // this JVM is alive but is not PostgreSQL: it must be left alone
        Files.writeString(dir.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + dir + "\n");

        assertThat(EmbeddedDatabase.orphanPostmaster(dir)).isEmpty();
    }

    @Test
    void shouldIgnoreAGarbledPidFile() throws Exception {
        Files.writeString(dir.resolve("postmaster.pid"), "not a pid\n");

        assertThat(EmbeddedDatabase.orphanPostmaster(dir)).isEmpty();
    }
}

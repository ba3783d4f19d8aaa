package dev.sluice.processor.index.qdrant;

import static dev.sluice.processor.index.qdrant.QdrantVectorStoreTest.chunks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.processor.index.ScoredChunk;
import dev.sluice.processor.index.SearchFilter;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The network path: {@link QdrantVectorStore#open(QdrantConfig)} builds its own channel from a URL and talks HTTP/2
 * over a real socket to {@link FakeQdrantServer#onLocalPort()}.
 */
class QdrantVectorStoreIT {

    private static String urlOf(int port) {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port;
    }

    @Test
    void shouldIndexAndSearchOverHttp2WithTheApiKeyOnEveryCall() {
        try (FakeQdrantServer qdrant = FakeQdrantServer.onLocalPort();
                QdrantVectorStore store = QdrantVectorStore.open(
                        QdrantConfig.forUrl(urlOf(qdrant.port()), 4).withApiKey("k-123"))) {

            store.upsert("d1", chunks("d1", 300));
            List<ScoredChunk> hits = store.search(new float[] {1, 0, 0, 0}, 5, SearchFilter.NONE);

            assertThat(hits).hasSize(5);
            assertThat(qdrant.pointCount(QdrantConfig.DEFAULT_COLLECTION)).isEqualTo(300);
            assertThat(qdrant.calls()).allSatisfy(call -> assertThat(call.apiKey()).isEqualTo("k-123"));
        }
    }

    @Test
    void shouldReportARefusedConnectionAtStartAsRetriable() {
        int closedPort;
        try (FakeQdrantServer qdrant = FakeQdrantServer.onLocalPort()) {
            closedPort = qdrant.port();
        }

        assertThatThrownBy(() -> QdrantVectorStore.open(QdrantConfig.forUrl(urlOf(closedPort), 4)))
                .isInstanceOfSatisfying(IndexingException.class, e -> {
                    assertThat(e.retriable()).isTrue();
                    assertThat(e.code()).isEqualTo(ErrorCodes.VECTOR_STORE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("UNAVAILABLE");
                });
    }
}

package dev.sluice.processor.index.qdrant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.schemas.Stage;
import io.grpc.Status;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QdrantErrorsTest {

    @Test
    void shouldRetryOnlyWhatMaySucceedLater() {
        Set<Status.Code> retriable = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
                Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED, Status.Code.INTERNAL, Status.Code.UNKNOWN,
                Status.Code.CANCELLED);

        Arrays.stream(Status.Code.values()).filter(c -> c != Status.Code.OK).forEach(code ->
                assertThat(QdrantErrors.isRetriable(code)).as(code.name()).isEqualTo(retriable.contains(code)));
    }

    @Test
    void shouldNameOperationCollectionAndStatus() {
        IndexingException e = QdrantErrors.toIndexingException(
                Status.INVALID_ARGUMENT.withDescription("Wrong input: bad").asRuntimeException(),
                "upsert of document d1", "chunks");

        assertThat(e.code()).isEqualTo(ErrorCodes.VECTOR_STORE_REJECTED);
        assertThat(e.stage()).isEqualTo(Stage.VECTOR_UPSERT);
        assertThat(e.retriable()).isFalse();
        assertThat(e.getMessage()).isEqualTo(
                "Qdrant upsert of document d1 on collection 'chunks' failed: INVALID_ARGUMENT: Wrong input: bad");
    }

    @Test
    void shouldFindTheStatusInTheCauseChain() {
        IndexingException e = QdrantErrors.toIndexingException(
                new IllegalStateException("wrapped", Status.UNAVAILABLE.asException()), "search", "chunks");

        assertThat(e.code()).isEqualTo(ErrorCodes.VECTOR_STORE_UNAVAILABLE);
        assertThat(e.retriable()).isTrue();
    }

    @Test
    void shouldReportAFailureWithoutStatusAsAnInternalError() {
        IndexingException e = QdrantErrors.toIndexingException(new NullPointerException(), "search", "chunks");

        assertThat(e.code()).isEqualTo(ErrorCodes.INTERNAL);
        assertThat(e.retriable()).isFalse();
    }

    @Test
    void shouldShortenLongServerDescriptions() {
        IndexingException e = QdrantErrors.toIndexingException(
                Status.INTERNAL.withDescription("x".repeat(5_000)).asRuntimeException(), "search", "chunks");

        assertThat(e.getMessage()).hasSizeLessThan(400).endsWith("...");
    }
}

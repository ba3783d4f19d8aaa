package dev.sluice.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DocumentIdsTest {

    @Test
    void shouldGiveOneIdToEveryFormOfOnePageUrl() {
        String id = DocumentIds.fromUrl("https://docs.example.com/guide/install?lang=en&os=linux");
        assertThat(DocumentIds.fromUrl("HTTPS://Docs.Example.com:443/guide/./install/?os=linux&lang=en&utm_source=x#top"))
                .isEqualTo(id);
        assertThat(id).hasSize(32).matches("[0-9a-f]{32}");
    }

    @Test
    void shouldGiveDifferentPagesDifferentIds() {
        assertThat(DocumentIds.fromUrl("https://example.com/a"))
                .isNotEqualTo(DocumentIds.fromUrl("https://example.com/b"))
                .isNotEqualTo(DocumentIds.fromUrl("http://example.com/a"))
                .isNotEqualTo(DocumentIds.fromUrl("https://example.com/a?page=2"));
    }

    @Test
    void shouldBeStableAcrossReleases() {
        // Document ids are keys in Kafka and in every index: changing them re-indexes every page.
        assertThat(DocumentIds.fromUrl("https://example.com/")).isEqualTo("0f115db062b7c0dd030b16878c99dea5");
    }

    @Test
    void shouldPreferTheProducersId() {
        assertThat(DocumentIds.resolve("sku-42", "https://example.com/a")).isEqualTo("sku-42");
        assertThat(DocumentIds.resolve(null, "https://example.com/a")).isEqualTo(DocumentIds.fromUrl("https://example.com/a"));
    }

    @Test
    void shouldRejectBadProducerIds() {
        assertThatThrownBy(() -> DocumentIds.checkId(" ")).hasMessage("field 'documentId' must not be blank");
        assertThatThrownBy(() -> DocumentIds.checkId("a\u0000b"))
                .hasMessage("field 'documentId' must not contain control characters (at index 1)");
        assertThatThrownBy(() -> DocumentIds.checkId("x".repeat(513)))
                .hasMessage("field 'documentId' must be at most 512 characters but has 513");
    }
}

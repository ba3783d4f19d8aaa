package dev.sluice.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void shouldUseSluiceNamesByDefault() {
        Topics topics = Topics.defaults();
        assertThat(topics.documents().name()).isEqualTo("sluice.documents");
        assertThat(topics.outcomes().name()).isEqualTo("sluice.outcomes");
        assertThat(topics.deadLetters().name()).isEqualTo("sluice.dlq");
        assertThat(topics.crawlEvents().name()).isEqualTo("sluice.crawl-events");
    }

    @Test
    void shouldOverrideNamesAndKeepSerdes() {
        Topics topics = Topics.withNames(Map.of("documents", "team-a.docs", "dlq", "team-a.dlq"));
        assertThat(topics.documents().name()).isEqualTo("team-a.docs");
        assertThat(topics.documents().valueSerde()).isSameAs(Topics.defaults().documents().valueSerde());
        assertThat(topics.deadLetters().name()).isEqualTo("team-a.dlq");
        assertThat(topics.outcomes().name()).isEqualTo("sluice.outcomes");
    }

    @Test
    void shouldRejectUnknownKeysAndIllegalNames() {
        assertThatThrownBy(() -> Topics.withNames(Map.of("outcome", "x")))
                .hasMessageContaining("unknown topic key(s) [outcome]");
        assertThatThrownBy(() -> Topics.withNames(Map.of("documents", "a b")))
                .hasMessageContaining("topic name 'a b' has an illegal character ' '");
        assertThatThrownBy(() -> Topics.withNames(Map.of("documents", "")))
                .hasMessageContaining("must not be empty");
    }
}

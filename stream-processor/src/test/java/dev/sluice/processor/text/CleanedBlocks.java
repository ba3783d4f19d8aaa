package dev.sluice.processor.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;

/** What every block the cleaner gives out must satisfy, whatever the input. */
final class CleanedBlocks {

    private CleanedBlocks() {}

    static void assertClean(Block block) {
        String text = block.text();
        assertThat(text).as("block text").isNotBlank();
        assertThat(Normalizer.isNormalized(text, Normalizer.Form.NFC)).as("NFC").isTrue();
        boolean code = block.kind() == Block.Kind.CODE;
        text.chars().forEach(c -> {
            boolean allowed = c == '\n' || (code && c == '\t');
            if (!allowed) {
                assertThat(Character.isISOControl(c)).as("control character U+%04X", c).isFalse();
            }
            assertThat(c).as("removed character").isNotIn((int) '\uFFFD', (int) '\uFEFF', (int) '\u00AD');
        });
        assertThat(text.codePoints().filter(c -> c >= 0xD800 && c <= 0xDFFF).count()).as("unpaired surrogates").isZero();
        if (!code) {
            assertThat(text).as("collapsed whitespace").doesNotContain("  ", "\n\n", " \n", "\n ", "\t")
                    .isEqualTo(text.strip());
        } else {
            assertThat(text).as("blank-line runs").doesNotContain("\n\n\n").doesNotStartWith("\n").doesNotEndWith("\n");
        }
        if (block.kind() == Block.Kind.HEADING) {
            assertThat(block.level()).isBetween(1, 6);
        } else if (block.kind() != Block.Kind.LIST_ITEM) {
            assertThat(block.level()).isZero();
        }
    }
}

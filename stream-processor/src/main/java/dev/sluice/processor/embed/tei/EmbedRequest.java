package dev.sluice.processor.embed.tei;

/**
 * One request to TEI's {@code /embed}: the caller's inputs {@code [from, to)} and the exact JSON body that carries
 * them, so that what was measured against the byte limit is what is sent.
 */
record EmbedRequest(int from, int to, byte[] body) {

    /** Number of inputs, and so of vectors expected back. */
    int size() {
        return to - from;
    }
}

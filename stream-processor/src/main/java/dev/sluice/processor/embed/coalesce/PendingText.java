package dev.sluice.processor.embed.coalesce;

import dev.sluice.processor.coalesce.CoalescingQueue;

/** One text waiting to be embedded: whose it is, where its vector goes, and its size in a request. */
record PendingText(EmbedCall call, int index, String text, int bytes) implements CoalescingQueue.Item {

    @Override
    public boolean isDone() {
        return call.isDone();
    }
}

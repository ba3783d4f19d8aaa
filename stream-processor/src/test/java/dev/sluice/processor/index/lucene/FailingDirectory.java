package dev.sluice.processor.index.lucene;

import java.io.IOException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;

/** A real Lucene directory that fails to create files while {@link #failing}, as a full disk would. */
final class FailingDirectory extends FilterDirectory {
    volatile boolean failing;

    FailingDirectory(Directory in) {
        super(in);
    }

    @Override
    public IndexOutput createOutput(String name, IOContext context) throws IOException {
        failIfAsked();
        return super.createOutput(name, context);
    }

    @Override
    public IndexOutput createTempOutput(String prefix, String suffix, IOContext context) throws IOException {
        failIfAsked();
        return super.createTempOutput(prefix, suffix, context);
    }

    private void failIfAsked() throws IOException {
        if (failing) {
            throw new IOException("No space left on device (injected)");
        }
    }
}

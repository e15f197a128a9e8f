package io.mmipc.consumer;

import org.agrona.DirectBuffer;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Appends payloads to a file. SIGHUP asks it to reopen the path (after a log rotation moved the old
 * file away); the reopen happens on the consumer's thread between records.
 */
final class FileSink extends StreamSink
{
    private final Path path;
    private volatile boolean reopen;

    FileSink(final Path path, final int maxRecordLength)
    {
        super(maxRecordLength, open(path));
        this.path = path;
    }

    private static FileOutputStream open(final Path path)
    {
        try
        {
            return new FileOutputStream(path.toFile(), true);
        }
        catch (final FileNotFoundException ex)
        {
            throw new UncheckedIOException("cannot open sink file " + path + ": " + ex.getMessage(), ex);
        }
    }

    void requestReopen()
    {
        reopen = true;
    }

    @Override
    public void onRecord(final int type, final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        if (reopen)
        {
            reopen = false;
            replace(open(path));
        }
        super.onRecord(type, sequence, buffer, offset, length);
    }
}

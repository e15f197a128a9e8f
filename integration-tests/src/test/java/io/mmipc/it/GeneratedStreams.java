package io.mmipc.it;

import io.mmipc.cli.GeneratedPayload;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks a file sink's output of a {@code --source gen} stream.
 */
final class GeneratedStreams
{
    private GeneratedStreams()
    {
    }

    /** Checks that the file is exactly records 0..n-1 of SIZE bytes, in order, each checksum valid. */
    static long verify(final Path output, final long records, final int size) throws IOException
    {
        final long length = Files.size(output);
        try (FileChannel channel = FileChannel.open(output, StandardOpenOption.READ))
        {
            final ByteBuffer block = ByteBuffer.allocateDirect(size * 16384);
            final UnsafeBuffer view = new UnsafeBuffer(block);
            long sequence = 0;
            while (sequence < length / size)
            {
                block.clear();
                while (block.hasRemaining() && channel.read(block) > 0)
                {
                    // fill
                }
                final int n = block.position() / size;
                for (int i = 0; i < n; i++, sequence++)
                {
                    final int at = i * size;
                    final long inRecord = GeneratedPayload.sequence(view, at);
                    if (inRecord != sequence)
                    {
                        // where the stream first goes wrong says more than its length: a repeat of a
                        // batch, a gap, or a stream started again
                        fail("record " + sequence + " of the output holds sequence " + inRecord + " (" +
                            (inRecord < sequence ? "a duplicate: " + (sequence - inRecord) + " records again" :
                            "a gap of " + (inRecord - sequence) + " records") + "); the output holds " + length / size +
                            " records of " + size + " bytes, " + records + " expected");
                    }
                    if (GeneratedPayload.checksum(view, at, size) != GeneratedPayload.storedChecksum(view, at))
                    {
                        fail("record " + sequence + " of the output has a bad checksum");
                    }
                }
            }
            assertEquals(records * size, length, "output length: " + length / size + " records, " + records + " expected");
            return sequence;
        }
    }
}

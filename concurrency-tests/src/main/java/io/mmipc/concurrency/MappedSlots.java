package io.mmipc.concurrency;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands each jcstress state object its own zeroed slice of one memory-mapped file, so that the
 * tests exercise the same kind of memory as the channel (a shared file mapping, not the Java heap).
 * jcstress allocates states by the thousand; mapping a file per state would measure mmap, not the
 * protocol. Slices are reused round-robin: far more slices than jcstress keeps alive at once.
 */
final class MappedSlots
{
    /** Two cache lines per slice: the words a test races on, and no false sharing with the next. */
    static final int SLICE = 128;
    private static final int SLICES = 1 << 17; // 16 MiB
    private static final MappedByteBuffer MAPPING = map();
    private static final AtomicInteger NEXT = new AtomicInteger();

    private MappedSlots()
    {
    }

    /**
     * @return a zeroed slice of the mapping.
     */
    static UnsafeBuffer next()
    {
        final int index = NEXT.getAndIncrement() & (SLICES - 1);
        final UnsafeBuffer slice = new UnsafeBuffer(MAPPING, index * SLICE, SLICE);
        slice.setMemory(0, SLICE, (byte)0);
        return slice;
    }

    private static MappedByteBuffer map()
    {
        try
        {
            final Path file = Files.createTempFile("mmipc-jcstress-", ".map");
            file.toFile().deleteOnExit();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                return channel.map(FileChannel.MapMode.READ_WRITE, 0, (long)SLICES * SLICE);
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot map a temporary file for the jcstress tests", e);
        }
    }
}

package io.mmipc.core.mailbox;

import io.mmipc.core.crash.CrashPoints;
import io.mmipc.core.file.ChannelPaths;
import io.mmipc.core.file.MappedFiles;
import io.mmipc.exceptions.ChannelFileException;
import io.mmipc.exceptions.MailboxDestroyedException;
import io.mmipc.exceptions.MailboxFileException;
import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.mmipc.core.mailbox.MailboxDescriptor.*;

/**
 * Creating, mapping, marking destroyed and removing a mailbox file.
 */
final class MailboxFiles
{
    private MailboxFiles()
    {
    }

    /**
     * Creates the file unless it exists: every slot free for its lap-0 position, the magic written last.
     */
    static void create(final Path path, final Mailbox.Options options)
    {
        checkSizes(path, options.slots(), options.slotSize());
        if (Files.exists(path))
        {
            return;
        }
        try
        {
            createFile(path, options);
        }
        catch (final ChannelFileException ex)
        {
            throw asMailbox(ex);
        }
    }

    private static void createFile(final Path path, final Mailbox.Options options)
    {
        MappedFiles.createAtomically(path, HEADER_LENGTH + (long)options.slots() * options.slotSize(), options.mode(),
            header ->
            {
                header.putInt(VERSION_OFFSET, VERSION);
                header.putInt(HEADER_LENGTH_OFFSET, HEADER_LENGTH);
                header.putInt(SLOT_COUNT_OFFSET, options.slots());
                header.putInt(SLOT_SIZE_OFFSET, options.slotSize());
                header.putLong(CREATION_TIME_OFFSET, System.currentTimeMillis());
                for (int i = 0; i < options.slots(); i++)
                {
                    header.putLong(HEADER_LENGTH + i * options.slotSize() + SLOT_SEQUENCE_OFFSET, i);
                }
                header.putLongRelease(MAGIC_OFFSET, MAGIC);
            });
    }

    /**
     * Maps and validates an existing mailbox, refusing one marked destroyed.
     */
    static MappedByteBuffer map(final Path path)
    {
        final MappedByteBuffer mapped;
        try
        {
            mapped = MappedFiles.mapValidated(path, false, HEADER_LENGTH, MailboxDescriptor::validate,
                "create it first with 'ipc mailbox create " + path.getFileName().toString().replace(ChannelPaths.SUFFIX, "") +
                "'");
        }
        catch (final ChannelFileException ex)
        {
            throw asMailbox(ex);
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(mapped);
        if ((buffer.getIntVolatile(FLAGS_OFFSET) & FLAG_DESTROYED) != 0)
        {
            final long by = buffer.getLongVolatile(DESTROYED_BY_OFFSET);
            IoUtil.unmap(mapped);
            throw new MailboxDestroyedException(path, by);
        }
        return mapped;
    }

    static void markDestroyed(final AtomicBuffer buffer, final long pid)
    {
        CrashPoints.store(CrashPoints.REPAIR);
        buffer.putLongVolatile(DESTROYED_BY_OFFSET, pid);
        int flags;
        do
        {
            flags = buffer.getIntVolatile(FLAGS_OFFSET);
        }
        while (!buffer.compareAndSetInt(FLAGS_OFFSET, flags, flags | FLAG_DESTROYED));
    }

    static void delete(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            throw new MailboxFileException(path, "marked destroyed but could not be removed: " + ex, ex);
        }
    }

    /**
     * @param ex a problem the shared file code reported about a mailbox's file.
     * @return the same problem, named as a mailbox's.
     */
    static MailboxFileException asMailbox(final ChannelFileException ex)
    {
        return ex instanceof MailboxFileException m ? m : new MailboxFileException(ex.file(), ex.problem(), ex);
    }
}

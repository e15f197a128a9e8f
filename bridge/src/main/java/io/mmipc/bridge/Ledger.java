package io.mmipc.bridge;

import io.mmipc.core.ExitCodes;
import io.mmipc.exceptions.MmipcException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The receiving bridge's ledger, {@code NAME.bridge} beside the destination channel: how source
 * sequences map to destination sequences, so that a restarted receiving bridge knows which source
 * records it has already committed.
 *
 * <p>Records are committed one for one and in order, so one number maps them all:
 * {@code offset = destination sequence - source sequence}, written once, before the first record of
 * the mapping is committed. After a restart the last committed source sequence is
 * {@code (the destination's next sequence - 1) - offset}: the destination channel's next sequence
 * survives restarts of its producer (recovery recomputes it from the published records). Before it
 * commits END_OF_STREAM the bridge also writes the END record's source sequence, since a finished
 * destination stream starts again at 0 once read.
 *
 * <p>A text file, replaced atomically (write a temporary file, force it, rename), so that it is
 * either the old or the new content after a crash. Removed once the sending bridge says it is done.
 */
final class Ledger
{
    private static final String MAGIC = "mmipc-bridge-ledger 1";
    /** No END recorded. */
    static final long NO_END = -1;

    private final Path path;
    private boolean present;
    private long offset;
    private long end = NO_END;

    private Ledger(final Path path)
    {
        this.path = path;
    }

    /**
     * @param channel the destination channel's file ({@code NAME.mmipc}).
     * @return the ledger beside it ({@code NAME.bridge}), read if it exists.
     */
    static Ledger beside(final Path channel)
    {
        final String name = channel.getFileName().toString();
        final String stem = name.endsWith(".mmipc") ? name.substring(0, name.length() - ".mmipc".length()) : name;
        final Ledger ledger = new Ledger(channel.resolveSibling(stem + ".bridge"));
        ledger.read();
        return ledger;
    }

    private void read()
    {
        if (!Files.exists(path))
        {
            return;
        }
        try
        {
            final String[] lines = Files.readString(path, StandardCharsets.US_ASCII).split("\n");
            if (lines.length < 3 || !MAGIC.equals(lines[0]) || !lines[1].startsWith("offset ") || !lines[2].startsWith("end "))
            {
                throw bad("is not a bridge ledger (" + MAGIC + ")");
            }
            offset = Long.parseLong(lines[1].substring("offset ".length()).trim());
            end = Long.parseLong(lines[2].substring("end ".length()).trim());
            present = true;
        }
        catch (final NumberFormatException ex)
        {
            throw bad("holds a number that does not parse: " + ex.getMessage());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("reading " + path + ": " + ex.getMessage(), ex);
        }
    }

    private MmipcException bad(final String what)
    {
        return new MmipcException(path + " " + what + "; remove it only if the destination channel holds none of " +
            "the bridged stream (the bridge would then start the mapping again)", ExitCodes.BAD_CHANNEL);
    }

    boolean present()
    {
        return present;
    }

    long offset()
    {
        return offset;
    }

    long end()
    {
        return end;
    }

    Path path()
    {
        return path;
    }

    /**
     * Starts the mapping: call before the first record is committed.
     */
    void start(final long destinationSequence, final long sourceSequence)
    {
        offset = destinationSequence - sourceSequence;
        end = NO_END;
        write();
        present = true;
    }

    /**
     * Records the END record's source sequence: call before END_OF_STREAM is committed.
     */
    void ending(final long sourceSequence)
    {
        end = sourceSequence;
        write();
    }

    /**
     * Removes the ledger: the stream has crossed and the sender is done.
     */
    void remove()
    {
        try
        {
            Files.deleteIfExists(path);
            present = false;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("removing " + path + ": " + ex.getMessage(), ex);
        }
    }

    private void write()
    {
        final Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        final byte[] text = (MAGIC + "\noffset " + offset + "\nend " + end + "\n").getBytes(StandardCharsets.US_ASCII);
        try
        {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                channel.write(java.nio.ByteBuffer.wrap(text));
                channel.force(true);
            }
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("writing " + path + ": " + ex.getMessage(), ex);
        }
    }
}

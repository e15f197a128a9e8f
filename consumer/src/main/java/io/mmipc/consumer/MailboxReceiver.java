package io.mmipc.consumer;

import io.mmipc.Mailbox;
import io.mmipc.MailboxHandler;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The consumer daemon's mailbox handler: checks per-sender order (with {@code --sink verify}),
 * passes each message to the sink and, with {@code --ledger}, appends "SENDER_PID SEQUENCE POSITION"
 * per message, written out before the mailbox frees the batch's slots.
 *
 * <p>With a ledger the consumer joins as a durable receiver named after the ledger: if it was
 * killed mid-batch, its successor (same ledger) gets the batch's unfreed messages again and skips
 * the positions the ledger already holds, so that each message is in the ledgers exactly once. A
 * line torn by the kill (no newline) is cut off first.
 */
final class MailboxReceiver implements MailboxHandler
{
    private static final int TAIL_BYTES = 1 << 20;

    private final Sink out;
    private final boolean verify;
    private final Writer ledger;
    private final boolean ledgered;
    private final LongHashSet alreadyInLedger = new LongHashSet();
    private final Long2LongHashMap lastBySender = new Long2LongHashMap(-1);
    private long records;
    private boolean endOfStream;
    private int surplusEnds;

    MailboxReceiver(final Sink out, final boolean verify, final Path ledgerPath) throws IOException
    {
        this.out = out;
        this.verify = verify;
        this.ledger = ledgerPath == null ? Writer.nullWriter() : openLedger(ledgerPath);
        this.ledgered = ledgerPath != null;
    }

    private Writer openLedger(final Path path) throws IOException
    {
        if (Files.exists(path))
        {
            try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw"))
            {
                final long length = file.length();
                final int n = (int)Math.min(length, TAIL_BYTES);
                final byte[] tail = new byte[n];
                file.seek(length - n);
                file.readFully(tail);
                int complete = n;
                while (complete > 0 && tail[complete - 1] != '\n')
                {
                    complete--;
                }
                file.setLength(length - n + complete); // cut a torn last line
                final String[] lines = new String(tail, 0, complete, StandardCharsets.US_ASCII).split("\n");
                for (int i = n == length ? 0 : 1; i < lines.length; i++) // unless read from the start, the first may be cut
                {
                    final String[] f = lines[i].split(" ");
                    if (f.length == 3)
                    {
                        alreadyInLedger.add(Long.parseLong(f[2]));
                    }
                }
            }
        }
        return new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND), 1 << 16);
    }

    @Override
    public void onMessage(final int typeId, final long senderPid, final long senderSequence, final DirectBuffer buffer,
        final int offset, final int length)
    {
        throw new IllegalStateException("the mailbox calls the variant with the position");
    }

    @Override
    public void onEndOfStream(final long senderPid, final long senderSequence)
    {
        if (endOfStream)
        {
            surplusEnds++; // meant for another consumer: handed back to the mailbox after the batch
        }
        endOfStream = true;
    }

    @Override
    public void onMessage(final int typeId, final long senderPid, final long senderSequence, final DirectBuffer buffer,
        final int offset, final int length, final long position)
    {
        if (!alreadyInLedger.isEmpty() && alreadyInLedger.remove(position))
        {
            return; // handled by our killed predecessor, redelivered to us
        }
        if (verify)
        {
            // A sender is its pid and its name: two named senders of one process have their own sequences.
            final long sender = (Mailbox.senderNameHash(buffer, offset) << 32) | (senderPid & 0xFFFF_FFFFL);
            final long previous = lastBySender.get(sender);
            if (senderSequence <= previous)
            {
                final String name = Mailbox.senderName(buffer, offset);
                throw new VerificationException("sender " + senderPid + (name.isEmpty() ? "" : "/" + name) +
                    ": message " + senderSequence + " came after " + previous + " (order or duplicate)");
            }
            lastBySender.put(sender, senderSequence);
        }
        out.onMessage(typeId, senderSequence, buffer, offset, length);
        if (ledgered)
        {
            try
            {
                ledger.write(senderPid + " " + senderSequence + " " + position + "\n");
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        records++;
    }

    @Override
    public void beforeRelease()
    {
        if (!ledgered)
        {
            return;
        }
        try
        {
            ledger.flush(); // into the kernel before the slots are freed: survives kill -9
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    long records()
    {
        return records;
    }

    int senders()
    {
        return lastBySender.size();
    }

    boolean endOfStream()
    {
        return endOfStream;
    }

    /**
     * @return END_OF_STREAM messages received beyond the first (one batch may take several, one per
     *         consumer), cleared: the caller sends them back.
     */
    int takeSurplusEnds()
    {
        final int n = surplusEnds;
        surplusEnds = 0;
        return n;
    }

    void close() throws IOException
    {
        ledger.close();
    }
}

package io.mmipc.typed;

import io.mmipc.ChannelWriter;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.PointerBytesStore;
import net.openhft.chronicle.bytes.WriteBytesMarshallable;

import java.nio.BufferOverflowException;
import java.time.Duration;

/**
 * Writes Chronicle {@link WriteBytesMarshallable} messages straight into the ring: the message
 * marshals itself into the claimed region through a reused {@link Bytes} over that memory, so there
 * is no copy through a heap array and no garbage per message. Used by one thread at a time.
 */
public final class TypedWriter
{
    private final ChannelWriter writer;
    private final int maxEncodedLength;
    private final PointerBytesStore store = new PointerBytesStore();
    private Bytes<Void> bytes;

    /**
     * Writes through {@code writer}, claiming {@code maxEncodedLength} bytes for each message.
     *
     * @param writer           the channel's writer.
     * @param maxEncodedLength the most bytes one message may encode to: the room claimed for each,
     *                         the unused part of which stays free.
     * @throws IllegalArgumentException if {@code maxEncodedLength} is below 1 or above the
     *         channel's max message length.
     */
    public TypedWriter(final ChannelWriter writer, final int maxEncodedLength)
    {
        if (maxEncodedLength < 1 || maxEncodedLength > writer.maxMessageLength())
        {
            throw new IllegalArgumentException("maxEncodedLength " + maxEncodedLength + " must be 1 to the channel's " +
                "max message length " + writer.maxMessageLength());
        }
        this.writer = writer;
        this.maxEncodedLength = maxEncodedLength;
    }

    /**
     * Marshals {@code message} into the ring, waiting for room up to {@code timeout}.
     *
     * @param typeId  the message type id the reader sees, 0 to 16,777,215.
     * @param message what to write; its {@code writeMarshallable} runs on this thread, straight into
     *                the claimed room.
     * @param timeout how long to wait for room.
     * @return the sequence, or {@link ChannelWriter#TIMED_OUT} if no room came in time, or
     *         {@link ChannelWriter#CLOSED} if the writer is closed.
     * @throws IllegalArgumentException if the message encodes to more than the max encoded length
     *         (the claim is given up, nothing is sent) or {@code typeId} is out of range.
     */
    @SuppressWarnings("unchecked")
    public long write(final int typeId, final WriteBytesMarshallable message, final Duration timeout)
    {
        final ChannelWriter.WriteClaim claim = writer.claim(typeId, maxEncodedLength, timeout);
        if (claim == null)
        {
            return writer.isClosed() ? ChannelWriter.CLOSED : ChannelWriter.TIMED_OUT;
        }
        store.set(claim.buffer().addressOffset() + claim.offset(), maxEncodedLength);
        if (bytes == null)
        {
            bytes = (Bytes<Void>)store.bytesForWrite(); // once: it follows the store to each claim
        }
        bytes.clear();
        try
        {
            message.writeMarshallable(bytes);
        }
        catch (final BufferOverflowException | IllegalStateException ex)
        {
            claim.abort();
            throw new IllegalArgumentException("a " + message.getClass().getSimpleName() + " encoded to more than " +
                maxEncodedLength + " bytes; give the TypedWriter a larger maxEncodedLength", ex);
        }
        return claim.commit((int)bytes.writePosition());
    }
}

package io.mmipc.typed;

import io.mmipc.ChannelReader;
import io.mmipc.MessageHandler;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.PointerBytesStore;
import net.openhft.chronicle.bytes.ReadBytesMarshallable;
import org.agrona.DirectBuffer;

import java.time.Duration;

/**
 * Reads messages into reused Chronicle {@link ReadBytesMarshallable} objects, straight from the
 * ring: no copy, no garbage per message. Used by one thread at a time.
 */
public final class TypedReader
{
    private final ChannelReader reader;
    private final PointerBytesStore store = new PointerBytesStore();
    private Bytes<Void> bytes;
    private final Decoder decoder = new Decoder();

    /**
     * Reads through {@code reader}; this object then uses it from the reading thread.
     *
     * @param reader the channel's reader.
     */
    public TypedReader(final ChannelReader reader)
    {
        this.reader = reader;
    }

    /**
     * Reads the next message into {@code into}, waiting for it up to {@code timeout}.
     *
     * @param into    a reused object the message is read into (its {@code readMarshallable} runs
     *                on this thread, over the message in place).
     * @param timeout how long to wait.
     * @return the message's type id, or -1 on timeout, at the end of the stream or when closed.
     */
    public int read(final ReadBytesMarshallable into, final Duration timeout)
    {
        decoder.into = into;
        decoder.typeId = -1;
        return reader.take(decoder, timeout) ? decoder.typeId : -1;
    }

    /**
     * Reads up to {@code limit} messages that are there now, each into {@code into}, handing each to
     * {@code handler}; never waits.
     *
     * @param into    the reused object every message is read into.
     * @param handler receives each message.
     * @param limit   most messages to read.
     * @param <T>     the message class.
     * @return messages read.
     */
    @SuppressWarnings("unchecked")
    public <T extends ReadBytesMarshallable> int poll(final T into, final TypedHandler<? super T> handler, final int limit)
    {
        decoder.into = into;
        decoder.handler = (TypedHandler<Object>)handler;
        try
        {
            return reader.poll(decoder, limit);
        }
        finally
        {
            decoder.handler = null;
        }
    }

    /**
     * {@return the sequence of the last message read}
     */
    public long lastSequence()
    {
        return decoder.sequence;
    }

    private final class Decoder implements MessageHandler
    {
        ReadBytesMarshallable into;
        TypedHandler<Object> handler;
        int typeId;
        long sequence;

        @Override
        @SuppressWarnings("unchecked")
        public void onMessage(final int typeId, final long sequence, final DirectBuffer buffer, final int offset,
            final int length)
        {
            store.set(buffer.addressOffset() + offset, length);
            if (bytes == null || bytes.capacity() < length)
            {
                bytes = (Bytes<Void>)store.bytesForRead(); // rarely: it follows the store to each message
            }
            bytes.clear(); // positions 0, limits to this message's length (the store's capacity now)
            bytes.writePosition(length);
            into.readMarshallable(bytes);
            this.typeId = typeId;
            this.sequence = sequence;
            if (handler != null)
            {
                handler.onMessage(typeId, sequence, into);
            }
        }
    }
}

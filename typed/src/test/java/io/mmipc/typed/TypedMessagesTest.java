package io.mmipc.typed;

import io.mmipc.Channel;
import io.mmipc.ChannelOptions;
import io.mmipc.ChannelWriter;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesMarshallable;
import net.openhft.chronicle.bytes.BytesOut;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

class TypedMessagesTest
{
    static final class Trade implements BytesMarshallable
    {
        long id;
        double price;
        String symbol = "";

        @Override
        public void writeMarshallable(final BytesOut<?> out)
        {
            out.writeStopBit(id);
            out.writeDouble(price);
            out.write8bit(symbol);
        }

        @Override
        public void readMarshallable(final BytesIn<?> in)
        {
            id = in.readStopBit();
            price = in.readDouble();
            symbol = in.read8bit();
        }
    }

    @TempDir
    Path dir;

    @Test
    void tradesAreMarshalledIntoTheRingAndReadIntoOneReusedObject()
    {
        try (Channel channel = Channel.open(dir.resolve("t.mmipc"), ChannelOptions.builder().capacity(1 << 16).build()))
        {
            final TypedWriter writer = new TypedWriter(channel.writer(), 256);
            final Trade out = new Trade();
            for (int i = 0; i < 1000; i++)
            {
                out.id = i;
                out.price = i * 0.5;
                out.symbol = "SYM" + (i % 7);
                assertEquals(i, writer.write(42, out, Duration.ofSeconds(5)));
            }
            channel.writer().flush();
            final TypedReader reader = new TypedReader(channel.reader());
            final Trade in = new Trade();
            for (int i = 0; i < 1000; i++)
            {
                assertEquals(42, reader.read(in, Duration.ofSeconds(5)));
                assertEquals(i, reader.lastSequence());
                assertEquals(i, in.id);
                assertEquals(i * 0.5, in.price);
                assertEquals("SYM" + (i % 7), in.symbol);
            }
            assertEquals(-1, reader.read(in, Duration.ofMillis(10)), "nothing more");
        }
    }

    @Test
    void aMessageLargerThanItsClaimIsRefusedAndLeavesNothingBehind()
    {
        try (Channel channel = Channel.open(dir.resolve("u.mmipc"), ChannelOptions.builder().capacity(1 << 16).build()))
        {
            final TypedWriter writer = new TypedWriter(channel.writer(), 16);
            final Trade big = new Trade();
            big.symbol = "a symbol much longer than sixteen bytes";
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> writer.write(1, big, Duration.ofSeconds(1)));
            assertTrue(ex.getMessage().contains("larger maxEncodedLength"), ex.getMessage());
            final Trade small = new Trade();
            small.id = 7;
            assertEquals(0, writer.write(1, small, Duration.ofSeconds(1)), "the aborted claim used no sequence");
            channel.writer().flush();
            final Trade in = new Trade();
            assertEquals(1, new TypedReader(channel.reader()).read(in, Duration.ofSeconds(5)));
            assertEquals(7, in.id);
        }
    }
    @Test
    void aFullRingTimesOutAndAClosedWriterSaysClosed()
    {
        try (Channel channel = Channel.open(dir.resolve("v.mmipc"), ChannelOptions.builder().capacity(4096).build()))
        {
            final TypedWriter writer = new TypedWriter(channel.writer(), 256);
            final Trade trade = new Trade();
            trade.symbol = "S";
            while (channel.writer().offer(1, new org.agrona.concurrent.UnsafeBuffer(new byte[256]), 0, 256) >= 0)
            {
                // fill the ring
            }
            assertEquals(ChannelWriter.TIMED_OUT, writer.write(1, trade, Duration.ofMillis(20)));
            channel.writer().close();
            assertEquals(ChannelWriter.CLOSED, writer.write(1, trade, Duration.ofMillis(20)));
        }
    }
}

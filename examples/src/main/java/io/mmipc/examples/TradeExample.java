package io.mmipc.examples;

import io.mmipc.Channel;
import io.mmipc.typed.TypedReader;
import io.mmipc.typed.TypedWriter;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesMarshallable;
import net.openhft.chronicle.bytes.BytesOut;

import java.time.Duration;

/**
 * Typed messages: "TradeExample write NAME" sends 5 trades marshalled by Chronicle Bytes straight
 * into the ring; "TradeExample read NAME" reads them into one reused object.
 */
public final class TradeExample
{
    /** A trade, marshalled with stop-bit and fixed-width fields. */
    public static final class Trade implements BytesMarshallable
    {
        long id;
        long quantity;
        double price;

        @Override
        public void writeMarshallable(final BytesOut<?> out)
        {
            out.writeStopBit(id);
            out.writeStopBit(quantity);
            out.writeDouble(price);
        }

        @Override
        public void readMarshallable(final BytesIn<?> in)
        {
            id = in.readStopBit();
            quantity = in.readStopBit();
            price = in.readDouble();
        }
    }

    public static void main(final String[] args)
    {
        final String name = args.length > 1 ? args[1] : "trades";
        try (Channel channel = Channel.open(name))
        {
            if ("write".equals(args[0]))
            {
                final TypedWriter writer = new TypedWriter(channel.writer(), 64);
                final Trade trade = new Trade();
                for (int i = 0; i < 5; i++)
                {
                    trade.id = i;
                    trade.quantity = 100 * (i + 1);
                    trade.price = 10.25 + i;
                    writer.write(7, trade, Duration.ofSeconds(10));
                }
                channel.writer().endOfStream();
            }
            else
            {
                final TypedReader reader = new TypedReader(channel.reader());
                final Trade trade = new Trade();
                while (reader.read(trade, Duration.ofSeconds(10)) >= 0)
                {
                    System.out.println("trade " + trade.id + ": " + trade.quantity + " @ " + trade.price);
                }
            }
        }
    }
}

package io.mmipc.examples;

import io.mmipc.Channel;
import io.mmipc.ChannelWriter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Writes COUNT greetings to channel NAME, then ends the stream. Run it beside ReaderExample. */
public final class WriterExample
{
    public static void main(final String[] args)
    {
        final String name = args.length > 0 ? args[0] : "greetings";
        final int count = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        try (Channel channel = Channel.open(name);
            ChannelWriter writer = channel.writer())
        {
            for (int i = 0; i < count; i++)
            {
                final byte[] text = ("hello " + i).getBytes(StandardCharsets.UTF_8);
                final long sequence = writer.write(1, text, 0, text.length, Duration.ofSeconds(10));
                if (sequence < 0)
                {
                    System.err.println("not written: status " + sequence);
                    System.exit(1);
                }
            }
            writer.endOfStream();
        }
    }
}

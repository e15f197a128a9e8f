package io.mmipc.examples;

import io.mmipc.Channel;
import io.mmipc.ChannelReader;
import io.mmipc.MessageHandler;

import java.time.Duration;

/** Prints every message of channel NAME until the writer ends the stream. */
public final class ReaderExample
{
    public static void main(final String[] args)
    {
        final String name = args.length > 0 ? args[0] : "greetings";
        final MessageHandler print = (typeId, sequence, buffer, offset, length) ->
            System.out.println(sequence + " [type " + typeId + "] " + buffer.getStringWithoutLengthUtf8(offset, length));
        try (Channel channel = Channel.open(name);
            ChannelReader reader = channel.reader())
        {
            while (!reader.endOfStream())
            {
                reader.take(print, Duration.ofSeconds(1));
            }
        }
    }
}

package io.mmipc.outside;

import io.mmipc.Channel;
import io.mmipc.ChannelOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A separate JVM's main for {@code io.mmipc.ModuleDescriptorTest}, in a package of its own (a class on the
 * class path may not share a package with a named module): opens a channel at the path given, writes
 * one message and reads it back, and prints it; an exception's message goes to stderr, exit 1.
 */
public final class OpenOneChannel
{
    private OpenOneChannel()
    {
    }

    public static void main(final String[] args)
    {
        try (Channel channel = Channel.open(Path.of(args[0]),
            ChannelOptions.builder().capacity(4096).maxMessageLength(1024).build()))
        {
            final byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
            channel.writer().write(7, hello, 0, hello.length, Duration.ofSeconds(5));
            channel.writer().flush();
            channel.reader().take((typeId, sequence, buffer, offset, length) ->
                System.out.println(typeId + " " + buffer.getStringWithoutLengthUtf8(offset, length)), Duration.ofSeconds(5));
        }
        catch (final RuntimeException ex)
        {
            System.err.println(ex.getMessage());
            System.exit(1);
        }
    }
}

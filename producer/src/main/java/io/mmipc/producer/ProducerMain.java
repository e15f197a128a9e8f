package io.mmipc.producer;

import io.mmipc.Channel;
import io.mmipc.ChannelWriter;
import io.mmipc.Mailbox;
import io.mmipc.cli.Daemon;
import io.mmipc.cli.DaemonCommand;
import io.mmipc.cli.SizeConverter;
import io.mmipc.cli.Throughput;
import io.mmipc.cli.VersionProvider;
import io.mmipc.cli.WaitingNotice;
import io.mmipc.cli.ExitCodes;
import io.mmipc.cli.GeneratedPayload;
import io.mmipc.cli.Shutdown;
import io.mmipc.exceptions.StreamEndedException;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The producer daemon: writes records from a source into a channel.
 */
@Command(
    name = "producer",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Writes records into an mmipc channel (a ring buffer in a memory-mapped file) for one consumer JVM, " +
            "or into a mailbox (--mailbox) that several producers and consumers share.",
        "",
        "Sources (--source):",
        "  gen        self-checking records: bytes 0-7 the sequence (little-endian), 8-15 a checksum of the rest, " +
            "then filler derived from the sequence; --count and --size apply. A producer restarted on a stream " +
            "that was stopped midway continues at the channel's next sequence; --count is the length of the whole " +
            "stream.",
        "  stdin      bytes from standard input in chunks, so that 'producer --source stdin' | ... | " +
            "'consumer --sink stdout' is a pipe between unrelated processes.",
        "  file:PATH  bytes of a file, in chunks.",
        "",
        "At the end of the source it writes END_OF_STREAM. On exit it prints one line to stderr: " +
            "'produced N records, B bytes in S s: R msg/s, M MB/s' (a run under 1 ms gets no rate).",
        "",
        "Signals: SIGTERM or SIGINT finishes the current record, flushes, marks the producer STOPPED and exits 0 " +
            "(no END_OF_STREAM: a new producer may continue the stream); a second one exits at once.",
        ""
    },
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.USAGE_LINE, ExitCodes.BAD_FILE_LINE, ExitCodes.REFUSED_LINE,
        ExitCodes.INTERNAL_ERROR_LINE, ExitCodes.IO_ERROR_LINE, ExitCodes.FORCED_BY_SIGINT_LINE,
        ExitCodes.FORCED_BY_SIGTERM_LINE})
public final class ProducerMain extends DaemonCommand
{
    @Option(names = "--source", paramLabel = "SOURCE", defaultValue = "gen",
        description = "gen, stdin or file:PATH (default ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--count", paramLabel = "N", converter = SizeConverter.class, defaultValue = "10000000",
        description = "gen: records in the whole stream (default ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--size", paramLabel = "BYTES", converter = SizeConverter.class, defaultValue = "64",
        description = "gen: payload bytes per record, at least 16 (default ${DEFAULT-VALUE}).")
    long size;

    @Option(names = "--rate", paramLabel = "PER_SECOND", converter = SizeConverter.class, defaultValue = "0",
        description = "gen: records per second, 0 for as fast as possible (default ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "256",
        description = "Records per release of the USED semaphore (default ${DEFAULT-VALUE}); every wait, " +
            "pause in the source and the end flush earlier.")
    int batch;

    /**
     * Test hook, {@code -Dmmipc.gen.wrongPayloadAt=N}: the gen record of sequence N carries the
     * payload of N+1, so that a test can prove {@code --sink verify} and {@code scripts/demo} fail
     * on a bad stream. Unset (-1) it costs one compare per record.
     */
    static final long WRONG_PAYLOAD_AT = Long.getLong("mmipc.gen.wrongPayloadAt", -1);

    @Spec
    CommandSpec spec;

    private long records;
    private long bytes;

    public static void main(final String[] args)
    {
        System.exit(Daemon.run(new ProducerMain(), args));
    }

    @Override
    protected Integer run() throws IOException
    {
        // A stop must also end a blocking read of stdin: interrupting the reader closes its
        // FileChannel, which unblocks the read (ClosedByInterruptException).
        final Shutdown shutdown = Shutdown.install(!"gen".equals(source));
        if (channel.isMailbox())
        {
            return toMailbox(shutdown);
        }
        final Path path = channel.path();
        final long start;
        boolean finished;
        try (Channel ch = Channel.open(path, channel.apiOptions(batch)))
        {
            final ChannelWriter writer;
            try
            {
                writer = shutdown.closeOnStop(ch.writer());
            }
            catch (final StreamEndedException ex)
            {
                if ("gen".equals(source) && ex.nextSequence() >= count)
                {
                    System.err.println("producer: the stream of " + count + " records is already complete in " +
                        path + "; nothing to do");
                    return ExitCodes.OK;
                }
                throw ex;
            }
            final long[] backlog = {-1};
            try (writer; WaitingNotice notice = WaitingNotice.start("producer: waiting for a consumer on " + path +
                " (the ring is full)", () -> stuck(writer, backlog)))
            {
                if (writer.recovery() != null)
                {
                    System.err.println("producer: " + writer.recovery());
                }
                if (size > writer.maxMessageLength())
                {
                    throw new ParameterException(spec.commandLine(), "--size " + size + " exceeds the channel's max " +
                        "record length of " + writer.maxMessageLength() + " bytes; use a larger --capacity for a new " +
                        "channel");
                }
                start = System.nanoTime();
                if ("gen".equals(source))
                {
                    finished = generate(writer, shutdown, start);
                }
                else
                {
                    try (FileInputStream in = open())
                    {
                        finished = copy(in, writer, shutdown);
                    }
                }
                if (finished && !shutdown.requested())
                {
                    finished = writer.endOfStream();
                }
            }
        }
        final long elapsed = System.nanoTime() - start;
        System.err.println(Throughput.line("produced", records, bytes, elapsed) +
            (finished ? "" : " (stopped by " + shutdown.reason() + ")"));
        return ExitCodes.OK;
    }

    /**
     * For the waiting notice, once a second from its thread: the ring over half full, nothing
     * consumed or written in the last second, and no live consumer; so a producer waiting on a
     * quiet stdin, or on a consumer that is there, says nothing.
     */
    private static boolean stuck(final ChannelWriter writer, final long[] last)
    {
        final long now = writer.backlogBytes();
        final boolean unchanged = now == last[0];
        last[0] = now;
        return unchanged && now >= writer.capacity() / 2 && !writer.isConnected();
    }

    /**
     * {@code --mailbox}: the same sources, each record one message; several producers may share it.
     */
    private Integer toMailbox(final Shutdown shutdown) throws IOException
    {
        final long start = System.nanoTime();
        boolean finished = true;
        try (Mailbox box = shutdown.closeOnStop(Mailbox.create(channel.path().toString(), channel.apiMailboxOptions())))
        {
            if ("gen".equals(source))
            {
                if (size > box.maxMessageLength())
                {
                    throw new ParameterException(spec.commandLine(), "--size " + size + " exceeds the mailbox's " +
                        "largest message of " + box.maxMessageLength() + " bytes");
                }
                // Bursts: one claim of up to --batch positions, the payloads generated in place,
                // one publish. A stop ends the claim loop only between bursts.
                final int length = (int)size;
                final long intervalNanos = rate > 0 ? 1_000_000_000L / rate : 0;
                final BooleanSupplier stopped = shutdown::requested;
                for (long sequence = 0; sequence < count && finished; )
                {
                    if (intervalNanos > 0)
                    {
                        pace(null, stopped, start + sequence * intervalNanos); // --rate: one message per burst
                    }
                    final int n = box.claim((int)Math.min(intervalNanos > 0 ? 1 : batch, count - sequence));
                    if (n == 0)
                    {
                        finished = false; // stopped while the mailbox was full: nothing claimed
                        break;
                    }
                    final MutableDirectBuffer buffer = box.claimedBuffer();
                    for (int i = 0; i < n; i++)
                    {
                        GeneratedPayload.write(buffer, box.claimedOffset(i), length, sequence + i);
                        box.commit(i, 0, length);
                    }
                    final int published = box.publish();
                    records += published;
                    bytes += (long)published * length;
                    sequence += n;
                    finished = published == n && !shutdown.requested();
                }
            }
            else
            {
                try (FileInputStream in = open())
                {
                    final byte[] chunk = new byte[box.maxMessageLength()];
                    final UnsafeBuffer message = new UnsafeBuffer(chunk);
                    int n;
                    while (finished && (n = in.read(chunk)) >= 0)
                    {
                        finished = box.send(0, message, 0, n);
                        if (finished) // a message whose send returned false was not sent
                        {
                            records++;
                            bytes += n;
                        }
                    }
                }
            }
        }
        System.err.println(Throughput.line("produced", records, bytes, System.nanoTime() - start) +
            (finished ? "" : " (stopped by " + shutdown.reason() + ")"));
        return ExitCodes.OK;
    }

    /**
     * Every option checked before the channel or mailbox is created: a wrong --source, a missing
     * source file, or a --size the file to be created could not hold leaves no file behind.
     */
    @Override
    protected void validate()
    {
        final boolean file = source.startsWith("file:") && source.length() > 5;
        if (!"gen".equals(source) && !"stdin".equals(source) && !file)
        {
            throw new ParameterException(spec.commandLine(), "--source '" + source + "': use gen, stdin or file:PATH");
        }
        if (size < GeneratedPayload.MIN_SIZE || size > Integer.MAX_VALUE)
        {
            throw new ParameterException(spec.commandLine(), "--size " + size + " must be at least " +
                GeneratedPayload.MIN_SIZE + " (sequence and checksum)");
        }
        if (batch < 1)
        {
            throw new ParameterException(spec.commandLine(), "--batch must be at least 1");
        }
        if (file)
        {
            final Path path = Path.of(source.substring("file:".length()));
            if (!Files.isRegularFile(path) || !Files.isReadable(path))
            {
                throw new ParameterException(spec.commandLine(), "--source " + source + ": no such readable file");
            }
        }
        if (!Files.exists(channel.path()))
        {
            // This producer will create the file: the largest record it will hold is known now.
            final long max = channel.largestNewRecord();
            if ("gen".equals(source) && size > max)
            {
                throw new ParameterException(spec.commandLine(), "--size " + size + " exceeds the largest record of " +
                    max + " bytes a new " + (channel.isMailbox() ? "mailbox holds; use a larger --slot-size" :
                    "channel holds (capacity / 8); use a larger --capacity"));
            }
        }
    }

    private boolean generate(final ChannelWriter writer, final Shutdown shutdown, final long start)
    {
        final int length = (int)size;
        final long intervalNanos = rate > 0 ? 1_000_000_000L / rate : 0;
        final long first = writer.nextSequence();
        final BooleanSupplier stopped = shutdown::requested;
        for (long sequence = first; sequence < count; sequence++)
        {
            if (shutdown.requested())
            {
                return false;
            }
            if (intervalNanos > 0)
            {
                pace(writer, stopped, start + (sequence - first) * intervalNanos);
            }
            final ChannelWriter.WriteClaim claim = writer.claim(0, length, null);
            if (claim == null)
            {
                return false; // closed by a stop while the ring was full
            }
            GeneratedPayload.write(claim.buffer(), claim.offset(), length,
                sequence == WRONG_PAYLOAD_AT ? sequence + 1 : sequence);
            claim.commit();
            records++;
            bytes += length;
        }
        return true;
    }

    /** @param writer the channel's, flushed before the pause; null for a mailbox (nothing to flush). */
    private static void pace(final ChannelWriter writer, final BooleanSupplier stopped, final long due)
    {
        long now = System.nanoTime();
        if (now >= due)
        {
            return;
        }
        if (writer != null && due - now > 1_000_000)
        {
            writer.pause(); // a long pause: publish, and let a recovery go ahead without us
        }
        else if (writer != null)
        {
            writer.flush(); // a paced record must not wait in the batch for the next one
        }
        while (now < due && !stopped.getAsBoolean())
        {
            final long left = due - now;
            if (left > 100_000)
            {
                LockSupport.parkNanos(left - 50_000);
            }
            else
            {
                Thread.onSpinWait();
            }
            now = System.nanoTime();
        }
    }

    private FileInputStream open() throws IOException
    {
        if ("stdin".equals(source))
        {
            return new FileInputStream(FileDescriptor.in);
        }
        final Path path = Path.of(source.substring("file:".length()));
        if (!Files.isRegularFile(path))
        {
            throw new ParameterException(spec.commandLine(), "--source " + source + ": no such file");
        }
        return new FileInputStream(path.toFile());
    }

    private boolean copy(final FileInputStream in, final ChannelWriter writer, final Shutdown shutdown)
    {
        final byte[] chunk = new byte[Math.min(64 * 1024, writer.maxMessageLength())];
        final ByteBuffer wrapper = ByteBuffer.wrap(chunk);
        final FileChannel channel = in.getChannel();
        try
        {
            while (!shutdown.requested())
            {
                if (in.available() == 0)
                {
                    // The read may block for ever: publish what we wrote and step outside the ring,
                    // so that a consumer restarted meanwhile recovers without waiting for us.
                    writer.pause();
                }
                wrapper.clear();
                final int n = channel.read(wrapper);
                if (n < 0)
                {
                    return true;
                }
                if (n > 0)
                {
                    if (writer.write(0, chunk, 0, n, null) < 0)
                    {
                        System.err.println("producer: stopped while the ring was full; the last " + n +
                            " bytes read from " + source + " were not written");
                        return false;
                    }
                    records++;
                    bytes += n;
                }
            }
            return false;
        }
        catch (final ClosedByInterruptException ex)
        {
            Thread.interrupted(); // the stop's interrupt did its job; clear it for the clean shutdown
            return false;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("reading " + source + ": " + ex.getMessage(), ex);
        }
    }
}

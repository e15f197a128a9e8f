package io.mmipc.consumer;

import io.mmipc.cli.Daemon;
import io.mmipc.cli.DaemonCommand;
import io.mmipc.cli.SizeConverter;
import io.mmipc.cli.Throughput;
import io.mmipc.cli.VersionProvider;
import io.mmipc.core.ExitCodes;
import io.mmipc.core.channel.ChannelEndpoint;
import io.mmipc.core.file.RecordLayout;
import io.mmipc.core.mailbox.Mailbox;
import io.mmipc.core.mailbox.Message;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.ring.RingConsumer;
import io.mmipc.core.signal.ShutdownSignals;
import io.mmipc.core.signal.StopFlag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import org.agrona.concurrent.UnsafeBuffer;
import sun.misc.Signal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The consumer daemon: reads records from a channel into a sink.
 */
@Command(
    name = "consumer",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Reads records from an mmipc channel (a ring buffer in a memory-mapped file) written by a producer JVM.",
        "Creates the channel if the producer has not yet, and waits for it.",
        "",
        "Sinks:",
        "  verify     check that every record is the next sequence with a valid checksum",
        "             (producer --source gen); exits 1 naming the first gap, duplicate or corrupt record.",
        "  stdout     write each record's payload as is, back to back.",
        "  file:PATH  append each record's payload to PATH, exactly once across kill -9 and restarts",
        "             (an offset record PATH.mmipc-offset says how far PATH is complete).",
        "  discard    read and drop.",
        "Exits after END_OF_STREAM, or after --count records. On exit it prints to stderr:",
        "  consumed N records, B bytes in S s: R msg/s, M MB/s   (timed from the first record)",
        "",
        "Signals: SIGTERM/SIGINT finish the current batch, mark the consumer STOPPED and exit 0 (records",
        "not yet read stay in the channel for the next consumer); a second one exits at once.",
        "SIGHUP reopens a file sink (for log rotation).",
        ""
    },
    footer = Daemon.EXIT_CODES)
public final class ConsumerMain extends DaemonCommand
{
    @Option(names = "--sink", paramLabel = "SINK", defaultValue = "verify",
        description = "verify, stdout, file:PATH or discard (default ${DEFAULT-VALUE}).")
    String sink;

    @Option(names = "--count", paramLabel = "N", converter = SizeConverter.class, defaultValue = "0",
        description = "Stop after N records; 0 reads until END_OF_STREAM (default ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--ledger", paramLabel = "PATH",
        description = "With --mailbox: write 'SENDER_PID SEQUENCE' for each message received, one per line.")
    Path ledger;

    @Spec
    CommandSpec spec;

    public static void main(final String[] args)
    {
        System.exit(Daemon.run(new ConsumerMain(), args));
    }

    @Override
    protected Integer run() throws IOException
    {
        final StopFlag stop = ShutdownSignals.installForCurrentThread();
        if (channel.isMailbox())
        {
            return fromMailbox(stop);
        }
        try (ChannelEndpoint endpoint = channel.attach(Role.CONSUMER, stop, 1);
            Sink out = openSink(endpoint.consumer().nextSequence(), endpoint.file().maxRecordLength(), true))
        {
            if (endpoint.recovery() != null)
            {
                System.err.println("consumer: " + endpoint.recovery());
            }
            if (out instanceof FileSink file)
            {
                if (file.endedBefore())
                {
                    System.err.println("consumer: " + sink.substring(5) + " already holds a whole stream (see " +
                        file.offsetPath() + "); nothing to do. Remove both files to receive a new stream.");
                    return ExitCodes.OK;
                }
                Signal.handle(new Signal("HUP"), signal -> file.requestReopen());
            }
            final RingConsumer consumer = endpoint.consumer();
            final long limit = count > 0 ? count : Long.MAX_VALUE;
            final TimedSink timed = new TimedSink(out);
            final long before = consumer.records();
            while (!stop.requested() && !consumer.endOfStream())
            {
                final long done = consumer.records() - before;
                if (done >= limit)
                {
                    break;
                }
                if (consumer.poll(timed, (int)Math.min(limit - done, 1 << 16)) == 0)
                {
                    out.flush(); // about to wait: whoever reads our output gets what we have
                    consumer.idle();
                }
            }
            out.flush();
            final long elapsed = timed.elapsedNanos(System.nanoTime());
            final long records = consumer.records() - before;
            System.err.println(Throughput.line("consumed", records, out.bytes(), elapsed) +
                (stop.requested() ? " (stopped by " + stop.reason() + ")" : ""));
        }
        return ExitCodes.OK;
    }

    /**
     * {@code --mailbox}: messages from any number of producers. {@code verify} checks each message's
     * checksum and that each producer's sequences only go up (other consumers take the rest);
     * {@code --ledger} writes "PID SEQUENCE" per message so that a test can check exactly-once overall.
     * Ends at an END_OF_STREAM message ({@code ipc send NAME --eos}), after --count, or on a signal.
     */
    private Integer fromMailbox(final StopFlag stop) throws IOException
    {
        long first = 0;
        long records = 0;
        final boolean verify = "verify".equals(sink);
        try (Mailbox box = Mailbox.create(channel.path(), channel.mailboxOptions(), "", stop);
            Sink out = openSink(0, box.maxMessageLength(), false);
            Writer ledgerOut = ledger == null ? Writer.nullWriter() :
                Files.newBufferedWriter(ledger, StandardCharsets.US_ASCII))
        {
            final Map<String, Long> lastBySender = new HashMap<>();
            final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
            final long limit = count > 0 ? count : Long.MAX_VALUE;
            while (records < limit)
            {
                final Message m = box.receive(Duration.ofMillis(100));
                if (m == null)
                {
                    if (stop.requested())
                    {
                        break;
                    }
                    out.flush();
                    continue;
                }
                if (m.type() == RecordLayout.END_OF_STREAM)
                {
                    break;
                }
                first = first == 0 ? System.nanoTime() : first;
                view.wrap(m.payload());
                final String sender = m.senderPid() + (m.senderName().isEmpty() ? "" : "/" + m.senderName());
                if (verify)
                {
                    final long previous = lastBySender.getOrDefault(sender, -1L);
                    if (m.senderSequence() <= previous)
                    {
                        throw new VerificationException("sender " + sender + ": message " + m.senderSequence() +
                            " came after " + previous + " (order or duplicate)");
                    }
                    lastBySender.put(sender, m.senderSequence());
                }
                out.onRecord(RecordLayout.DATA, m.senderSequence(), view, 0, m.payload().length);
                ledgerOut.write(m.senderPid() + " " + m.senderSequence() + "\n");
                records++;
            }
            out.flush();
            System.err.println(Throughput.line("consumed", records, out.bytes(), first == 0 ? 0 : System.nanoTime() - first) +
                (verify ? " from " + lastBySender.size() + " senders, each in order" : "") +
                (stop.requested() ? " (stopped by " + stop.reason() + ")" : ""));
        }
        return ExitCodes.OK;
    }

    private Sink openSink(final long firstSequence, final int maxRecordLength, final boolean contiguous)
    {
        if ("verify".equals(sink))
        {
            return new VerifySink(firstSequence, contiguous);
        }
        if ("stdout".equals(sink))
        {
            return new StreamSink(maxRecordLength);
        }
        if ("discard".equals(sink))
        {
            return new DiscardSink();
        }
        if (sink.startsWith("file:") && sink.length() > 5)
        {
            return new FileSink(Path.of(sink.substring(5)), maxRecordLength);
        }
        throw new ParameterException(spec.commandLine(), "--sink '" + sink + "': use verify, stdout, file:PATH or discard");
    }
}

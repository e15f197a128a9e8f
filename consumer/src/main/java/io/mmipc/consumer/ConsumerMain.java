package io.mmipc.consumer;

import io.mmipc.Channel;
import io.mmipc.ChannelReader;
import io.mmipc.Mailbox;
import io.mmipc.MailboxOptions;
import io.mmipc.cli.Daemon;
import io.mmipc.cli.DaemonCommand;
import io.mmipc.cli.SizeConverter;
import io.mmipc.cli.Throughput;
import io.mmipc.cli.VersionProvider;
import io.mmipc.cli.WaitingNotice;
import io.mmipc.cli.ExitCodes;
import io.mmipc.cli.Shutdown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The consumer daemon: reads records from a channel into a sink.
 */
@Command(
    name = "consumer",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Reads records from an mmipc channel (a ring buffer in a memory-mapped file) written by one producer JVM, " +
            "or messages from a mailbox (--mailbox) that several producers and consumers share. Creates the " +
            "channel if the producer has not yet, and waits for it.",
        "",
        "Sinks (--sink):",
        "  verify     check that every record is the next sequence with a valid checksum (producer --source gen); " +
            "exit 1 naming the first gap, duplicate or corrupt record.",
        "  stdout     write each record's payload as is, back to back.",
        "  file:PATH  append each record's payload to PATH, exactly once across kill -9 and restarts (an offset " +
            "record PATH.mmipc-offset says how far PATH is complete).",
        "  discard    read and drop.",
        "",
        "Exits after END_OF_STREAM, or after --count records. On exit it prints one line to stderr: " +
            "'consumed N records, B bytes in S s: R msg/s, M MB/s', timed from the first record (a run under 1 ms " +
            "gets no rate).",
        "",
        "Signals: SIGTERM or SIGINT finishes the current batch, marks the consumer STOPPED and exits 0 (records " +
            "not yet read stay in the channel for the next consumer); a second one exits at once. SIGHUP reopens a " +
            "file sink (for log rotation).",
        ""
    },
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.VERIFICATION_FAILED_LINE, ExitCodes.USAGE_LINE,
        ExitCodes.BAD_FILE_LINE, ExitCodes.REFUSED_LINE, ExitCodes.INTERNAL_ERROR_LINE, ExitCodes.IO_ERROR_LINE,
        ExitCodes.FORCED_BY_SIGINT_LINE, ExitCodes.FORCED_BY_SIGTERM_LINE})
public final class ConsumerMain extends DaemonCommand
{
    @Option(names = "--sink", paramLabel = "SINK", defaultValue = "verify",
        description = "verify, stdout, file:PATH or discard (default ${DEFAULT-VALUE}).")
    String sink;

    @Option(names = "--count", paramLabel = "N", converter = SizeConverter.class, defaultValue = "0",
        description = "Stop after N records; 0 reads until END_OF_STREAM (default ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--ledger", paramLabel = "PATH",
        description = "With --mailbox: write 'SENDER_PID SEQUENCE POSITION' for each message received, one per " +
            "line, out before the messages leave the mailbox; a consumer restarted on the same ledger after kill -9 " +
            "finishes its predecessor's batch, so that every message is in the ledgers exactly once.")
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
        final Shutdown shutdown = Shutdown.install(false);
        if (channel.isMailbox())
        {
            return fromMailbox(shutdown);
        }
        final Path path = channel.path();
        try (Channel ch = Channel.open(path, channel.apiOptions(1));
            ChannelReader reader = shutdown.closeOnStop(ch.reader());
            WaitingNotice notice = WaitingNotice.start("consumer: waiting for a producer on " + path,
                () -> first == 0 && !reader.isConnected()); // (first: see the loop below)
            Sink out = openSink(reader.nextSequence(), reader.maxMessageLength(), true))
        {
            if (reader.recovery() != null)
            {
                System.err.println("consumer: " + reader.recovery());
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
            final long limit = count > 0 ? count : Long.MAX_VALUE;
            final TimedSink timed = new TimedSink(out);
            final long before = reader.nextSequence();
            while (!shutdown.requested() && !reader.endOfStream())
            {
                final long done = reader.nextSequence() - before;
                if (done >= limit)
                {
                    break;
                }
                if (reader.poll(timed, (int)Math.min(limit - done, 1 << 16)) == 0)
                {
                    // About to wait, holding nothing: step outside the ring first, so that writing our
                    // output (which may block on a slow reader) never holds up a producer's recovery.
                    reader.pause();
                    out.flush(); // whoever reads our output gets what we have
                    reader.idle();
                }
                else if (first == 0)
                {
                    first = System.nanoTime(); // (volatile: the notice reads it)
                }
            }
            out.flush();
            final long elapsed = timed.elapsedNanos(System.nanoTime());
            final long records = reader.nextSequence() - before;
            System.err.println(Throughput.line("consumed", records, out.bytes(), elapsed) +
                (shutdown.requested() ? " (stopped by " + shutdown.reason() + ")" : ""));
        }
        return ExitCodes.OK;
    }

    /** When the first record or mailbox message came, 0 before; read by the waiting notice's thread. */
    private volatile long first;

    /**
     * {@code --mailbox}: messages from any number of producers. {@code verify} checks each message's
     * checksum and that each producer's sequences only go up (other consumers take the rest);
     * {@code --ledger} writes "PID SEQUENCE POSITION" per message so that a test can check exactly-once
     * overall, and makes this consumer a durable receiver named after its ledger. Ends at an
     * END_OF_STREAM message ({@code ipc send NAME --eos}), after --count, or on a signal.
     */
    private Integer fromMailbox(final Shutdown shutdown) throws IOException
    {
        final boolean verify = "verify".equals(sink);
        final MailboxOptions sizes = channel.apiMailboxOptions();
        // with a ledger: durable, named after it, so a successor on the same ledger finishes our batch
        final String name = ledger == null ? "" :
            "ledger-" + Integer.toHexString(ledger.toAbsolutePath().normalize().toString().hashCode());
        final MailboxOptions options = new MailboxOptions(sizes.slots(), sizes.slotSize(), sizes.mode(),
            sizes.waitStrategy(), name, ledger != null);
        final Path path = channel.path();
        try (Mailbox box = shutdown.closeOnStop(Mailbox.create(path.toString(), options));
            Sink out = openSink(0, box.maxMessageLength(), false))
        {
            final MailboxReceiver receiver = new MailboxReceiver(out, verify, ledger);
            final WaitingNotice notice = WaitingNotice.start("consumer: waiting for a producer on mailbox " + path,
                () -> first == 0 && box.liveSenders() == 0);
            try
            {
                final long limit = count > 0 ? count : Long.MAX_VALUE;
                while (receiver.records() < limit && !receiver.endOfStream())
                {
                    final int n = box.receive(receiver, (int)Math.min(limit - receiver.records(), 1024),
                        Duration.ofMillis(100));
                    if (n == 0)
                    {
                        if (shutdown.requested())
                        {
                            break;
                        }
                        out.flush();
                        continue;
                    }
                    first = first == 0 ? System.nanoTime() : first; // (volatile: the notice reads it)
                    for (int i = receiver.takeSurplusEnds(); i > 0; i--)
                    {
                        box.sendEndOfStream(); // another consumer's
                    }
                }
                out.flush();
            }
            finally
            {
                notice.close();
                receiver.close();
            }
            System.err.println(Throughput.line("consumed", receiver.records(), out.bytes(),
                first == 0 ? 0 : System.nanoTime() - first) +
                (verify ? " from " + receiver.senders() + " senders, each in order" : "") +
                (shutdown.requested() ? " (stopped by " + shutdown.reason() + ")" : ""));
        }
        return ExitCodes.OK;
    }

    /**
     * The sink checked before the channel is created: a misspelt one (--sink stdot), or a file in a
     * folder that does not exist, leaves no channel file behind.
     */
    @Override
    protected void validate()
    {
        final boolean file = sink.startsWith("file:") && sink.length() > 5;
        if (!file && !"verify".equals(sink) && !"stdout".equals(sink) && !"discard".equals(sink))
        {
            throw new ParameterException(spec.commandLine(), "--sink '" + sink + "': use verify, stdout, file:PATH " +
                "or discard");
        }
        if (file)
        {
            final Path parent = Path.of(sink.substring(5)).toAbsolutePath().getParent();
            if (parent != null && !java.nio.file.Files.isDirectory(parent))
            {
                // An I/O error on the sink (exit 74), as when the file cannot be opened later; said
                // before the channel exists, so that no channel is left behind for nothing.
                throw new java.io.UncheckedIOException("cannot open sink file " + sink.substring(5) + ": no folder " +
                    parent, new java.nio.file.NoSuchFileException(parent.toString()));
            }
        }
        if (ledger != null && !channel.isMailbox())
        {
            throw new ParameterException(spec.commandLine(), "--ledger is for a mailbox (--mailbox NAME)");
        }
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

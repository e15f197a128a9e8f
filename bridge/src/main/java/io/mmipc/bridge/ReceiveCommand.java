package io.mmipc.bridge;

import io.mmipc.cli.DaemonCommand;
import io.mmipc.cli.VersionProvider;
import io.mmipc.core.ExitCodes;
import io.mmipc.core.bridge.BridgeStatusDescriptor;
import io.mmipc.core.channel.ChannelEndpoint;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.mailbox.Mailbox;
import io.mmipc.core.signal.ShutdownSignals;
import io.mmipc.core.signal.StopFlag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bridge receive}: the local channel's producer, writing what the sending bridge sends.
 */
@Command(
    name = "receive",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Receives records from 'bridge send' at --local over Aeron UDP and writes them",
        "into a channel as its producer, in order and each once: it acknowledges a record",
        "only once it is published in the channel, and drops records it has already",
        "committed. The ledger NAME.bridge beside the channel maps source to destination",
        "sequences across restarts; it is removed when the stream is done.",
        "",
        "Exits 0 once END_OF_STREAM is committed and the sending bridge is done, printing:",
        "  bridge receive: naks sent N, naks received N, retransmits N, loss gap fills N",
        "  bridge receive: committed N records in S s (D duplicates dropped), through",
        "  source sequence Q",
        "SIGTERM/SIGINT stop it gracefully (exit 0; the next bridge continues the stream).",
        "",
        "With --mailbox it sends each message that crosses into the mailbox, as one",
        "sender per original sender (named from-PID, keeping its order and sequences),",
        "drops what it already sent on (a resend), and acknowledges, until stopped.",
        ""
    },
    exitCodeListHeading = io.mmipc.cli.ExitCodes.HEADING,
    exitCodeList = {io.mmipc.cli.ExitCodes.OK_LINE, io.mmipc.cli.ExitCodes.USAGE_LINE,
        io.mmipc.cli.ExitCodes.BAD_FILE_LINE, io.mmipc.cli.ExitCodes.REFUSED_LINE,
        io.mmipc.cli.ExitCodes.INTERNAL_ERROR_LINE, io.mmipc.cli.ExitCodes.IO_ERROR_LINE,
        io.mmipc.cli.ExitCodes.FORCED_BY_SIGINT_LINE, io.mmipc.cli.ExitCodes.FORCED_BY_SIGTERM_LINE})
final class ReceiveCommand extends DaemonCommand
{
    @Mixin
    BridgeOptions network;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "256",
        description = "Records per release of the channel's USED semaphore at most (default ${DEFAULT-VALUE}); every " +
            "poll of the network publishes what it wrote.")
    int batch;

    @Spec
    CommandSpec spec;

    @Override
    protected Integer run()
    {
        final StopFlag stop = new StopFlag();
        ShutdownSignals.install(stop);
        final long start = System.nanoTime();
        if (channel.isMailbox())
        {
            return mailbox(stop, start);
        }
        final ReceiveBridge bridge;
        final boolean finished;
        try (ChannelEndpoint endpoint = channel.attach(Role.PRODUCER, stop, batch);
            Transport transport = Transport.open(network, false);
            BridgeStatus status = new BridgeStatus(endpoint.file().path(), BridgeStatusDescriptor.RECEIVE, network.remote()))
        {
            if (endpoint.recovery() != null)
            {
                System.err.println("bridge receive: " + endpoint.recovery());
            }
            bridge = new ReceiveBridge(endpoint, Ledger.beside(endpoint.file().path()), transport, stop, status,
                network.lingerNanos());
            finished = bridge.run();
            System.err.println("bridge receive: " + transport.lossLine());
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf("bridge receive: committed %d records in %.3f s (%d duplicates dropped), through source " +
            "sequence %d%s%n", bridge.records(), seconds, bridge.duplicates(), bridge.committed(),
            finished ? "" : stop.requested() ? " (stopped by " + stop.reason() + ")" : "");
        return ExitCodes.OK;
    }

    private Integer mailbox(final StopFlag stop, final long start)
    {
        final Mailbox.Options options = channel.mailboxOptions();
        final MailboxReceiveBridge bridge;
        try (Transport transport = Transport.open(network, false);
            BridgeStatus status = new BridgeStatus(channel.path(), BridgeStatusDescriptor.RECEIVE, network.remote()))
        {
            bridge = new MailboxReceiveBridge(channel.path(), options, transport, stop, status);
            bridge.run();
            System.err.println("bridge receive: " + transport.lossLine());
        }
        System.err.printf("bridge receive: sent %d messages into the mailbox in %.3f s (%d duplicates dropped) " +
            "(stopped by %s)%n", bridge.messages(), (System.nanoTime() - start) / 1e9, bridge.duplicates(), stop.reason());
        return ExitCodes.OK;
    }
}

package io.mmipc.bridge;

import io.mmipc.cli.DaemonCommand;
import io.mmipc.cli.VersionProvider;
import io.mmipc.core.ExitCodes;
import io.mmipc.core.bridge.BridgeStatusDescriptor;
import io.mmipc.core.channel.ChannelEndpoint;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.mailbox.Mailbox;
import io.mmipc.core.ring.RingConsumer;
import io.mmipc.core.signal.ShutdownSignals;
import io.mmipc.core.signal.StopFlag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bridge send}: the local channel's consumer, publishing its records to the receiving bridge.
 */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Reads a channel as its consumer and sends each record to 'bridge receive' at",
        "--remote over Aeron UDP. A record's ring space is given back only once the",
        "receiving bridge has acknowledged it as committed into its own channel, so a",
        "killed bridge loses nothing: the next one sends again from the head, and the",
        "receiver drops what it already has.",
        "",
        "Exits 0 once END_OF_STREAM is acknowledged, printing to stderr:",
        "  bridge send: naks sent N, naks received N, retransmits N, loss gap fills N",
        "  bridge send: sent N records in S s (R resent, W rewinds), acknowledged through Q",
        "SIGTERM/SIGINT stop it gracefully (exit 0; unacknowledged records stay in the",
        "channel for the next bridge).",
        "",
        "With --mailbox it is a durable receiver of the mailbox (named bridge-send) and",
        "sends each message with its sender's pid and sequence until stopped; the mailbox",
        "frees a batch only once the receiving bridge acknowledged it, so a killed bridge's",
        "successor sends that batch again and each message crosses exactly once (a killed",
        "receiving bridge: its unacknowledged messages may come twice).",
        ""
    },
    exitCodeListHeading = io.mmipc.cli.ExitCodes.HEADING,
    exitCodeList = {io.mmipc.cli.ExitCodes.OK_LINE, io.mmipc.cli.ExitCodes.USAGE_LINE,
        io.mmipc.cli.ExitCodes.BAD_FILE_LINE, io.mmipc.cli.ExitCodes.REFUSED_LINE,
        io.mmipc.cli.ExitCodes.INTERNAL_ERROR_LINE, io.mmipc.cli.ExitCodes.IO_ERROR_LINE,
        io.mmipc.cli.ExitCodes.FORCED_BY_SIGINT_LINE, io.mmipc.cli.ExitCodes.FORCED_BY_SIGTERM_LINE})
final class SendCommand extends DaemonCommand
{
    @Mixin
    BridgeOptions network;

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
        final SendBridge bridge;
        final boolean crossed;
        try (ChannelEndpoint endpoint = channel.attach(Role.CONSUMER, stop, 1);
            Transport transport = Transport.open(network, true);
            BridgeStatus status = new BridgeStatus(endpoint.file().path(), BridgeStatusDescriptor.SEND, network.remote()))
        {
            if (endpoint.recovery() != null)
            {
                System.err.println("bridge send: " + endpoint.recovery());
            }
            final RingConsumer consumer = endpoint.consumer();
            consumer.hold();
            bridge = new SendBridge(endpoint.file(), consumer, transport, stop, status);
            crossed = bridge.run();
            System.err.println("bridge send: " + transport.lossLine());
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf("bridge send: sent %d records in %.3f s (%d resent, %d rewinds), acknowledged through %d%s%n",
            bridge.records(), seconds, bridge.resent(), bridge.rewinds(), bridge.acked(),
            crossed ? "" : " (stopped by " + stop.reason() + ")");
        return ExitCodes.OK;
    }

    private Integer mailbox(final StopFlag stop, final long start)
    {
        final MailboxSendBridge bridge;
        try (Mailbox box = Mailbox.create(channel.path(), channel.mailboxOptions().asDurable(),
            MailboxSendBridge.NAME, stop);
            Transport transport = Transport.open(network, true);
            BridgeStatus status = new BridgeStatus(box.file(), BridgeStatusDescriptor.SEND, network.remote()))
        {
            bridge = new MailboxSendBridge(box, transport, stop, status);
            bridge.run();
            System.err.println("bridge send: " + transport.lossLine());
        }
        System.err.printf("bridge send: sent %d messages in %.3f s (%d resent, %d given up unacknowledged) " +
            "(stopped by %s)%n", bridge.messages(), (System.nanoTime() - start) / 1e9, bridge.resent(), bridge.lost(),
            stop.reason());
        return ExitCodes.OK;
    }
}

package io.mmipc.tool;

import io.mmipc.core.bridge.BridgeStatusDescriptor;
import io.mmipc.core.bridge.BridgeStatusFile;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The bridge lines of {@code ipc stat}: a network bridge ({@code scripts/bridge}) on a channel keeps
 * a status file beside it; each one found is shown with its peer, whether it is connected, the last
 * sequence sent (or committed) and acknowledged, and the Aeron driver's loss counters.
 */
final class BridgeStatPrinter
{
    private BridgeStatPrinter()
    {
    }

    /**
     * @param channel the channel file.
     * @param out     where to print.
     * @return bridges shown.
     */
    static int print(final Path channel, final PrintStream out)
    {
        int shown = 0;
        for (final int role : new int[] {BridgeStatusDescriptor.SEND, BridgeStatusDescriptor.RECEIVE})
        {
            final Path path = channel.resolveSibling(BridgeStatusDescriptor.fileName(channel.getFileName().toString(), role));
            final BridgeStatusFile status = BridgeStatusFile.read(path);
            if (status == null)
            {
                continue;
            }
            try (status)
            {
                final boolean send = role == BridgeStatusDescriptor.SEND;
                final long updated = status.updatedMillis();
                out.printf(Locale.ROOT, "  bridge %-7s pid %-7d %-7s peer %s  %s  records %d  last %s %d  last acked %d  " +
                        "%s %d  naks sent %d  naks received %d  retransmits %d  loss gap fills %d  updated %s%n",
                    send ? "send" : "receive", status.pid(), status.alive() ? "RUNNING" : "GONE", status.peer(),
                    status.connected() ? "connected" : "not connected", status.records(), send ? "sent" : "committed",
                    status.lastSent(), status.lastAcked(), send ? "rewinds" : "duplicates", status.rewinds(),
                    status.naksSent(), status.naksReceived(), status.retransmits(), status.lossGapFills(),
                    updated == 0 ? "-" : (System.currentTimeMillis() - updated) + " ms ago");
            }
            shown++;
        }
        return shown;
    }
}

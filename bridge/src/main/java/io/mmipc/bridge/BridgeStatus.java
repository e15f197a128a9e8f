package io.mmipc.bridge;

import io.mmipc.core.bridge.BridgeStatusDescriptor;
import io.mmipc.core.bridge.BridgeStatusFile;

import java.nio.file.Path;

/**
 * Keeps the bridge's status file current for {@code ipc stat}, at most every millisecond, and
 * reports changes of its repair counters to JFR ({@link RetransmitsMonitor}).
 */
final class BridgeStatus implements AutoCloseable
{
    private static final long EVERY_NANOS = 1_000_000;

    private final BridgeStatusFile file;
    private final RetransmitsMonitor retransmits;
    private long nextNanos;

    /**
     * @param channel the channel file the bridge reads or writes.
     * @param role    {@link BridgeStatusDescriptor#SEND} or {@link BridgeStatusDescriptor#RECEIVE}.
     * @param peer    the other bridge's address.
     */
    BridgeStatus(final Path channel, final int role, final String peer)
    {
        this.file = BridgeStatusFile.create(
            channel.resolveSibling(BridgeStatusDescriptor.fileName(channel.getFileName().toString(), role)), role, peer);
        this.retransmits = new RetransmitsMonitor(role == BridgeStatusDescriptor.SEND ? "send" : "receive", peer);
    }

    void update(final long records, final long lastSent, final long lastAcked, final long rewinds,
        final Transport transport, final boolean connected)
    {
        final long now = System.nanoTime();
        if (now - nextNanos < 0)
        {
            return;
        }
        nextNanos = now + EVERY_NANOS;
        final long naksSent = transport.naksSent();
        final long naksReceived = transport.naksReceived();
        final long retransmitted = transport.retransmits();
        final long lossGapFills = transport.lossGapFills();
        file.update(records, lastSent, lastAcked, rewinds, connected, naksSent, naksReceived, retransmitted, lossGapFills);
        retransmits.sample(now, naksSent, naksReceived, retransmitted, lossGapFills, rewinds);
    }

    @Override
    public void close()
    {
        file.delete();
    }
}

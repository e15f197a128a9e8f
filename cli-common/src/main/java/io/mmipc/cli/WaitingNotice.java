package io.mmipc.cli;

import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.liveness.Role;

import java.util.function.BooleanSupplier;

import static io.mmipc.core.file.ChannelDescriptor.*;

/**
 * One line to stderr when a daemon has been waiting alone for a second: "waiting for a producer on
 * PATH". Without it, a consumer started in a shell with another MMIPC_DIR than its producer's (or
 * before it) waits silently for ever. A daemon thread checks once a second whether the daemon is
 * still waiting with no peer, prints the line once, and ends; the daemon's own loop pays nothing.
 */
public final class WaitingNotice implements AutoCloseable
{
    /** How long a daemon waits alone before it says so. */
    public static final long AFTER_MILLIS = 1_000;

    private final Thread thread;

    private WaitingNotice(final String line, final BooleanSupplier waitingAlone)
    {
        thread = Thread.ofPlatform().daemon().name("mmipc-waiting-notice").unstarted(() ->
        {
            try
            {
                while (true)
                {
                    Thread.sleep(AFTER_MILLIS);
                    if (waitingAlone.getAsBoolean())
                    {
                        System.err.println(line);
                        return;
                    }
                }
            }
            catch (final InterruptedException ex)
            {
                // closed: the daemon is done
            }
        });
        thread.start();
    }

    /**
     * @param line         what to print, once.
     * @param waitingAlone true while the daemon waits and no peer is there; called once a second
     *                     from another thread, so it reads only shared (volatile) state.
     * @return the notice; close it when the daemon is done.
     */
    public static WaitingNotice start(final String line, final BooleanSupplier waitingAlone)
    {
        return new WaitingNotice(line, waitingAlone);
    }

    /**
     * A consumer on a channel: no record taken since the start, and no live producer.
     *
     * @param file the channel.
     * @return the notice.
     */
    public static WaitingNotice forConsumer(final ChannelFile file)
    {
        final long before = records(file, Role.CONSUMER);
        return start("consumer: waiting for a producer on " + file.path(),
            () -> records(file, Role.CONSUMER) == before && !live(file, Role.PRODUCER));
    }

    /**
     * A producer on a channel: the ring over half full, no record written in the last second, and
     * no live consumer (so it really blocks on one; a producer waiting on a quiet stdin says nothing).
     *
     * @param file the channel.
     * @return the notice.
     */
    public static WaitingNotice forProducer(final ChannelFile file)
    {
        final long[] last = {records(file, Role.PRODUCER)};
        return start("producer: waiting for a consumer on " + file.path() + " (the ring is full)", () ->
        {
            final long now = records(file, Role.PRODUCER);
            final boolean stuck = now == last[0];
            last[0] = now;
            final long fill = file.buffer().getLongVolatile(TAIL_OFFSET) - file.buffer().getLongVolatile(HEAD_OFFSET);
            return stuck && fill >= file.capacity() / 2 && !live(file, Role.CONSUMER);
        });
    }

    /** The role's record counter, which its owner publishes with a release store at every batch. */
    private static long records(final ChannelFile file, final Role role)
    {
        return file.buffer().getLongVolatile(countersOffset(role) + COUNTER_RECORDS);
    }

    private static boolean live(final ChannelFile file, final Role role)
    {
        final ParticipantState state = new ParticipantSlot(file.buffer(), slotOffset(role), role)
            .effectiveState(ProcessIdentity.current());
        return state.isLive() || state == ParticipantState.CLAIMING;
    }

    @Override
    public void close()
    {
        thread.interrupt();
    }
}

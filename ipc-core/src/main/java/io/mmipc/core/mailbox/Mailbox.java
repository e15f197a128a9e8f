package io.mmipc.core.mailbox;

import io.mmipc.WaitStrategy;
import io.mmipc.core.crash.CrashPoints;
import io.mmipc.core.file.ChannelPaths;
import io.mmipc.core.liveness.Heartbeat;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.core.wait.Waiter;
import io.mmipc.exceptions.MailboxBusyException;
import io.mmipc.exceptions.MailboxDestroyedException;
import io.mmipc.exceptions.RecordTooLargeException;
import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.mmipc.core.mailbox.MailboxDescriptor.*;

/**
 * A mailbox (a port): a named queue any number of processes send to and receive from, each message
 * going to exactly one receiver, each sender's messages in its order.
 *
 * <pre>{@code
 * Mailbox jobs = Mailbox.create("jobs", Mailbox.Options.DEFAULT);
 * jobs.send("hello".getBytes(UTF_8));
 * Message m = Mailbox.open("jobs").receive(Duration.ofSeconds(5));   // null on timeout
 * jobs.destroy();
 * }</pre>
 *
 * <p>This class is the lifecycle; the parts are {@link MailboxQueue} (the non-blocking protocol,
 * positions as the truth), {@link ParticipantTable}, {@link MailboxUnblocker} (finishes what dead
 * participants left), {@link MailboxWakeups} and {@link MailboxWaits} (waiting through the project's
 * {@link Waiter} with the strategy of {@link Options#waitStrategy()}, holding no claim).
 *
 * <p><b>Guarantees</b> (proved by MailboxTest, MailboxCrashPointIT, MailboxKillIT): every published
 * message is received by exactly one receiver, each sender's in its order; a sender killed mid-send
 * loses only messages it had not published (their positions become tombstones); a receiver killed
 * mid-receive (after its claim) gives <b>at most once</b> for the messages of that claim, or, if it
 * joined as durable ({@link Options#durable()}), <b>exactly once</b> to a successor of the same name
 * whose sink records the positions it handled ({@link MessageHandler#onMessage} gets the position).
 * One instance per thread.
 */
public final class Mailbox implements AutoCloseable
{
    /**
     * Sizes and permissions of a new mailbox, and how this participant waits.
     *
     * @param slots    slot count, a power of two.
     * @param slotSize bytes per slot, a power of two; a message holds slotSize - 48 bytes.
     * @param mode     file permissions.
     * @param waitStrategy how to wait when full or empty.
     * @param durable  as a receiver, leave a claim unfinished at a crash to a successor of this name.
     */
    public record Options(int slots, int slotSize, Set<PosixFilePermission> mode, WaitStrategy waitStrategy, boolean durable)
    {
        public static final Options DEFAULT = new Options(4096, 1024, PosixFilePermissions.fromString("rw-------"));

        public Options(final int slots, final int slotSize, final Set<PosixFilePermission> mode)
        {
            this(slots, slotSize, mode, WaitStrategy.FUTEX, false);
        }

        public Options withWait(final WaitStrategy strategy)
        {
            return new Options(slots, slotSize, mode, strategy, durable);
        }

        public Options asDurable()
        {
            return new Options(slots, slotSize, mode, waitStrategy, true);
        }
    }

    private final Path path;
    private final MappedByteBuffer mapped;
    private final AtomicBuffer buffer;
    private final ProcessIdentity me = ProcessIdentity.current();
    private final ParticipantTable table;
    private final MailboxWakeups wakeups;
    private final MailboxQueue queue;
    private final int index;
    private final ParticipantSlot slot;
    private final MailboxWaits waits;
    private final Heartbeat heartbeat;
    private final MessageCollector collector = new MessageCollector();
    private boolean redeliveryPending;
    private int roles;
    private boolean closed;

    private Mailbox(final Path path, final MappedByteBuffer mapped, final String name, final StopFlag stop,
        final Options options)
    {
        this.path = path;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        this.table = new ParticipantTable(buffer);
        this.wakeups = new MailboxWakeups(buffer, table, me);
        final byte[] entryName = ParticipantTable.nameBytes(name, NAME_LENGTH);
        this.index = table.claim(path, me, options.waitStrategy(), entryName);
        final int entry = entryOffset(index);
        this.slot = table.slot(index);
        this.roles = options.durable() ? ROLE_DURABLE : 0;
        buffer.putIntVolatile(entry + ROLES_OFFSET, roles);
        buffer.putBytes(entry + NAME_OFFSET, entryName);
        // an entry adopted from a dead owner of our name: finish its claims (a durable receiver keeps
        // its receive claim, to hand it over again) before this process claims anything itself
        MailboxUnblocker.resolveAdopted(buffer, table, me, wakeups, index, options.durable());
        this.redeliveryPending = buffer.getLongVolatile(entry + RECV_INTENT_OFFSET) != 0;
        MailboxUnblocker.unblockAll(buffer, table, me, wakeups);
        this.queue = new MailboxQueue(buffer, entry, me.pid(), ParticipantTable.nameBytes(name, SLOT_SENDER_NAME_LENGTH),
            wakeups);
        this.waits = new MailboxWaits(path, buffer, table, me, wakeups, queue, index, stop,
            new Waiter(options.waitStrategy(), slot, stop));
        this.heartbeat = Heartbeat.start(slot, me, options.waitStrategy().code());
    }

    public static Path path(final String name)
    {
        return ChannelPaths.resolve(name);
    }

    public static Mailbox create(final String name, final Options options)
    {
        return create(path(name), options, "", new StopFlag());
    }

    /**
     * Creates the mailbox file if it does not exist, and joins it.
     *
     * @param as   this process's name in the participant table and its messages, "" for none.
     * @param stop ends waits early.
     */
    public static Mailbox create(final Path path, final Options options, final String as, final StopFlag stop)
    {
        MailboxFiles.create(path, options);
        return open(path, as, stop, options);
    }

    public static Mailbox open(final String name)
    {
        return open(path(name), "", new StopFlag());
    }

    public static Mailbox open(final Path path, final String as, final StopFlag stop)
    {
        return open(path, as, stop, Options.DEFAULT);
    }

    /**
     * Joins an existing mailbox; {@code options} gives only the wait strategy and durability here.
     */
    public static Mailbox open(final Path path, final String as, final StopFlag stop, final Options options)
    {
        final MappedByteBuffer mapped = MailboxFiles.map(path);
        try
        {
            return new Mailbox(path, mapped, as, stop, options);
        }
        catch (final RuntimeException ex)
        {
            IoUtil.unmap(mapped);
            throw ex;
        }
    }

    public int maxMessageLength()
    {
        return queue.maxMessageLength();
    }

    /**
     * Sends a message, waiting while the mailbox is full.
     *
     * @return false if a stop was requested while waiting.
     * @throws MailboxDestroyedException if the mailbox was destroyed.
     */
    public boolean send(final byte[] message)
    {
        return send(io.mmipc.core.file.RecordLayout.DATA, message, 0, message.length);
    }

    /**
     * Sends a message of {@code type} ({@code DATA} or {@code END_OF_STREAM}).
     *
     * @return false if a stop was requested while waiting (nothing was sent).
     */
    public boolean send(final int type, final byte[] message, final int offset, final int length)
    {
        if (length > maxMessageLength())
        {
            throw RecordTooLargeException.inMailbox(path, length, maxMessageLength());
        }
        if (claim(1) == 0)
        {
            return false;
        }
        buffer.putBytes(queue.payloadOffset(0), message, offset, length);
        queue.commit(0, type, length);
        return queue.publish() == 1;
    }

    /**
     * Claims up to {@code n} positions for a burst, waiting while the mailbox is full. Write each
     * message's payload at {@link #payloadOffset}, {@link #commit} it, then {@link #publish} them all.
     *
     * @return positions claimed, 0 if a stop was requested.
     */
    public int claim(final int n)
    {
        checkNotDestroyed();
        mark(ROLE_SENDER);
        return waits.claim(Math.min(n, MAX_BATCH));
    }

    public AtomicBuffer buffer()
    {
        return buffer;
    }

    public int payloadOffset(final int i)
    {
        return queue.payloadOffset(i);
    }

    /**
     * Writes message i's header; its payload must be in place at {@link #payloadOffset}.
     */
    public void commit(final int i, final int type, final int length)
    {
        queue.commit(i, type, length);
    }

    /**
     * @return messages published; fewer than claimed only if this process was judged dead meanwhile.
     */
    public int publish()
    {
        return queue.publish();
    }

    /**
     * Receives the next message from any sender, waiting without limit.
     *
     * @return the message, or null if a stop was requested.
     */
    public Message receive()
    {
        return receive(null);
    }

    /**
     * @param timeout how long to wait, or null for no limit.
     * @return the next message, or null on timeout or stop.
     */
    public Message receive(final Duration timeout)
    {
        collector.message = null;
        receive(collector, 1, timeout);
        return collector.message;
    }

    /**
     * Receives up to {@code limit} messages (one claim), handing each to {@code handler}, waiting for
     * the first one up to {@code timeout} (null for no limit).
     *
     * @return messages handled, 0 on timeout or stop.
     * @throws MailboxDestroyedException if the mailbox was destroyed.
     */
    public int receive(final MessageHandler handler, final int limit, final Duration timeout)
    {
        checkNotDestroyed();
        mark(ROLE_RECEIVER);
        if (redeliveryPending)
        {
            redeliveryPending = false;
            final int n = queue.redeliverAdopted(handler);
            if (n > 0)
            {
                return n;
            }
        }
        return waits.receive(handler, limit, timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos());
    }

    private void mark(final int role)
    {
        if ((roles & role) == 0)
        {
            roles |= role;
            buffer.putIntVolatile(entryOffset(index) + ROLES_OFFSET, roles);
        }
    }

    public boolean isDestroyed()
    {
        return (buffer.getIntVolatile(FLAGS_OFFSET) & FLAG_DESTROYED) != 0;
    }

    private void checkNotDestroyed()
    {
        MailboxWaits.checkNotDestroyed(buffer, path);
    }

    /**
     * @return the other live participants (pid and name), for a refusal to destroy.
     */
    public List<String> otherLiveParticipants()
    {
        final List<String> live = new ArrayList<>();
        table.forEach((i, offset, other) ->
        {
            if (i != index && table.isLive(i, me))
            {
                final String name = table.name(i);
                live.add("pid " + other.pid() + (name.isEmpty() ? "" : " (" + name + ")"));
            }
        });
        return live;
    }

    /**
     * Destroys the mailbox: marks it destroyed, wakes every waiting participant (each ends with
     * {@link MailboxDestroyedException}, as does any later send or receive), and removes the file.
     *
     * @param force destroy even while other live participants are attached.
     * @throws MailboxBusyException if others are attached and {@code force} is false.
     */
    public void destroy(final boolean force)
    {
        final List<String> others = otherLiveParticipants();
        if (!force && !others.isEmpty())
        {
            throw new MailboxBusyException(path, others);
        }
        MailboxFiles.markDestroyed(buffer, me.pid());
        wakeups.wakeAll(CrashPoints.REPAIR);
        MailboxFiles.delete(path);
    }

    public void destroy()
    {
        destroy(false);
    }

    public Path file()
    {
        return path;
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        queue.abandonClaim();
        heartbeat.close();
        slot.state(ParticipantState.STOPPED); // only if still ours: a CAS within our claim's generation
        IoUtil.unmap(mapped);
    }
}

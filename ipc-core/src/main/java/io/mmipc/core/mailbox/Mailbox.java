package io.mmipc.core.mailbox;

import io.mmipc.core.file.ChannelFileException;
import io.mmipc.core.file.ChannelPaths;
import io.mmipc.core.file.MappedFiles;
import io.mmipc.core.file.RecordLayout;
import io.mmipc.core.liveness.Heartbeat;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.liveness.RoleTakenException;
import io.mmipc.core.ring.RecordTooLargeException;
import io.mmipc.core.semaphore.CountingSemaphore;
import io.mmipc.core.signal.NativeCalls;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.core.wait.WaitStrategy;
import io.mmipc.core.wait.Waiter;
import io.mmipc.core.wait.Waker;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

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
 * <p><b>Protocol.</b> The same two counting semaphores as a channel: FREE counts free slots, USED
 * committed messages. A sender acquires one FREE permit, claims the next position with a CAS on
 * TAIL (having first written the position into its participant entry, CLAIMING), waits for that
 * slot's turn (its SEQUENCE equal to the position: a receiver of the previous lap may still be
 * freeing it), writes, commits with a release store of SEQUENCE = position + 1, and releases USED.
 * A receiver acquires one USED permit, then looks at the slot at HEAD: senders commit out of order,
 * so if that slot is not committed yet it waits for it rather than skipping it. It <em>copies the
 * message out first</em> and then claims it with a CAS on HEAD; only the winner frees the slot
 * (a CAS of SEQUENCE to position + SLOT_COUNT) and releases FREE. Receivers finishing out of order
 * is thus safe: a slot is reused only after its own SEQUENCE says so.
 *
 * <p><b>When a participant dies.</b> A receiver holds nothing between its claim and the return of
 * {@code receive}: it copied the message before claiming it, so no message is ever lost inside the
 * mailbox. A receiver killed after its claim has received the message (it was in its memory, as
 * after any {@code receive} that returned): delivery is at most once to that process, never twice.
 * Its slot is freed by whichever process next needs it (freeing a claimed slot is a CAS anyone may
 * make). A receiver killed while holding a USED permit it had not used yet leaves a committed
 * message without a permit: a receiver that has waited {@link #REPAIR_AFTER_NANOS} while the head
 * slot is committed takes it without one. A sender killed after claiming a position but before
 * committing would block every receiver at that position: once every process whose entry claims
 * that position is dead, a receiver writes a tombstone there (skipped by all) and the queue goes on;
 * the dead sender's message was never sent, and its FREE permit is lost to the mailbox until it is
 * recreated (one slot of capacity).
 *
 * <p>Waiting is the futex strategy: bounded parks on the semaphores' wake words, woken by whoever
 * releases permits; the DESTROYED flag is checked between parks.
 */
public final class Mailbox implements AutoCloseable
{
    /** How long a receiver waits before repairing a lost permit or a dead sender's claim. */
    public static final long REPAIR_AFTER_NANOS = 200_000_000L;

    /**
     * Sizes and permissions of a new mailbox.
     *
     * @param slots    slot count, a power of two.
     * @param slotSize bytes per slot, a power of two; a message holds slotSize - 48 bytes.
     * @param mode     file permissions.
     */
    public record Options(int slots, int slotSize, Set<PosixFilePermission> mode)
    {
        public static final Options DEFAULT = new Options(4096, 1024, PosixFilePermissions.fromString("rw-------"));
    }

    private final Path path;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final int slots;
    private final int slotSize;
    private final long mask;
    private final CountingSemaphore free;
    private final CountingSemaphore used;
    private final NativeCalls nativeCalls = new NativeCalls();
    private final StopFlag stop;
    private final Waiter waiter;
    private final ProcessIdentity me = ProcessIdentity.current();
    private final ParticipantSlot slot;
    private final int entryOffset;
    private final Heartbeat heartbeat;
    private final byte[] name;
    private long sent;
    private boolean closed;

    private Mailbox(final Path path, final MappedByteBuffer mapped, final String name, final StopFlag stop)
    {
        this.path = path;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        this.slots = buffer.getInt(SLOT_COUNT_OFFSET);
        this.slotSize = buffer.getInt(SLOT_SIZE_OFFSET);
        this.mask = slots - 1;
        this.free = new CountingSemaphore(buffer, FREE_SEMAPHORE_OFFSET, "FREE");
        this.used = new CountingSemaphore(buffer, USED_SEMAPHORE_OFFSET, "USED");
        this.stop = stop;
        this.name = nameBytes(name);
        this.slot = claimEntry();
        this.entryOffset = slotOffset;
        this.waiter = new Waiter(WaitStrategy.FUTEX, slot, stop);
        buffer.putLongVolatile(entryOffset + CLAIMING_OFFSET, 0);
        buffer.putIntVolatile(entryOffset + ROLES_OFFSET, 0);
        buffer.putBytes(entryOffset + NAME_OFFSET, this.name);
        this.heartbeat = Heartbeat.start(slot, me, WaitStrategy.FUTEX.code());
    }

    /**
     * @param name a bare mailbox name, or a path containing '/'.
     * @return its file.
     */
    public static Path path(final String name)
    {
        return ChannelPaths.resolve(name);
    }

    /**
     * Creates the mailbox if it does not exist, and joins it.
     */
    public static Mailbox create(final String name, final Options options)
    {
        return create(path(name), options, "", new StopFlag());
    }

    /**
     * Creates the mailbox file if it does not exist, and joins it.
     *
     * @param path    the file.
     * @param options sizes and mode when creating.
     * @param as      this process's name in the participant table, "" for none.
     * @param stop    ends waits early.
     */
    public static Mailbox create(final Path path, final Options options, final String as, final StopFlag stop)
    {
        checkSizes(path, options.slots(), options.slotSize());
        if (!Files.exists(path))
        {
            MappedFiles.createAtomically(path, HEADER_LENGTH + (long)options.slots() * options.slotSize(), options.mode(),
                header ->
                {
                    header.putInt(VERSION_OFFSET, VERSION);
                    header.putInt(HEADER_LENGTH_OFFSET, HEADER_LENGTH);
                    header.putInt(SLOT_COUNT_OFFSET, options.slots());
                    header.putInt(SLOT_SIZE_OFFSET, options.slotSize());
                    header.putLong(CREATION_TIME_OFFSET, System.currentTimeMillis());
                    header.putLong(FREE_SEMAPHORE_OFFSET, options.slots());
                    for (int i = 0; i < options.slots(); i++)
                    {
                        header.putLong(HEADER_LENGTH + i * options.slotSize() + SLOT_SEQUENCE_OFFSET, i); // free for lap 0
                    }
                    header.putLongRelease(MAGIC_OFFSET, MAGIC);
                });
        }
        return open(path, as, stop);
    }

    /**
     * Joins an existing mailbox.
     */
    public static Mailbox open(final String name)
    {
        return open(path(name), "", new StopFlag());
    }

    /**
     * Joins an existing mailbox.
     *
     * @param path the file.
     * @param as   this process's name in the participant table, "" for none.
     * @param stop ends waits early.
     */
    public static Mailbox open(final Path path, final String as, final StopFlag stop)
    {
        final MappedByteBuffer mapped = MappedFiles.mapValidated(path, false, HEADER_LENGTH, MailboxDescriptor::validate,
            "create it first with 'ipc mailbox create " + path.getFileName().toString().replace(ChannelPaths.SUFFIX, "") + "'");
        try
        {
            if ((new UnsafeBuffer(mapped).getIntVolatile(FLAGS_OFFSET) & FLAG_DESTROYED) != 0)
            {
                throw new MailboxDestroyedException(path, new UnsafeBuffer(mapped).getLongVolatile(DESTROYED_BY_OFFSET));
            }
            return new Mailbox(path, mapped, as, stop);
        }
        catch (final RuntimeException ex)
        {
            IoUtil.unmap(mapped);
            throw ex;
        }
    }

    private int slotOffset;

    private ParticipantSlot claimEntry()
    {
        for (int i = 0; i < MAX_PARTICIPANTS; i++)
        {
            final int at = PARTICIPANTS_OFFSET + i * PARTICIPANT_LENGTH;
            final ParticipantSlot candidate = new ParticipantSlot(buffer, at);
            final ParticipantState state = candidate.effectiveState(me);
            if (state.isLive() || state == ParticipantState.CLAIMING)
            {
                continue;
            }
            try
            {
                candidate.claim(path, me, WaitStrategy.FUTEX.code());
                slotOffset = at;
                return candidate;
            }
            catch (final RoleTakenException raced)
            {
                // another process took this entry at the same moment: try the next
            }
        }
        throw new ChannelFileException(path, MAX_PARTICIPANTS + " live participants are attached already; " +
            "a mailbox has room for " + MAX_PARTICIPANTS);
    }

    /**
     * @return the largest message this mailbox carries.
     */
    public int maxMessageLength()
    {
        return maxPayload(slotSize);
    }

    /**
     * Sends a message, waiting while the mailbox is full.
     *
     * @param message the bytes.
     * @return false if a stop was requested while waiting.
     */
    public boolean send(final byte[] message)
    {
        return send(RecordLayout.DATA, message, 0, message.length);
    }

    /**
     * Sends a message of {@code type} ({@link RecordLayout#DATA} or {@link RecordLayout#END_OF_STREAM}).
     *
     * @return false if a stop was requested while waiting.
     */
    public boolean send(final int type, final byte[] message, final int offset, final int length)
    {
        if (length > maxMessageLength())
        {
            throw new RecordTooLargeException(path, length, maxMessageLength());
        }
        markRole(ROLE_SENDER);
        waiter.reset();
        while (!free.tryAcquire(1))
        {
            if (!checkedIdle(free))
            {
                return false;
            }
        }
        long position;
        do
        {
            position = buffer.getLongVolatile(TAIL_OFFSET);
            // Before the CAS (as position + 1, 0 meaning none): if we die after it, receivers can
            // tell whose claim this position was.
            buffer.putLongVolatile(entryOffset + CLAIMING_OFFSET, position + 1);
        }
        while (!buffer.compareAndSetLong(TAIL_OFFSET, position, position + 1));
        final int at = slotOffset(position);
        awaitTurn(at, position);
        buffer.putInt(at + SLOT_LENGTH_OFFSET, length);
        buffer.putInt(at + SLOT_TYPE_OFFSET, type);
        buffer.putLong(at + SLOT_SENDER_PID_OFFSET, me.pid());
        buffer.putLong(at + SLOT_SENDER_SEQUENCE_OFFSET, sent++);
        buffer.putBytes(at + SLOT_SENDER_NAME_OFFSET, name, 0, SLOT_SENDER_NAME_LENGTH);
        buffer.putBytes(at + SLOT_HEADER_LENGTH, message, offset, length);
        // Release store: the commit; everything written above happens-before a receiver's acquire.
        buffer.putLongRelease(at + SLOT_SEQUENCE_OFFSET, position + 1);
        buffer.putLongRelease(entryOffset + CLAIMING_OFFSET, 0);
        buffer.getAndAddLong(SENT_OFFSET, 1);
        release(used);
        return true;
    }

    /**
     * Waits for the slot at {@code at} to be free for {@code position}. A receiver of the previous
     * lap may still be freeing it; if that receiver died after its claim, the slot is freed here.
     */
    private void awaitTurn(final int at, final long position)
    {
        int spins = 0;
        while (buffer.getLongVolatile(at + SLOT_SEQUENCE_OFFSET) != position)
        {
            final long previous = position - slots + 1;
            if (++spins > 1_000 && buffer.getLongVolatile(HEAD_OFFSET) > position - slots &&
                buffer.compareAndSetLong(at + SLOT_SEQUENCE_OFFSET, previous, position))
            {
                release(free); // the claimer never freed it: we did, so its permit goes back
                return;
            }
            idleBriefly(spins);
        }
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
     * Receives the next message from any sender.
     *
     * @param timeout how long to wait, or null for no limit.
     * @return the message, or null on timeout or stop.
     */
    public Message receive(final Duration timeout)
    {
        markRole(ROLE_RECEIVER);
        final long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        waiter.reset();
        final long waitStart = System.nanoTime();
        while (!used.tryAcquire(1))
        {
            if (System.nanoTime() - waitStart > REPAIR_AFTER_NANOS && headCommitted())
            {
                break; // a committed message with no permit: its permit died with a receiver
            }
            if ((deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0) || !checkedIdle(used))
            {
                return null;
            }
        }
        int spins = 0;
        while (true)
        {
            final long head = buffer.getLongVolatile(HEAD_OFFSET);
            final int at = slotOffset(head);
            final long sequence = buffer.getLongVolatile(at + SLOT_SEQUENCE_OFFSET);
            if (sequence == head + 1)
            {
                final int type = buffer.getInt(at + SLOT_TYPE_OFFSET);
                final int length = buffer.getInt(at + SLOT_LENGTH_OFFSET);
                Message message = null;
                if (type != TYPE_TOMBSTONE)
                {
                    if (length < 0 || length > maxMessageLength())
                    {
                        throw new ChannelFileException(path, "slot of position " + head + " holds a message of length " +
                            length + "; the mailbox is corrupt: destroy and recreate it");
                    }
                    final byte[] payload = new byte[length];
                    buffer.getBytes(at + SLOT_HEADER_LENGTH, payload);
                    final byte[] sender = new byte[SLOT_SENDER_NAME_LENGTH];
                    buffer.getBytes(at + SLOT_SENDER_NAME_OFFSET, sender);
                    message = new Message(type, buffer.getLong(at + SLOT_SENDER_PID_OFFSET), text(sender),
                        buffer.getLong(at + SLOT_SENDER_SEQUENCE_OFFSET), payload);
                }
                // Copied out first, claimed second: a receiver that dies never takes a message away unread.
                if (buffer.compareAndSetLong(HEAD_OFFSET, head, head + 1))
                {
                    if (buffer.compareAndSetLong(at + SLOT_SEQUENCE_OFFSET, head + 1, head + slots))
                    {
                        release(free);
                    }
                    if (message != null)
                    {
                        buffer.getAndAddLong(RECEIVED_OFFSET, 1);
                        return message;
                    }
                    // a tombstone carried no USED permit: keep ours for the next message
                }
                continue;
            }
            if (sequence > head + 1)
            {
                continue; // HEAD moved on under us
            }
            // Committed out of order: the sender of this position is still writing. Wait for it.
            if (++spins % 20_000 == 0 && senderOfPositionDead(head))
            {
                buffer.putInt(at + SLOT_TYPE_OFFSET, TYPE_TOMBSTONE);
                buffer.putInt(at + SLOT_LENGTH_OFFSET, 0);
                buffer.compareAndSetLong(at + SLOT_SEQUENCE_OFFSET, head, head + 1);
            }
            if (isDestroyed())
            {
                throw destroyed();
            }
            if (stop.requested())
            {
                used.release(1);
                return null;
            }
            idleBriefly(spins);
        }
    }

    private boolean headCommitted()
    {
        final long head = buffer.getLongVolatile(HEAD_OFFSET);
        return buffer.getLongVolatile(slotOffset(head) + SLOT_SEQUENCE_OFFSET) == head + 1;
    }

    private boolean senderOfPositionDead(final long position)
    {
        boolean claimedByDead = false;
        for (int i = 0; i < MAX_PARTICIPANTS; i++)
        {
            final int at = PARTICIPANTS_OFFSET + i * PARTICIPANT_LENGTH;
            if (buffer.getLongVolatile(at + CLAIMING_OFFSET) == position + 1)
            {
                final ParticipantState state = new ParticipantSlot(buffer, at).effectiveState(me);
                if (state == ParticipantState.RUNNING || state == ParticipantState.PARKED ||
                    state == ParticipantState.CLAIMING)
                {
                    return false; // a live sender is writing it
                }
                claimedByDead = true;
            }
        }
        return claimedByDead;
    }

    private boolean checkedIdle(final CountingSemaphore semaphore)
    {
        if (isDestroyed())
        {
            throw destroyed();
        }
        if (stop.requested())
        {
            return false;
        }
        waiter.idle(semaphore, 1);
        return true;
    }

    private static void idleBriefly(final int spins)
    {
        if (spins < 1_000)
        {
            Thread.onSpinWait();
        }
        else if (spins < 2_000)
        {
            Thread.yield();
        }
        else
        {
            LockSupport.parkNanos(50_000);
        }
    }

    private void release(final CountingSemaphore semaphore)
    {
        if (semaphore.release(1))
        {
            Waker.futexWakeAll(nativeCalls, semaphore);
        }
    }

    private int slotOffset(final long position)
    {
        return HEADER_LENGTH + (int)(position & mask) * slotSize;
    }

    private void markRole(final int role)
    {
        final int at = entryOffset + ROLES_OFFSET;
        final int roles = buffer.getIntVolatile(at);
        if ((roles & role) == 0)
        {
            buffer.putIntVolatile(at, roles | role);
        }
    }

    /**
     * @return true once someone destroyed the mailbox.
     */
    public boolean isDestroyed()
    {
        return (buffer.getIntVolatile(FLAGS_OFFSET) & FLAG_DESTROYED) != 0;
    }

    private MailboxDestroyedException destroyed()
    {
        return new MailboxDestroyedException(path, buffer.getLongVolatile(DESTROYED_BY_OFFSET));
    }

    /**
     * @return the other live participants (pid and name), for a refusal to destroy.
     */
    public List<String> otherLiveParticipants()
    {
        final List<String> live = new ArrayList<>();
        for (int i = 0; i < MAX_PARTICIPANTS; i++)
        {
            final int at = PARTICIPANTS_OFFSET + i * PARTICIPANT_LENGTH;
            if (at == entryOffset)
            {
                continue;
            }
            final ParticipantSlot other = new ParticipantSlot(buffer, at);
            final ParticipantState state = other.effectiveState(me);
            if (state == ParticipantState.RUNNING || state == ParticipantState.PARKED)
            {
                final byte[] n = new byte[NAME_LENGTH];
                buffer.getBytes(at + NAME_OFFSET, n);
                live.add("pid " + other.pid() + (text(n).isEmpty() ? "" : " (" + text(n) + ")"));
            }
        }
        return live;
    }

    /**
     * Destroys the mailbox: marks it destroyed, wakes every waiting participant (each ends with
     * {@link MailboxDestroyedException}), and removes the file.
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
        buffer.putLongVolatile(DESTROYED_BY_OFFSET, me.pid());
        int flags;
        do
        {
            flags = buffer.getIntVolatile(FLAGS_OFFSET);
        }
        while (!buffer.compareAndSetInt(FLAGS_OFFSET, flags, flags | FLAG_DESTROYED));
        Waker.futexWakeAll(nativeCalls, free);
        Waker.futexWakeAll(nativeCalls, used);
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            throw new ChannelFileException(path, "marked destroyed but could not be removed: " + ex, ex);
        }
    }

    /**
     * Destroys the mailbox, refusing while other live participants are attached.
     */
    public void destroy()
    {
        destroy(false);
    }

    public Path file()
    {
        return path;
    }

    private static byte[] nameBytes(final String name)
    {
        final byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        final byte[] fixed = new byte[NAME_LENGTH];
        System.arraycopy(bytes, 0, fixed, 0, Math.min(bytes.length, SLOT_SENDER_NAME_LENGTH));
        return fixed;
    }

    static String text(final byte[] fixed)
    {
        int n = 0;
        while (n < fixed.length && fixed[n] != 0)
        {
            n++;
        }
        return new String(fixed, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        heartbeat.close();
        slot.state(ParticipantState.STOPPED); // only if still ours: a CAS within our claim's generation
        IoUtil.unmap(mapped);
    }
}

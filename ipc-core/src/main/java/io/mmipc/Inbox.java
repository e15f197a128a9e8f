package io.mmipc;

import io.mmipc.core.signal.StopFlag;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Direct message passing: a process has an inbox, addressed by its pid or a name it chooses;
 * {@link #send(String, String, byte[]...) send(to, from, m)} puts m in {@code to}'s inbox,
 * {@link #receiveFrom(String, Duration)} takes the next message from one sender only (symmetric
 * naming), {@link #receive(Duration)} from anyone (asymmetric). Each link between two processes is a
 * single-producer channel, so a sender's messages arrive in its order, exactly once.
 *
 * <pre>{@code
 * Inbox.send("bob", "alice", "hi".getBytes(UTF_8));          // alice to bob
 * try (Inbox bob = Inbox.of("bob"))
 * {
 *     Message m = bob.receiveFrom("alice", Duration.ofSeconds(5)); // null on timeout
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> {@link #send} may be called from any thread (each call opens and closes its link;
 * one sender name is used by one thread at a time). An inbox is read by one thread; {@link #close()}
 * may be called from any thread and ends a wait under way (the call returns null).
 */
public final class Inbox implements AutoCloseable
{
    private final io.mmipc.core.mailbox.Inbox core;
    private final StopFlag stop;
    private final SideGuard guard;

    private Inbox(final io.mmipc.core.mailbox.Inbox core, final StopFlag stop)
    {
        this.core = core;
        this.stop = stop;
        this.guard = new SideGuard(core);
    }

    /**
     * Opens (creating if needed) the inbox of {@code owner}, to receive what is sent to it: the folder
     * {@code $MMIPC_DIR/inbox/OWNER/}, one link file per sender in it.
     *
     * @param owner this process's name (letters, digits, '.', '_', '-') or pid.
     * @return the inbox, to be read by one thread.
     * @throws IllegalStateException if the JVM lacks the flags mmipc needs (named in the message).
     * @throws io.mmipc.exceptions.MmipcException if {@code owner} is not a valid name.
     * @throws io.mmipc.exceptions.ChannelFileException if the folder cannot be created.
     */
    public static Inbox of(final String owner)
    {
        JvmFlags.check();
        final StopFlag stop = new StopFlag();
        return new Inbox(io.mmipc.core.mailbox.Inbox.of(owner, stop), stop);
    }

    /**
     * Sends messages to {@code to}'s inbox in order, making the link on first use and waiting, without
     * limit, while it is full (64 KiB of messages not yet received). The receiver need not exist yet:
     * the messages wait in its inbox.
     *
     * @param to       the receiver's name or pid.
     * @param from     this sender's name or pid, which the receiver sees and may filter by.
     * @param messages the messages; each at most 8 KiB (8,192 bytes).
     * @return how many were sent: all of them, once the call returns normally.
     * @throws IllegalStateException if the JVM lacks the flags mmipc needs (named in the message).
     * @throws io.mmipc.exceptions.MmipcException if {@code to} or {@code from} is not a valid name.
     * @throws io.mmipc.exceptions.RecordTooLargeException if a message exceeds 8 KiB (those before it
     *         were sent).
     * @throws io.mmipc.exceptions.RoleTakenException if another live process is sending to
     *         {@code to} as {@code from} at the same time.
     */
    public static int send(final String to, final String from, final byte[]... messages)
    {
        return send(to, from, 0, messages);
    }

    /**
     * Sends messages of one application type id to {@code to}'s inbox, as {@link #send(String, String, byte[]...)}.
     *
     * @param to       the receiver's name or pid.
     * @param from     this sender's name or pid, which the receiver sees and may filter by.
     * @param typeId   the messages' type id, 0 to 2^24-1, which the receiver sees in {@link Message#typeId()}.
     * @param messages the messages; each at most 8 KiB (8,192 bytes).
     * @return how many were sent: all of them, once the call returns normally.
     * @throws IllegalStateException if the JVM lacks the flags mmipc needs (named in the message).
     * @throws IllegalArgumentException if {@code typeId} is outside 0 to 2^24-1.
     * @throws io.mmipc.exceptions.MmipcException if {@code to} or {@code from} is not a valid name.
     * @throws io.mmipc.exceptions.RecordTooLargeException if a message exceeds 8 KiB (those before it
     *         were sent).
     * @throws io.mmipc.exceptions.RoleTakenException if another live process is sending to
     *         {@code to} as {@code from} at the same time.
     */
    public static int send(final String to, final String from, final int typeId, final byte[]... messages)
    {
        JvmFlags.check();
        Mailbox.checkTypeId(typeId);
        return io.mmipc.core.mailbox.Inbox.send(to, from, typeId, List.of(messages), new StopFlag());
    }

    /**
     * Takes the next message from any sender, visiting the senders' links in turn; while none has a
     * message it checks again every millisecond, up to {@code timeout}.
     *
     * @param timeout how long to wait, null for no limit.
     * @return the next message from any sender, or null on timeout or {@link #close()}.
     * @throws io.mmipc.exceptions.RoleTakenException if another live process reads the same link.
     */
    public Message receive(final Duration timeout)
    {
        return receiveFrom(null, timeout);
    }

    /**
     * Takes the next message from {@code sender} only (others' messages stay in their links), checking
     * every millisecond up to {@code timeout}.
     *
     * @param sender  the name or pid to receive from, or null for anyone.
     * @param timeout how long to wait, null for no limit.
     * @return the next message from {@code sender}, or null on timeout or {@link #close()}.
     * @throws io.mmipc.exceptions.MmipcException if {@code sender} is not a valid name.
     * @throws io.mmipc.exceptions.RoleTakenException if another live process reads the same link.
     */
    public Message receiveFrom(final String sender, final Duration timeout)
    {
        if (!guard.usable())
        {
            return null;
        }
        final Message message = Message.of(core.receiveFrom(sender, timeout));
        guard.usable();
        return message;
    }

    /**
     * {@return the inbox's folder, {@code $MMIPC_DIR/inbox/OWNER/}}
     */
    public Path folder()
    {
        return core.folder();
    }

    /**
     * Closes the inbox's links (the folder stays: senders may still write to it). From another thread,
     * also ends a wait under way.
     */
    @Override
    public void close()
    {
        stop.request("close");
        guard.close();
    }
}

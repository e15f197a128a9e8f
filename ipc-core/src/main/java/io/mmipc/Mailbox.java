package io.mmipc;

import io.mmipc.core.file.RecordLayout;
import io.mmipc.core.mailbox.MessageHandler;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.exceptions.RecordTooLargeException;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A named mailbox (a port, the textbook's indirect link): any number of processes send to it and
 * receive from it; each message goes to exactly one receiver, each sender's messages in its order
 * ({@code $MMIPC_DIR/NAME.mmipc}; {@code scripts/ipc mailbox ...} works on the same file).
 *
 * <pre>{@code
 * try (Mailbox jobs = Mailbox.create("jobs"))
 * {
 *     jobs.send(7, "resize a.png".getBytes(UTF_8));
 *     Message m = jobs.receive(Duration.ofSeconds(5));   // null on timeout
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> One thread sends and receives through an instance; {@link #close()} may be
 * called from any thread and ends a wait under way (the waiting call returns false or null). Open one
 * instance per thread to send or receive from several threads.
 *
 * <p><b>Crashes.</b> A sender killed mid-send loses only messages it had not published; a receiver
 * killed mid-receive loses the messages of its last claim unless it joined
 * {@link MailboxOptions#durable() durable} (then the next participant of its name gets them again).
 */
public final class Mailbox implements AutoCloseable
{
    private final io.mmipc.core.mailbox.Mailbox core;
    private final StopFlag stop;
    private final SideGuard guard;
    private int claimed;
    private final Adapter adapter = new Adapter();

    private Mailbox(final io.mmipc.core.mailbox.Mailbox core, final StopFlag stop)
    {
        this.core = core;
        this.stop = stop;
        this.guard = new SideGuard(core);
    }

    /**
     * Creates the mailbox with default sizes if it does not exist, and joins it with no name and
     * the default {@link MailboxOptions#defaults() options}.
     *
     * @param name a bare name for {@code $MMIPC_DIR/NAME.mmipc}, or a path if it contains '/'.
     * @return this process's membership, to send and receive through.
     * @throws IllegalStateException if the JVM lacks the flags mmipc needs (named in the message).
     * @throws io.mmipc.exceptions.ChannelFileException if the file cannot be created or used (not a
     *         mailbox, corrupt, no permission) or all 64 participant entries are taken.
     * @throws io.mmipc.exceptions.MailboxDestroyedException if the mailbox was destroyed meanwhile.
     */
    public static Mailbox create(final String name)
    {
        return create(name, MailboxOptions.defaults());
    }

    /**
     * Creates the mailbox with {@code options}' sizes if it does not exist (an existing one keeps its
     * own), and joins it.
     *
     * @param name    a bare name for {@code $MMIPC_DIR/NAME.mmipc}, or a path if it contains '/'.
     * @param options sizes and mode of a new mailbox; how this participant waits, its name, durability.
     * @return this process's membership, to send and receive through.
     * @throws IllegalStateException if the JVM lacks the flags mmipc needs (named in the message).
     * @throws io.mmipc.exceptions.ChannelFileException if the file cannot be created or used (not a
     *         mailbox, corrupt, no permission) or all 64 participant entries are taken.
     * @throws io.mmipc.exceptions.MailboxDestroyedException if the mailbox was destroyed meanwhile.
     */
    public static Mailbox create(final String name, final MailboxOptions options)
    {
        JvmFlags.check();
        final StopFlag stop = new StopFlag();
        return new Mailbox(io.mmipc.core.mailbox.Mailbox.create(io.mmipc.core.mailbox.Mailbox.path(name), options.core(),
            options.name(), stop), stop);
    }

    /**
     * Joins an existing mailbox with no name and the default wait strategy.
     *
     * @param name a bare name for {@code $MMIPC_DIR/NAME.mmipc}, or a path if it contains '/'.
     * @return this process's membership, to send and receive through.
     * @throws IllegalStateException if the JVM lacks the flags mmipc needs (named in the message).
     * @throws io.mmipc.exceptions.ChannelFileException if it does not exist (the message says how to
     *         create it) or cannot be used.
     * @throws io.mmipc.exceptions.MailboxDestroyedException if the mailbox was destroyed.
     */
    public static Mailbox open(final String name)
    {
        return open(name, MailboxOptions.defaults());
    }

    /**
     * Joins an existing mailbox; only {@code options}' wait strategy, name and durability apply.
     *
     * @param name    a bare name for {@code $MMIPC_DIR/NAME.mmipc}, or a path if it contains '/'.
     * @param options how this participant waits, its name, and whether it receives durably.
     * @return this process's membership, to send and receive through.
     * @throws IllegalStateException if the JVM lacks the flags mmipc needs (named in the message).
     * @throws io.mmipc.exceptions.ChannelFileException if it does not exist (the message says how to
     *         create it) or cannot be used.
     * @throws io.mmipc.exceptions.MailboxDestroyedException if the mailbox was destroyed.
     */
    public static Mailbox open(final String name, final MailboxOptions options)
    {
        JvmFlags.check();
        final StopFlag stop = new StopFlag();
        return new Mailbox(io.mmipc.core.mailbox.Mailbox.open(io.mmipc.core.mailbox.Mailbox.path(name), options.name(),
            stop, options.core()), stop);
    }

    /**
     * {@return the largest payload a message may have (the slot size less its 48-byte header)}
     */
    public int maxMessageLength()
    {
        return core.maxMessageLength();
    }

    /**
     * Sends a message of type id 0, waiting without limit while the mailbox is full.
     *
     * @param message the payload, up to {@link #maxMessageLength()} bytes.
     * @return true once sent; false if this mailbox is closed or {@link #close()} ended the wait
     *         (nothing was sent).
     * @throws RecordTooLargeException if the message exceeds {@link #maxMessageLength()}.
     * @throws io.mmipc.exceptions.MailboxDestroyedException if the mailbox was destroyed.
     */
    public boolean send(final byte[] message)
    {
        return send(0, message);
    }

    /**
     * Sends a message, waiting without limit while the mailbox is full.
     *
     * @param typeId  the application's message type id, 0 to 2^24-1.
     * @param message the payload, up to {@link #maxMessageLength()} bytes.
     * @return true once sent; false if this mailbox is closed or {@link #close()} ended the wait
     *         (nothing was sent).
     * @throws IllegalArgumentException if {@code typeId} is out of range.
     * @throws RecordTooLargeException if the message exceeds {@link #maxMessageLength()}.
     * @throws io.mmipc.exceptions.MailboxDestroyedException if the mailbox was destroyed.
     */
    public boolean send(final int typeId, final byte[] message)
    {
        checkTypeId(typeId);
        return guard.usable() && sent(core.send(RecordLayout.dataType(typeId), message, 0, message.length));
    }

    /**
     * Sends {@code length} bytes of {@code src} from {@code offset}, copied straight into the slot,
     * waiting without limit while the mailbox is full.
     *
     * @param typeId the application's message type id, 0 to 2^24-1.
     * @param src    holds the payload.
     * @param offset of the payload in {@code src}.
     * @param length payload bytes, up to {@link #maxMessageLength()}.
     * @return true once sent; false if this mailbox is closed or {@link #close()} ended the wait
     *         (nothing was sent).
     * @throws IllegalArgumentException if {@code typeId} is out of range.
     * @throws RecordTooLargeException if {@code length} exceeds {@link #maxMessageLength()}.
     * @throws io.mmipc.exceptions.MailboxDestroyedException if the mailbox was destroyed.
     */
    public boolean send(final int typeId, final DirectBuffer src, final int offset, final int length)
    {
        checkTypeId(typeId);
        if (length > core.maxMessageLength())
        {
            throw RecordTooLargeException.inMailbox(core.file(), length, core.maxMessageLength());
        }
        if (!guard.usable() || core.claim(1) == 0)
        {
            return sent(false);
        }
        final AtomicBuffer buffer = core.buffer();
        buffer.putBytes(core.payloadOffset(0), src, offset, length);
        core.commit(0, RecordLayout.dataType(typeId), length);
        return sent(core.publish() == 1);
    }

    /**
     * Claims up to {@code messages} slots for a burst, waiting without limit while the mailbox is
     * full: the batch way to send, one claim and one publication for many messages. Write message
     * {@code i}'s payload at {@link #claimedOffset(int) claimedOffset(i)} of {@link #claimedBuffer()},
     * {@link #commit(int, int, int) commit} each, then {@link #publish()} them all. Until then the
     * receivers see none of them.
     *
     * @param messages most slots to claim (at most 1024 are claimed at once).
     * @return slots claimed, 1 or more; 0 if this mailbox is closed or {@link #close()} ended the wait.
     * @throws io.mmipc.exceptions.MailboxDestroyedException if the mailbox was destroyed.
     */
    public int claim(final int messages)
    {
        if (messages < 1)
        {
            throw new IllegalArgumentException("claim of " + messages + " messages; claim at least 1");
        }
        claimed = guard.usable() ? core.claim(messages) : 0;
        guard.usable();
        return claimed;
    }

    /**
     * {@return the mapping the claimed slots are in, to write their payloads into (in place)}
     */
    public MutableDirectBuffer claimedBuffer()
    {
        return core.buffer();
    }

    /**
     * The offset of a claimed message's payload in {@link #claimedBuffer()}; it holds up to
     * {@link #maxMessageLength()} bytes.
     *
     * @param i the message, 0 to the number claimed less one.
     * @return the offset of its payload.
     */
    public int claimedOffset(final int i)
    {
        checkClaimed(i);
        return core.payloadOffset(i);
    }

    /**
     * Completes a claimed message whose payload is in place.
     *
     * @param i      the message, 0 to the number claimed less one.
     * @param typeId the application's message type id, 0 to 2^24-1.
     * @param length payload bytes, up to {@link #maxMessageLength()}.
     * @throws IllegalArgumentException if {@code typeId} is out of range.
     * @throws RecordTooLargeException if {@code length} exceeds {@link #maxMessageLength()}.
     */
    public void commit(final int i, final int typeId, final int length)
    {
        checkClaimed(i);
        checkTypeId(typeId);
        if (length < 0 || length > core.maxMessageLength())
        {
            throw RecordTooLargeException.inMailbox(core.file(), length, core.maxMessageLength());
        }
        core.commit(i, RecordLayout.dataType(typeId), length);
    }

    /**
     * Publishes the claimed messages, every one committed, at once: receivers may take them from here.
     *
     * @return messages published: all claimed, unless this process was judged dead meanwhile.
     */
    public int publish()
    {
        claimed = 0;
        return core.publish();
    }

    private void checkClaimed(final int i)
    {
        if (i < 0 || i >= claimed)
        {
            throw new IllegalStateException("message " + i + " was not claimed (" + claimed + " claimed)");
        }
    }

    /**
     * Sends an END_OF_STREAM marker: the one receiver that takes it sees
     * {@link Message#endOfStream()} (the consumer daemon stops there). Send one per receiver to stop.
     * Waits without limit while the mailbox is full.
     *
     * @return true once sent; false if this mailbox is closed or {@link #close()} ended the wait.
     * @throws io.mmipc.exceptions.MailboxDestroyedException if the mailbox was destroyed.
     */
    public boolean sendEndOfStream()
    {
        return guard.usable() && sent(core.send(RecordLayout.END_OF_STREAM, new byte[0], 0, 0));
    }

    /**
     * Takes the next message from any sender, copied out of the file, waiting for one up to
     * {@code timeout}. An END_OF_STREAM marker comes back as a message with
     * {@link Message#endOfStream()} true.
     *
     * @param timeout how long to wait for a message, null for no limit.
     * @return the message, or null on timeout, if this mailbox is closed, or when {@link #close()}
     *         ended the wait.
     * @throws io.mmipc.exceptions.MailboxDestroyedException if the mailbox was destroyed.
     */
    public Message receive(final Duration timeout)
    {
        if (!guard.usable())
        {
            return null;
        }
        final Message message = Message.of(core.receive(timeout));
        guard.usable();
        return message;
    }

    /**
     * Receives up to {@code limit} messages in one claim, each read in place by {@code handler},
     * waiting up to {@code timeout} (null for no limit) for the first. An END_OF_STREAM marker is
     * counted and handed to {@link MailboxHandler#onEndOfStream}.
     *
     * @param handler reads each message in place, on this thread, during the call.
     * @param limit   most messages to take in this claim.
     * @param timeout how long to wait for the first message, null for no limit.
     * @return messages taken, 0 on timeout, if this mailbox is closed, or when {@link #close()}
     *         ended the wait.
     * @throws io.mmipc.exceptions.MailboxDestroyedException if the mailbox was destroyed.
     */
    public int receive(final MailboxHandler handler, final int limit, final Duration timeout)
    {
        if (!guard.usable())
        {
            return 0;
        }
        adapter.handler = handler;
        final int n = core.receive(adapter, limit, timeout);
        adapter.handler = null;
        guard.usable();
        return n;
    }

    /**
     * Destroys the mailbox: wakes every waiting participant (each ends with
     * {@link io.mmipc.exceptions.MailboxDestroyedException}) and removes the file.
     *
     * @param force destroy even while other live participants are attached.
     * @throws io.mmipc.exceptions.MailboxBusyException if others are attached and {@code force} is false.
     */
    public void destroy(final boolean force)
    {
        if (guard.usable())
        {
            core.destroy(force);
        }
    }

    /**
     * {@return the mailbox's file}
     */
    public Path path()
    {
        return core.file();
    }

    /**
     * Leaves the mailbox (it stays for the others; {@link #destroy} removes it). May be called from
     * any thread: from another one it ends a wait under way (the waiting call returns false, 0 or
     * null), and the using thread leaves at its next call or as the wait returns.
     */
    @Override
    public void close()
    {
        stop.request("close");
        guard.close();
    }

    /**
     * How many live processes have joined this mailbox and sent through it (read from the file: any
     * thread, while this mailbox is open).
     *
     * @return live senders; 0 also if the file cannot be read now.
     */
    public long liveSenders()
    {
        try
        {
            final io.mmipc.core.mailbox.MailboxStatus status = io.mmipc.core.mailbox.MailboxStatus.read(core.file());
            return status == null ? 0 : status.liveSenders();
        }
        catch (final java.io.IOException | RuntimeException ex)
        {
            return 0;
        }
    }

    /**
     * The name a message's sender joined with, read in place (for a message handed to a
     * {@link MailboxHandler}; allocates the string).
     *
     * @param buffer the buffer the handler was given.
     * @param offset the payload's offset the handler was given.
     * @return the sender's name, "" for none.
     */
    public static String senderName(final DirectBuffer buffer, final int offset)
    {
        return io.mmipc.core.mailbox.MailboxQueue.senderName(buffer, offset);
    }

    /**
     * A hash of the name a message's sender joined with, read in place without allocating: with the
     * pid it tells apart two named senders of one process (which number their messages each from 0).
     *
     * @param buffer the buffer the handler was given.
     * @param offset the payload's offset the handler was given.
     * @return the hash, the same for the same name.
     */
    public static long senderNameHash(final DirectBuffer buffer, final int offset)
    {
        final int at = offset - io.mmipc.core.mailbox.MailboxDescriptor.SLOT_HEADER_LENGTH +
            io.mmipc.core.mailbox.MailboxDescriptor.SLOT_SENDER_NAME_OFFSET;
        final long h = buffer.getLong(at) * 0x9E3779B97F4A7C15L + buffer.getLong(at + 8);
        return h ^ (h >>> 29);
    }

    private boolean sent(final boolean done)
    {
        guard.usable(); // a close() from another thread during the wait releases the mapping here
        return done;
    }

    static void checkTypeId(final int typeId)
    {
        if (typeId < 0 || typeId > RecordLayout.MAX_TYPE_ID)
        {
            throw new IllegalArgumentException("typeId " + typeId + " must be from 0 to " + RecordLayout.MAX_TYPE_ID);
        }
    }

    /**
     * Splits the file's TYPE word into what the user sees; allocated once per mailbox, not per message.
     */
    private static final class Adapter implements MessageHandler
    {
        MailboxHandler handler;

        @Override
        public void onMessage(final int type, final long senderPid, final long senderSequence, final DirectBuffer buffer,
            final int offset, final int length, final long position)
        {
            if (RecordLayout.kind(type) == RecordLayout.DATA)
            {
                handler.onMessage(RecordLayout.typeId(type), senderPid, senderSequence, buffer, offset, length, position);
            }
            else if (type == RecordLayout.END_OF_STREAM)
            {
                handler.onEndOfStream(senderPid, senderSequence);
            }
        }

        @Override
        public void beforeRelease()
        {
            handler.beforeRelease();
        }
    }
}

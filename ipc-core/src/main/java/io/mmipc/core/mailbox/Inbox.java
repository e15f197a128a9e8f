package io.mmipc.core.mailbox;

import io.mmipc.WaitStrategy;
import io.mmipc.core.channel.ChannelEndpoint;
import io.mmipc.core.file.ChannelDescriptor;
import io.mmipc.core.file.ChannelPaths;
import io.mmipc.core.file.RecordLayout;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.ring.RingProducer;
import io.mmipc.core.ring.TypedRecordHandler;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.exceptions.ChannelFileException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Direct message passing: every process that joins has an inbox, addressed by its pid or by a name
 * it chooses. {@code send(P, m)} puts m in P's inbox; {@code receiveFrom(Q)} takes the next message
 * from Q only (symmetric naming), {@code receive()} from anyone (asymmetric).
 *
 * <p>An inbox is a folder, {@code $MMIPC_DIR/inbox/<owner>/}, holding one single-producer channel
 * per sender, {@code from-<sender>.mmipc}: the link between two processes is that channel, created
 * by whichever side uses it first. A sender's messages are thus in its order, exactly once, with the
 * channel's crash recovery; receiving from one sender never disturbs another's messages. Receiving
 * from anyone scans the links in turn; an idle inbox polls every millisecond (bounded, never hangs).
 */
public final class Inbox implements AutoCloseable
{
    private static final int LINK_CAPACITY = 64 * 1024;
    private static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-------");
    private static final String PREFIX = "from-";

    private final Path folder;
    private final StopFlag stop;
    private final Map<String, ChannelEndpoint> links = new LinkedHashMap<>();
    private final Message[] received = new Message[1];

    private Inbox(final Path folder, final StopFlag stop)
    {
        this.folder = folder;
        this.stop = stop;
    }

    /**
     * @param owner a pid or a name.
     * @return the owner's inbox folder.
     */
    public static Path folder(final String owner)
    {
        ChannelPaths.checkName(owner);
        return ChannelPaths.directory().resolve("inbox").resolve(owner);
    }

    /**
     * Joins: opens (creating if needed) the inbox of {@code owner} to receive from it.
     *
     * @param owner this process's pid or name.
     * @param stop  ends waits early.
     */
    public static Inbox of(final String owner, final StopFlag stop)
    {
        final Path folder = folder(owner);
        createFolder(folder);
        return new Inbox(folder, stop);
    }

    private static void createFolder(final Path folder)
    {
        try
        {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        catch (final IOException ex)
        {
            throw new ChannelFileException(folder, "cannot create the inbox folder: " + ex, ex);
        }
    }

    /**
     * Sends messages to {@code to}'s inbox, establishing the link on first use.
     *
     * @param to       the receiver's pid or name.
     * @param from     this process's pid or name, which the receiver sees and may filter by.
     * @param messages the messages, in order.
     * @param stop     ends a wait for space early.
     * @return how many were sent (fewer only if a stop was requested).
     */
    public static int send(final String to, final String from, final List<byte[]> messages, final StopFlag stop)
    {
        return send(to, from, 0, messages, stop);
    }

    /**
     * Sends messages of one application type id to {@code to}'s inbox, establishing the link on first use.
     *
     * @param to       the receiver's pid or name.
     * @param from     this process's pid or name, which the receiver sees and may filter by.
     * @param typeId   the messages' type id, 0 to {@link io.mmipc.core.file.RecordLayout#MAX_TYPE_ID}.
     * @param messages the messages, in order.
     * @param stop     ends a wait for space early.
     * @return how many were sent (fewer only if a stop was requested).
     */
    public static int send(final String to, final String from, final int typeId, final List<byte[]> messages,
        final StopFlag stop)
    {
        ChannelPaths.checkName(from);
        final Path folder = folder(to);
        createFolder(folder);
        final Path link = folder.resolve(PREFIX + from + ChannelPaths.SUFFIX);
        int sent = 0;
        try (ChannelEndpoint endpoint = ChannelEndpoint.attach(link, LINK_CAPACITY, LINK_CAPACITY / 8, MODE, false,
            Role.PRODUCER, WaitStrategy.FUTEX, stop, 64))
        {
            final RingProducer producer = endpoint.producer();
            for (final byte[] message : messages)
            {
                final int at = producer.claim(typeId, message.length, Long.MAX_VALUE);
                if (at < 0)
                {
                    break;
                }
                producer.buffer().putBytes(at, message);
                producer.commit();
                sent++;
            }
        }
        return sent;
    }

    /**
     * @param timeout how long to wait, null for no limit.
     * @return the next message from any sender, or null on timeout or stop.
     */
    public Message receive(final Duration timeout)
    {
        return receiveFrom(null, timeout);
    }

    /**
     * @param sender  the pid or name to receive from, or null for anyone.
     * @param timeout how long to wait, null for no limit.
     * @return the next message from {@code sender}, or null on timeout or stop.
     */
    public Message receiveFrom(final String sender, final Duration timeout)
    {
        final long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        while (!stop.requested())
        {
            for (final String from : senders(sender))
            {
                final Message message = poll(from);
                if (message != null)
                {
                    return message;
                }
            }
            if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0)
            {
                return null;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return null;
    }

    private List<String> senders(final String only)
    {
        final List<String> names = new ArrayList<>();
        if (only != null)
        {
            ChannelPaths.checkName(only);
            names.add(only);
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, PREFIX + "*" + ChannelPaths.SUFFIX))
        {
            for (final Path file : files)
            {
                final String name = file.getFileName().toString();
                names.add(name.substring(PREFIX.length(), name.length() - ChannelPaths.SUFFIX.length()));
            }
        }
        catch (final IOException ex)
        {
            throw new ChannelFileException(folder, "cannot list the inbox: " + ex, ex);
        }
        return names;
    }

    private Message poll(final String from)
    {
        ChannelEndpoint endpoint = links.get(from);
        if (endpoint == null)
        {
            final Path link = folder.resolve(PREFIX + from + ChannelPaths.SUFFIX);
            endpoint = ChannelEndpoint.attach(link, LINK_CAPACITY, LINK_CAPACITY / 8, MODE, false, Role.CONSUMER,
                WaitStrategy.FUTEX, stop, 1);
            links.put(from, endpoint);
        }
        final long senderPid = new ParticipantSlot(endpoint.file().buffer(), ChannelDescriptor.PRODUCER_SLOT_OFFSET, Role.PRODUCER).pid();
        received[0] = null;
        endpoint.consumer().poll((TypedRecordHandler)(kind, typeId, sequence, buffer, offset, length) ->
        {
            if (kind == RecordLayout.DATA) // (the link's END_OF_STREAM, written by no sender today, is skipped)
            {
                final byte[] payload = new byte[length];
                buffer.getBytes(offset, payload);
                received[0] = new Message(RecordLayout.dataType(typeId), senderPid, from, sequence, payload);
            }
        }, 1);
        return received[0];
    }

    public Path folder()
    {
        return folder;
    }

    @Override
    public void close()
    {
        links.values().forEach(ChannelEndpoint::close);
        links.clear();
    }
}

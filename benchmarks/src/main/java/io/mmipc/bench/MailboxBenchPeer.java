package io.mmipc.bench;

import io.mmipc.Mailbox;
import io.mmipc.MailboxHandler;
import io.mmipc.MailboxOptions;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One sender or receiver JVM of a many-to-many run ({@link MailboxBench}):
 * {@code MailboxBenchPeer send|recv TRANSPORT SIZE COUNT PLACE}. A sender sends COUNT messages of
 * SIZE bytes; a receiver reads until an end marker (mailbox, POSIX queue; the bench sends one per
 * receiver after the senders are done) or until COUNT messages (Agrona's ring and Aeron IPC, one
 * receiver), and
 * prints {@code RESULT messages firstNanos lastNanos checksum indexSum} (System.nanoTime is CLOCK_MONOTONIC,
 * comparable between processes).
 */
public final class MailboxBenchPeer
{
    static final String QUEUE_NAME = "/mmipc-bench";
    private static final int BURST = 256;
    private static final int MQ_O_RDWR = 2;
    private static final int MQ_O_CREAT = 0100;

    private MailboxBenchPeer()
    {
    }

    public static void main(final String[] args) throws Throwable
    {
        final boolean send = "send".equals(args[0]);
        final String transport = args[1];
        final int size = Integer.parseInt(args[2]);
        final long count = Long.parseLong(args[3]);
        final Path place = Path.of(args[4]);
        switch (transport)
        {
            case "mailbox" -> mailbox(send, size, count, place);
            case "agrona-m2o" -> agrona(send, size, count, place);
            case "posix-mq" -> posixMq(send, size, count);
            case "aeron-mpsc" ->
            {
                if (send)
                {
                    AeronMpscPeer.send(size, count, place);
                }
                else
                {
                    final Receiver receiver = new Receiver();
                    AeronMpscPeer.receive(count, place, receiver);
                    receiver.print();
                }
            }
            default -> throw new IllegalArgumentException("unknown transport " + transport);
        }
    }

    private static void mailbox(final boolean send, final int size, final long count, final Path place)
    {
        try (Mailbox box = Mailbox.open(place.resolve("bench.mmipc").toString()))
        {
            if (send)
            {
                for (long sent = 0; sent < count; )
                {
                    final int n = box.claim((int)Math.min(BURST, count - sent));
                    final MutableDirectBuffer buffer = box.claimedBuffer();
                    for (int i = 0; i < n; i++)
                    {
                        final int at = box.claimedOffset(i);
                        buffer.putLong(at, sent + i);
                        buffer.setMemory(at + 8, size - 8, (byte)i);
                        box.commit(i, 0, size);
                    }
                    box.publish();
                    sent += n;
                }
                return;
            }
            final Receiver receiver = new Receiver();
            while (receiver.ends == 0)
            {
                box.receive(receiver, 4096, Duration.ofSeconds(1));
                for (int extra = receiver.ends - 1; extra > 0; extra--)
                {
                    box.sendEndOfStream(); // another receiver's
                }
                receiver.ends = Math.min(receiver.ends, 1);
            }
            receiver.print();
        }
    }

    /** Reads every payload byte into a checksum, as the channel bench's receivers do. */
    static final class Receiver implements MailboxHandler, org.agrona.concurrent.MessageHandler
    {
        long messages;
        long first;
        long last;
        long checksum;
        /** Sum of each message's first 8 bytes, its index in its sender's stream: the bench compares it
         *  with senders x n(n-1)/2, so a lost, repeated or misplaced message fails the run. */
        long indexSum;
        int ends;

        @Override
        public void onMessage(final int typeId, final long senderPid, final long senderSequence, final DirectBuffer buffer,
            final int offset, final int length)
        {
            take(buffer, offset, length);
        }

        @Override
        public void onEndOfStream(final long senderPid, final long senderSequence)
        {
            ends++;
        }

        @Override
        public void onMessage(final int msgTypeId, final org.agrona.MutableDirectBuffer buffer, final int index,
            final int length)
        {
            take(buffer, index, length);
        }

        void take(final DirectBuffer buffer, final int offset, final int length)
        {
            indexSum += buffer.getLong(offset);
            long sum = checksum;
            int i = 0;
            for (; i + 8 <= length; i += 8)
            {
                sum += buffer.getLong(offset + i);
            }
            for (; i < length; i++)
            {
                sum += buffer.getByte(offset + i);
            }
            checksum = sum;
            final long now = System.nanoTime();
            first = messages++ == 0 ? now : first;
            last = now;
        }

        void print()
        {
            System.out.println("RESULT " + messages + " " + first + " " + last + " " + checksum + " " + indexSum);
        }
    }

    private static void agrona(final boolean send, final int size, final long count, final Path place)
    {
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(place.resolve("m2o.ring").toFile(), "m2o");
        try
        {
            final ManyToOneRingBuffer ring = new ManyToOneRingBuffer(new UnsafeBuffer(mapped));
            if (send)
            {
                final UnsafeBuffer message = new UnsafeBuffer(new byte[size]);
                for (long sent = 0; sent < count; sent++)
                {
                    message.putLong(0, sent);
                    while (!ring.write(1, message, 0, size))
                    {
                        Thread.onSpinWait();
                    }
                }
                return;
            }
            final Receiver receiver = new Receiver();
            while (receiver.messages < count)
            {
                if (ring.read(receiver, 4096) == 0)
                {
                    Thread.onSpinWait();
                }
            }
            receiver.print();
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }

    /** The kernel's message queue through the foreign function API (glibc's mq_* wrappers). */
    private static void posixMq(final boolean send, final int size, final long count) throws Throwable
    {
        final Linker linker = Linker.nativeLinker();
        final var libc = linker.defaultLookup().or(java.lang.foreign.SymbolLookup.libraryLookup("librt.so.1", Arena.global()));
        final MethodHandle open = linker.downcallHandle(libc.find("mq_open").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(2));
        final MethodHandle mqSend = linker.downcallHandle(libc.find("mq_send").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT));
        final MethodHandle mqReceive = linker.downcallHandle(libc.find("mq_receive").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined())
        {
            final int mq = (int)open.invokeExact(arena.allocateFrom(QUEUE_NAME), MQ_O_RDWR);
            if (mq < 0)
            {
                throw new IllegalStateException("mq_open " + QUEUE_NAME + " failed (the bench creates it first)");
            }
            final MemorySegment buffer = arena.allocate(Math.max(size, 8192), 8);
            final UnsafeBuffer view = new UnsafeBuffer(buffer.address(), (int)buffer.byteSize());
            if (send)
            {
                for (long sent = 0; sent < count; sent++)
                {
                    view.putLong(0, sent); // the index: the receiver sums them
                    if ((int)mqSend.invokeExact(mq, buffer, (long)size, 0) != 0)
                    {
                        throw new IllegalStateException("mq_send failed");
                    }
                }
                return;
            }
            final Receiver receiver = new Receiver();
            while (true)
            {
                final long n = (long)mqReceive.invokeExact(mq, buffer, buffer.byteSize(), MemorySegment.NULL);
                if (n < 0)
                {
                    throw new IllegalStateException("mq_receive failed");
                }
                if (n == 1)
                {
                    break; // the end marker: one byte
                }
                receiver.take(view, 0, (int)n);
            }
            receiver.print();
        }
    }

    /**
     * Creates the transport's file or queue for a run.
     */
    static void prepare(final String transport, final int size, final Path place) throws Throwable
    {
        switch (transport)
        {
            case "mailbox" ->
            {
                final int slotSize = Integer.highestOneBit(Math.max(64, size + 48) * 2 - 1);
                Mailbox.create(place.resolve("bench.mmipc").toString(), MailboxOptions.builder()
                    .slots((64 << 20) / slotSize).slotSize(slotSize).build()).close();
            }
            case "agrona-m2o" ->
            {
                IoUtil.unmap(IoUtil.mapNewFile(place.resolve("m2o.ring").toFile(),
                    (64 << 20) + RingBufferDescriptor.TRAILER_LENGTH));
            }
            case "posix-mq" -> PosixQueue.create(size);
            case "aeron-mpsc" ->
            {
                // the receiver's embedded driver makes its own directory
            }
            default -> throw new IllegalArgumentException(transport);
        }
    }
}

package io.mmipc.bench;

import io.mmipc.core.channel.ChannelEndpoint;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.ring.RecordHandler;
import io.mmipc.core.ring.RingConsumer;
import io.mmipc.core.ring.RingProducer;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.core.wait.WaitStrategy;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.MappedByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * One side of one benchmark run, in its own JVM:
 * {@code Peer send|recv TRANSPORT SIZE COUNT PLACE [RATE [RING]]}.
 * PLACE is a folder for the transport's file, socket or port handshake. The receiver prints
 * {@code RESULT records timed-records nanos checksum}: all records are read and checked, the rate is
 * timed over those after the first tenth (JIT warm-up), see {@link Pacing#received}.
 */
public final class Peer
{
    private static final int BUFFER = 64 * 1024;

    private Peer()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final boolean send = "send".equals(args[0]);
        final String transport = args[1];
        final Workload work = new Workload(Integer.parseInt(args[2]), Long.parseLong(args[3]),
            args.length > 6 ? Integer.parseInt(args[6]) : Workload.DEFAULT_RING);
        final Path place = Path.of(args[4]);
        final Pacing pacing = new Pacing(args.length > 5 ? Long.parseLong(args[5]) : 0, work.count(), work.lap());
        if (transport.startsWith("mmipc"))
        {
            mmipc(send, WaitStrategy.parse(transport.substring(transport.indexOf('-') + 1)), work, place, pacing);
        }
        else
        {
            switch (transport)
            {
                case "pipe" -> stream(send, work, send ? new FileOutputStream(FileDescriptor.out) : null,
                    send ? null : new FileInputStream(FileDescriptor.in), pacing);
                case "uds" -> socket(send, work, place, true, pacing);
                case "tcp" -> socket(send, work, place, false, pacing);
                case "agrona" -> agrona(send, work, place, pacing);
                case "aeron" -> AeronPeer.run(send, work, place, pacing);
                case "chronicle" -> ChroniclePeer.run(send, work, place, pacing);
                default -> throw new IllegalArgumentException("unknown transport " + transport);
            }
        }
    }

    static void result(final long records, final long nanos, final long checksum, final Pacing pacing)
    {
        if (pacing.latency())
        {
            System.err.println(pacing.report());
        }
        System.err.println("RESULT " + records + " " + pacing.timed() + " " + checksum);
    }

    private static void mmipc(final boolean send, final WaitStrategy wait, final Workload work, final Path place,
        final Pacing pacing)
    {
        final Path file = place.resolve("bench.mmipc");
        final int capacity = work.ring();
        try (ChannelEndpoint endpoint = ChannelEndpoint.attach(file, capacity, capacity / 8,
            PosixFilePermissions.fromString("rw-------"), false, send ? Role.PRODUCER : Role.CONSUMER, wait,
            new StopFlag(), 256))
        {
            if (send)
            {
                final RingProducer producer = endpoint.producer();
                final UnsafeBuffer buffer = producer.buffer();
                for (long i = 0; i < work.count(); i++)
                {
                    final int at = producer.claim(work.size());
                    Workload.fill(buffer, at, work.size(), i);
                    pacing.await(i, buffer, at);
                    producer.commit();
                    if (pacing.latency())
                    {
                        producer.flush();
                    }
                }
                producer.endOfStream();
                return;
            }
            final RingConsumer consumer = endpoint.consumer();
            final long[] state = new long[3]; // records, checksum, first nanos
            final RecordHandler handler = (type, sequence, buffer, offset, length) ->
            {
                if (state[0] == 0)
                {
                    state[2] = System.nanoTime();
                }
                if (length > 0)
                {
                    pacing.received(buffer, offset);
                    state[1] = Workload.checksum(state[1], buffer, offset, length);
                    state[0]++;
                }
            };
            while (!consumer.endOfStream())
            {
                if (consumer.poll(handler, 1 << 16) == 0)
                {
                    consumer.idle();
                }
            }
            result(state[0], System.nanoTime() - state[2], state[1], pacing);
        }
    }

    private static void stream(final boolean send, final Workload work, final OutputStream out, final InputStream in,
        final Pacing pacing) throws IOException
    {
        final byte[] record = new byte[work.size()];
        final UnsafeBuffer view = new UnsafeBuffer(record);
        if (send)
        {
            try (OutputStream buffered = new BufferedOutputStream(out, BUFFER))
            {
                for (long i = 0; i < work.count(); i++)
                {
                    Workload.fill(view, 0, work.size(), i);
                    pacing.await(i, view, 0);
                    buffered.write(record);
                    if (pacing.latency())
                    {
                        buffered.flush();
                    }
                }
            }
            return;
        }
        final DataInputStream data = new DataInputStream(new BufferedInputStream(in, BUFFER));
        long checksum = 0;
        data.readFully(record);
        final long first = System.nanoTime();
        pacing.received(view, 0);
        checksum = Workload.checksum(checksum, view, 0, work.size());
        for (long i = 1; i < work.count(); i++)
        {
            data.readFully(record);
            pacing.received(view, 0);
            checksum = Workload.checksum(checksum, view, 0, work.size());
        }
        result(work.count(), System.nanoTime() - first, checksum, pacing);
    }

    private static void socket(final boolean send, final Workload work, final Path place, final boolean unix,
        final Pacing pacing) throws Exception
    {
        final Path handshake = place.resolve(unix ? "bench.sock" : "tcp.port");
        if (send)
        {
            while (!Files.exists(handshake) || (!unix && Files.size(handshake) == 0))
            {
                Thread.sleep(1);
            }
            try (SocketChannel channel = unix ?
                SocketChannel.open(UnixDomainSocketAddress.of(handshake)) :
                SocketChannel.open(new InetSocketAddress("127.0.0.1", Integer.parseInt(Files.readString(handshake).strip()))))
            {
                stream(true, work, Channels.newOutputStream(channel), null, pacing);
            }
            return;
        }
        try (ServerSocketChannel server = unix ? ServerSocketChannel.open(StandardProtocolFamily.UNIX) : ServerSocketChannel.open())
        {
            if (unix)
            {
                server.bind(UnixDomainSocketAddress.of(handshake));
            }
            else
            {
                server.bind(new InetSocketAddress("127.0.0.1", 0)); // loopback only
                final Path tmp = place.resolve("tcp.port.tmp");
                Files.writeString(tmp, Integer.toString(((InetSocketAddress)server.getLocalAddress()).getPort()));
                Files.move(tmp, handshake);
            }
            try (SocketChannel channel = server.accept())
            {
                stream(false, work, null, Channels.newInputStream(channel), pacing);
            }
        }
    }

    private static void agrona(final boolean send, final Workload work, final Path place, final Pacing pacing)
        throws Exception
    {
        final Path file = place.resolve("agrona.ring");
        final int length = work.ring() + RingBufferDescriptor.TRAILER_LENGTH;
        if (!send)
        {
            final Path tmp = place.resolve("agrona.ring.tmp");
            IoUtil.unmap(IoUtil.mapNewFile(tmp.toFile(), length));
            Files.move(tmp, file);
        }
        while (!Files.exists(file))
        {
            Thread.sleep(1);
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file.toFile(), "agrona ring");
        try
        {
            final OneToOneRingBuffer ring = new OneToOneRingBuffer(new UnsafeBuffer(mapped));
            if (send)
            {
                final byte[] record = new byte[work.size()];
                final UnsafeBuffer view = new UnsafeBuffer(record);
                for (long i = 0; i < work.count(); i++)
                {
                    int index;
                    while ((index = ring.tryClaim(1, work.size())) < 0)
                    {
                        Thread.onSpinWait();
                    }
                    Workload.fill(ring.buffer(), index, work.size(), i);
                    pacing.await(i, ring.buffer(), index);
                    ring.commit(index);
                }
                return;
            }
            final long[] state = new long[3];
            while (state[0] < work.count())
            {
                final int n = ring.read((type, buffer, index, size) ->
                {
                    if (state[0] == 0)
                    {
                        state[2] = System.nanoTime();
                    }
                    pacing.received(buffer, index);
                    state[1] = Workload.checksum(state[1], buffer, index, size);
                    state[0]++;
                }, 1 << 16);
                if (n == 0)
                {
                    Thread.onSpinWait();
                }
            }
            result(state[0], System.nanoTime() - state[2], state[1], pacing);
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }
}

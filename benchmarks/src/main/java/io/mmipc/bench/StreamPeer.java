package io.mmipc.bench;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel paths, each used the way a tuned program uses it: a pipe ({@code FileChannel} on
 * stdin/stdout, the pipe grown to {@value #BUFFER} bytes with {@code F_SETPIPE_SZ}), a Unix socket
 * and TCP on loopback (or between two hosts, {@link #TCP_HOST_PROPERTY}) ({@code SocketChannel}, socket buffers sized, Nagle off). Both sides move
 * records through one {@value #BUFFER}-byte direct buffer per system call: the sender writes
 * records straight into it, the receiver reads into it and checks every record where it lies,
 * carrying a partial record over to the next read. No stream wrappers, no per-record copy.
 */
final class StreamPeer
{
    /** 1 MiB: the pipe's size (pipe-max-size by default), the socket buffers and each side's buffer. */
    static final int BUFFER = 1 << 20;

    /**
     * The system property naming the address TCP's receiver binds and its sender connects to:
     * loopback unless set ({@link BridgeBench} sets the receiving namespace's veth address).
     */
    static final String TCP_HOST_PROPERTY = "mmipc.bench.tcp.host";

    private static final String TCP_HOST = System.getProperty(TCP_HOST_PROPERTY, "127.0.0.1");

    private StreamPeer()
    {
    }

    static void pipe(final boolean send, final Workload work, final Path place, final Pacing pacing) throws IOException
    {
        // The pipe is the bench's pipeline between the two JVMs: stdout of the sender, stdin of the
        // receiver. Either end may size it; both ask, whichever runs first wins the same answer.
        final int pipeSize = Native.setPipeSize(send ? 1 : 0, BUFFER);
        if (send)
        {
            try (FileChannel out = new FileOutputStream(FileDescriptor.out).getChannel())
            {
                ReceiverReady.await(place);
                send(out, work, pacing);
            }
            return;
        }
        System.err.println("NOTE pipe: " + (pipeSize > 0 ? pipeSize + " bytes (F_SETPIPE_SZ)" :
            "F_SETPIPE_SZ unavailable, the kernel's default size"));
        try (FileChannel in = new FileInputStream(FileDescriptor.in).getChannel())
        {
            ReceiverReady.signal(place);
            receive(in, work, pacing);
        }
    }

    static void socket(final boolean send, final Workload work, final Path place, final boolean unix,
        final Pacing pacing) throws Exception
    {
        final Path handshake = place.resolve(unix ? "bench.sock" : "tcp.port");
        if (send)
        {
            while (!Files.exists(handshake) || (!unix && Files.size(handshake) == 0))
            {
                Thread.sleep(1);
            }
            try (SocketChannel channel = SocketChannel.open(unix ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET))
            {
                size(channel, unix);
                channel.connect(unix ? UnixDomainSocketAddress.of(handshake) :
                    new InetSocketAddress(TCP_HOST, Integer.parseInt(Files.readString(handshake).strip())));
                ReceiverReady.await(place);
                send(channel, work, pacing);
            }
            return;
        }
        try (ServerSocketChannel server = ServerSocketChannel.open(unix ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET))
        {
            if (!unix)
            {
                // before bind, so that TCP's window scale is agreed for the large buffer
                server.setOption(StandardSocketOptions.SO_RCVBUF, BUFFER);
            }
            if (unix)
            {
                server.bind(UnixDomainSocketAddress.of(handshake));
            }
            else
            {
                server.bind(new InetSocketAddress(TCP_HOST, 0)); // loopback unless told otherwise
                final Path tmp = place.resolve("tcp.port.tmp");
                Files.writeString(tmp, Integer.toString(((InetSocketAddress)server.getLocalAddress()).getPort()));
                Files.move(tmp, handshake);
            }
            try (SocketChannel channel = server.accept())
            {
                size(channel, unix);
                System.err.println("NOTE " + (unix ? "uds" : "tcp") + ": SO_RCVBUF " +
                    channel.getOption(StandardSocketOptions.SO_RCVBUF) + " bytes (asked " + BUFFER + ")");
                ReceiverReady.signal(place);
                receive(channel, work, pacing);
            }
        }
    }

    private static void size(final SocketChannel channel, final boolean unix) throws IOException
    {
        channel.setOption(StandardSocketOptions.SO_SNDBUF, BUFFER);
        channel.setOption(StandardSocketOptions.SO_RCVBUF, BUFFER);
        if (!unix)
        {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // a paced record goes at once
        }
    }

    /**
     * Fills records into the buffer and writes it when the next record would not fit (in latency
     * mode after every record: it is due now).
     */
    static void send(final WritableByteChannel out, final Workload work, final Pacing pacing) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocateDirect(Math.max(BUFFER, work.size())); // zeroed: touched up front
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final Workload.Filler filler = new Workload.Filler(work);
        final int size = work.size();
        int at = 0;
        long i = 0;
        for (; i < work.count() && pacing.more(i); i++)
        {
            if (at + size > buffer.capacity())
            {
                write(out, bytes, at);
                at = 0;
            }
            filler.fill(buffer, at, i);
            pacing.await(i, buffer, at);
            at += size;
            if (pacing.latency())
            {
                write(out, bytes, at);
                at = 0;
            }
        }
        if (at + size > buffer.capacity())
        {
            write(out, bytes, at);
            at = 0;
        }
        filler.fill(buffer, at, Workload.END);
        write(out, bytes, at + size);
        System.err.println(pacing.sent(i));
    }

    private static void write(final WritableByteChannel out, final ByteBuffer bytes, final int length) throws IOException
    {
        bytes.limit(length).position(0);
        while (bytes.hasRemaining())
        {
            out.write(bytes);
        }
    }

    /**
     * Reads as much as the kernel has into the buffer, checks every whole record where it lies, and
     * moves the partial record left at the end (shorter than a record, so never overlapping it) to
     * the front for the next read.
     */
    static void receive(final ReadableByteChannel in, final Workload work, final Pacing pacing) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocateDirect(Math.max(BUFFER, 2 * work.size()));
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final Receipt receipt = new Receipt(work, pacing);
        final int size = work.size();
        int filled = 0;
        while (!receipt.complete())
        {
            bytes.limit(bytes.capacity()).position(filled);
            final int n = in.read(bytes);
            if (n < 0)
            {
                break; // the sender closed early: the count check reports it
            }
            filled += n;
            int at = 0;
            while (filled - at >= size)
            {
                receipt.accept(buffer, at, size);
                at += size;
            }
            final int rest = filled - at;
            if (rest > 0 && at > 0)
            {
                buffer.putBytes(0, buffer, at, rest);
            }
            filled = rest;
        }
        receipt.print();
    }
}

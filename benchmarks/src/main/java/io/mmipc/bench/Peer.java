package io.mmipc.bench;

import io.mmipc.Channel;
import io.mmipc.ChannelOptions;
import io.mmipc.ChannelReader;
import io.mmipc.ChannelWriter;
import io.mmipc.MessageHandler;
import io.mmipc.WaitStrategy;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * One side of one benchmark run, in its own JVM:
 * {@code Peer send|recv TRANSPORT SIZE COUNT PLACE RATE RING SEED RUN-NANOS}.
 * PLACE is a folder for the transport's file, socket or port handshake; RATE is 0 for throughput;
 * RING is the ring bytes of every shared-memory transport; SEED makes the run's filler bytes;
 * RUN-NANOS is how long the sender sends (COUNT is then at most), 0 to send COUNT records. The
 * receiver checks every record ({@link Receipt}) and prints
 * {@code RESULT records timed-records nanos checksum first-bad}; the sender prints
 * {@code SENT records first-stamp interval}; the bench verifies the two ({@link Verification}).
 * TRANSPORT {@code bridge} is mmipc at both ends with the bridges between ({@link BridgeRun#between}).
 */
public final class Peer
{
    private Peer()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final boolean send = "send".equals(args[0]);
        final String transport = args[1];
        final Workload work = new Workload(Integer.parseInt(args[2]), Long.parseLong(args[3]), Integer.parseInt(args[6]),
            Long.parseLong(args[7]));
        final Path place = Path.of(args[4]);
        final Pacing pacing = new Pacing(Long.parseLong(args[5]), work.count(), work.lap(), Long.parseLong(args[8]));
        if (transport.startsWith("mmipc"))
        {
            mmipc(send, WaitStrategy.parse(transport.substring(transport.indexOf('-') + 1)), work,
                place.resolve("bench.mmipc"), place, pacing);
        }
        else if ("bridge".equals(transport))
        {
            // Two hosts' channels joined by the bridges (BridgeRun#between): the sender writes host A's,
            // the receiver reads host B's, each with the daemons' default wait strategy.
            mmipc(send, WaitStrategy.FUTEX, work, place.resolve(send ? BridgeRun.HOST_A : BridgeRun.HOST_B)
                .resolve(BridgeRun.CHANNEL + ".mmipc"), place, pacing);
        }
        else
        {
            switch (transport)
            {
                case "pipe" -> StreamPeer.pipe(send, work, place, pacing);
                case "uds" -> StreamPeer.socket(send, work, place, true, pacing);
                case "tcp" -> StreamPeer.socket(send, work, place, false, pacing);
                case "agrona" -> agrona(send, work, place, pacing);
                case "aeron" -> AeronPeer.run(send, work, place, pacing);
                case "chronicle" -> ChroniclePeer.run(send, work, place, pacing);
                default -> throw new IllegalArgumentException("unknown transport " + transport);
            }
        }
    }

    /**
     * mmipc as a user runs it, through its public API: {@code Channel.open} with the ring size and
     * the wait strategy named (the writer's claim allocates and pre-faults the ring), a claim of each
     * record written in place and committed on the writer, poll and idle on the reader.
     */
    private static void mmipc(final boolean send, final WaitStrategy wait, final Workload work, final Path file,
        final Path place, final Pacing pacing)
    {
        final ChannelOptions options = ChannelOptions.builder().capacity(work.ring()).waitStrategy(wait).build();
        try (Channel channel = Channel.open(file, options))
        {
            if (send)
            {
                final ChannelWriter writer = channel.writer();
                final Workload.Filler filler = new Workload.Filler(work);
                ReceiverReady.await(place);
                long i = 0;
                for (; i < work.count() && pacing.more(i); i++)
                {
                    final ChannelWriter.WriteClaim claim = writer.claim(0, work.size(), null);
                    filler.fill(claim.buffer(), claim.offset(), i);
                    pacing.await(i, claim.buffer(), claim.offset());
                    claim.commit();
                    if (pacing.latency())
                    {
                        writer.flush();
                    }
                }
                final ChannelWriter.WriteClaim end = writer.claim(0, work.size(), null);
                filler.fill(end.buffer(), end.offset(), Workload.END);
                end.commit();
                writer.endOfStream();
                System.err.println(pacing.sent(i));
                return;
            }
            final ChannelReader reader = channel.reader();
            final Receipt receipt = new Receipt(work, pacing);
            final MessageHandler handler = (typeId, sequence, buffer, offset, length) ->
            {
                if (length > 0)
                {
                    receipt.accept(buffer, offset, length);
                }
            };
            ReceiverReady.signal(place);
            while (!reader.endOfStream())
            {
                if (reader.poll(handler, 1 << 16) == 0)
                {
                    reader.idle();
                }
            }
            receipt.print();
        }
    }

    /**
     * Agrona's {@code OneToOneRingBuffer} on a mapped file of the same ring size as mmipc's, both
     * sides busy-spinning, the producer writing in place ({@code tryClaim}/{@code commit}), with
     * {@code -Dagrona.disable.bounds.checks=true} on this transport's
     * command line ({@link BenchMain#peerFlags}) as mmipc's hot path is unchecked. Each side maps
     * every page in before it starts ({@link Native#populate}), as mmipc's attach does.
     */
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
            final UnsafeBuffer memory = new UnsafeBuffer(mapped);
            final int populated = Native.populate(memory.addressOffset(), memory.capacity());
            if (!send)
            {
                System.err.println("NOTE agrona: " + (memory.capacity() >> 20) + " MiB ring, " + (populated == 0 ?
                    "mapped in up front by each side (MADV_POPULATE_WRITE)" : "not pre-faulted (MADV_POPULATE_WRITE " +
                    "refused): its pages fault in during the untimed first lap"));
            }
            final OneToOneRingBuffer ring = new OneToOneRingBuffer(memory);
            if (send)
            {
                final Workload.Filler filler = new Workload.Filler(work);
                ReceiverReady.await(place);
                long i = 0;
                for (; i < work.count() && pacing.more(i); i++)
                {
                    final int index = claim(ring, work.size());
                    filler.fill(ring.buffer(), index, i);
                    pacing.await(i, ring.buffer(), index);
                    ring.commit(index);
                }
                final int end = claim(ring, work.size());
                filler.fill(ring.buffer(), end, Workload.END);
                ring.commit(end);
                System.err.println(pacing.sent(i));
                return;
            }
            final Receipt receipt = new Receipt(work, pacing);
            final org.agrona.concurrent.MessageHandler handler = (type, buffer, index, size) ->
                receipt.accept(buffer, index, size);
            ReceiverReady.signal(place);
            while (!receipt.complete())
            {
                // A bounded batch, as Agrona's experts read it (the real-logic benchmarks'
                // OneToOneRingBufferBenchmark reads 16 messages a call): the consumer gives space
                // back at least every AeronPeer.FRAGMENT_LIMIT records, the same limit as the Aeron
                // peer's; read(handler) without a limit would zero and release up to the end of the
                // ring in one go while the producer waits.
                if (ring.read(handler, AeronPeer.FRAGMENT_LIMIT) == 0)
                {
                    Thread.onSpinWait();
                }
            }
            receipt.print();
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }

    private static int claim(final OneToOneRingBuffer ring, final int size)
    {
        int index;
        while ((index = ring.tryClaim(1, size)) < 0)
        {
            Thread.onSpinWait();
        }
        return index;
    }
}

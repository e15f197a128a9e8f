package io.mmipc.bench;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.protocol.DataHeaderFlyweight;
import org.agrona.concurrent.AgentInvoker;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Aeron IPC ({@code aeron:ipc}) between the two JVMs, set up as Aeron's own throughput sample
 * ({@code aeron-samples EmbeddedExclusiveIpcThroughput}) and the real-logic benchmarks
 * ({@code AeronExclusiveIpcBenchmark}) set it up, with every choice adapted to two processes on
 * two vCPUs:
 * <ul>
 *   <li>one {@code ExclusivePublication} (single writer, no CAS on the tail: both anchors), and
 *       {@code tryClaim} for every size, the payload written in place (zero copy);</li>
 *   <li>{@code mtu} large enough that a record is one frame (no fragmentation at 4 KiB), the term
 *       length twice mmipc's ring so that the publication window (half a term by default,
 *       {@code Configuration.producerWindowLength}) is exactly mmipc's ring: the sender may run as
 *       far ahead of the receiver as mmipc's producer may;</li>
 *   <li>{@value #FRAGMENT_LIMIT} fragments per poll (the benchmark's {@code FRAGMENT_LIMIT} is 128,
 *       the sample's configurable default is 10; a limit in the hundreds, not 65536);</li>
 *   <li>the media driver embedded in the receiver in {@code INVOKER} mode and invoked from the
 *       receiver's own loop, the clients' conductors invoked from each side's loop: no driver,
 *       conductor or executor threads competing for the two vCPUs (the anchors run a SHARED
 *       driver thread with a busy-spin or no-op idle strategy, which needs a third core);</li>
 *   <li>term buffers not sparse, mapped memory pre-touched ({@code preTouchMappedMemory}), and
 *       {@code -Dagrona.disable.bounds.checks=true} on this transport's command line.</li>
 * </ul>
 */
final class AeronPeer
{
    private static final int STREAM = 1001;
    static final int FRAGMENT_LIMIT = 256;
    /** Aeron's largest MTU. */
    private static final int MAX_MTU = 65504;

    private AeronPeer()
    {
    }

    /**
     * @return the channel: one frame per record, a window of {@code work.ring()} bytes.
     */
    static String channel(final Workload work)
    {
        final int frame = align(work.size() + DataHeaderFlyweight.HEADER_LENGTH, 32);
        if (frame > MAX_MTU)
        {
            throw new IllegalArgumentException("aeron: a " + work.size() + "-byte record cannot be one frame (largest MTU " +
                MAX_MTU + "); use a smaller --sizes for aeron");
        }
        final int mtu = Math.max(8192, frame);
        final long term = 2L * work.ring();
        if (term > 1 << 30)
        {
            throw new IllegalArgumentException("aeron: a window of " + work.ring() + " bytes needs a term of " + term +
                " bytes, above Aeron's 1 GiB; use a smaller --capacity");
        }
        return "aeron:ipc?mtu=" + mtu + "|term-length=" + term + "|pub-wnd=" + work.ring() + "|sparse=false";
    }

    private static int align(final int value, final int alignment)
    {
        return (value + alignment - 1) & -alignment;
    }

    /**
     * The media driver embedded in the receiver, in INVOKER mode: no thread of its own; the receiver's
     * loop invokes it (two vCPUs leave no core for a driver thread). Unsparse term buffers.
     */
    static MediaDriver invokedDriver(final Path dir)
    {
        return MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(dir.toString())
            .threadingMode(ThreadingMode.INVOKER)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(false));
    }

    /**
     * The receiver's client of {@code driver}, its conductor invoked from the receiver's loop too,
     * mapped memory pre-touched.
     */
    static Aeron invokedClient(final MediaDriver driver)
    {
        return Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(driver.aeronDirectoryName())
            .driverAgentInvoker(driver.sharedAgentInvoker())
            .useConductorAgentInvoker(true)
            .preTouchMappedMemory(true));
    }

    static void run(final boolean send, final Workload work, final Path place, final Pacing pacing) throws Exception
    {
        final String channel = channel(work);
        final Path dir = place.resolve("aeron");
        final Path ready = place.resolve("aeron.ready");
        if (!send)
        {
            try (MediaDriver driver = invokedDriver(dir);
                Aeron aeron = invokedClient(driver);
                Subscription subscription = aeron.addSubscription(channel, STREAM))
            {
                Files.writeString(ready, "ready");
                System.err.println("NOTE aeron: " + channel + ", exclusive publication, tryClaim, " + FRAGMENT_LIMIT +
                    " fragments per poll, driver in INVOKER mode on the receiver's thread");
                final AgentInvoker driverInvoker = driver.sharedAgentInvoker();
                final AgentInvoker conductor = aeron.conductorAgentInvoker();
                final Receipt receipt = new Receipt(work, pacing);
                while (!subscription.isConnected())
                {
                    // the sender's image: mapped and pre-touched by this client's conductor before it is ready
                    driverInvoker.invoke();
                    conductor.invoke();
                }
                ReceiverReady.signal(place);
                final FragmentHandler handler = (buffer, offset, length, header) -> receipt.accept(buffer, offset, length);
                while (!receipt.complete())
                {
                    if (subscription.poll(handler, FRAGMENT_LIMIT) < FRAGMENT_LIMIT)
                    {
                        // caught up: the driver's duty cycle (publisher limits, the image) and the
                        // client's, on this thread, as the INVOKER mode intends
                        driverInvoker.invoke();
                        conductor.invoke();
                    }
                }
                receipt.print();
            }
            return;
        }
        while (!Files.exists(ready))
        {
            Thread.sleep(1);
        }
        try (Aeron aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(dir.toString())
                .useConductorAgentInvoker(true)
                .preTouchMappedMemory(true));
            ExclusivePublication publication = aeron.addExclusivePublication(channel, STREAM))
        {
            final AgentInvoker conductor = aeron.conductorAgentInvoker();
            while (!publication.isConnected())
            {
                conductor.invoke();
                Thread.onSpinWait();
            }
            ReceiverReady.await(place, conductor::invoke);
            final BufferClaim claim = new BufferClaim();
            final Workload.Filler filler = new Workload.Filler(work);
            long i = 0;
            for (; i < work.count() && pacing.more(i); i++)
            {
                claim(publication, claim, work.size(), conductor);
                filler.fill(claim.buffer(), claim.offset(), i);
                pacing.await(i, claim.buffer(), claim.offset());
                claim.commit();
                if ((i & 0xFFFF) == 0)
                {
                    conductor.invoke(); // keepalive even when never back-pressured
                }
            }
            claim(publication, claim, work.size(), conductor);
            filler.fill(claim.buffer(), claim.offset(), Workload.END);
            claim.commit();
            System.err.println(pacing.sent(i));
        }
    }

    private static void claim(final ExclusivePublication publication, final BufferClaim claim, final int size,
        final AgentInvoker conductor)
    {
        while (publication.tryClaim(size, claim) < 0)
        {
            conductor.invoke(); // back-pressured: keep the client alive to the driver meanwhile
            Thread.onSpinWait();
        }
    }
}

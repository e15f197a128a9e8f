package io.mmipc.bench;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Aeron IPC ({@code aeron:ipc}) between the two JVMs: the receiver runs an embedded media driver
 * whose directory lives in the run's folder under /dev/shm; the sender connects to it. Both sides
 * busy-spin, as Aeron is meant to be run.
 */
final class AeronPeer
{
    private static final int STREAM = 1001;

    private AeronPeer()
    {
    }

    static void run(final boolean send, final Workload work, final Path place, final Pacing pacing) throws Exception
    {
        final String channel = "aeron:ipc?term-length=" + work.ring(); // the same bytes as mmipc's and Agrona's ring
        final Path dir = place.resolve("aeron");
        final Path ready = place.resolve("aeron.ready");
        if (!send)
        {
            final MediaDriver.Context driverContext = new MediaDriver.Context()
                .aeronDirectoryName(dir.toString())
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .termBufferSparseFile(false); // pages allocated up front, as mmipc's ring is
            try (MediaDriver driver = MediaDriver.launchEmbedded(driverContext);
                Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
                Subscription subscription = aeron.addSubscription(channel, STREAM))
            {
                Files.writeString(ready, "ready");
                final long[] state = new long[3];
                final FragmentHandler handler = (buffer, offset, length, header) ->
                {
                    if (state[0] == 0)
                    {
                        state[2] = System.nanoTime();
                    }
                    pacing.received(buffer, offset);
                    state[1] = Workload.checksum(state[1], buffer, offset, length);
                    state[0]++;
                };
                final FragmentAssembler assembler = new FragmentAssembler(handler); // records over one MTU come in fragments
                final BusySpinIdleStrategy idle = new BusySpinIdleStrategy();
                while (state[0] < work.count())
                {
                    idle.idle(subscription.poll(assembler, 1 << 16));
                }
                Peer.result(state[0], System.nanoTime() - state[2], state[1], pacing);
            }
            return;
        }
        while (!Files.exists(ready))
        {
            Thread.sleep(1);
        }
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir.toString()));
            Publication publication = aeron.addPublication(channel, STREAM))
        {
            while (!publication.isConnected())
            {
                Thread.onSpinWait();
            }
            final BufferClaim claim = new BufferClaim();
            final boolean zeroCopy = work.size() <= publication.maxPayloadLength();
            final UnsafeBuffer record = new UnsafeBuffer(new byte[work.size()]);
            for (long i = 0; i < work.count(); i++)
            {
                if (zeroCopy)
                {
                    while (publication.tryClaim(work.size(), claim) < 0)
                    {
                        Thread.onSpinWait();
                    }
                    Workload.fill(claim.buffer(), claim.offset(), work.size(), i);
                    pacing.await(i, claim.buffer(), claim.offset());
                    claim.commit();
                }
                else
                {
                    Workload.fill(record, 0, work.size(), i);
                    pacing.await(i, record, 0);
                    while (publication.offer(record, 0, work.size()) < 0)
                    {
                        Thread.onSpinWait();
                    }
                }
            }
        }
    }
}

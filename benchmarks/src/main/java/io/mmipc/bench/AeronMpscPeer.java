package io.mmipc.bench;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.concurrent.AgentInvoker;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Aeron IPC many to one for the mailbox rows ({@code aeron-mpsc-Sx1}): one {@code ExclusivePublication}
 * per sender JVM on one stream, one subscription (an image per sender) in the receiver, which embeds
 * the media driver in {@code INVOKER} mode and invokes it from its own loop; {@code tryClaim} and the
 * payload written in place; {@value AeronPeer#FRAGMENT_LIMIT} fragments per poll; term buffers not
 * sparse, mapped memory pre-touched. The same choices as the channel rows' {@link AeronPeer} (which
 * cites the anchors), with the term sized for the mailbox rows' 64 MiB queue shared by the senders.
 */
final class AeronMpscPeer
{
    private static final int STREAM = 1002;
    private static final String CHANNEL = "aeron:ipc?mtu=8192|term-length=16m|sparse=false";

    private AeronMpscPeer()
    {
    }

    /**
     * The receiver: reads {@code count} messages (from every sender) into {@code receiver}.
     */
    static void receive(final long count, final Path place, final MailboxBenchPeer.Receiver receiver) throws Exception
    {
        try (MediaDriver driver = AeronPeer.invokedDriver(place.resolve("aeron"));
            Aeron aeron = AeronPeer.invokedClient(driver);
            Subscription subscription = aeron.addSubscription(CHANNEL, STREAM))
        {
            Files.writeString(place.resolve("aeron.ready"), "ready");
            final AgentInvoker driverInvoker = driver.sharedAgentInvoker();
            final AgentInvoker conductor = aeron.conductorAgentInvoker();
            final FragmentHandler handler = (buffer, offset, length, header) -> receiver.take(buffer, offset, length);
            while (receiver.messages < count)
            {
                if (subscription.poll(handler, AeronPeer.FRAGMENT_LIMIT) < AeronPeer.FRAGMENT_LIMIT)
                {
                    driverInvoker.invoke(); // publisher limits and new images: the driver's duty cycle, here
                    conductor.invoke();
                }
            }
        }
    }

    /**
     * A sender: {@code count} messages of {@code size} bytes, the first 8 its index.
     */
    static void send(final int size, final long count, final Path place) throws Exception
    {
        while (!Files.exists(place.resolve("aeron.ready")))
        {
            Thread.sleep(1);
        }
        try (Aeron aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(place.resolve("aeron").toString())
                .useConductorAgentInvoker(true)
                .preTouchMappedMemory(true));
            ExclusivePublication publication = aeron.addExclusivePublication(CHANNEL, STREAM))
        {
            final AgentInvoker conductor = aeron.conductorAgentInvoker();
            while (!publication.isConnected())
            {
                conductor.invoke();
                Thread.onSpinWait();
            }
            final BufferClaim claim = new BufferClaim();
            for (long sent = 0; sent < count; sent++)
            {
                while (publication.tryClaim(size, claim) < 0)
                {
                    conductor.invoke(); // back-pressured: keep this client alive to the driver meanwhile
                    Thread.onSpinWait();
                }
                claim.buffer().putLong(claim.offset(), sent);
                claim.buffer().setMemory(claim.offset() + 8, size - 8, (byte)sent);
                claim.commit();
                if ((sent & 0xFFFF) == 0)
                {
                    conductor.invoke();
                }
            }
        }
    }
}

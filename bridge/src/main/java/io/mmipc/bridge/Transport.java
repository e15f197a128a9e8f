package io.mmipc.bridge;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.driver.status.SystemCounterDescriptor;
import io.aeron.exceptions.AeronException;
import io.mmipc.core.ExitCodes;
import io.mmipc.exceptions.MmipcException;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The Aeron side of a bridge: a media driver (embedded in INVOKER mode, run on the bridge's thread, in a directory
 * of its own that is deleted on exit; or an external one by {@code --aeron-dir}), one client, one
 * outgoing {@link ExclusivePublication} and one {@link Subscription}, and the driver's loss counters.
 */
final class Transport implements AutoCloseable
{
    /** The embedded drivers' directories: /dev/shm/mmipc-bridge-PID-ROLE. */
    static final String DIR_PREFIX = "mmipc-bridge-";
    /**
     * Longest sleep of an idle bridge. The embedded driver runs on the bridge's thread, so this is
     * also how late it may answer the network (status messages, NAKs): 50 us keeps that well
     * inside Aeron's timers at a small CPU cost when idle.
     */
    static final long IDLE_MAX_PARK_NANOS = 50_000;
    /** Most duty cycles of the embedded driver per {@link #invoke()}, while each finds work. */
    static final int DRIVER_CYCLES = 16;
    private static final int ACK_TERM_LENGTH = 64 * 1024;
    private static final int DATA_SOCKET_BUFFER = 2 * 1024 * 1024;

    private final MediaDriver driver;
    private final AgentInvoker driverInvoker;
    private final AgentInvoker conductor;
    private final Aeron aeron;
    private final ExclusivePublication publication;
    private final Subscription subscription;
    private final CountersReader counters;
    private final int naksSent;
    private final int naksReceived;
    private final int retransmits;
    private final int lossGapFills;

    private Transport(final MediaDriver driver, final Aeron aeron, final ExclusivePublication publication,
        final Subscription subscription)
    {
        this.driver = driver;
        this.aeron = aeron;
        this.driverInvoker = driver == null ? null : driver.sharedAgentInvoker();
        this.conductor = aeron.conductorAgentInvoker();
        this.publication = publication;
        this.subscription = subscription;
        this.counters = aeron.countersReader();
        this.naksSent = systemCounter(counters, SystemCounterDescriptor.NAK_MESSAGES_SENT);
        this.naksReceived = systemCounter(counters, SystemCounterDescriptor.NAK_MESSAGES_RECEIVED);
        this.retransmits = systemCounter(counters, SystemCounterDescriptor.RETRANSMITS_SENT);
        this.lossGapFills = systemCounter(counters, SystemCounterDescriptor.LOSS_GAP_FILLS);
    }

    /**
     * @param options the network options.
     * @param sending true for the sending bridge: it publishes data to --remote and subscribes to
     *                acknowledgements on --local; the receiving bridge the other way round.
     * @return the transport, connected to its driver.
     * @throws MmipcException (I/O error) if the driver or the endpoints cannot be set up.
     */
    static Transport open(final BridgeOptions options, final boolean sending)
    {
        final String role = sending ? "send" : "receive";
        MediaDriver driver = null;
        Aeron aeron = null;
        try
        {
            final String dir;
            if (options.aeronDir() == null)
            {
                final Path base = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") :
                    Path.of(System.getProperty("java.io.tmpdir"));
                removeStaleDirectories(base);
                dir = base.resolve(DIR_PREFIX + ProcessHandle.current().pid() + "-" + role).toString();
                // INVOKER: the driver's duty cycle runs on the bridge's own thread (invoke()), as the
                // client conductor's does: no extra threads competing for a small host's cores. The
                // system properties of $MMIPC_JAVA_OPTS apply (e.g. Aeron's debug loss generator).
                driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                    .aeronDirectoryName(dir)
                    .threadingMode(ThreadingMode.INVOKER)
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true));
            }
            else
            {
                dir = options.aeronDir();
            }
            final Aeron.Context context = new Aeron.Context().aeronDirectoryName(dir).useConductorAgentInvoker(true);
            if (driver != null)
            {
                context.driverAgentInvoker(driver.sharedAgentInvoker());
            }
            aeron = Aeron.connect(context);
            // The data's socket buffers and receiver window: Aeron's defaults (128 KiB) cap a stream at
            // 128 KiB per round trip; 2 MiB (Linux caps it at net.core.rmem_max/wmem_max, and Aeron at
            // half the term) lets a 4 KiB-record stream fill a fast link.
            final String out = sending ?
                "aeron:udp?endpoint=" + options.remote() + "|term-length=" + options.termLength() + "|mtu=" + options.mtu() + "|so-sndbuf=" +
                    DATA_SOCKET_BUFFER :
                "aeron:udp?endpoint=" + options.remote() + "|term-length=" + ACK_TERM_LENGTH;
            final String in = sending ? "aeron:udp?endpoint=" + options.local() :
                "aeron:udp?endpoint=" + options.local() + "|so-rcvbuf=" + DATA_SOCKET_BUFFER + "|rcv-wnd=" +
                    DATA_SOCKET_BUFFER;
            final int outStream = sending ? options.dataStreamId() : options.ackStreamId();
            final int inStream = sending ? options.ackStreamId() : options.dataStreamId();
            final ExclusivePublication publication = aeron.addExclusivePublication(out, outStream);
            final Subscription subscription = aeron.addSubscription(in, inStream);
            return new Transport(driver, aeron, publication, subscription);
        }
        catch (final AeronException | IllegalStateException | IllegalArgumentException ex)
        {
            CloseHelper.quietCloseAll(aeron, driver);
            throw new MmipcException("bridge " + role + ": cannot set up Aeron (local " + options.local() + ", remote " +
                options.remote() + "): " + ex.getMessage() + "; check the addresses and that no other bridge uses the port",
                ExitCodes.USAGE);
        }
    }

    /**
     * An idle bridge sleeps at once (1 us, doubling to {@link #IDLE_MAX_PARK_NANOS}), without spinning
     * or yielding first: a bridge shares its host with the channel's producer or consumer, and on a
     * small host (2 vCPUs, four processes) a spinning bridge takes the CPU the local producer needs
     * to write on time. Measured on such a host, one-way latency of 64 B at 20,000 msg/s through
     * both bridges: p50 0.13 ms parking at once, 2.5 ms with 10 spins and 10 yields first.
     */
    static IdleStrategy idleStrategy()
    {
        return new BackoffIdleStrategy(0, 0, 1_000, IDLE_MAX_PARK_NANOS);
    }

    /**
     * Removes embedded drivers' directories left by bridges that were killed (their pid is gone).
     */
    private static void removeStaleDirectories(final Path base)
    {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, DIR_PREFIX + "*"))
        {
            for (final Path dir : dirs)
            {
                final String rest = dir.getFileName().toString().substring(DIR_PREFIX.length());
                final int dash = rest.indexOf('-');
                final long pid;
                try
                {
                    pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                }
                catch (final NumberFormatException ex)
                {
                    continue;
                }
                if (ProcessHandle.of(pid).isEmpty())
                {
                    try (Stream<Path> walk = Files.walk(dir))
                    {
                        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            // best effort: a stale directory costs memory, not correctness
        }
    }

    private static int systemCounter(final CountersReader counters, final SystemCounterDescriptor descriptor)
    {
        final int[] found = {-1};
        counters.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (typeId == SystemCounterDescriptor.SYSTEM_COUNTER_TYPE_ID && keyBuffer.getInt(0) == descriptor.id())
            {
                found[0] = counterId;
            }
        });
        return found[0];
    }

    private long counter(final int id)
    {
        return id < 0 ? 0 : counters.getCounterValue(id);
    }

    /**
     * Runs one duty cycle of the embedded driver (sending, retransmitting, status messages) and of
     * the client conductor (keepalive, images): call in every loop, including while waiting.
     *
     * @return work done, 0 if none.
     */
    int invoke()
    {
        int work = 0;
        if (driverInvoker != null)
        {
            // A duty cycle sends at most one datagram per publication and reads at most one per
            // endpoint: run it again while it finds work, so a bridge's loop moves more than one MTU.
            for (int i = 0; i < DRIVER_CYCLES; i++)
            {
                final int done = driverInvoker.invoke();
                work += done;
                if (done == 0)
                {
                    break;
                }
            }
        }
        return work + conductor.invoke();
    }

    ExclusivePublication publication()
    {
        return publication;
    }

    Subscription subscription()
    {
        return subscription;
    }

    /** @return NAKs this host's driver sent: gaps its receiver saw (loss on the way in). */
    long naksSent()
    {
        return counter(naksSent);
    }

    /** @return NAKs this host's driver received: gaps the far receiver saw. */
    long naksReceived()
    {
        return counter(naksReceived);
    }

    /** @return retransmissions this host's driver sent. */
    long retransmits()
    {
        return counter(retransmits);
    }

    /** @return gaps this host's driver filled with padding after giving up on them (never, while the sender lives). */
    long lossGapFills()
    {
        return counter(lossGapFills);
    }

    /**
     * @return a line of the loss counters, for the exit message.
     */
    String lossLine()
    {
        return "naks sent " + naksSent() + ", naks received " + naksReceived() + ", retransmits " + retransmits() +
            ", loss gap fills " + lossGapFills();
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(publication, subscription, aeron, driver);
    }
}

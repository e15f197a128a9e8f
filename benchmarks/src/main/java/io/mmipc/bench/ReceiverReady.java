package io.mmipc.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The handshake that starts every run's clock at the same point on every transport: the receiver
 * says it is ready (its JVM started, its memory mapped in, about to read) by creating a file in the
 * run's folder, and the sender waits for that file before its first timed record. Without it, a
 * sender whose receiver JVM started late, or was still pre-faulting its memory, would spend part of
 * its timed run waiting on a full ring.
 */
final class ReceiverReady
{
    static final String FILE = "receiver.ready";
    private static final long TIMEOUT_NANOS = 120_000_000_000L;

    private ReceiverReady()
    {
    }

    static void signal(final Path place)
    {
        try
        {
            final Path tmp = place.resolve(FILE + ".tmp");
            Files.writeString(tmp, "ready");
            Files.move(tmp, place.resolve(FILE));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Waits for the receiver, running {@code meanwhile} (a client's keepalive, say) while it waits.
     */
    static void await(final Path place, final Runnable meanwhile)
    {
        final long deadline = System.nanoTime() + TIMEOUT_NANOS;
        final Path file = place.resolve(FILE);
        while (!Files.exists(file))
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("the receiver never said it was ready (" + file + ")");
            }
            meanwhile.run();
            try
            {
                Thread.sleep(1);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the receiver", ex);
            }
        }
    }

    static void await(final Path place)
    {
        await(place, () ->
        {
        });
    }
}

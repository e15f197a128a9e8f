package io.mmipc;

import io.mmipc.exceptions.StreamEndedException;
import io.mmipc.core.channel.ChannelEndpoint;
import io.mmipc.core.file.ChannelPaths;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.signal.StopFlag;

import java.nio.file.Path;

/**
 * A named channel: one writer process, one reader process, a bounded ring in a memory-mapped file
 * ({@code $MMIPC_DIR/NAME.mmipc}). Opening it touches nothing; {@link #writer()} and
 * {@link #reader()} create the file if needed and claim their role, which another live process
 * may hold (then they throw {@link io.mmipc.exceptions.RoleTakenException}).
 *
 * <pre>{@code
 * try (Channel channel = Channel.open("logs");
 *      ChannelWriter writer = channel.writer())
 * {
 *     writer.write(1, bytes, 0, bytes.length, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> {@code open}, {@code writer}, {@code reader} and {@code close} may be called
 * from any thread; {@link #close()} also ends waits under way in the writer and reader. Each writer
 * and reader is used by one thread at a time.
 */
public final class Channel implements AutoCloseable
{
    private final Path path;
    private final ChannelOptions options;
    private final StopFlag stop = new StopFlag();
    private ChannelWriter writer;
    private ChannelReader reader;

    private Channel(final Path path, final ChannelOptions options)
    {
        this.path = path;
        this.options = options;
    }

    /**
     * Names a channel with {@link ChannelOptions#defaults() default options}; nothing is created or
     * mapped until {@link #writer()} or {@link #reader()}.
     *
     * @param name a bare name (1 to 200 letters, digits, '.', '_', '-', not starting with '.') for
     *             {@code $MMIPC_DIR/NAME.mmipc}, or a path if it contains '/'.
     * @return the channel, with default options.
     * @throws IllegalStateException if the JVM lacks the flags mmipc needs (named in the message).
     * @throws io.mmipc.exceptions.MmipcException if {@code name} is neither a valid bare name nor a path.
     */
    public static Channel open(final String name)
    {
        return open(name, ChannelOptions.defaults());
    }

    /**
     * Names a channel; nothing is created or mapped until {@link #writer()} or {@link #reader()}.
     *
     * @param name    a bare name for {@code $MMIPC_DIR/NAME.mmipc}, or a path if it contains '/'.
     * @param options the sizes, wait strategy, file mode and trust to open it with.
     * @return the channel.
     * @throws IllegalStateException if the JVM lacks the flags mmipc needs (named in the message).
     * @throws io.mmipc.exceptions.MmipcException if {@code name} is neither a valid bare name nor a path.
     */
    public static Channel open(final String name, final ChannelOptions options)
    {
        JvmFlags.check();
        return new Channel(ChannelPaths.resolve(name), options);
    }

    /**
     * Names a channel by its file, wherever it is; nothing is created or mapped until
     * {@link #writer()} or {@link #reader()}.
     *
     * @param path    the channel file.
     * @param options the sizes, wait strategy, file mode and trust to open it with.
     * @return the channel.
     * @throws IllegalStateException if the JVM lacks the flags mmipc needs (named in the message).
     */
    public static Channel open(final Path path, final ChannelOptions options)
    {
        JvmFlags.check();
        return new Channel(path, options);
    }

    /**
     * Claims the writer's role (the producer), creating the file if it is missing; the first call
     * maps the file and, if the previous writer or reader died, recovers the ring first.
     *
     * @return the writer; the same one on every call.
     * @throws IllegalStateException if this channel was closed.
     * @throws io.mmipc.exceptions.RoleTakenException if another live process is the writer.
     * @throws io.mmipc.exceptions.ChannelFileException if the file cannot be created or used (foreign,
     *         corrupt, untrusted, or of other sizes than were set explicitly); the message says what to do.
     * @throws io.mmipc.exceptions.RecoveryTimeoutException if recovery needed the live peer to pause
     *         and it did not in time; nothing was changed, and a later call may succeed.
     * @throws StreamEndedException if the last writer ended its stream and no reader has read it to
     *         the end yet (writing on would put messages after the end).
     */
    public synchronized ChannelWriter writer()
    {
        if (writer == null)
        {
            final StopFlag writerStop = new StopFlag();
            final ChannelEndpoint endpoint = attach(Role.PRODUCER, writerStop);
            if (endpoint.streamEndPending())
            {
                final StreamEndedException ended = endpoint.finishedStreamError();
                endpoint.close(); // gives the role back untouched: the ended stream stays for its reader
                throw ended;
            }
            writer = new ChannelWriter(endpoint, writerStop);
        }
        return writer;
    }

    /**
     * Claims the reader's role (the consumer), creating the file if it is missing; the first call
     * maps the file and, if the previous writer or reader died, recovers the ring first.
     *
     * @return the reader; the same one on every call.
     * @throws IllegalStateException if this channel was closed.
     * @throws io.mmipc.exceptions.RoleTakenException if another live process is the reader.
     * @throws io.mmipc.exceptions.ChannelFileException if the file cannot be created or used (foreign,
     *         corrupt, untrusted, or of other sizes than were set explicitly); the message says what to do.
     * @throws io.mmipc.exceptions.RecoveryTimeoutException if recovery needed the live peer to pause
     *         and it did not in time; nothing was changed, and a later call may succeed.
     */
    public synchronized ChannelReader reader()
    {
        if (reader == null)
        {
            final StopFlag readerStop = new StopFlag();
            reader = new ChannelReader(attach(Role.CONSUMER, readerStop), readerStop);
        }
        return reader;
    }

    /**
     * Each side has its own stop flag, so that closing the writer ends its waits without stopping
     * the reader of the same Channel (and the other way round); {@link #close()} raises both.
     */
    private ChannelEndpoint attach(final Role role, final StopFlag sideStop)
    {
        if (stop.requested())
        {
            throw new IllegalStateException("channel " + path + " is closed");
        }
        return ChannelEndpoint.attach(path, options.capacity(), options.effectiveMaxMessageLength(), options.mode(),
            options.explicitSizes(), role, options.waitStrategy(), sideStop, options.batch(), options.allowUntrustedFile());
    }

    /**
     * {@return the channel's file}
     */
    public Path path()
    {
        return path;
    }

    /**
     * {@return the options it was opened with}
     */
    public ChannelOptions options()
    {
        return options;
    }

    /**
     * Ends waits under way, then closes the writer (publishing what it wrote, without ending the
     * stream) and the reader.
     */
    @Override
    public void close()
    {
        stop.request("close");
        final ChannelWriter w;
        final ChannelReader r;
        synchronized (this)
        {
            w = writer;
            r = reader;
        }
        if (w != null)
        {
            w.close();
        }
        if (r != null)
        {
            r.close();
        }
    }
}

package io.mmipc;

import io.mmipc.core.file.ChannelDescriptor;
import io.mmipc.core.ring.RingProducer;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * How a channel is opened: immutable, built with {@link #builder()}, validated when built with
 * messages that name the option.
 *
 * @param capacity           ring bytes, a power of two from 4 KiB to 1 GiB; used when the file is
 *                           created, and checked against an existing file when set explicitly.
 * @param maxMessageLength   largest payload; 0 means an eighth of the capacity.
 * @param waitStrategy       how a side waits for space or messages, and how its peer wakes it.
 * @param mode               permissions of a new file (its folder gets the same plus search).
 * @param allowUntrustedFile open even a link, another user's or an others-writable file.
 * @param batch              messages per publication to the reader (1 publishes each at once).
 * @param explicitSizes      true if capacity or max message length were set, so that a file with
 *                           other sizes is an error rather than used as it is.
 */
public record ChannelOptions(int capacity, int maxMessageLength, WaitStrategy waitStrategy,
    Set<PosixFilePermission> mode, boolean allowUntrustedFile, int batch, boolean explicitSizes)
{
    /** The default ring: 64 MiB (see the README's Performance section for why). */
    public static final int DEFAULT_CAPACITY = 64 << 20;
    private static final ChannelOptions DEFAULTS = builder().build();

    /**
     * Checks the options; {@link #builder()} is the usual way to make them.
     *
     * @throws IllegalArgumentException naming the option that is out of range.
     * @throws NullPointerException if {@code waitStrategy} or {@code mode} is null.
     */
    public ChannelOptions
    {
        Objects.requireNonNull(waitStrategy, "waitStrategy");
        mode = Set.copyOf(Objects.requireNonNull(mode, "mode"));
        if (capacity < ChannelDescriptor.MIN_CAPACITY || capacity > ChannelDescriptor.MAX_CAPACITY ||
            Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity " + capacity + " must be a power of two from " +
                ChannelDescriptor.MIN_CAPACITY + " to " + ChannelDescriptor.MAX_CAPACITY + " bytes");
        }
        final int allowed = ChannelDescriptor.maxAllowedRecordLength(capacity);
        if (maxMessageLength < 0 || maxMessageLength > allowed)
        {
            throw new IllegalArgumentException("maxMessageLength " + maxMessageLength + " must be 0 (an eighth of " +
                "the capacity) or up to " + allowed + " for capacity " + capacity);
        }
        if (batch < 1)
        {
            throw new IllegalArgumentException("batch " + batch + " must be at least 1");
        }
    }

    /**
     * {@return the defaults: 64 MiB ring, max message an eighth of it, futex waits, an owner-only
     * ({@code rw-------}) file, {@value io.mmipc.core.ring.RingProducer#DEFAULT_BATCH} messages per
     * publication, untrusted files refused, sizes not explicit}
     */
    public static ChannelOptions defaults()
    {
        return DEFAULTS;
    }

    /**
     * {@return a builder starting from the defaults}
     */
    public static Builder builder()
    {
        return new Builder();
    }

    static Set<PosixFilePermission> parseMode(final String permissions)
    {
        try
        {
            return PosixFilePermissions.fromString(permissions);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("mode '" + permissions + "' is not like rw-------", ex);
        }
    }

    /**
     * {@return the max message length in effect (an eighth of the capacity when left 0)}
     */
    public int effectiveMaxMessageLength()
    {
        return maxMessageLength == 0 ? ChannelDescriptor.defaultMaxRecordLength(capacity) : maxMessageLength;
    }

    /**
     * Builds {@link ChannelOptions}; not thread-safe.
     */
    public static final class Builder
    {
        private int capacity = DEFAULT_CAPACITY;
        private int maxMessageLength;
        private WaitStrategy waitStrategy = WaitStrategy.DEFAULT;
        private Set<PosixFilePermission> mode = PosixFilePermissions.fromString("rw-------");
        private boolean allowUntrustedFile;
        private int batch = RingProducer.DEFAULT_BATCH;
        private boolean explicitSizes;

        private Builder()
        {
        }

        /**
         * Sets the ring's size, and makes the sizes explicit: an existing file must then have this
         * capacity and the max message length in effect, or opening it fails.
         *
         * @param bytes a power of two from 4 KiB to 1 GiB (checked by {@link #build()}).
         * @return this.
         */
        public Builder capacity(final int bytes)
        {
            this.capacity = bytes;
            this.explicitSizes = true;
            return this;
        }

        /**
         * Sets the largest payload, and makes the sizes explicit (see {@link #capacity(int)}).
         *
         * @param bytes 0 for an eighth of the capacity, else up to half the capacity less a
         *              16-byte record header (checked by {@link #build()}).
         * @return this.
         */
        public Builder maxMessageLength(final int bytes)
        {
            this.maxMessageLength = bytes;
            this.explicitSizes = true;
            return this;
        }

        /**
         * Sets how this side waits for room or messages and how its peer wakes it (default
         * {@link WaitStrategy#FUTEX}).
         *
         * @param strategy the strategy, not null.
         * @return this.
         */
        public Builder waitStrategy(final WaitStrategy strategy)
        {
            this.waitStrategy = strategy;
            return this;
        }

        /**
         * Sets the permissions of a new file (default {@code rw-------}); an existing file keeps its own.
         *
         * @param permissions e.g. "rw-rw----" to share with the group.
         * @return this.
         * @throws IllegalArgumentException if {@code permissions} is not like {@code rw-------}.
         */
        public Builder mode(final String permissions)
        {
            this.mode = parseMode(permissions);
            return this;
        }

        /**
         * Sets whether to open a file that is a symbolic link, owned by another user or writable by
         * every user (default false: such a file is refused).
         *
         * @param allow true to open it anyway.
         * @return this.
         */
        public Builder allowUntrustedFile(final boolean allow)
        {
            this.allowUntrustedFile = allow;
            return this;
        }

        /**
         * Sets how many messages the writer publishes to the reader at once (default
         * {@value io.mmipc.core.ring.RingProducer#DEFAULT_BATCH}); it also publishes when a quarter
         * of the ring is pending, before it waits, and on {@link ChannelWriter#flush()}.
         *
         * @param messages at least 1; 1 publishes each message at once (lowest latency).
         * @return this.
         */
        public Builder batch(final int messages)
        {
            this.batch = messages;
            return this;
        }

        /**
         * {@return the options, validated}
         *
         * @throws IllegalArgumentException naming the option that is wrong.
         */
        public ChannelOptions build()
        {
            return new ChannelOptions(capacity, maxMessageLength, waitStrategy, mode, allowUntrustedFile, batch,
                explicitSizes);
        }
    }
}

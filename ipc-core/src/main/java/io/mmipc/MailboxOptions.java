package io.mmipc;

import io.mmipc.core.mailbox.MailboxDescriptor;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * How to create or join a {@link Mailbox}: immutable, validated when built, each message naming the
 * option at fault.
 *
 * <pre>{@code
 * MailboxOptions options = MailboxOptions.builder().slots(1024).slotSize(256).name("worker-1").build();
 * }</pre>
 *
 * @param slots        message slots of a new mailbox, a power of two (default 4096); ignored when joining.
 * @param slotSize     bytes per slot of a new mailbox, a power of two; a message holds
 *                     {@code slotSize - 48} bytes (default 1024); ignored when joining.
 * @param mode         file permissions of a new mailbox (default {@code rw-------}).
 * @param waitStrategy how this participant waits while the mailbox is full or empty.
 * @param name         this participant's name, which receivers see as the sender, cut to its first 16
 *                     UTF-8 bytes ("" for none: receivers see its pid).
 * @param durable      as a receiver, hand the messages of a claim left unfinished by a crash to the
 *                     next participant of the same {@code name} (exactly once with a sink that
 *                     records the positions it handled); otherwise a crash mid-receive loses them.
 */
public record MailboxOptions(int slots, int slotSize, Set<PosixFilePermission> mode, WaitStrategy waitStrategy,
    String name, boolean durable)
{
    private static final MailboxOptions DEFAULTS = builder().build();

    /**
     * Checks the options; {@link #builder()} is the usual way to make them.
     *
     * @throws IllegalArgumentException naming the option that is out of range, or if {@code durable}
     *         is set without a {@code name}.
     * @throws NullPointerException if {@code mode}, {@code waitStrategy} or {@code name} is null.
     */
    public MailboxOptions
    {
        Objects.requireNonNull(waitStrategy, "waitStrategy");
        Objects.requireNonNull(name, "name");
        mode = Set.copyOf(Objects.requireNonNull(mode, "mode"));
        if (slots < MailboxDescriptor.MIN_SLOTS || slots > MailboxDescriptor.MAX_SLOTS || Integer.bitCount(slots) != 1)
        {
            throw new IllegalArgumentException("slots " + slots + " must be a power of two from " +
                MailboxDescriptor.MIN_SLOTS + " to " + MailboxDescriptor.MAX_SLOTS);
        }
        if (slotSize < MailboxDescriptor.MIN_SLOT_SIZE || slotSize > MailboxDescriptor.MAX_SLOT_SIZE ||
            Integer.bitCount(slotSize) != 1)
        {
            throw new IllegalArgumentException("slotSize " + slotSize + " must be a power of two from " +
                MailboxDescriptor.MIN_SLOT_SIZE + " to " + MailboxDescriptor.MAX_SLOT_SIZE + " bytes");
        }
        if ((long)slots * slotSize > MailboxDescriptor.MAX_RING)
        {
            throw new IllegalArgumentException("slots x slotSize = " + (long)slots * slotSize + " bytes exceeds 1 GiB");
        }
        if (durable && name.isEmpty())
        {
            throw new IllegalArgumentException("durable needs a name: the next participant of that name gets the " +
                "messages this one leaves unfinished");
        }
    }

    /**
     * {@return the defaults: 4096 slots of 1024 bytes, an owner-only ({@code rw-------}) file, futex
     * waits, no name, not durable}
     */
    public static MailboxOptions defaults()
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

    io.mmipc.core.mailbox.Mailbox.Options core()
    {
        final io.mmipc.core.mailbox.Mailbox.Options options =
            new io.mmipc.core.mailbox.Mailbox.Options(slots, slotSize, mode).withWait(waitStrategy);
        return durable ? options.asDurable() : options;
    }

    /**
     * Builds {@link MailboxOptions}; not thread-safe.
     */
    public static final class Builder
    {
        private int slots = 4096;
        private int slotSize = 1024;
        private Set<PosixFilePermission> mode = PosixFilePermissions.fromString("rw-------");
        private WaitStrategy waitStrategy = WaitStrategy.FUTEX;
        private String name = "";
        private boolean durable;

        private Builder()
        {
        }

        /**
         * Sets the number of message slots of a new mailbox (default 4096); joining an existing
         * mailbox ignores it.
         *
         * @param slots a power of two from 2 to 2^20, with {@code slots * slotSize} at most 1 GiB
         *              (checked by {@link #build()}).
         * @return this.
         */
        public Builder slots(final int slots)
        {
            this.slots = slots;
            return this;
        }

        /**
         * Sets the bytes per slot of a new mailbox (default 1024); a message holds {@code bytes - 48}.
         * Joining an existing mailbox ignores it.
         *
         * @param bytes a power of two from 64 to 1 MiB (checked by {@link #build()}).
         * @return this.
         */
        public Builder slotSize(final int bytes)
        {
            this.slotSize = bytes;
            return this;
        }

        /**
         * Sets the permissions of a new mailbox file (default {@code rw-------}).
         *
         * @param permissions e.g. "rw-rw----" to share with the group.
         * @return this.
         * @throws IllegalArgumentException if {@code permissions} is not like {@code rw-------}.
         */
        public Builder mode(final String permissions)
        {
            this.mode = ChannelOptions.parseMode(permissions);
            return this;
        }

        /**
         * Sets how this participant waits while the mailbox is full (sending) or empty (receiving),
         * and how others wake it (default {@link WaitStrategy#FUTEX}).
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
         * Sets this participant's name (default "": none), shown to receivers as the sender and
         * needed for {@link #durable(boolean)}.
         *
         * @param name the name; receivers see its first 16 UTF-8 bytes.
         * @return this.
         */
        public Builder name(final String name)
        {
            this.name = name;
            return this;
        }

        /**
         * Sets whether, as a receiver, the messages of a claim this participant leaves unfinished by
         * crashing go to the next participant of the same name (default false: they are lost).
         *
         * @param durable true to have them handed over again; needs a {@link #name(String)}.
         * @return this.
         */
        public Builder durable(final boolean durable)
        {
            this.durable = durable;
            return this;
        }

        /**
         * {@return the options, validated}
         *
         * @throws IllegalArgumentException naming the option that is wrong.
         */
        public MailboxOptions build()
        {
            return new MailboxOptions(slots, slotSize, mode, waitStrategy, name, durable);
        }
    }
}

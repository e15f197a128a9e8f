package io.mmipc;

import io.mmipc.core.mailbox.MailboxDescriptor;
import io.mmipc.core.wait.WaitStrategy;

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
 * @param name         this participant's name, which receivers see as the sender ("" for none: its pid).
 * @param durable      as a receiver, hand the messages of a claim left unfinished by a crash to the
 *                     next participant of the same {@code name} (exactly once with a sink that
 *                     records the positions it handled); otherwise a crash mid-receive loses them.
 */
public record MailboxOptions(int slots, int slotSize, Set<PosixFilePermission> mode, WaitStrategy waitStrategy,
    String name, boolean durable)
{
    private static final MailboxOptions DEFAULTS = builder().build();

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

    public static MailboxOptions defaults()
    {
        return DEFAULTS;
    }

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

        public Builder slots(final int slots)
        {
            this.slots = slots;
            return this;
        }

        public Builder slotSize(final int bytes)
        {
            this.slotSize = bytes;
            return this;
        }

        public Builder mode(final String permissions)
        {
            this.mode = ChannelOptions.parseMode(permissions);
            return this;
        }

        public Builder waitStrategy(final WaitStrategy strategy)
        {
            this.waitStrategy = strategy;
            return this;
        }

        public Builder name(final String name)
        {
            this.name = name;
            return this;
        }

        public Builder durable(final boolean durable)
        {
            this.durable = durable;
            return this;
        }

        public MailboxOptions build()
        {
            return new MailboxOptions(slots, slotSize, mode, waitStrategy, name, durable);
        }
    }
}

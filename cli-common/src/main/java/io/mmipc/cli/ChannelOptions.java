package io.mmipc.cli;

import io.mmipc.WaitStrategy;
import io.mmipc.core.channel.ChannelEndpoint;
import io.mmipc.core.file.ChannelDescriptor;
import io.mmipc.core.file.ChannelPaths;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.signal.StopFlag;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * The options every daemon shares to name, create and wait on a channel (a Picocli mixin).
 */
public final class ChannelOptions
{
    /**
     * 64 MiB, the same default as the API's ({@link io.mmipc.ChannelOptions#DEFAULT_CAPACITY}). A large
     * ring absorbs a descheduled side (on a loaded 2-vCPU VM a 1 MiB ring ran at 0.05-0.07x the 64 MiB
     * one at 4 KiB); the producer's working window (a quarter of the last-level cache, see the ring's
     * {@code RingWindow}) keeps the stream in the cache while both sides run, which a ring larger than
     * the cache alone would not. The file's pages are allocated at creation and mapped in at attach,
     * so each channel costs 64 MiB of memory (in /dev/shm); {@code --capacity 4m} trades the slack for
     * memory.
     */
    public static final long DEFAULT_CAPACITY = 64L << 20;

    @Option(names = "--channel", paramLabel = "NAME",
        description = "Channel name: the file $MMIPC_DIR/NAME.mmipc (MMIPC_DIR defaults to /dev/shm/mmipc), " +
            "or a path if NAME contains '/'. Created if missing. One producer, one consumer.")
    String channel;

    @Option(names = "--mailbox", paramLabel = "NAME",
        description = "Use a mailbox instead of a channel (created if missing): several producers and consumers " +
            "may share it; each message goes to one consumer, each producer's messages in order.")
    String mailbox;

    @Option(names = "--capacity", paramLabel = "BYTES", converter = Size.Converter.class,
        description = "Ring size when creating the channel: a power of two from 4k to 1g, e.g. 4m " +
            "(default 64m, allocated at creation: slack for a descheduled side, see the README's Performance). " +
            "If given and the channel exists with another size, that is an error. With --mailbox: the bytes of a new " +
            "mailbox's slots (default 64m), e.g. 4m for 4096 slots of 1 KiB.")
    Size capacity;

    @Option(names = "--slot-size", paramLabel = "BYTES", converter = Size.Converter.class,
        description = "With --mailbox: bytes per slot of a new mailbox, a power of two from 64 to 1m; a message " +
            "holds 48 fewer (default 1k).")
    Size slotSize;

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    @Option(names = "--mode", paramLabel = "OCTAL", defaultValue = "600",
        description = "Permissions of a new channel file (default ${DEFAULT-VALUE}: owner only); " +
            "660 shares it with the group.")
    String mode;

    @Option(names = "--allow-untrusted-file",
        description = "Open the channel even if it is a symbolic link, owned by another user or writable by others " +
            "(refused by default: /dev/shm is writable by everyone, so such a file may be planted).")
    boolean allowUntrusted;

    @Option(names = "--wait", paramLabel = "STRATEGY", converter = WaitStrategyConverter.class, defaultValue = "futex",
        description = "How to wait when the ring is full or empty: spin, backoff, signal (SIGUSR1 wake-up) " +
            "or futex (default: wakes in microseconds, idles without burning a core).")
    WaitStrategy wait;

    /**
     * @return the channel's (or the mailbox's) file.
     * @throws picocli.CommandLine.TypeConversionException unless exactly one of --channel, --mailbox is given.
     */
    public Path path()
    {
        if ((channel == null) == (mailbox == null))
        {
            throw new picocli.CommandLine.TypeConversionException("give --channel NAME or --mailbox NAME (one of them)");
        }
        return ChannelPaths.resolve(channel != null ? channel : mailbox);
    }

    /**
     * @return true with --mailbox.
     */
    public boolean isMailbox()
    {
        path();
        return mailbox != null;
    }

    /**
     * @return for a mailbox this daemon creates or joins: --capacity (default 64m, as a channel: on this
     *         2-vCPU machine 65536 slots ran 3.3 M msg/s where 4096 ran 1.4 M) divided into slots of
     *         --slot-size (default 1k), --mode, and --wait.
     */
    public io.mmipc.core.mailbox.Mailbox.Options mailboxOptions()
    {
        final long size = slotSizeBytes();
        final long slots = capacityBytes() / size;
        io.mmipc.core.mailbox.MailboxDescriptor.checkSizes(path(), slots, size);
        return new io.mmipc.core.mailbox.Mailbox.Options((int)slots, (int)size, mode(), wait, false);
    }

    /**
     * @return the largest payload a channel or mailbox created with these options holds: an eighth
     *         of a channel's capacity, a mailbox's slot less its header.
     */
    public long largestNewRecord()
    {
        return isMailbox() ? io.mmipc.core.mailbox.MailboxDescriptor.maxPayload((int)slotSizeBytes()) :
            ChannelDescriptor.defaultMaxRecordLength((int)capacityBytes());
    }

    /**
     * The options to create or join the mailbox with through mmipc's API: as {@link #mailboxOptions()}.
     *
     * @return the API's options.
     */
    public io.mmipc.MailboxOptions apiMailboxOptions()
    {
        final io.mmipc.core.mailbox.Mailbox.Options sizes = mailboxOptions(); // checked there, in the user's terms
        return io.mmipc.MailboxOptions.builder().slots(sizes.slots()).slotSize(sizes.slotSize())
            .mode(java.nio.file.attribute.PosixFilePermissions.toString(sizes.mode())).waitStrategy(wait).build();
    }

    /**
     * Checks every option against the limits of the file it would create, before anything touches
     * the filesystem: a bad value is a usage error (exit 2) stating the allowed range in the
     * notation the user typed ({@link Size}).
     *
     * @throws picocli.CommandLine.ParameterException for the first bad option.
     */
    public void validate()
    {
        try
        {
            path();
            mode();
        }
        catch (final picocli.CommandLine.TypeConversionException ex)
        {
            throw usage(ex.getMessage());
        }
        catch (final io.mmipc.exceptions.MmipcException ex)
        {
            throw usage(ex.getMessage()); // a bad bare name
        }
        if (mailbox == null)
        {
            if (slotSize != null)
            {
                throw usage("--slot-size is for a mailbox (--mailbox NAME); a channel's records are sized by --capacity");
            }
            if (capacity != null)
            {
                powerOfTwoIn("--capacity", capacity, ChannelDescriptor.MIN_CAPACITY, ChannelDescriptor.MAX_CAPACITY,
                    "a channel's ring");
            }
            return;
        }
        if (slotSize != null)
        {
            powerOfTwoIn("--slot-size", slotSize, io.mmipc.core.mailbox.MailboxDescriptor.MIN_SLOT_SIZE,
                io.mmipc.core.mailbox.MailboxDescriptor.MAX_SLOT_SIZE, "a mailbox's slot");
        }
        final long size = slotSizeBytes();
        final Size cap = capacity != null ? capacity : new Size(DEFAULT_CAPACITY, "64m");
        final long min = size * io.mmipc.core.mailbox.MailboxDescriptor.MIN_SLOTS;
        final long max = Math.min(size * io.mmipc.core.mailbox.MailboxDescriptor.MAX_SLOTS,
            io.mmipc.core.mailbox.MailboxDescriptor.MAX_RING);
        powerOfTwoIn("--capacity", cap, min, max, "a mailbox's capacity (slots x --slot-size " +
            (slotSize == null ? cap.format(size) : slotSize.text()) + ")");
    }

    private void powerOfTwoIn(final String option, final Size value, final long min, final long max, final String what)
    {
        if (value.bytes() < min || value.bytes() > max || Long.bitCount(value.bytes()) != 1)
        {
            throw usage(option + " " + value.text() + ": " + what + " is a power of two from " + value.format(min) +
                " to " + value.format(max) + (value.withUnit() ? "" : " bytes"));
        }
    }

    private picocli.CommandLine.ParameterException usage(final String message)
    {
        return new picocli.CommandLine.ParameterException(mixee.commandLine(), message);
    }

    /**
     * @return --capacity in bytes, or the default.
     */
    public long capacityBytes()
    {
        return capacity == null ? DEFAULT_CAPACITY : capacity.bytes();
    }

    /**
     * @return true if --capacity was given.
     */
    public boolean capacityGiven()
    {
        return capacity != null;
    }

    /**
     * @return --slot-size in bytes, or the mailbox default.
     */
    public long slotSizeBytes()
    {
        return slotSize == null ? io.mmipc.core.mailbox.Mailbox.Options.DEFAULT.slotSize() : slotSize.bytes();
    }

    /**
     * @return the permissions for a new file, from --mode.
     */
    public Set<PosixFilePermission> mode()
    {
        return permissions(mode);
    }

    public WaitStrategy waitStrategy()
    {
        return wait;
    }

    /**
     * The options to open the channel with through mmipc's API: --capacity (explicit only if given:
     * an existing channel of another size is then an error), --mode, --wait, --allow-untrusted-file.
     *
     * @param batch messages per publication to the reader (the producer's --batch; 1 for a reader).
     * @return the API's options.
     */
    public io.mmipc.ChannelOptions apiOptions(final int batch)
    {
        final io.mmipc.ChannelOptions.Builder builder = io.mmipc.ChannelOptions.builder()
            .waitStrategy(wait)
            .mode(java.nio.file.attribute.PosixFilePermissions.toString(permissions(mode)))
            .allowUntrustedFile(allowUntrusted)
            .batch(batch);
        if (capacity != null)
        {
            builder.capacity((int)capacity.bytes());
        }
        return builder.build();
    }

    /**
     * Attaches to the channel in {@code role}, creating it if missing.
     *
     * @param role         producer or consumer.
     * @param stop         stop flag.
     * @param batchRecords producer's records per USED release.
     * @return the endpoint.
     */
    public ChannelEndpoint attach(final Role role, final StopFlag stop, final int batchRecords)
    {
        final long cap = capacityBytes();
        final Path path = path();
        ChannelDescriptor.checkSizes(path, cap, 1);
        final int c = (int)cap;
        return ChannelEndpoint.attach(path, c, ChannelDescriptor.defaultMaxRecordLength(c), permissions(mode),
            capacity != null, role, wait, stop, batchRecords, allowUntrusted);
    }

    /**
     * @param octal e.g. "600" or "0660".
     * @return the permissions.
     */
    public static Set<PosixFilePermission> permissions(final String octal)
    {
        final int bits;
        try
        {
            bits = Integer.parseInt(octal, 8);
        }
        catch (final NumberFormatException ex)
        {
            throw new picocli.CommandLine.TypeConversionException("--mode '" + octal + "' is not octal, e.g. 600 or 660");
        }
        // (bits <= 0 would refuse nothing more: 0 lacks the owner's bits below anyway.)
        if (bits < 0 || bits > 0777 || (bits & 0600) != 0600)
        {
            throw new picocli.CommandLine.TypeConversionException("--mode '" + octal +
                "' must be 000-777 and give the owner read and write, e.g. 600 or 660");
        }
        final PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
        final Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < 9; i++) // (i <= 9 would test bit 1 << -1, never set in 0..0777: the same set)
        {
            if ((bits & (1 << (8 - i))) != 0)
            {
                set.add(all[i]);
            }
        }
        return set;
    }
}

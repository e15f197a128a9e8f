package io.mmipc.cli;

import io.mmipc.WaitStrategy;
import io.mmipc.core.ExitCodes;
import io.mmipc.core.channel.ChannelEndpoint;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.exceptions.ChannelFileException;
import io.mmipc.exceptions.MmipcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The options every daemon shares: --channel/--mailbox, --mode, --wait, --capacity, as the
 * daemons parse them.
 */
class ChannelOptionsTest
{
    @TempDir
    Path dir;

    @Command(name = "test")
    static final class Options
    {
        @Mixin
        ChannelOptions channel;
    }

    private static ChannelOptions parse(final String... args)
    {
        final Options options = new Options();
        new CommandLine(options).parseArgs(args);
        return options.channel;
    }

    @ParameterizedTest
    @CsvSource({
        "600, rw-------",
        "0600, rw-------",
        "660, rw-rw----",
        "640, rw-r-----",
        "644, rw-r--r--",
        "777, rwxrwxrwx",
        "700, rwx------",
        "604, rw----r--",
        "662, rw-rw--w-",
        "651, rw-r-x--x"})
    void modeIsReadAsOctalBits(final String octal, final String expected)
    {
        assertEquals(PosixFilePermissions.fromString(expected), ChannelOptions.permissions(octal));
        assertEquals(PosixFilePermissions.fromString(expected), parse("--channel", "x", "--mode", octal).mode());
    }

    @Test
    void defaultModeIsOwnerOnly()
    {
        assertEquals(PosixFilePermissions.fromString("rw-------"), parse("--channel", "x").mode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"400", "200", "000", "060", "1600", "-600", "7777"})
    void modeWithoutOwnerReadWriteOrOutOfRangeIsRefused(final String octal)
    {
        final CommandLine.TypeConversionException ex =
            assertThrows(CommandLine.TypeConversionException.class, () -> ChannelOptions.permissions(octal));
        assertEquals("--mode '" + octal + "' must be 000-777 and give the owner read and write, e.g. 600 or 660",
            ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"680", "rw", "", "6 0"})
    void modeThatIsNotOctalIsRefused(final String octal)
    {
        final CommandLine.TypeConversionException ex =
            assertThrows(CommandLine.TypeConversionException.class, () -> ChannelOptions.permissions(octal));
        assertEquals("--mode '" + octal + "' is not octal, e.g. 600 or 660", ex.getMessage());
    }

    @Test
    void exactlyOneOfChannelAndMailboxIsRequired()
    {
        final ChannelOptions neither = parse();
        final CommandLine.TypeConversionException none = assertThrows(CommandLine.TypeConversionException.class,
            neither::path);
        assertEquals("give --channel NAME or --mailbox NAME (one of them)", none.getMessage());
        assertThrows(CommandLine.TypeConversionException.class, neither::isMailbox);
        final ChannelOptions both = parse("--channel", "a", "--mailbox", "b");
        assertThrows(CommandLine.TypeConversionException.class, both::path);
        assertThrows(CommandLine.TypeConversionException.class, both::isMailbox);
    }

    @Test
    void channelOrMailboxNameBecomesItsFile()
    {
        final ChannelOptions channel = parse("--channel", dir.resolve("c.mmipc").toString());
        assertEquals(dir.resolve("c.mmipc"), channel.path());
        assertFalse(channel.isMailbox());
        final ChannelOptions mailbox = parse("--mailbox", dir.resolve("m.mmipc").toString());
        assertEquals(dir.resolve("m.mmipc"), mailbox.path());
        assertTrue(mailbox.isMailbox());
        final ChannelOptions bare = parse("--channel", "logs");
        assertEquals("logs.mmipc", bare.path().getFileName().toString());
    }

    @Test
    void badBareNameIsAUsageError()
    {
        final MmipcException ex = assertThrows(MmipcException.class, () -> parse("--channel", "..").path());
        assertEquals(ExitCodes.USAGE, ex.exitCode());
    }

    @ParameterizedTest
    @CsvSource({"spin, SPIN", "Backoff, BACKOFF", "SIGNAL, SIGNAL", "futex, FUTEX"})
    void waitStrategyInAnyCase(final String text, final WaitStrategy expected)
    {
        assertEquals(expected, parse("--channel", "x", "--wait", text).waitStrategy());
        assertEquals(expected, new WaitStrategyConverter().convert(text));
    }

    @Test
    void futexIsTheDefaultWaitAndAnUnknownOneIsAUsageErrorNamingTheChoices()
    {
        assertEquals(WaitStrategy.FUTEX, parse("--channel", "x").waitStrategy());
        final CommandLine.ParameterException ex = assertThrows(CommandLine.ParameterException.class,
            () -> parse("--channel", "x", "--wait", "sleepy"));
        assertTrue(ex.getMessage().contains("unknown wait strategy 'sleepy': use spin, backoff, signal or futex"),
            ex.getMessage());
    }

    @Test
    void mailboxOptionsCarryTheModeAndTheDefaultSizes()
    {
        final io.mmipc.core.mailbox.Mailbox.Options options = parse("--mailbox", "m", "--mode", "660").mailboxOptions();
        final io.mmipc.core.mailbox.Mailbox.Options defaults = io.mmipc.core.mailbox.Mailbox.Options.DEFAULT;
        assertEquals(PosixFilePermissions.fromString("rw-rw----"), options.mode());
        assertEquals(defaults.slotSize(), options.slotSize());
        assertEquals(ChannelOptions.DEFAULT_CAPACITY / defaults.slotSize(), options.slots(),
            "the daemons' mailbox fills the default capacity, as a channel does");
    }

    @Test
    void attachCreatesTheChannelWithTheGivenCapacityAndMode() throws Exception
    {
        final Path file = dir.resolve("made.mmipc");
        try (ChannelEndpoint endpoint = parse("--channel", file.toString(), "--capacity", "8k", "--mode", "660",
            "--wait", "spin").attach(Role.CONSUMER, new StopFlag(), 1))
        {
            assertEquals(8192, endpoint.file().capacity());
            assertEquals(1024, endpoint.file().maxRecordLength(), "capacity/8");
            assertEquals(Role.CONSUMER, endpoint.role());
        }
        final Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        assertEquals(PosixFilePermissions.fromString("rw-rw----"), mode, "--mode 660 shares the file with the group");
    }

    @Test
    void attachWithoutCapacityUsesTheDefaultAndAnExistingChannelKeepsItsSize() throws Exception
    {
        final Path file = dir.resolve("sized.mmipc");
        try (ChannelEndpoint endpoint = parse("--channel", file.toString(), "--capacity", "4k")
            .attach(Role.PRODUCER, new StopFlag(), 4))
        {
            assertEquals(4096, endpoint.file().capacity());
        }
        try (ChannelEndpoint endpoint = parse("--channel", file.toString()).attach(Role.PRODUCER, new StopFlag(), 4))
        {
            assertEquals(4096, endpoint.file().capacity(), "no --capacity: the existing size is taken");
        }
        final ChannelFileException other = assertThrows(ChannelFileException.class,
            () -> parse("--channel", file.toString(), "--capacity", "8k").attach(Role.PRODUCER, new StopFlag(), 4));
        assertEquals(ExitCodes.BAD_CHANNEL, other.exitCode());
        assertEquals(64L << 20, ChannelOptions.DEFAULT_CAPACITY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5000", "2k", "2g", "4194308k"}) // 4194308k is 2^32 + 4096: 4096 if cast to int unchecked
    void capacityThatIsNotAPowerOfTwoInRangeIsRefusedBeforeAnyFileIsMade(final String capacity)
    {
        final Path file = dir.resolve("never.mmipc");
        final ChannelFileException ex = assertThrows(ChannelFileException.class,
            () -> parse("--channel", file.toString(), "--capacity", capacity).attach(Role.PRODUCER, new StopFlag(), 1));
        assertTrue(ex.getMessage().contains("is not a power of two"), ex.getMessage());
        assertFalse(Files.exists(file));
    }
}

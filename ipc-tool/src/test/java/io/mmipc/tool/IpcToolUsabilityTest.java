package io.mmipc.tool;

import io.mmipc.WaitStrategy;
import io.mmipc.cli.Daemon;
import io.mmipc.cli.HelpCheck;
import io.mmipc.core.channel.ChannelEndpoint;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.file.ChannelPaths;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.signal.StopFlag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a newcomer meets with {@code ipc}: help that reads at 80 columns, errors that say what a name
 * really is, {@code list} and {@code rm} over MMIPC_DIR (the tests' own folder, see the pom).
 * {@code rm --force} stopping real daemons is in the integration tests.
 */
class IpcToolUsabilityTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;
    private final String prefix = "u" + System.nanoTime() + "-";

    @BeforeEach
    void capture()
    {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore()
    {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private int ipc(final String... args)
    {
        out.reset();
        err.reset();
        return Daemon.run(new IpcMain(), args);
    }

    private String stdout()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr()
    {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path channel(final String name) throws Exception
    {
        final Path path = ChannelPaths.directory().resolve(name + ChannelPaths.SUFFIX);
        Files.createDirectories(path.getParent());
        ChannelFile.createOrOpen(path, 4096, 512, PosixFilePermissions.fromString("rw-------")).close();
        return path;
    }

    @Test
    void everyHelpOfIpcAndItsSubcommandsReadsAt80Columns()
    {
        assertEquals(List.of("ipc", "ipc mailbox", "ipc mailbox create", "ipc mailbox destroy", "ipc mailbox list",
            "ipc send", "ipc recv", "ipc stat", "ipc list", "ipc rm"), HelpCheck.assertEveryHelpReadsAt80(new IpcMain()));
    }

    @Test
    void aSubcommandRunBuildsOnlyThatSubcommandAndTheHelpBuildsThemAll()
    {
        assertEquals(List.copyOf(IpcMain.SUBCOMMANDS.keySet()),
            List.copyOf(Daemon.commandLine(new IpcMain()).getSubcommands().keySet()), "the annotation and the map agree");
        assertEquals(List.copyOf(IpcMain.SUBCOMMANDS.keySet()), List.copyOf(IpcMain.commandLine("--help")
            .getSubcommands().keySet()));
        assertEquals(List.of("send"), List.copyOf(IpcMain.commandLine("send", "jobs", "x").getSubcommands().keySet()));
        assertEquals("ipc", IpcMain.commandLine("send").getCommandName());
        assertEquals(List.of(), List.copyOf(IpcMain.commandLine("--version").getSubcommands().keySet()));
        assertEquals(0, Daemon.run(IpcMain.commandLine("--version"), "--version"));
        assertTrue(stdout().startsWith("mmipc "), stdout());
        assertTrue(IpcMain.commandLine("send").getCommandSpec().mixinStandardHelpOptions(), "the root's options too");
    }

    @Test
    void theCommandListShowsEachSummaryWholeAndMailboxCreateShowsPlaceholders()
    {
        assertEquals(0, ipc("--help"));
        assertTrue(stdout().contains("  stat     Show a channel's or a mailbox's state, read without joining it.\n"),
            stdout());
        assertEquals(0, ipc("mailbox", "create", "--help"));
        assertTrue(stdout().contains("--slots=N") && stdout().contains("--slot-size=BYTES") &&
            stdout().contains("--mode=OCTAL"), stdout());
    }

    @Test
    void aBadOptionGivesTheErrorAndOneLineAboutHelp()
    {
        assertEquals(2, ipc("recv", "--timeout", "soon", "jobs"));
        assertEquals(List.of("ipc recv: Invalid value for option '--timeout': 'soon' is not a duration: use e.g. " +
            "500ms, 5s or 2m", "see 'ipc recv --help'"), stderr().lines().toList());
    }

    @Test
    void sendToAPidThatDoesNotExistExits3AndLeavesNoInbox()
    {
        long pid = 4_000_000; // above any pid_max: no such process
        assertTrue(ProcessHandle.of(pid).isEmpty());
        assertEquals(3, ipc("send", "--to", Long.toString(pid), "hi"));
        assertEquals(1, stderr().lines().count(), stderr());
        assertTrue(stderr().startsWith("ipc: no process " + pid + " to send to"), stderr());
        assertFalse(Files.exists(ChannelPaths.directory().resolve("inbox").resolve(Long.toString(pid))));
    }

    @Test
    void recvOrSendOnAChannelSaysItIsAChannelAndHowToUseIt() throws Exception
    {
        final String logs = prefix + "logs";
        channel(logs);
        assertEquals(3, ipc("recv", logs, "--timeout", "1s"));
        assertEquals("ipc: " + logs + " is a channel; read it with scripts/consumer --channel " + logs + "\n", stderr());
        assertEquals(3, ipc("send", logs, "x"));
        assertTrue(stderr().contains(logs + " is a channel; write to it with scripts/producer --channel " + logs),
            stderr());
        assertEquals(3, ipc("mailbox", "destroy", logs));
        assertTrue(stderr().contains("is a channel; remove it with 'ipc rm " + logs + "'"), stderr());
    }

    @Test
    void destroyingAMissingMailboxDoesNotAdviseCreatingIt()
    {
        assertEquals(3, ipc("mailbox", "destroy", prefix + "nosuch"));
        assertTrue(stderr().startsWith("ipc: no mailbox " + prefix + "nosuch"), stderr());
        assertFalse(stderr().contains("create"), stderr());
        assertEquals(3, ipc("stat", prefix + "nosuch"));
        assertEquals(1, stderr().lines().count(), "one line, no stack trace: " + stderr());
    }

    @Test
    void listShowsChannelsMailboxesAndInboxesWithTheirParticipants() throws Exception
    {
        final Path logs = channel(prefix + "logs");
        assertEquals(0, ipc("mailbox", "create", prefix + "jobs", "--slots", "16"));
        assertEquals(0, ipc("send", prefix + "jobs", "a"));
        final long me = ProcessHandle.current().pid();
        assertEquals(0, ipc("send", "--to", Long.toString(me), "--name", prefix + "alice", "hi"));
        try (ChannelEndpoint consumer = ChannelEndpoint.attach(logs, 4096, 512,
            PosixFilePermissions.fromString("rw-------"), false, Role.CONSUMER, WaitStrategy.SPIN, new StopFlag(), 1))
        {
            assertEquals(0, ipc("list"), stderr());
        }
        final Map<String, Map<String, String>> rows = new java.util.HashMap<>();
        StatTable.rows(stdout(), "NAME").forEach(row -> rows.put(row.get("NAME"), row));
        assertEquals(Map.of("NAME", prefix + "logs", "KIND", "channel", "SIZE", "4k", "LIVE", "1", "DEAD", "0",
            "FILL", "0.0%"), rows.get(prefix + "logs"), stdout());
        assertEquals(Map.of("NAME", prefix + "jobs", "KIND", "mailbox", "SIZE", "16k", "LIVE", "0", "DEAD", "0",
            "FILL", "6.3%"), rows.get(prefix + "jobs"), stdout());
        final String inbox = "inbox/" + me + "/" + prefix + "alice";
        assertEquals("inbox", rows.get(inbox).get("KIND"), stdout());
        assertEquals(0, ipc("rm", inbox), stderr());
        assertEquals(0, ipc("rm", prefix + "jobs", prefix + "logs"), stderr());
        assertEquals(0, ipc("list"));
        assertFalse(stdout().contains(prefix), stdout());
    }

    @Test
    void rmRefusesWhileALiveParticipantIsAttachedAndRemovesOnceItLeft() throws Exception
    {
        final Path logs = channel(prefix + "busy");
        try (ChannelEndpoint consumer = ChannelEndpoint.attach(logs, 4096, 512,
            PosixFilePermissions.fromString("rw-------"), false, Role.CONSUMER, WaitStrategy.SPIN, new StopFlag(), 1))
        {
            assertEquals(4, ipc("rm", prefix + "busy"));
            assertEquals("ipc: " + prefix + "busy has live participants: consumer pid " + ProcessHandle.current().pid() +
                " (RUNNING); stop them, or 'ipc rm --force " + prefix + "busy' to stop them first\n", stderr());
            assertTrue(Files.exists(logs));
        }
        assertEquals(0, ipc("rm", prefix + "busy"), stderr());
        assertFalse(Files.exists(logs));
        assertEquals(3, ipc("rm", prefix + "busy"));
        assertTrue(stderr().startsWith("ipc: no channel or mailbox " + prefix + "busy"), stderr());
    }

    @Test
    void errorsAboutAMailboxNameItAsAMailboxAndAdviseItsSlotSize() throws Exception
    {
        final String box = prefix + "small";
        assertEquals(0, ipc("mailbox", "create", box, "--slots", "2", "--slot-size", "64"));
        assertEquals(2, ipc("send", box, "x".repeat(17)));
        assertTrue(stderr().contains("mailbox " + ChannelPaths.directory().resolve(box + ".mmipc") + ": a message of " +
            "17 bytes exceeds the mailbox's largest message of 16 bytes"), stderr());
        assertTrue(stderr().contains("--slot-size") && !stderr().contains("--capacity"), stderr());
        final Path file = ChannelPaths.directory().resolve(box + ".mmipc");
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE))
        {
            channel.truncate(channel.size() / 2);
        }
        assertEquals(3, ipc("send", box, "x"));
        assertTrue(stderr().startsWith("ipc: mailbox file " + file + ": "), stderr());
        assertFalse(stderr().contains("channel"), stderr());
        Files.delete(file);
    }

    @Test
    void rmLeavesAFileThatIsNotMmipcsAlone() throws Exception
    {
        final Path foreign = ChannelPaths.directory().resolve(prefix + "foreign" + ChannelPaths.SUFFIX);
        Files.createDirectories(foreign.getParent());
        Files.writeString(foreign, "not a channel at all");
        assertEquals(3, ipc("rm", prefix + "foreign"));
        assertTrue(stderr().contains("is not an mmipc file"), stderr());
        assertTrue(Files.exists(foreign));
        Files.delete(foreign);
    }
}

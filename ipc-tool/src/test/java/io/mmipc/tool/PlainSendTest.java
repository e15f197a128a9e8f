package io.mmipc.tool;

import io.mmipc.cli.Daemon;
import io.mmipc.core.mailbox.Mailbox;
import io.mmipc.core.mailbox.Message;
import io.mmipc.core.signal.StopFlag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code ipc send MAILBOX MESSAGE} without Picocli ({@link PlainSend}) does what the same words do
 * through Picocli: the same message, the same errors and exit codes; and only that form skips it.
 * Likewise {@code ipc --version}.
 */
class PlainSendTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedErr;

    @BeforeEach
    void capture()
    {
        savedErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore()
    {
        System.setErr(savedErr);
    }

    @Test
    void onlyTwoPlainWordsAfterSendSkipPicocli()
    {
        assertTrue(PlainSend.matches("send", "jobs", "hello world"));
        assertTrue(PlainSend.matches("send", "/dev/shm/x/jobs.mmipc", ""));
        assertFalse(PlainSend.matches("send", "jobs", "-"), "standard input");
        assertFalse(PlainSend.matches("send", "jobs", "--eos"));
        assertFalse(PlainSend.matches("send", "--help", "x"));
        assertFalse(PlainSend.matches("send", "jobs", "@args.txt"), "a Picocli argument file");
        assertFalse(PlainSend.matches("send", "jobs"));
        assertFalse(PlainSend.matches("send", "jobs", "a", "b"));
        assertFalse(PlainSend.matches("recv", "jobs", "x"));
        assertFalse(PlainSend.matches());
    }

    @Test
    void picocliFillsSendsFieldsFromThePlainFormExactlyAsPlainSendDoes() throws Exception
    {
        // PlainSend leaves every field of SendCommand but args at its initial value: an option whose
        // default Picocli applies (a defaultValue that differs from the field's initializer) would
        // make the two paths differ.
        final SendCommand parsed = new SendCommand();
        new CommandLine(parsed).parseArgs("jobs", "hello");
        final SendCommand plain = PlainSend.command("jobs", "hello");
        int compared = 0;
        for (final Field field : SendCommand.class.getDeclaredFields())
        {
            if (Modifier.isStatic(field.getModifiers()) || field.getType() == CommandSpec.class)
            {
                continue; // (the spec is Picocli's own; the plain path never needs it)
            }
            field.setAccessible(true);
            assertEquals(field.get(parsed), field.get(plain), "SendCommand." + field.getName());
            compared++;
        }
        assertTrue(compared >= 5, "args and the options compared: " + compared);
    }

    @Test
    void theMessageIsTheSameAsThroughPicocli() throws Exception
    {
        final String box = dir.resolve("jobs.mmipc").toString();
        assertEquals(0, IpcMain.run("mailbox", "create", box, "--slots", "8"), err.toString());
        assertTrue(PlainSend.matches("send", box, "plain"));
        assertEquals(0, IpcMain.run("send", box, "plain"), err.toString());
        assertEquals(0, Daemon.run(IpcMain.commandLine("send", box, "picocli"), "send", box, "picocli"), err.toString());
        try (Mailbox mailbox = Mailbox.open(Path.of(box), "reader", new StopFlag()))
        {
            final Message plain = mailbox.receive(Duration.ofSeconds(5));
            final Message picocli = mailbox.receive(Duration.ofSeconds(5));
            assertEquals("plain", plain.text());
            assertEquals("picocli", picocli.text());
            assertEquals(picocli.type(), plain.type());
            assertEquals(picocli.senderName(), plain.senderName());
            assertEquals(picocli.senderPid(), plain.senderPid());
            assertNull(mailbox.receive(Duration.ZERO), "nothing else (no END_OF_STREAM)");
        }
    }

    @Test
    void versionPrintsWhatPicocliPrints()
    {
        final PrintStream savedOut = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(0, IpcMain.run("--version"));
            final String fast = out.toString(StandardCharsets.UTF_8);
            out.reset();
            assertEquals(0, Daemon.run(IpcMain.commandLine("--version"), "--version"));
            assertEquals(out.toString(StandardCharsets.UTF_8), fast);
            assertTrue(fast.startsWith("mmipc "), fast);
            out.reset();
            assertEquals(0, IpcMain.run("-V"));
            assertEquals(fast, out.toString(StandardCharsets.UTF_8));
        }
        finally
        {
            System.setOut(savedOut);
        }
    }

    @Test
    void errorsPrintAndExitAsThroughPicocli()
    {
        for (final String name : new String[] {dir.resolve("missing.mmipc").toString(), "no spaces"})
        {
            err.reset();
            final int plain = IpcMain.run("send", name, "x");
            final String plainErr = err.toString(StandardCharsets.UTF_8);
            err.reset();
            final int picocli = Daemon.run(IpcMain.commandLine("send", name, "x"), "send", name, "x");
            assertEquals(picocli, plain, plainErr);
            assertEquals(err.toString(StandardCharsets.UTF_8), plainErr);
            assertNotEquals(0, plain);
        }
    }
}

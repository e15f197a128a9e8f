package io.mmipc.cli;

import io.mmipc.core.ExitCodes;
import io.mmipc.exceptions.ChannelFileException;
import io.mmipc.exceptions.MmipcException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The README's exit codes, as {@link Daemon#run} maps what a command throws: its own errors with
 * their code and message, usage errors 2, I/O errors 74, anything else 70 with a stack trace.
 */
class DaemonTest
{
    @org.junit.jupiter.api.extension.RegisterExtension
    final io.mmipc.cli.StderrCapture err = new io.mmipc.cli.StderrCapture();

    private String stderr()
    {
        return err.text();
    }

    @Command(name = "daemon")
    static final class Throwing implements Callable<Integer>
    {
        @Option(names = "--n")
        int n;

        final Exception toThrow;

        Throwing(final Exception toThrow)
        {
            this.toThrow = toThrow;
        }

        @Override
        public Integer call() throws Exception
        {
            if (toThrow != null)
            {
                throw toThrow;
            }
            return 7;
        }
    }

    private static int run(final Exception ex, final String... args)
    {
        return Daemon.run(new Throwing(ex), args);
    }

    @Test
    void theCommandsOwnCodeOnSuccess()
    {
        assertEquals(7, run(null));
        assertEquals("", stderr());
    }

    @Test
    void mmipcErrorsEndWithTheirCodeAndMessageWithoutATrace()
    {
        assertEquals(1, run(new MmipcException("verification failed: gap", ExitCodes.VERIFICATION_FAILED)));
        assertEquals(4, run(new MmipcException("a live producer", ExitCodes.ROLE_TAKEN)));
        final int code = run(new ChannelFileException(Path.of("/x/c.mmipc"), "is not an mmipc channel"));
        assertEquals(3, code);
        assertTrue(stderr().startsWith("daemon: verification failed: gap\ndaemon: a live producer\n"), stderr());
        assertTrue(stderr().contains("/x/c.mmipc"), stderr());
        assertFalse(stderr().contains("\tat "), "no stack trace: " + stderr());
    }

    @Test
    void usageErrorsAreTwo()
    {
        assertEquals(2, run(null, "--n", "many"));
        assertEquals(2, run(null, "--unknown"));
        assertEquals(2, run(new picocli.CommandLine.TypeConversionException("give --channel NAME")));
        assertTrue(stderr().contains("daemon: give --channel NAME"), stderr());
    }

    @Test
    void ioErrorsOnTheSourceOrSinkAreSeventyFour()
    {
        assertEquals(74, run(new UncheckedIOException("writing output: No space left on device",
            new IOException("No space left on device"))));
        assertEquals(Daemon.IO_ERROR, 74);
        assertEquals("daemon: I/O error writing output: No space left on device\n", stderr());
    }

    @Test
    void checkedIoErrorsAreSeventyFourToo()
    {
        assertEquals(74, run(new java.nio.file.NoSuchFileException("/no/such/ledger.txt")));
        assertTrue(stderr().contains("I/O error"), stderr());
        assertTrue(stderr().contains("/no/such/ledger.txt"), stderr());
    }

    @Test
    void anythingElseIsAnInternalErrorSeventyWithItsTrace()
    {
        assertEquals(70, run(new IllegalStateException("a bug")));
        assertEquals(Daemon.INTERNAL_ERROR, 70);
        assertTrue(stderr().startsWith("daemon: internal error, please report it with this trace:\n"), stderr());
        assertTrue(stderr().contains("java.lang.IllegalStateException: a bug"), stderr());
        assertTrue(stderr().contains("\tat "), "with the stack trace: " + stderr());
    }

    @Test
    void anErrorIsAnInternalErrorSeventyNotTheOneOfAFailedVerification()
    {
        @Command(name = "daemon")
        final class Failing implements Callable<Integer>
        {
            @Override
            public Integer call()
            {
                throw new OutOfMemoryError("Java heap space");
            }
        }
        assertEquals(70, Daemon.run(new Failing()));
        assertTrue(stderr().startsWith("daemon: internal error, please report it with this trace:\n"), stderr());
        assertTrue(stderr().contains("java.lang.OutOfMemoryError: Java heap space"), stderr());
    }

    @Test
    void aFaultOnATruncatedMappingIsTheBadChannelError()
    {
        final Path file = Path.of("/dev/shm/mmipc/t.mmipc");
        final RuntimeException ex = Daemon.mappingFault(file,
            new InternalError("a fault occurred in an unsafe memory access operation"));
        final ChannelFileException channel = assertInstanceOf(ChannelFileException.class, ex);
        assertEquals(3, channel.exitCode());
        assertTrue(channel.getMessage().contains(file.toString()), channel.getMessage());
        assertTrue(channel.getMessage().contains("was truncated or replaced by another process while mapped"),
            channel.getMessage());
        final InternalError other = new InternalError("something else");
        assertSame(other, assertThrows(InternalError.class, () -> Daemon.mappingFault(file, other)));
        final InternalError noMessage = new InternalError();
        assertSame(noMessage, assertThrows(InternalError.class, () -> Daemon.mappingFault(file, noMessage)));
    }

    @Command(name = "faulting")
    static final class Faulting extends DaemonCommand
    {
        final Error error;
        final int code;

        Faulting(final Error error, final int code)
        {
            this.error = error;
            this.code = code;
        }

        @Override
        protected Integer run()
        {
            if (error != null)
            {
                throw error;
            }
            return code;
        }
    }

    @Test
    void aDaemonCommandReturnsItsRunsCodeAndTurnsAFaultOnItsMappingIntoExitThree()
    {
        assertEquals(0, Daemon.run(new Faulting(null, 0), "--channel", "/x/c.mmipc"));
        assertEquals(5, Daemon.run(new Faulting(null, 5), "--channel", "/x/c.mmipc"));
        assertEquals(3, Daemon.run(new Faulting(new InternalError("a fault occurred in an unsafe memory access operation"),
            0), "--channel", "/x/c.mmipc"));
        assertTrue(stderr().contains("faulting: channel file /x/c.mmipc: was truncated or replaced by another process"),
            stderr());
        assertEquals(70, Daemon.run(new Faulting(new InternalError("other"), 0), "--channel", "/x/c.mmipc"));
    }
}

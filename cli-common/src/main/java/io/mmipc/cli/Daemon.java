package io.mmipc.cli;

import io.mmipc.core.ExitCodes;
import io.mmipc.core.MmipcException;
import picocli.CommandLine;

/**
 * Runs a daemon's Picocli command: errors mmipc raises on purpose print their message (no stack
 * trace) and end with their exit code; anything else prints a stack trace and ends with 70.
 */
public final class Daemon
{
    /** An internal error: a bug, reported with its stack trace. */
    public static final int INTERNAL_ERROR = 70;
    /** Reading the source or writing the sink failed (EX_IOERR). */
    public static final int IO_ERROR = 74;

    public static final String EXIT_CODES =
        "%nExit codes:%n" +
        "  0    done (end of stream or --count reached), or stopped gracefully by SIGTERM/SIGINT%n" +
        "  1    verification failed (gap, duplicate or corrupt record)%n" +
        "  2    usage error, or a record larger than the channel allows%n" +
        "  3    channel file missing, unreadable, foreign, corrupt or incompatible%n" +
        "  4    the role is held by another live process%n" +
        "  70   internal error (a bug: please report the stack trace)%n" +
        "  74   reading the source or writing the sink failed%n" +
        "  130  a second SIGINT forced an immediate exit%n" +
        "  143  a second SIGTERM forced an immediate exit%n";

    private Daemon()
    {
    }

    /**
     * HotSpot turns the SIGBUS of a read or write beyond the end of a mapping whose file was
     * truncated into an {@link InternalError} ("a fault occurred in an unsafe memory access"): this
     * makes it the bad-channel error it is, instead of a crash with a stack trace.
     *
     * @param file  the channel file.
     * @param error the fault.
     * @return the error to throw.
     */
    public static RuntimeException mappingFault(final java.nio.file.Path file, final InternalError error)
    {
        if (String.valueOf(error.getMessage()).contains("unsafe memory access"))
        {
            return new io.mmipc.core.file.ChannelFileException(file, "was truncated or replaced by another process " +
                "while mapped (" + error.getMessage() + "); stop the other daemon, remove the file and start both again",
                error);
        }
        throw error;
    }

    /**
     * @param command the annotated command object.
     * @param args    command-line arguments.
     * @return the exit code.
     */
    public static int run(final Object command, final String... args)
    {
        final CommandLine cli = new CommandLine(command);
        final String name = cli.getCommandName();
        cli.setExecutionExceptionHandler((ex, line, parsed) ->
        {
            if (ex instanceof MmipcException e)
            {
                System.err.println(name + ": " + e.getMessage());
                return e.exitCode();
            }
            if (ex instanceof CommandLine.TypeConversionException e)
            {
                System.err.println(name + ": " + e.getMessage());
                return ExitCodes.USAGE;
            }
            if (ex instanceof java.io.UncheckedIOException e)
            {
                System.err.println(name + ": I/O error " + e.getMessage());
                return IO_ERROR;
            }
            if (ex instanceof java.io.IOException e)
            {
                // e.g. the consumer's --ledger file cannot be created: an I/O error, not a bug
                System.err.println(name + ": I/O error " + e);
                return IO_ERROR;
            }
            return internalError(name, ex);
        });
        try
        {
            return cli.execute(args);
        }
        catch (final Error ex)
        {
            // Picocli hands only Exceptions to the handler above; an Error (out of memory, a class that
            // failed to initialise) would escape main and end the JVM with 1, the code of a failed
            // verification.
            return internalError(name, ex);
        }
    }

    private static int internalError(final String name, final Throwable ex)
    {
        System.err.println(name + ": internal error, please report it with this trace:");
        ex.printStackTrace();
        return INTERNAL_ERROR;
    }
}

package io.mmipc.cli;

import io.mmipc.exceptions.MmipcException;
import picocli.CommandLine;

/**
 * Runs a daemon's Picocli command: errors mmipc raises on purpose print their message (no stack
 * trace) and end with their exit code; anything else prints a stack trace and ends with 70.
 */
public final class Daemon
{
    /** An internal error: a bug, reported with its stack trace. */
    public static final int INTERNAL_ERROR = ExitCodes.INTERNAL_ERROR;
    /** Reading the source or writing the sink failed (EX_IOERR). */
    public static final int IO_ERROR = ExitCodes.IO_ERROR;

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
            return new io.mmipc.exceptions.ChannelFileException(file, "was truncated or replaced by another process " +
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
        return run(commandLine(command), args);
    }

    /**
     * @param cli  a command line made by {@link #commandLine}.
     * @param args command-line arguments.
     * @return the exit code.
     */
    public static int run(final CommandLine cli, final String... args)
    {
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
                return usageError(line, e.getMessage());
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

    /**
     * @param command the annotated command object.
     * @return its command line as every mmipc command runs it: help laid out at the terminal's
     *         width ({@link HelpLayout}), and a bad option answered with the error and one line
     *         pointing at --help (exit 2), not with the whole help.
     */
    public static CommandLine commandLine(final Object command)
    {
        return commandLine(command, java.util.Map.of());
    }

    /**
     * @param command     the annotated command object.
     * @param subcommands subcommands to add by name, beside those its annotation names (a command
     *                    that builds only the one it runs starts faster).
     * @return its command line, as {@link #commandLine(Object)}.
     */
    public static CommandLine commandLine(final Object command, final java.util.Map<String, Object> subcommands)
    {
        final CommandLine cli = new CommandLine(command);
        subcommands.forEach(cli::addSubcommand);
        HelpLayout.apply(cli);
        cli.setParameterExceptionHandler((ex, args) ->
        {
            final java.io.StringWriter suggestions = new java.io.StringWriter();
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, new java.io.PrintWriter(suggestions, true));
            return usageError(ex.getCommandLine(), ex.getMessage() + (suggestions.getBuffer().isEmpty() ? "" :
                System.lineSeparator() + suggestions.toString().stripTrailing()));
        });
        return cli;
    }

    /**
     * Prints {@code "CMD: MESSAGE"} and {@code "see 'CMD --help'"} to stderr.
     *
     * @param line    the (sub)command the error is about.
     * @param message what was wrong.
     * @return {@link ExitCodes#USAGE}.
     */
    static int usageError(final CommandLine line, final String message)
    {
        final String name = line.getCommandSpec().qualifiedName();
        System.err.println(name + ": " + message);
        System.err.println("see '" + name + " --help'");
        return ExitCodes.USAGE;
    }

    private static int internalError(final String name, final Throwable ex)
    {
        System.err.println(name + ": internal error, please report it with this trace:");
        ex.printStackTrace();
        return INTERNAL_ERROR;
    }
}

package io.mmipc.exceptions;

/**
 * Base of every error mmipc raises on purpose. Each subtype carries the process exit code a daemon
 * should end with, so that scripts can tell a bad file from a busy channel from a failed check.
 */
public class MmipcException extends RuntimeException
{
    /**
     * The version of the serial form.
     */
    private static final long serialVersionUID = 1L;

    /**
     * The exit code a daemon ends with when this error stops it.
     */
    private final int exitCode;

    /**
     * Creates the error.
     *
     * @param message  what went wrong and what to do, naming the file.
     * @param exitCode the exit code a daemon ends with (see the daemons' {@code --help}).
     */
    public MmipcException(final String message, final int exitCode)
    {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * Creates the error.
     *
     * @param message  what went wrong and what to do, naming the file.
     * @param exitCode the exit code a daemon ends with (see the daemons' {@code --help}).
     * @param cause    the underlying error.
     */
    public MmipcException(final String message, final int exitCode, final Throwable cause)
    {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /**
     * The exit code a daemon ends with when this error stops it.
     *
     * @return the exit code.
     */
    public int exitCode()
    {
        return exitCode;
    }
}

package io.mmipc.core;

/**
 * Base of every error mmipc raises on purpose. Each subtype carries the process exit code a daemon
 * should end with, so that scripts can tell a bad file from a busy channel from a failed check.
 */
public class MmipcException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public MmipcException(final String message, final int exitCode)
    {
        super(message);
        this.exitCode = exitCode;
    }

    public MmipcException(final String message, final int exitCode, final Throwable cause)
    {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /**
     * @return the exit code a daemon ends with when this error stops it.
     */
    public int exitCode()
    {
        return exitCode;
    }
}

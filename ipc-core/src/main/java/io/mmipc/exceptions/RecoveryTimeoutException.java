package io.mmipc.exceptions;

import io.mmipc.core.ExitCodes;
import io.mmipc.core.liveness.Role;

import java.nio.file.Path;

/**
 * A live peer did not pause for recovery in time, typically because it is blocked writing its own
 * output. Nothing was changed; starting again later recovers. Exit code {@link ExitCodes#ROLE_TAKEN}:
 * the channel could not be joined now.
 */
public final class RecoveryTimeoutException extends MmipcException
{
    /**
     * The version of the serial form.
     */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param file    the channel file.
     * @param peer    the role of the live peer that did not pause.
     * @param pid     its pid.
     * @param seconds how long recovery waited.
     */
    public RecoveryTimeoutException(final Path file, final Role peer, final long pid, final long seconds)
    {
        super("channel file " + file + ": the live " + peer.label() + " (pid " + pid + ") did not pause for " +
            "recovery within " + seconds + " s (is it blocked writing its output?); nothing was changed, start again later",
            ExitCodes.ROLE_TAKEN);
    }
}

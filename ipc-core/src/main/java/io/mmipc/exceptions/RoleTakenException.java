package io.mmipc.exceptions;

import io.mmipc.core.ExitCodes;
import io.mmipc.core.liveness.Role;

import java.nio.file.Path;

/**
 * The role asked for is held by another live process: a channel has one producer and one
 * consumer. Daemons exit with {@link ExitCodes#ROLE_TAKEN}.
 */
public final class RoleTakenException extends MmipcException
{
    /**
     * The version of the serial form.
     */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param file the channel file.
     * @param role the role asked for.
     * @param pid  the live process that holds it.
     */
    public RoleTakenException(final Path file, final Role role, final long pid)
    {
        super("channel file " + file + ": a live " + role.label() + " (pid " + pid + ") is already attached; " +
            "a channel has one " + role.label() + ". Stop it first (kill -TERM " + pid + ") or use another channel",
            ExitCodes.ROLE_TAKEN);
    }

    /**
     * A participant entry (of a mailbox or inbox) held by another live process.
     *
     * @param file the file.
     * @param pid  the live process holding the participant entry.
     */
    public RoleTakenException(final Path file, final long pid)
    {
        super("file " + file + ": participant entry held by live pid " + pid, ExitCodes.ROLE_TAKEN);
    }
}

package io.mmipc.exceptions;

import io.mmipc.core.ExitCodes;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.Role;

import java.nio.file.Path;

/**
 * This process held a role but lost it: it was paused (SIGSTOP, {@code docker pause}, a long GC)
 * for longer than the heartbeat timeout, another process judged it dead and took the role over or
 * fenced it, and it then resumed. It stops before its next shared store, so the stream its
 * successor writes is never corrupted. Daemons exit with {@link ExitCodes#ROLE_TAKEN}.
 */
public final class RoleLostException extends MmipcException
{
    /**
     * The version of the serial form.
     */
    private static final long serialVersionUID = 1L;

    /**
     * A role lost while paused.
     *
     * @param file    the channel file.
     * @param role    the role that was lost, or null for a mailbox participant.
     * @param nowHeld pid now recorded in the slot (0 if none).
     */
    public RoleLostException(final Path file, final Role role, final long nowHeld)
    {
        super((role == null ? "file " + file + ": this participant" : "channel file " + file + ": this " + role.label()) +
            " lost its role while it was paused past the " + ParticipantSlot.HEARTBEAT_TIMEOUT_MILLIS / 1000 +
            " s heartbeat timeout (now held by pid " + nowHeld + "); it stopped without writing. " +
            "Do not pause a daemon for longer than that, or run one process per role", ExitCodes.ROLE_TAKEN);
    }
}

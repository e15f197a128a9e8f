package io.mmipc.consumer;

import io.mmipc.core.ExitCodes;
import io.mmipc.exceptions.MmipcException;

/**
 * {@code --sink verify} found a gap, a duplicate or a corrupt record. Exit code 1.
 */
final class VerificationException extends MmipcException
{
    private static final long serialVersionUID = 1L;

    VerificationException(final String message)
    {
        super("verification failed: " + message, ExitCodes.VERIFICATION_FAILED);
    }
}

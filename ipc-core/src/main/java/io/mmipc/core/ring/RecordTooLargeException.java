package io.mmipc.core.ring;

import io.mmipc.core.ExitCodes;
import io.mmipc.core.MmipcException;

import java.nio.file.Path;

/**
 * A record larger than the channel's max record length: it could never fit, so it is refused
 * before anything is written.
 */
public final class RecordTooLargeException extends MmipcException
{
    private static final long serialVersionUID = 1L;

    public RecordTooLargeException(final Path file, final int length, final int maxRecordLength)
    {
        super("channel file " + file + ": a record of " + length + " bytes exceeds the channel's max record length " +
            "of " + maxRecordLength + " bytes; send smaller records, or recreate the channel with a larger " +
            "--capacity (max record = capacity / 8)", ExitCodes.USAGE);
    }
}

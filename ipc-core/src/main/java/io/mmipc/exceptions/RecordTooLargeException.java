package io.mmipc.exceptions;

import io.mmipc.core.ExitCodes;

import java.nio.file.Path;

/**
 * A record larger than the channel's max record length: it could never fit, so it is refused
 * before anything is written.
 */
public final class RecordTooLargeException extends MmipcException
{
    /**
     * The version of the serial form.
     */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param file            the channel file.
     * @param length          the record's payload length.
     * @param maxRecordLength the channel's max record length.
     */
    public RecordTooLargeException(final Path file, final int length, final int maxRecordLength)
    {
        this("channel file " + file + ": a record of " + length + " bytes exceeds the channel's max record length " +
            "of " + maxRecordLength + " bytes; send smaller records, or recreate the channel with a larger " +
            "--capacity (max record = capacity / 8)");
    }

    private RecordTooLargeException(final String message)
    {
        super(message, ExitCodes.USAGE);
    }

    /**
     * A message too large for a mailbox.
     *
     * @param file          the mailbox.
     * @param length        the message's length.
     * @param maxMessage    the largest message its slots hold.
     * @return the error for a message too large for a mailbox, whose advice is its slot size.
     */
    public static RecordTooLargeException inMailbox(final Path file, final int length, final int maxMessage)
    {
        return new RecordTooLargeException("mailbox " + file + ": a message of " + length + " bytes exceeds the " +
            "mailbox's largest message of " + maxMessage + " bytes; send smaller messages, or recreate the mailbox " +
            "with a larger --slot-size");
    }
}

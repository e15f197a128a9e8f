package io.mmipc.exceptions;

import java.nio.file.Path;

/**
 * A writer joined a channel whose last stream was ended (its END_OF_STREAM written) but not yet
 * read to the end: writing on would put messages after the end, where no reader looks. Run a reader
 * to drain it (the next writer then starts a new stream at sequence 0), or remove the file.
 */
public final class StreamEndedException extends ChannelFileException
{
    /**
     * The version of the serial form.
     */
    private static final long serialVersionUID = 1L;
    /**
     * The sequence the ended stream's next message would have had: how many messages it holds.
     */
    private final long nextSequence;

    /**
     * Creates the error.
     *
     * @param file         the channel file.
     * @param nextSequence the ended stream's length in messages.
     */
    public StreamEndedException(final Path file, final long nextSequence)
    {
        super(file, "holds the end of a finished stream of " + nextSequence + " messages that no consumer has read " +
            "yet; run a consumer to drain it, or remove the file to discard it");
        this.nextSequence = nextSequence;
    }

    /**
     * The ended stream's length: the sequence its next message would have had.
     *
     * @return the number of messages the ended stream holds.
     */
    public long nextSequence()
    {
        return nextSequence;
    }
}

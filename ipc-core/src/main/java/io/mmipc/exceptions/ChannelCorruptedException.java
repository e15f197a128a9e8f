package io.mmipc.exceptions;

import java.nio.file.Path;

/**
 * The ring holds something no producer of this layout writes: a record length, type or position
 * that the ring cannot hold. Raised instead of reading out of bounds or looping for ever.
 */
public final class ChannelCorruptedException extends ChannelFileException
{
    /**
     * The version of the serial form.
     */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param file    the channel file.
     * @param problem what the ring holds that no producer writes.
     */
    public ChannelCorruptedException(final Path file, final String problem)
    {
        super(file, problem + "; the file is corrupt: remove it (rm " + file + ") and restart both daemons");
    }
}

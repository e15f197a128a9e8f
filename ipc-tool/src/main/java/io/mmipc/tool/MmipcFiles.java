package io.mmipc.tool;

import io.mmipc.core.file.ChannelPaths;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a file in {@code MMIPC_DIR} is, told by its first eight bytes (the magic every mmipc file
 * starts with), and the files there: channels and mailboxes at the top, inboxes' links in
 * {@code inbox/OWNER/from-SENDER.mmipc}. Reading the magic joins nothing and creates nothing.
 */
final class MmipcFiles
{
    /** What a path holds. */
    enum Kind
    {
        MISSING("missing"), CHANNEL("channel"), MAILBOX("mailbox"), INBOX("inbox"), OTHER("not an mmipc file");

        private final String label;

        Kind(final String label)
        {
            this.label = label;
        }

        String label()
        {
            return label;
        }
    }

    /**
     * A file found by {@link #list}.
     *
     * @param name as the user names it: NAME, or inbox/OWNER/SENDER for an inbox's link.
     * @param path the file.
     * @param kind channel, mailbox or inbox.
     */
    record Entry(String name, Path path, Kind kind)
    {
    }

    private MmipcFiles()
    {
    }

    /**
     * @param path a file.
     * @return its kind by its magic; an inbox's link reads as a channel (it is one).
     */
    static Kind kind(final Path path)
    {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS))
        {
            return Kind.MISSING;
        }
        if (!Files.isRegularFile(path))
        {
            return Kind.OTHER;
        }
        final byte[] magic = new byte[8];
        try (InputStream in = Files.newInputStream(path))
        {
            if (in.readNBytes(magic, 0, 8) < 8)
            {
                return Kind.OTHER;
            }
        }
        catch (final IOException ex)
        {
            return Kind.OTHER;
        }
        return switch (new String(magic, StandardCharsets.US_ASCII))
        {
            case "MMIPC.CH" -> Kind.CHANNEL;
            case "MMIPC.MB" -> Kind.MAILBOX;
            default -> Kind.OTHER;
        };
    }

    /**
     * @param dir MMIPC_DIR.
     * @return its channels and mailboxes by name, then every inbox link, each with its kind.
     * @throws IOException if the folder cannot be read.
     */
    static List<Entry> list(final Path dir) throws IOException
    {
        final List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir))
        {
            return entries;
        }
        for (final Path file : sorted(dir, "*" + ChannelPaths.SUFFIX))
        {
            final Kind kind = kind(file);
            if (kind == Kind.CHANNEL || kind == Kind.MAILBOX)
            {
                entries.add(new Entry(strip(file.getFileName().toString()), file, kind));
            }
        }
        final Path inboxes = dir.resolve("inbox");
        if (Files.isDirectory(inboxes))
        {
            for (final Path owner : sorted(inboxes, "*"))
            {
                if (Files.isDirectory(owner))
                {
                    for (final Path link : sorted(owner, "from-*" + ChannelPaths.SUFFIX))
                    {
                        if (kind(link) == Kind.CHANNEL)
                        {
                            entries.add(new Entry("inbox/" + owner.getFileName() + "/" +
                                strip(link.getFileName().toString()).substring("from-".length()), link, Kind.INBOX));
                        }
                    }
                }
            }
        }
        return entries;
    }

    private static String strip(final String fileName)
    {
        return fileName.substring(0, fileName.length() - ChannelPaths.SUFFIX.length());
    }

    private static List<Path> sorted(final Path dir, final String glob) throws IOException
    {
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob))
        {
            stream.forEach(files::add);
        }
        files.sort(null);
        return files;
    }
}

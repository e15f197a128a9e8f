package io.mmipc.tool;

import io.mmipc.cli.ExitCodes;
import io.mmipc.core.file.ChannelPaths;
import io.mmipc.core.mailbox.Inbox;
import io.mmipc.core.mailbox.Mailbox;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.exceptions.MmipcException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ipc rm [--force] NAME...}: removes channels, mailboxes and inboxes, as {@code ipcrm}
 * removes the kernel's. A file with live participants is refused (exit 4): removing it under them
 * would leave them on a file nobody else can open. {@code --force} first stops them: a channel's
 * daemons get SIGTERM (they finish their batch and exit 0) and are waited for; a mailbox is marked
 * destroyed, which wakes its waiters, who exit with a message.
 */
@Command(name = "rm", mixinStandardHelpOptions = true,
    description = {"Remove channels, mailboxes and inboxes from $MMIPC_DIR (as ipcrm does). Refused while live " +
        "participants are attached, unless --force.",
        "",
        "NAME is what ipc list shows: a channel or mailbox name (or a path containing '/'), inbox/OWNER for an " +
            "inbox with all its senders' links, or inbox/OWNER/SENDER for one link."},
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.USAGE_LINE, ExitCodes.BAD_FILE_LINE, ExitCodes.REFUSED_LINE,
        ExitCodes.IO_ERROR_LINE})
final class RmCommand implements Callable<Integer>
{
    /** How long --force waits for a channel's daemons to stop after SIGTERM. */
    static final long STOP_WAIT_MILLIS = 10_000;

    @Parameters(paramLabel = "NAME", arity = "1..*", description = "What to remove, as ipc list names it.")
    List<String> names = new ArrayList<>();

    @Option(names = "--force", description = "Stop the live participants first: SIGTERM to a channel's daemons " +
        "(waited for up to 10 s), a mailbox's waiters woken to exit.")
    boolean force;

    @Override
    public Integer call() throws IOException
    {
        for (final String name : names)
        {
            if (name.startsWith("inbox/"))
            {
                removeInbox(name);
                continue;
            }
            final Path path = ChannelPaths.resolve(name);
            switch (MmipcFiles.kind(path))
            {
                case MISSING -> throw new MmipcException("no channel or mailbox " + name + " (" + path + "); ipc list " +
                    "shows what " + ChannelPaths.directory() + " holds", ExitCodes.BAD_FILE);
                case MAILBOX ->
                {
                    try (Mailbox box = Mailbox.open(path, "ipc-rm", new StopFlag()))
                    {
                        box.destroy(force);
                    }
                    System.out.println("removed mailbox " + name);
                }
                case CHANNEL ->
                {
                    removeChannel(name, path);
                    System.out.println("removed channel " + name);
                }
                default -> throw new MmipcException(path + " is not an mmipc file; ipc rm removes only channels, " +
                    "mailboxes and inboxes (remove it with rm if you are sure)", ExitCodes.BAD_FILE);
            }
        }
        return ExitCodes.OK;
    }

    private void removeInbox(final String name) throws IOException
    {
        final String[] parts = name.split("/");
        if (parts.length < 2 || parts.length > 3)
        {
            throw new picocli.CommandLine.TypeConversionException("'" + name + "': name an inbox as inbox/OWNER or " +
                "inbox/OWNER/SENDER");
        }
        final Path folder = Inbox.folder(parts[1]);
        final List<Path> links = new ArrayList<>();
        if (parts.length == 3)
        {
            links.add(folder.resolve("from-" + parts[2] + ChannelPaths.SUFFIX));
        }
        else if (Files.isDirectory(folder))
        {
            try (var files = Files.list(folder))
            {
                files.filter(f -> MmipcFiles.kind(f) == MmipcFiles.Kind.CHANNEL).sorted().forEach(links::add);
            }
        }
        if (!Files.isDirectory(folder) || (parts.length == 3 && !Files.exists(links.get(0))))
        {
            throw new MmipcException("no inbox " + name + " in " + ChannelPaths.directory() + "; ipc list shows the " +
                "inboxes there", ExitCodes.BAD_FILE);
        }
        for (final Path link : links)
        {
            removeChannel(name, link);
        }
        if (parts.length == 2)
        {
            try (var rest = Files.list(folder))
            {
                if (rest.findAny().isEmpty())
                {
                    Files.delete(folder);
                }
            }
        }
        System.out.println("removed inbox " + name);
    }

    /** Refuses, or with --force stops, the live sides; then deletes the file. */
    private void removeChannel(final String name, final Path path) throws IOException
    {
        final List<ChannelStatus.Side> live = ChannelStatus.read(path).liveSides();
        if (!live.isEmpty())
        {
            final String who = describe(live);
            if (!force)
            {
                throw new MmipcException(name + " has live participants: " + who + "; stop them, or 'ipc rm --force " +
                    name + "' to stop them first", ExitCodes.REFUSED);
            }
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MILLIS);
            for (final ChannelStatus.Side side : live)
            {
                ProcessHandle.of(side.pid()).ifPresent(ProcessHandle::destroy); // SIGTERM: a graceful stop
            }
            for (final ChannelStatus.Side side : live)
            {
                final Optional<ProcessHandle> process = ProcessHandle.of(side.pid());
                while (process.isPresent() && process.get().isAlive() && System.nanoTime() < deadline)
                {
                    sleep();
                }
                if (process.isPresent() && process.get().isAlive())
                {
                    throw new MmipcException(name + ": " + who + " did not stop within " + STOP_WAIT_MILLIS / 1000 +
                        " s of SIGTERM; the file stays", ExitCodes.REFUSED);
                }
            }
        }
        Files.deleteIfExists(path);
    }

    private static String describe(final List<ChannelStatus.Side> sides)
    {
        final List<String> parts = new ArrayList<>();
        for (final ChannelStatus.Side side : sides)
        {
            parts.add(side.role().label() + " pid " + side.pid() + " (" + side.state() + ")");
        }
        return String.join(", ", parts);
    }

    private static void sleep()
    {
        try
        {
            Thread.sleep(20);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new MmipcException("interrupted while waiting for participants to stop", ExitCodes.REFUSED);
        }
    }
}

package io.mmipc.tool;

import io.mmipc.cli.Daemon;
import io.mmipc.cli.ExitCodes;
import io.mmipc.cli.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code scripts/ipc}: mailboxes (indirect message passing), inboxes (direct), and a view of the
 * channels and mailboxes in MMIPC_DIR. This class carries the whole command tree for the help, the
 * man page and the completion; {@link #main} builds only the subcommand it runs, because Picocli's
 * reflection over each command's annotations (and its classes, which an AOT cache cannot hold:
 * they are Java 5 bytecode) were most of a one-shot command's start-up.
 */
@Command(subcommands = {MailboxCommand.class, SendCommand.class, RecvCommand.class, StatCommand.class,
    ListCommand.class, RmCommand.class})
public final class IpcMain extends IpcRoot
{
    /** The subcommands by name, in the order of the help (the same as the annotation's). */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static
    {
        SUBCOMMANDS.put("mailbox", MailboxCommand::new);
        SUBCOMMANDS.put("send", SendCommand::new);
        SUBCOMMANDS.put("recv", RecvCommand::new);
        SUBCOMMANDS.put("stat", StatCommand::new);
        SUBCOMMANDS.put("list", ListCommand::new);
        SUBCOMMANDS.put("rm", RmCommand::new);
    }

    public static void main(final String[] args)
    {
        final int code = run(args);
        if (code != 0)
        {
            System.exit(code);
        }
        // 0: return, and the JVM ends with 0 (no thread of ipc's keeps it: the heartbeat and notice
        // threads are daemons). System.exit(0) would look up a System.Logger to log the exit, which
        // starts the logging framework: about 5 ms of a one-shot command.
    }

    /**
     * @param args the command line.
     * @return the exit code: {@code ipc send MAILBOX MESSAGE} ({@link PlainSend}) and {@code ipc --version}
     *         run without Picocli, everything else through {@link #commandLine}.
     */
    static int run(final String... args)
    {
        if (args.length == 1 && ("--version".equals(args[0]) || "-V".equals(args[0])))
        {
            for (final String line : VersionProvider.lines())
            {
                System.out.println(line); // what Picocli's printVersionHelp prints for these lines
            }
            return ExitCodes.OK;
        }
        return PlainSend.matches(args) ? PlainSend.run(args) : Daemon.run(commandLine(args), args);
    }

    /**
     * @param args the command line.
     * @return {@code ipc} with only the subcommand {@code args} names, none for --version, or all of
     *         them when it names none (for --help, or a mistake to be answered).
     */
    static CommandLine commandLine(final String... args)
    {
        if (args.length == 1 && ("--version".equals(args[0]) || "-V".equals(args[0])))
        {
            return Daemon.commandLine(new IpcRoot()); // (the version needs no subcommand)
        }
        final Supplier<Object> only = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
        if (only == null)
        {
            return Daemon.commandLine(new IpcMain());
        }
        return Daemon.commandLine(new IpcRoot(), Map.of(args[0], only.get()));
    }
}

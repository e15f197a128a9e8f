package io.mmipc.tool;

import io.mmipc.Inbox;
import io.mmipc.Mailbox;
import io.mmipc.Message;
import io.mmipc.cli.ExitCodes;
import io.mmipc.cli.Shutdown;
import io.mmipc.exceptions.MmipcException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ipc send MAILBOX [MESSAGE | -]} or {@code ipc send --to PID|--to-name NAME [MESSAGE | -]},
 * on mmipc's public API ({@link Mailbox}, {@link Inbox}).
 */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
    customSynopsis = {"ipc send MAILBOX [--type T] [--eos] [--name ME] [MESSAGE | -]",
        "ipc send (--to PID | --to-name NAME) [--type T] [--name ME] (MESSAGE | -)"},
    description = {"Send a message to a mailbox, or directly to a process's inbox (the link is made on first use). " +
        "With '-' each line of standard input is one message, in order."},
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.USAGE_LINE, ExitCodes.BAD_FILE_LINE, ExitCodes.IO_ERROR_LINE})
final class SendCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "ARGS", arity = "0..2", description = "MAILBOX and MESSAGE, or only MESSAGE with --to/--to-name.")
    List<String> args = new ArrayList<>();

    @Option(names = "--to", paramLabel = "PID", description = "Send to the inbox of this pid.")
    Long pid;

    @Option(names = "--to-name", paramLabel = "NAME", description = "Send to the inbox of the process named NAME.")
    String toName;

    @Option(names = "--name", paramLabel = "ME",
        description = "Who this sender is, as receivers see it and filter by (default: this process's pid).")
    String as;

    @Option(names = "--type", paramLabel = "T",
        description = "The messages' type id, 0 to 16777215 (default 0); 'ipc recv --type T' takes only these, and " +
            "--show-type prints it.")
    int type; // (no Picocli default: the initial 0 is the default, as a send run without Picocli needs)

    @Option(names = "--eos", description = "Also send END_OF_STREAM to the mailbox: the consumer (--mailbox) that takes it stops.")
    boolean eos;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception
    {
        final boolean direct = pid != null || toName != null;
        if (pid != null && toName != null)
        {
            throw new ParameterException(spec.commandLine(), "give --to or --to-name, not both");
        }
        if (type < 0 || type > Message.MAX_TYPE_ID)
        {
            throw new ParameterException(spec.commandLine(), "--type " + type + ": a type id is from 0 to " + Message.MAX_TYPE_ID);
        }
        final int expected = direct ? 1 : 2;
        if (args.size() > expected || args.isEmpty())
        {
            throw new ParameterException(spec.commandLine(), direct ? "give one MESSAGE (or '-') after --to/--to-name" :
                "give a MAILBOX, then a MESSAGE (or '-')");
        }
        final String me = as != null ? as : Long.toString(ProcessHandle.current().pid());
        final List<byte[]> messages = messages(args.size() == expected ? args.get(expected - 1) : null);
        if (direct)
        {
            if (pid != null && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false)
            {
                // Nobody could ever read it: refuse before an inbox folder and link are made for it.
                throw new MmipcException("no process " + pid + " to send to; check the pid, or use --to-name for a " +
                    "receiver that names itself with 'ipc recv --inbox --name NAME'", ExitCodes.BAD_FILE);
            }
            Inbox.send(pid != null ? Long.toString(pid) : toName, me, type, messages.toArray(new byte[0][]));
            return ExitCodes.OK;
        }
        // A first SIGTERM or SIGINT closes the mailbox, which ends a send waiting on a full one: exit 0,
        // the rest unsent. (A direct send blocked on a full inbox ends as any JVM does on SIGTERM, 143.)
        final Shutdown shutdown = Shutdown.install(false);
        try (Mailbox box = shutdown.closeOnStop(Mailboxes.open(args.get(0), me, "write to it with scripts/producer " +
            "--channel NAME --source stdin", "create it with 'ipc mailbox create NAME', or check the name and MMIPC_DIR")))
        {
            for (final byte[] m : messages)
            {
                if (!box.send(type, m))
                {
                    return ExitCodes.OK; // stopped by a signal while the mailbox was full: the rest unsent
                }
            }
            if (eos)
            {
                box.sendEndOfStream();
            }
        }
        return ExitCodes.OK;
    }

    private List<byte[]> messages(final String text) throws Exception
    {
        final List<byte[]> messages = new ArrayList<>();
        if (text == null)
        {
            if (!eos)
            {
                throw new ParameterException(spec.commandLine(), "give a MESSAGE, or '-' to read them from stdin");
            }
            return messages; // empty: --eos alone (so returning List.of() here would be the same)
        }
        if ("-".equals(text))
        {
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null)
            {
                messages.add(line.getBytes(StandardCharsets.UTF_8));
            }
            return messages;
        }
        messages.add(text.getBytes(StandardCharsets.UTF_8));
        return messages;
    }
}

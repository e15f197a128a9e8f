package io.mmipc.tool;

import io.mmipc.Inbox;
import io.mmipc.Mailbox;
import io.mmipc.Message;
import io.mmipc.cli.ExitCodes;
import io.mmipc.cli.Shutdown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code ipc recv MAILBOX | --inbox [--from SENDER] [--type T] [--timeout D] [--count N]}, on mmipc's
 * public API ({@link Mailbox}, {@link Inbox}).
 */
@Command(name = "recv", mixinStandardHelpOptions = true, sortOptions = false,
    customSynopsis = {"ipc recv MAILBOX [--type T] [--timeout D] [--count N] [--show-sender] [--show-type]",
        "ipc recv --inbox [--name ME] [--from SENDER] [--type T] [--timeout D] [--count N] [--show-sender] " +
            "[--show-type]"},
    description = {"Receive messages and print each as a line on standard output. Exit code 5 when --timeout passes " +
        "before --count messages arrived."},
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.USAGE_LINE, ExitCodes.BAD_FILE_LINE, ExitCodes.TIMEOUT_LINE})
final class RecvCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "MAILBOX", arity = "0..1", description = "Mailbox name, or a path containing '/'.")
    String mailbox;

    @Option(names = "--inbox", description = "Receive from this process's inbox (direct messages).")
    boolean inbox;

    @Option(names = "--name", paramLabel = "ME", description = "The inbox's owner name (default: this process's pid).")
    String as;

    @Option(names = "--from", paramLabel = "SENDER",
        description = "Inbox only: receive from this sender (pid or name) only; other senders' messages stay.")
    String from;

    @Option(names = "--type", paramLabel = "T",
        description = "Print only messages of type id T ('ipc send --type T'); a message of another type is " +
            "taken (a mailbox or link hands out messages in order) and named on stderr, so none goes unseen, and " +
            "does not count towards --count.")
    Integer type;

    @Option(names = "--timeout", paramLabel = "D", converter = DurationConverter.class,
        description = "Give up after D (e.g. 500ms, 5s) without a message: exit 5. Default: wait for ever.")
    Duration timeout;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "Messages to receive (default ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--show-sender", description = "Prefix each line with the sender and its sequence: 'SENDER SEQ: '.")
    boolean showSender;

    @Option(names = "--show-type", description = "Prefix each line with the message's type id: 'T: ' (after the sender).")
    boolean showType;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call()
    {
        if (inbox == (mailbox != null))
        {
            throw new ParameterException(spec.commandLine(), "give a MAILBOX or --inbox");
        }
        if (from != null && !inbox)
        {
            throw new ParameterException(spec.commandLine(), "--from works on an inbox (direct messages): a mailbox " +
                "hands each message to whichever receiver comes first, so skipping other senders' messages " +
                "would take them from the receivers that want them; use --show-sender to see who sent what");
        }
        if (type != null && (type < 0 || type > Message.MAX_TYPE_ID))
        {
            throw new ParameterException(spec.commandLine(), "--type " + type + ": a type id is from 0 to " +
                Message.MAX_TYPE_ID);
        }
        // A first SIGTERM or SIGINT closes the mailbox or inbox, which ends a receive under way: exit 0.
        final Shutdown shutdown = Shutdown.install(false);
        final String me = as != null ? as : Long.toString(ProcessHandle.current().pid());
        if (inbox)
        {
            try (Inbox in = shutdown.closeOnStop(Inbox.of(me)))
            {
                return receive(() -> in.receiveFrom(from, timeout), shutdown);
            }
        }
        try (Mailbox box = shutdown.closeOnStop(Mailboxes.open(mailbox, me, "read it with scripts/consumer --channel NAME",
            "create it with 'ipc mailbox create NAME', or check the name and MMIPC_DIR")))
        {
            return receive(() -> box.receive(timeout), shutdown);
        }
    }

    private int receive(final Supplier<Message> next, final Shutdown shutdown)
    {
        long printed = 0;
        while (printed < count)
        {
            final Message m = next.get();
            if (m == null)
            {
                return shutdown.requested() ? ExitCodes.OK : timedOut(printed);
            }
            if (m.endOfStream())
            {
                break;
            }
            if (type != null && m.typeId() != type)
            {
                System.err.println("recv: took a message of type " + m.typeId() + " from " + m.sender() + " (" +
                    m.payload().length + " bytes), not --type " + type);
                continue;
            }
            print(m);
            printed++;
        }
        return ExitCodes.OK;
    }

    private int timedOut(final long received)
    {
        System.out.flush(); // (print flushed already: kept so that stdout never trails this stderr line)
        System.err.println("recv: timed out after " + timeout.toMillis() + " ms with " + received + " of " + count +
            " messages");
        return ExitCodes.TIMEOUT;
    }

    private void print(final Message m)
    {
        System.out.println((showSender ? m.sender() + " " + m.senderSequence() + ": " : "") +
            (showType ? m.typeId() + ": " : "") + m.text());
        System.out.flush();
    }
}

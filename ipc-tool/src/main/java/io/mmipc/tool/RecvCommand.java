package io.mmipc.tool;

import io.mmipc.cli.ExitCodes;
import io.mmipc.core.file.RecordLayout;
import io.mmipc.core.mailbox.Inbox;
import io.mmipc.core.mailbox.Mailbox;
import io.mmipc.core.mailbox.Message;
import io.mmipc.core.signal.ShutdownSignals;
import io.mmipc.core.signal.StopFlag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code ipc recv MAILBOX | --inbox [--from SENDER] [--timeout D] [--count N]}.
 */
@Command(name = "recv", mixinStandardHelpOptions = true, sortOptions = false,
    customSynopsis = {"ipc recv MAILBOX [--timeout D] [--count N] [--show-sender]",
        "ipc recv --inbox [--name ME] [--from SENDER] [--timeout D] [--count N] [--show-sender]"},
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

    @Option(names = "--timeout", paramLabel = "D", converter = DurationConverter.class,
        description = "Give up after D (e.g. 500ms, 5s) without a message: exit 5. Default: wait for ever.")
    Duration timeout;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "Messages to receive (default ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--show-sender", description = "Prefix each line with the sender and its sequence: 'SENDER SEQ: '.")
    boolean showSender;

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
        final StopFlag stop = ShutdownSignals.installForCurrentThread();
        final String me = as != null ? as : Long.toString(ProcessHandle.current().pid());
        if (inbox)
        {
            try (Inbox box = Inbox.of(me, stop))
            {
                for (long i = 0; i < count; i++)
                {
                    final Message m = box.receiveFrom(from, timeout);
                    if (m == null)
                    {
                        return stop.requested() ? ExitCodes.OK : timedOut(i);
                    }
                    print(m);
                }
            }
            return ExitCodes.OK;
        }
        try (Mailbox box = Mailboxes.open(mailbox, me, stop, "read it with scripts/consumer --channel NAME",
            "create it with 'ipc mailbox create NAME', or check the name and MMIPC_DIR"))
        {
            for (long i = 0; i < count; i++)
            {
                final Message m = box.receive(timeout);
                if (m == null)
                {
                    return stop.requested() ? ExitCodes.OK : timedOut(i);
                }
                if (m.type() == RecordLayout.END_OF_STREAM)
                {
                    break;
                }
                print(m);
            }
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
        System.out.println(showSender ? m.sender() + " " + m.senderSequence() + ": " + m.text() : m.text());
        System.out.flush();
    }
}

package io.mmipc.tool;

import io.mmipc.cli.Daemon;

/**
 * {@code ipc send MAILBOX MESSAGE}, the one-shot form scripts call most, run without Picocli.
 *
 * <p>Why: Picocli builds its model by reading the command's annotations, and the JDK makes a
 * dynamic proxy class per annotation type it reads (seven for {@code send}) and a method-handle
 * accessor per field; no AOT cache holds either, and they were about half of what was left of a
 * send's start-up. This form has no option for Picocli to parse: two words, neither of which Picocli
 * would read as anything but a positional parameter (no leading {@code -}, which could be an option
 * or standard input, and no leading {@code @}, an argument file), so {@link SendCommand} runs as
 * Picocli would have run it, with those two as its {@code args} and every other field at its
 * initial value ({@code PlainSendTest} checks that Picocli leaves the fields exactly so, defaults
 * included). Anything else, help and mistakes included, goes through Picocli.
 */
final class PlainSend
{
    private PlainSend()
    {
    }

    /**
     * @param args the command line.
     * @return true if it is {@code send MAILBOX MESSAGE} with nothing Picocli would treat specially.
     */
    static boolean matches(final String... args)
    {
        return args.length == 3 && "send".equals(args[0]) && plain(args[1]) && plain(args[2]);
    }

    /**
     * @param args a command line that {@link #matches}.
     * @return the exit code, as {@link Daemon#run} would return it.
     */
    static int run(final String... args)
    {
        final SendCommand send = command(args[1], args[2]);
        try
        {
            return send.call();
        }
        catch (final Exception | Error ex)
        {
            return Daemon.failed("ipc", ex);
        }
    }

    /**
     * @return the command as Picocli would have filled it from {@code send MAILBOX MESSAGE}: the two
     *         words as its {@code args}, every other field at its initial value.
     */
    static SendCommand command(final String mailbox, final String message)
    {
        final SendCommand send = new SendCommand();
        send.args.add(mailbox);
        send.args.add(message);
        return send;
    }

    private static boolean plain(final String arg)
    {
        return arg.isEmpty() || (arg.charAt(0) != '-' && arg.charAt(0) != '@');
    }
}

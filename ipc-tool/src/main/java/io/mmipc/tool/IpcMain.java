package io.mmipc.tool;

import io.mmipc.cli.Daemon;
import io.mmipc.cli.VersionProvider;
import picocli.CommandLine.Command;

/**
 * {@code scripts/ipc}: mailboxes (indirect message passing), inboxes (direct), and a live view of
 * any channel or mailbox.
 */
@Command(
    name = "ipc",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Message passing between processes over mmipc files, and a live view of channels and mailboxes.",
        "",
        "Indirect, through mailboxes: any number of senders and receivers share a named queue; each",
        "message goes to exactly one receiver, each sender's messages in its order.",
        "  ipc mailbox create jobs; ipc send jobs 'hello'; ipc recv jobs; ipc mailbox destroy jobs",
        "Direct, through inboxes: every process has one, addressed by its pid or a --name.",
        "  ipc recv --inbox --name bob --from alice      (waits for alice's messages only)",
        "  ipc send --to-name bob --name alice 'hi'",
        ""
    },
    subcommands = {MailboxCommand.class, SendCommand.class, RecvCommand.class, StatCommand.class},
    footer = {
        "%nExit codes:%n" +
        "  0    done%n" +
        "  2    usage error%n" +
        "  3    a file is missing, foreign or corrupt, or the mailbox was destroyed%n" +
        "  4    refused: live participants are attached (destroy without --force)%n" +
        "  5    recv --timeout passed with no message%n"
    })
public final class IpcMain implements Runnable
{
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args)
    {
        System.exit(Daemon.run(new IpcMain(), args));
    }

    @Override
    public void run()
    {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "name a subcommand: mailbox, send, recv or stat (ipc --help)");
    }
}

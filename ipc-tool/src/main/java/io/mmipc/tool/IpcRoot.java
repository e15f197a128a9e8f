package io.mmipc.tool;

import io.mmipc.cli.Daemon;
import io.mmipc.cli.ExitCodes;
import io.mmipc.cli.VersionProvider;
import picocli.CommandLine.Command;

/**
 * {@code ipc} without its subcommands: the root whose help and options {@link IpcMain} inherits.
 * A one-shot {@code ipc send} builds only this and its one subcommand (see {@link IpcMain#commandLine}).
 */
@Command(
    name = "ipc",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Message passing between processes over mmipc files, and a view of the channels and mailboxes in " +
            "$MMIPC_DIR (default /dev/shm/mmipc).",
        "",
        "Indirect, through mailboxes: any number of senders and receivers share a named queue; each message goes " +
            "to exactly one receiver, each sender's messages in its order.",
        "  ipc mailbox create jobs; ipc send jobs 'hello'; ipc recv jobs; ipc rm jobs",
        "Direct, through inboxes: every process has one, addressed by its pid or a --name.",
        "  ipc recv --inbox --name bob --from alice   (waits for alice's messages only)",
        "  ipc send --to-name bob --name alice 'hi'",
        ""
    },
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.USAGE_LINE, ExitCodes.BAD_FILE_LINE, ExitCodes.REFUSED_LINE,
        ExitCodes.TIMEOUT_LINE, ExitCodes.INTERNAL_ERROR_LINE, ExitCodes.IO_ERROR_LINE})
class IpcRoot implements Runnable
{
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "name a subcommand: mailbox, send, recv, stat, list or rm");
    }
}

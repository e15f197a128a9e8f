package io.mmipc.bridge;

import io.mmipc.cli.Daemon;
import io.mmipc.cli.VersionProvider;
import io.mmipc.core.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code bridge send} and {@code bridge receive}: carry a channel to another host over Aeron UDP,
 * exactly once (see the package documentation for the protocol and its invariant).
 */
@Command(
    name = "bridge",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    subcommands = {SendCommand.class, ReceiveCommand.class},
    description = {
        "Carries an mmipc channel to another host over Aeron UDP: every record exactly",
        "once and in order, across restarts and kill -9 of either bridge, and packet loss.",
        "",
        "  host A: bridge send    --channel NAME --local A:PORT --remote B:PORT",
        "  host B: bridge receive --channel NAME --local B:PORT --remote A:PORT",
        "",
        "'send' is the channel's consumer on A, 'receive' its producer on B. Both exit 0",
        "once END_OF_STREAM has crossed and been acknowledged. See 'bridge send --help'.",
        ""
    },
    exitCodeListHeading = io.mmipc.cli.ExitCodes.HEADING,
    exitCodeList = {io.mmipc.cli.ExitCodes.OK_LINE, io.mmipc.cli.ExitCodes.USAGE_LINE,
        io.mmipc.cli.ExitCodes.BAD_FILE_LINE, io.mmipc.cli.ExitCodes.REFUSED_LINE,
        io.mmipc.cli.ExitCodes.INTERNAL_ERROR_LINE, io.mmipc.cli.ExitCodes.IO_ERROR_LINE,
        io.mmipc.cli.ExitCodes.FORCED_BY_SIGINT_LINE, io.mmipc.cli.ExitCodes.FORCED_BY_SIGTERM_LINE})
public final class BridgeMain implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    public static void main(final String[] args)
    {
        System.exit(Daemon.run(new BridgeMain(), args));
    }

    @Override
    public Integer call()
    {
        spec.commandLine().usage(System.err);
        System.err.println("bridge: give a command: send or receive");
        return ExitCodes.USAGE;
    }
}

package io.mmipc.cli;

import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * Base of the daemons' Picocli commands: the shared channel options, and the one place where a
 * fault on a truncated mapping becomes the bad-channel error (exit 3) rather than a stack trace.
 */
public abstract class DaemonCommand implements Callable<Integer>
{
    @Mixin
    protected ChannelOptions channel;

    @Override
    public final Integer call() throws Exception
    {
        channel.validate();
        validate();
        try
        {
            return run();
        }
        catch (final InternalError ex)
        {
            throw Daemon.mappingFault(channel.path(), ex);
        }
    }

    /**
     * Checks this daemon's own options before anything touches the filesystem (the channel options
     * are checked just before); a bad one throws a {@link picocli.CommandLine.ParameterException}.
     */
    protected void validate()
    {
    }

    /**
     * @return the exit code.
     * @throws Exception for Picocli's handler in {@link Daemon#run} to report.
     */
    protected abstract Integer run() throws Exception;
}

package io.mmipc.junit;

import io.mmipc.Channel;
import io.mmipc.ChannelOptions;
import io.mmipc.Inbox;
import io.mmipc.Mailbox;
import io.mmipc.MailboxOptions;
import io.mmipc.core.file.ChannelPaths;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One test's mmipc folder: channels opened by name in it, daemons started as real JVMs with
 * {@code MMIPC_DIR} pointing at it. Closed (and removed) by {@link MmipcExtension} after the test.
 * Its methods that open or start something, and {@link #close()}, synchronize: a test may call them
 * from several threads.
 */
public final class MmipcTestDir implements AutoCloseable
{
    private final Path dir;
    private final String previous;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();

    private MmipcTestDir(final Path dir)
    {
        this.dir = dir;
        this.previous = System.getProperty(ChannelPaths.DIR_PROPERTY);
        System.setProperty(ChannelPaths.DIR_PROPERTY, dir.toString());
    }

    static MmipcTestDir create() throws IOException
    {
        return new MmipcTestDir(Files.createTempDirectory("mmipc-test"));
    }

    /**
     * {@return the folder; {@code MMIPC_DIR} of every daemon this test starts}
     */
    public Path dir()
    {
        return dir;
    }

    /**
     * Opens a channel by name in this test's folder, with default options.
     *
     * @param name a bare channel name.
     * @return the channel in this test's folder, closed after the test.
     */
    public Channel channel(final String name)
    {
        return channel(name, ChannelOptions.defaults());
    }

    /**
     * Opens a channel by name in this test's folder.
     *
     * @param name    a bare channel name.
     * @param options how to open it.
     * @return the channel in this test's folder, closed after the test.
     */
    public synchronized Channel channel(final String name, final ChannelOptions options)
    {
        final Channel channel = Channel.open(name, options);
        opened.add(channel);
        return channel;
    }

    /**
     * Creates (if missing) and joins a mailbox by name in this test's folder, with default options.
     *
     * @param name a bare mailbox name.
     * @return the mailbox in this test's folder (created with default sizes if missing), closed after the test.
     */
    public Mailbox mailbox(final String name)
    {
        return mailbox(name, MailboxOptions.defaults());
    }

    /**
     * Creates (if missing) and joins a mailbox by name in this test's folder.
     *
     * @param name    a bare mailbox name.
     * @param options sizes of a new mailbox and how this participant joins.
     * @return the mailbox in this test's folder, closed after the test.
     */
    public synchronized Mailbox mailbox(final String name, final MailboxOptions options)
    {
        final Mailbox mailbox = Mailbox.create(name, options);
        opened.add(mailbox);
        return mailbox;
    }

    /**
     * Opens (creating if needed) an inbox in this test's folder, to receive direct messages.
     *
     * @param owner this test's name (or pid) as a direct-message receiver.
     * @return its inbox in this test's folder, closed after the test.
     */
    public synchronized Inbox inbox(final String owner)
    {
        final Inbox inbox = Inbox.of(owner);
        opened.add(inbox);
        return inbox;
    }

    /**
     * Starts {@code main} (e.g. the producer or consumer daemon's main class, on this test's class
     * path) as a separate JVM with this JVM's flags and {@code MMIPC_DIR} set to this folder; its
     * output goes to files in the folder. Killed after the test if still running.
     *
     * @param main the class whose {@code main} to run.
     * @param args its arguments.
     * @return the process.
     * @throws IOException if the JVM cannot be started or its output files created.
     */
    public synchronized Process start(final Class<?> main, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String flag : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (flag.startsWith("--add-") || flag.startsWith("--enable-native-access") ||
                flag.startsWith("--sun-misc-unsafe-memory-access"))
            {
                command.add(flag);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        final String tag = main.getSimpleName() + "-" + started.size();
        final ProcessBuilder builder = new ProcessBuilder(command)
            .redirectOutput(dir.resolve(tag + ".out").toFile())
            .redirectError(dir.resolve(tag + ".err").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().put(ChannelPaths.DIR_ENV, dir.toString());
        final Process process = builder.start();
        started.add(process);
        return process;
    }

    /**
     * Reads what a daemon started by {@link #start} wrote to stderr, e.g. its exit summary.
     *
     * @param process one this test started.
     * @return what it wrote to stderr so far.
     * @throws IOException if its stderr file cannot be read.
     * @throws IllegalArgumentException if this test did not start {@code process}.
     */
    public String stderr(final Process process) throws IOException
    {
        final int index = started.indexOf(process);
        try (Stream<Path> files = Files.list(dir))
        {
            final Path err = files.filter(p -> p.getFileName().toString().endsWith("-" + index + ".err")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not started by this test"));
            return Files.readString(err);
        }
    }

    @Override
    public synchronized void close() throws IOException
    {
        for (final AutoCloseable c : opened)
        {
            try
            {
                c.close();
            }
            catch (final Exception ex)
            {
                throw new IOException("closing " + c + ": " + ex.getMessage(), ex);
            }
        }
        for (final Process p : started)
        {
            try
            {
                p.destroyForcibly().waitFor();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        if (previous == null)
        {
            System.clearProperty(ChannelPaths.DIR_PROPERTY);
        }
        else
        {
            System.setProperty(ChannelPaths.DIR_PROPERTY, previous);
        }
        try (Stream<Path> files = Files.walk(dir))
        {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

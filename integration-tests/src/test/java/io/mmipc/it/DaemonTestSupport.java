package io.mmipc.it;

import io.mmipc.core.file.ChannelDescriptor;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.Role;
import io.mmipc.junit.MmipcExtension;
import io.mmipc.junit.MmipcTestDir;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What every multi-JVM test needs: the channel folder ({@code MMIPC_DIR} of every daemon it starts,
 * from the project's JUnit extension, {@link MmipcExtension}, as users' tests get it), a temporary
 * folder for the daemons' output, daemons started through the scripts and killed after the test, and
 * a way to wait for a condition on a channel file.
 */
@ExtendWith(MmipcExtension.class)
abstract class DaemonTestSupport
{
    @TempDir
    Path work;

    private MmipcTestDir mmipc;
    private final List<Script> started = new ArrayList<>();

    @BeforeEach
    void useTheTestsMmipcDir(final MmipcTestDir dir)
    {
        this.mmipc = dir;
    }

    @AfterEach
    void killLeftovers()
    {
        started.forEach(Script::close);
    }

    Path channels() throws IOException
    {
        return mmipc.dir();
    }

    Path channelFile(final String name) throws IOException
    {
        return channels().resolve(name + ".mmipc");
    }

    Script start(final String script, final String... args) throws IOException
    {
        return startWithInput(null, script, args);
    }

    Script startWithInput(final Path stdin, final String script, final String... args) throws IOException
    {
        return track(Script.start(work, channels(), stdin, script, args));
    }

    Script track(final Script script)
    {
        started.add(script);
        return script;
    }

    ParticipantState stateOf(final String channel, final Role role) throws IOException
    {
        try (ChannelFile file = ChannelFile.open(channelFile(channel)))
        {
            return new ParticipantSlot(file.buffer(), io.mmipc.core.file.ChannelDescriptor.slotOffset(role), role).state();
        }
    }

    /** Polls until the condition holds on the channel file, failing after {@code seconds}. */
    void awaitChannel(final String channel, final Predicate<ChannelFile> condition, final long seconds, final String what)
        throws Exception
    {
        final long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline)
        {
            if (Files.exists(channelFile(channel)))
            {
                try (ChannelFile file = ChannelFile.open(channelFile(channel)))
                {
                    if (condition.test(file))
                    {
                        return;
                    }
                }
            }
            Thread.sleep(10);
        }
        fail("timed out after " + seconds + " s waiting for: " + what);
    }

    /**
     * Waits until {@code daemon} holds the {@code role} slot of {@code channel}, RUNNING or PARKED:
     * its signal handlers are installed by then (a SIGTERM sent earlier would meet the JVM's default
     * action and exit 143).
     */
    void awaitAttached(final String channel, final Role role, final Script daemon) throws Exception
    {
        awaitChannel(channel, file ->
        {
            final ParticipantSlot slot = new ParticipantSlot(file.buffer(), io.mmipc.core.file.ChannelDescriptor.slotOffset(role), role);
            final ParticipantState state = slot.state();
            return slot.pid() == daemon.pid() && state != null && state.isLive();
        }, 60, role.label() + " pid " + daemon.pid() + " to attach");
    }

    static Predicate<ChannelFile> state(final Role role, final ParticipantState state)
    {
        return file -> new ParticipantSlot(file.buffer(), io.mmipc.core.file.ChannelDescriptor.slotOffset(role), role).state() == state;
    }

    static Predicate<ChannelFile> consumedAtLeast(final long records)
    {
        return file -> file.buffer().getLongVolatile(
            ChannelDescriptor.CONSUMER_COUNTERS_OFFSET + ChannelDescriptor.COUNTER_RECORDS) >= records;
    }
}

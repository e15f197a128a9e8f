package io.mmipc.it;

import io.mmipc.WaitStrategy;
import io.mmipc.core.file.ChannelDescriptor;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.liveness.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The README's exit codes and signals that no other test reaches, each in real daemon JVMs: 70 and
 * 74, SIGINT, a second SIGINT/SIGTERM (130/143), a second consumer (4), and a peer whose pid now
 * belongs to another process (judged dead, its role taken over). Signals are sent only once the
 * daemon is attached (its handlers are installed before it attaches): a SIGTERM that came earlier
 * would meet the JVM's default action and exit 143.
 */
class ExitCodesAndSignalsIT extends DaemonTestSupport
{
    private static void awaitStderr(final Script daemon, final String text) throws Exception
    {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (!daemon.stderr().contains(text))
        {
            assertTrue(daemon.isAlive(), "exited before saying '" + text + "': " + daemon.stderr());
            assertTrue(System.nanoTime() < deadline, "never said '" + text + "': " + daemon.stderr());
            Thread.sleep(10);
        }
    }

    @Test
    void sigintStopsAParkedConsumerGracefullyWithExitZero() throws Exception
    {
        final Script consumer = start("consumer", "--channel", "int", "--sink", "verify");
        awaitAttached("int", Role.CONSUMER, consumer);
        consumer.signal("INT");
        assertEquals(0, consumer.waitFor(30), consumer.stderr());
        assertTrue(consumer.stderr().contains("(stopped by SIGINT)"), consumer.stderr());
        assertEquals(ParticipantState.STOPPED, stateOf("int", Role.CONSUMER));
    }

    /**
     * A consumer whose stdout is a pipe nobody reads blocks in a write once the pipe is full, so a
     * first signal cannot end it (it would flush first); the second exits at once.
     */
    /**
     * Waits until the consumer has stopped consuming with the ring full for half a second: it is
     * blocked writing to the full pipe (its size depends on the machine: 64 KiB, or 8 KiB for a user
     * over the kernel's pipe quota), so its last flush can never finish either.
     */
    private void awaitStuckWriting(final String channel) throws Exception
    {
        final long deadline = System.nanoTime() + 60_000_000_000L;
        long lastBytes = -1;
        long stuckSince = 0;
        while (true)
        {
            try (ChannelFile file = ChannelFile.open(channelFile(channel)))
            {
                final long bytes = file.buffer().getLongVolatile(ChannelDescriptor.CONSUMER_COUNTERS_OFFSET +
                    ChannelDescriptor.COUNTER_BYTES);
                final boolean full = file.buffer().getLongVolatile(ChannelDescriptor.TAIL_OFFSET) -
                    file.buffer().getLongVolatile(ChannelDescriptor.HEAD_OFFSET) > file.capacity() - 2048;
                final long now = System.nanoTime();
                if (full && bytes > 0 && bytes == lastBytes)
                {
                    stuckSince = stuckSince == 0 ? now : stuckSince;
                    if (now - stuckSince > 500_000_000L)
                    {
                        return;
                    }
                }
                else
                {
                    stuckSince = 0;
                }
                lastBytes = bytes;
                assertTrue(now < deadline, "the consumer never got stuck writing to the full pipe");
            }
            Thread.sleep(10);
        }
    }

    @ParameterizedTest(name = "SIG{0} twice -> {1}")
    @CsvSource({"INT, 130", "TERM, 143"})
    void secondSignalExitsAtOnceWithItsCode(final String signal, final int code) throws Exception
    {
        final String channel = "stuck-" + signal;
        final Path fifo = work.resolve("fifo-" + signal);
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        final Process holder = new ProcessBuilder("bash", "-c", "exec sleep 600 < \"$0\"", fifo.toString()).start();
        try
        {
            final Script consumer = track(Script.startUnder(work, channels(), "exec \"$@\" > " + fifo, "consumer",
                "--channel", channel, "--sink", "stdout", "--capacity", "64k"));
            awaitAttached(channel, Role.CONSUMER, consumer);
            start("producer", "--channel", channel, "--count", "100000000", "--size", "1000", "--capacity", "64k");
            awaitStuckWriting(channel);

            consumer.signal(signal);
            awaitStderr(consumer, "SIG" + signal + ": stopping gracefully");
            assertTrue(consumer.isAlive(), "stuck writing to the full pipe: " + consumer.stderr());
            consumer.signal(signal);
            assertEquals(code, consumer.waitFor(30), consumer.stderr());
            assertTrue(consumer.stderr().contains("SIG" + signal + " again: exiting at once"), consumer.stderr());
        }
        finally
        {
            holder.destroyForcibly();
        }
    }

    @Test
    void sinkThatCannotBeWrittenIsExitSeventyFour() throws Exception
    {
        final Script consumer = track(Script.startUnder(work, channels(), "exec \"$@\" > /dev/full", "consumer",
            "--channel", "full", "--sink", "stdout"));
        final Script producer = start("producer", "--channel", "full", "--count", "100000");
        assertEquals(74, consumer.waitFor(60), consumer.stderr());
        assertTrue(consumer.stderr().contains("consumer: I/O error writing output: No space left on device"),
            consumer.stderr());
        producer.close();
    }

    @Test
    void sinkFileInAMissingFolderIsExitSeventyFourNamingIt() throws Exception
    {
        final Path out = work.resolve("no-such-folder").resolve("out.bin");
        final Script consumer = start("consumer", "--channel", "nofolder", "--sink", "file:" + out);
        assertEquals(74, consumer.waitFor(60), consumer.stderr());
        assertTrue(consumer.stderr().contains("I/O error cannot open sink file " + out), consumer.stderr());
        assertFalse(java.nio.file.Files.exists(channelFile("nofolder")), "checked before the channel is created");
    }

    @Test
    void sourceThatCannotBeReadIsExitSeventyFour() throws Exception
    {
        final Script producer = track(Script.startUnder(work, channels(), "exec \"$@\" < /", "producer",
            "--channel", "dir", "--source", "stdin", "--capacity", "4k"));
        assertEquals(74, producer.waitFor(60), producer.stderr());
        assertTrue(producer.stderr().contains("producer: I/O error reading stdin: Is a directory"), producer.stderr());
    }

    @Test
    void internalErrorIsExitSeventyWithATrace() throws Exception
    {
        // 8 MiB of heap cannot hold the 8 MiB record buffer of a stdout sink on a 64 MiB channel.
        final Script consumer = track(Script.startUnder(work, channels(), "MMIPC_JAVA_OPTS=-Xmx8m exec \"$@\"",
            "consumer", "--channel", "oom", "--sink", "stdout"));
        assertEquals(70, consumer.waitFor(60), consumer.stderr());
        assertTrue(consumer.stderr().contains("consumer: internal error, please report it with this trace:"),
            consumer.stderr());
        assertTrue(consumer.stderr().contains("java.lang.OutOfMemoryError"), consumer.stderr());
    }

    @Test
    void secondConsumerWhileOneIsLiveIsRefusedWithExitFour() throws Exception
    {
        final Script first = start("consumer", "--channel", "two", "--sink", "discard");
        awaitAttached("two", Role.CONSUMER, first);
        final Script second = start("consumer", "--channel", "two", "--sink", "discard");
        assertEquals(4, second.waitFor(60), second.stderr());
        assertTrue(second.stderr().contains("a live consumer (pid " + first.pid() + ") is already attached"),
            second.stderr());
        assertTrue(first.isAlive());
        first.signal("TERM");
        assertEquals(0, first.waitFor(30), first.stderr());
    }

    @Test
    void consumerWhosePidNowBelongsToAnotherProcessIsJudgedDeadAndReplaced() throws Exception
    {
        // The consumer slot says RUNNING with a live pid (this test JVM's) but another start time:
        // the pid was reused after the consumer died.
        final Path path = channelFile("reused");
        final ProcessIdentity me = ProcessIdentity.current();
        try (ChannelFile file = ChannelFile.createOrOpen(path, 65536, 8192, PosixFilePermissions.fromString("rw-------")))
        {
            final ParticipantSlot slot = new ParticipantSlot(file.buffer(), io.mmipc.core.file.ChannelDescriptor.slotOffset(Role.CONSUMER), Role.CONSUMER);
            slot.claim(path, new ProcessIdentity(me.pid(), me.startTicks() - 360_000L, me.pidNamespace(), 42),
                WaitStrategy.FUTEX.code());
            assertEquals(ParticipantState.RUNNING, slot.state());
        }
        final Script consumer = start("consumer", "--channel", "reused", "--sink", "verify");
        final Script producer = start("producer", "--channel", "reused", "--count", "1000");
        assertEquals(0, producer.waitFor(60), producer.stderr());
        assertEquals(0, consumer.waitFor(60), "not refused with 4: " + consumer.stderr());
        assertEquals(1000, consumer.records());

        // The same slot with this JVM's real start time is a live consumer: refused.
        final Path live = channelFile("live");
        try (ChannelFile file = ChannelFile.createOrOpen(live, 65536, 8192, PosixFilePermissions.fromString("rw-------")))
        {
            new ParticipantSlot(file.buffer(), io.mmipc.core.file.ChannelDescriptor.slotOffset(Role.CONSUMER), Role.CONSUMER).claim(live, new ProcessIdentity(me.pid(), me.startTicks(),
                me.pidNamespace(), 43), WaitStrategy.FUTEX.code());
        }
        final Script refused = start("consumer", "--channel", "live", "--sink", "verify");
        assertEquals(4, refused.waitFor(60), refused.stderr());
        assertTrue(refused.stderr().contains("(pid " + me.pid() + ")"), refused.stderr());
        assertTrue(Files.exists(live));
    }
}

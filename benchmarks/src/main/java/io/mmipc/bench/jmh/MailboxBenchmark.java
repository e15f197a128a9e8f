package io.mmipc.bench.jmh;

import io.mmipc.core.file.RecordLayout;
import io.mmipc.core.mailbox.Mailbox;
import io.mmipc.core.mailbox.MessageHandler;
import io.mmipc.core.signal.StopFlag;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The mailbox queue between two threads of one JVM (no second process): a sender publishing bursts
 * of 256 messages of 64 bytes, a receiver draining up to 4096 per call. Throughput per side in
 * messages per microsecond (the {@code messages} counters): the protocol's own ceiling, without the daemons' payload generation.
 * {@code scripts/bench --jmh MailboxBenchmark}.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"})
public class MailboxBenchmark
{
    private static final int SIZE = 64;
    private static final int BURST = 256;

    private Path dir;
    private Path file;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        dir = Files.createTempDirectory("mmipc-jmh-mailbox");
        file = dir.resolve("box.mmipc");
        Mailbox.create(file, new Mailbox.Options(1 << 19, 128, PosixFilePermissions.fromString("rw-------")), "",
            new StopFlag()).close();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    /** One participant per thread, as the mailbox requires; counts the messages it moved. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Side
    {
        Mailbox box;
        long sum;
        final MessageHandler handler = (type, pid, seq, buffer, offset, length, position) -> sum += buffer.getLong(offset);
        /** Messages per second, reported by JMH beside the calls. */
        public long messages;

        @Setup(Level.Trial)
        public void join(final MailboxBenchmark shared)
        {
            box = Mailbox.open(shared.file, "", new StopFlag());
        }

        @Setup(Level.Iteration)
        public void clear()
        {
            messages = 0;
        }

        @TearDown(Level.Trial)
        public void leave()
        {
            box.close();
        }
    }

    @Benchmark
    @Group("pair")
    @GroupThreads(1)
    public void send(final Side side)
    {
        final Mailbox box = side.box;
        final int n = box.claim(BURST);
        for (int i = 0; i < n; i++)
        {
            box.buffer().putLong(box.payloadOffset(i), i);
            box.commit(i, RecordLayout.DATA, SIZE);
        }
        side.messages += box.publish();
    }

    @Benchmark
    @Group("pair")
    @GroupThreads(1)
    public void receive(final Side side)
    {
        side.messages += side.box.receive(side.handler, 4096, Duration.ZERO);
    }
}

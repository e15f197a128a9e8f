package io.mmipc.bench.jmh;

import io.mmipc.WaitStrategy;
import io.mmipc.core.channel.ChannelEndpoint;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.ring.RecordHandler;
import io.mmipc.core.ring.RingConsumer;
import io.mmipc.core.ring.RingProducer;
import io.mmipc.core.signal.StopFlag;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * Publish and consume a batch of 64 records through the ring in one thread: the protocol's own cost
 * (claim, commit, one USED release, one drain, one FREE release per batch) without a second core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"})
public class RingBenchmark
{
    private static final int BATCH = 64;

    @Param({"32", "256"})
    int size;

    private Path dir;
    private ChannelEndpoint producerEnd;
    private ChannelEndpoint consumerEnd;
    private RingProducer producer;
    private RingConsumer consumer;
    private final long[] sum = new long[1];
    private final RecordHandler handler = (type, sequence, buffer, offset, length) -> sum[0] += buffer.getLong(offset);

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        dir = Files.createTempDirectory("mmipc-jmh");
        final StopFlag stop = new StopFlag();
        // Real endpoints, so that the owner check and the safe points of the hot path are measured.
        producerEnd = ChannelEndpoint.attach(dir.resolve("ring.mmipc"), 1 << 20, 1 << 17,
            PosixFilePermissions.fromString("rw-------"), false, Role.PRODUCER, WaitStrategy.SPIN, stop, BATCH);
        consumerEnd = ChannelEndpoint.attach(dir.resolve("ring.mmipc"), 1 << 20, 1 << 17,
            PosixFilePermissions.fromString("rw-------"), false, Role.CONSUMER, WaitStrategy.SPIN, stop, BATCH);
        producer = producerEnd.producer();
        consumer = consumerEnd.consumer();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        producerEnd.close();
        consumerEnd.close();
        Files.deleteIfExists(dir.resolve("ring.mmipc"));
        Files.deleteIfExists(dir);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long publishAndConsumeABatch()
    {
        for (int i = 0; i < BATCH; i++)
        {
            final int at = producer.claim(size);
            producer.buffer().putLong(at, i);
            producer.commit();
        }
        producer.flush();
        consumer.poll(handler, Integer.MAX_VALUE); // all: a padding record at the wrap also takes a permit
        return sum[0];
    }
}

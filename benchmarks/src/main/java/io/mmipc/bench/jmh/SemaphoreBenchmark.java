package io.mmipc.bench.jmh;

import io.mmipc.core.semaphore.CountingSemaphore;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The cost of the semaphore operations on an uncontended line, in one process:
 * Run with
 * {@code scripts/bench --jmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"})
public class SemaphoreBenchmark
{
    private CountingSemaphore semaphore;

    @Setup
    public void setUp()
    {
        semaphore = new CountingSemaphore(new UnsafeBuffer(ByteBuffer.allocateDirect(256)), 128, "BENCH");
        semaphore.reset(1_000_000);
    }

    @Benchmark
    public boolean tryAcquireThenRelease()
    {
        final boolean taken = semaphore.tryAcquire(1);
        semaphore.release(1);
        return taken;
    }

    @Benchmark
    public long drainThenRelease()
    {
        final long drained = semaphore.drain();
        semaphore.release(drained);
        return drained;
    }
}

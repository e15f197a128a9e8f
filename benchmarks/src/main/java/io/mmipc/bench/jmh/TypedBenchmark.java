package io.mmipc.bench.jmh;

import io.mmipc.Channel;
import io.mmipc.ChannelOptions;
import io.mmipc.ChannelReader;
import io.mmipc.ChannelWriter;
import io.mmipc.MessageHandler;
import io.mmipc.typed.TypedHandler;
import io.mmipc.typed.TypedReader;
import io.mmipc.typed.TypedWriter;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesMarshallable;
import net.openhft.chronicle.bytes.BytesOut;
import org.agrona.concurrent.UnsafeBuffer;
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
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Typed messages (Chronicle Bytes marshalling straight into the ring) beside raw bytes, through the
 * public API in one thread: write a batch of 64 messages, read them back. Run it through
 * {@code scripts/bench --jmh TypedBenchmark -prof gc}: the forked JVM inherits the flags of
 * {@code scripts/jvm.options} from the launcher, and {@code gc.alloc.rate.norm} shows the bytes
 * allocated per message (0 is the aim).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class TypedBenchmark
{
    private static final int BATCH = 64;

    /** Payload bytes: 64 B and 1 KiB. */
    @Param({"64", "1024"})
    int size;

    /** A message of size/8 longs: the same bytes as the raw payload. */
    public static final class Longs implements BytesMarshallable
    {
        final long[] values;

        Longs(final int count)
        {
            values = new long[count];
        }

        @Override
        public void writeMarshallable(final BytesOut<?> out)
        {
            for (final long v : values)
            {
                out.writeLong(v);
            }
        }

        @Override
        public void readMarshallable(final BytesIn<?> in)
        {
            for (int i = 0; i < values.length; i++)
            {
                values[i] = in.readLong();
            }
        }
    }

    private Path dir;
    private Channel channel;
    private ChannelWriter writer;
    private ChannelReader reader;
    private TypedWriter typedWriter;
    private TypedReader typedReader;
    private UnsafeBuffer raw;
    private Longs out;
    private Longs in;
    private final long[] sum = new long[1];
    private final MessageHandler handler = (typeId, sequence, buffer, offset, length) -> sum[0] += buffer.getLong(offset);
    private final TypedHandler<Longs> typedHandler = (typeId, sequence, message) -> sum[0] += message.values[0];

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        dir = Files.createTempDirectory("mmipc-jmh");
        channel = Channel.open(dir.resolve("typed.mmipc"), ChannelOptions.builder().capacity(1 << 20).build());
        writer = channel.writer();
        reader = channel.reader();
        typedWriter = new TypedWriter(writer, size);
        typedReader = new TypedReader(reader);
        raw = new UnsafeBuffer(new byte[size]);
        out = new Longs(size / 8);
        in = new Longs(size / 8);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        channel.close();
        Files.deleteIfExists(dir.resolve("typed.mmipc"));
        Files.deleteIfExists(dir);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long rawBytes()
    {
        for (int i = 0; i < BATCH; i++)
        {
            raw.putLong(0, i);
            writer.offer(1, raw, 0, size);
        }
        writer.flush();
        int n = 0;
        while (n < BATCH)
        {
            n += reader.poll(handler, BATCH);
        }
        return sum[0];
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long typedMessages()
    {
        for (int i = 0; i < BATCH; i++)
        {
            out.values[0] = i;
            typedWriter.write(1, out, Duration.ZERO);
        }
        writer.flush();
        int n = 0;
        while (n < BATCH)
        {
            n += typedReader.poll(in, typedHandler, BATCH);
        }
        return sum[0];
    }
}

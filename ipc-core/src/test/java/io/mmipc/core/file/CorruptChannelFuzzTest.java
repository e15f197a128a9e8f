package io.mmipc.core.file;

import io.mmipc.WaitStrategy;
import io.mmipc.core.channel.ChannelRecovery;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.ring.RecordHandler;
import io.mmipc.core.ring.RingConsumer;
import io.mmipc.core.ring.RingProducer;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.core.wait.Waiter;
import io.mmipc.core.wait.Waker;
import io.mmipc.exceptions.ChannelFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;

import static io.mmipc.core.file.ChannelDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Corrupts random bytes of a valid channel's header and ring, or truncates it, then opens it,
 * sometimes recovers it as a new participant would, and drains it. Every iteration must either
 * read records or end in the project's own {@link ChannelFileException}: never an out-of-bounds
 * access, another exception type, a crash or an endless loop.
 *
 * <p>{@code -Dfuzz.iterations=100000 -Dfuzz.seed=N} for a longer or replayed run.
 */
class CorruptChannelFuzzTest
{
    private static final int CAPACITY = 8192;
    private static final int[] HEADER_FIELDS = {MAGIC_OFFSET, VERSION_OFFSET, HEADER_LENGTH_OFFSET, CAPACITY_OFFSET,
        MAX_RECORD_LENGTH_OFFSET, FLAGS_OFFSET, FREE_SEMAPHORE_OFFSET, USED_SEMAPHORE_OFFSET, TAIL_OFFSET,
        NEXT_SEQUENCE_OFFSET, HEAD_OFFSET, CONSUMER_NEXT_SEQUENCE_OFFSET, FREE_SEMAPHORE_OFFSET + 8,
        USED_SEMAPHORE_OFFSET + 8, PRODUCER_SLOT_OFFSET + 28, CONSUMER_SLOT_OFFSET + 24};

    @TempDir
    Path dir;

    private final StopFlag stop = new StopFlag();

    @Test
    void corruptedOrTruncatedFilesReadValidRecordsOrFailWithTheProjectsOwnException() throws IOException
    {
        final int iterations = Integer.getInteger("fuzz.iterations", 3000);
        final long seed = Long.getLong("fuzz.seed", System.nanoTime());
        final Random random = new Random(seed);
        final byte[] template = template(random);
        final Path path = dir.resolve("fuzz.mmipc");
        int readRecords = 0;
        int refused = 0;
        int recovered = 0;
        long records = 0;
        final int[] mutations = new int[4];
        for (int i = 0; i < iterations; i++)
        {
            final byte[] bytes = template.clone();
            final int kind = random.nextInt(10);
            final byte[] written;
            if (kind < 4)
            {
                mutations[0]++;
                for (int k = 1 + random.nextInt(8); k > 0; k--)
                {
                    bytes[random.nextInt(9 * LINE)] = (byte)random.nextInt(256);
                }
                written = bytes;
            }
            else if (kind < 7)
            {
                mutations[1]++;
                for (int k = 1 + random.nextInt(16); k > 0; k--)
                {
                    bytes[HEADER_LENGTH + random.nextInt(CAPACITY)] = (byte)random.nextInt(256);
                }
                written = bytes;
            }
            else if (kind < 9)
            {
                mutations[2]++;
                final int field = HEADER_FIELDS[random.nextInt(HEADER_FIELDS.length)];
                final int value = switch (random.nextInt(5))
                {
                    case 0 -> -1;
                    case 1 -> Integer.MAX_VALUE;
                    case 2 -> Integer.MIN_VALUE;
                    case 3 -> random.nextInt(CAPACITY * 2);
                    default -> random.nextInt();
                };
                for (int b = 0; b < 4; b++)
                {
                    bytes[field + b] = (byte)(value >>> (8 * b));
                }
                written = bytes;
            }
            else
            {
                mutations[3]++;
                written = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            Files.write(path, written);
            try (ChannelFile file = ChannelFile.open(path))
            {
                if (random.nextBoolean())
                {
                    ChannelRecovery.recompute(file, null);
                    recovered++;
                }
                records += drain(file);
                readRecords++;
            }
            catch (final ChannelFileException expected)
            {
                refused++;
            }
            catch (final Throwable unexpected)
            {
                fail("iteration " + i + " (seed " + seed + ", mutation kind " + kind + ") escaped with " + unexpected,
                    unexpected);
            }
        }
        System.out.printf("fuzz: %d iterations (seed %d; %d header bytes, %d ring bytes, %d header fields, %d truncations): " +
            "%d read %d records in all (%d after recovery), %d refused with ChannelFileException%n",
            iterations, seed, mutations[0], mutations[1], mutations[2], mutations[3], readRecords, records, recovered,
            refused);
        assertEquals(iterations, readRecords + refused);
        assertTrue(refused > 0 && readRecords > 0, "both outcomes occur: the mutations reach the checks");
    }

    private long drain(final ChannelFile file)
    {
        final ProcessIdentity me = ProcessIdentity.current();
        final RingConsumer consumer = new RingConsumer(file, new Waiter(WaitStrategy.SPIN, null, stop),
            new Waker(new ParticipantSlot(file.buffer(), io.mmipc.core.file.ChannelDescriptor.slotOffset(Role.PRODUCER), Role.PRODUCER), me), io.mmipc.core.ring.TestSafePoints.none(), CONSUMER_COUNTERS_OFFSET);
        final long[] count = new long[1];
        final RecordHandler handler = (type, sequence, buffer, offset, length) ->
        {
            for (int i = 0; i < length; i++)
            {
                count[0] += buffer.getByte(offset + i) == 0 ? 0 : 0; // touch every payload byte
            }
            count[0]++;
        };
        int polls = 0;
        while (consumer.poll(handler, Integer.MAX_VALUE) > 0)
        {
            assertTrue(++polls < 10_000, "draining never ends");
        }
        return count[0];
    }

    /** A channel mid-stream: wrapped, with records waiting, a padding record, and a consumed part. */
    private byte[] template(final Random random) throws IOException
    {
        final Path path = dir.resolve("template.mmipc");
        try (ChannelFile file = ChannelFile.createOrOpen(path, CAPACITY, 1024, PosixFilePermissions.fromString("rw-------")))
        {
            final ProcessIdentity me = ProcessIdentity.current();
            final RingProducer producer = new RingProducer(file, new Waiter(WaitStrategy.SPIN, null, stop),
                new Waker(new ParticipantSlot(file.buffer(), io.mmipc.core.file.ChannelDescriptor.slotOffset(Role.CONSUMER), Role.CONSUMER), me), io.mmipc.core.ring.TestSafePoints.none(), PRODUCER_COUNTERS_OFFSET, 8);
            final RingConsumer consumer = new RingConsumer(file, new Waiter(WaitStrategy.SPIN, null, stop),
                new Waker(new ParticipantSlot(file.buffer(), io.mmipc.core.file.ChannelDescriptor.slotOffset(Role.PRODUCER), Role.PRODUCER), me), io.mmipc.core.ring.TestSafePoints.none(), CONSUMER_COUNTERS_OFFSET);
            final byte[] payload = new byte[1024];
            for (int i = 0; i < 300; i++)
            {
                random.nextBytes(payload);
                producer.write(payload, 0, random.nextInt(600));
                if (i % 3 == 2)
                {
                    // keep a few records waiting, never enough to fill the ring (the producer would wait for ever)
                    producer.flush();
                    consumer.poll((t, s, b, o, l) -> { }, i < 297 ? 3 : 1);
                }
            }
            producer.close();
        }
        return Files.readAllBytes(path);
    }
}

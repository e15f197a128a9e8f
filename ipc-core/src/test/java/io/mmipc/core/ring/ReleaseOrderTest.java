package io.mmipc.core.ring;

import io.mmipc.WaitStrategy;
import io.mmipc.core.channel.ChannelEndpoint;
import io.mmipc.core.file.ChannelDescriptor;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.signal.StopFlag;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The file sink's exactly-once promise rests on one order in the consumer: {@link
 * RecordHandler#beforeRelease} runs while the records are still in the ring, before the head moves
 * and before FREE gives their space back. A checkpoint taken after the release could be overtaken by
 * a producer reusing the space and a {@code kill -9}: records lost.
 */
class ReleaseOrderTest
{
    @TempDir
    Path dir;

    private record Seen(long nextSequence, long head, long free, long consumerNext)
    {
    }

    @Test
    void beforeReleaseRunsWhileTheRecordsStillHoldTheirSpace()
    {
        final Path path = dir.resolve("order.mmipc");
        final StopFlag stop = new StopFlag();
        try (ChannelEndpoint producerSide = ChannelEndpoint.attach(path, 4096, 512,
                PosixFilePermissions.fromString("rw-------"), true, Role.PRODUCER, WaitStrategy.SPIN, stop, 4);
            ChannelEndpoint consumerSide = ChannelEndpoint.attach(path, 4096, 512,
                PosixFilePermissions.fromString("rw-------"), true, Role.CONSUMER, WaitStrategy.SPIN, stop, 1))
        {
            final RingProducer producer = producerSide.producer();
            final byte[] payload = new byte[48];
            final int records = 100; // 64 bytes each: more than a quarter ring, so several releases per poll
            final UnsafeBuffer file = consumerSide.file().buffer();
            final List<Seen> seen = new ArrayList<>();
            final long[] handled = {0};
            final RecordHandler handler = new RecordHandler()
            {
                @Override
                public void onRecord(final int type, final long sequence, final DirectBuffer buffer, final int offset,
                    final int length)
                {
                    handled[0]++;
                }

                @Override
                public void beforeRelease(final long nextSequence)
                {
                    seen.add(new Seen(nextSequence, file.getLongVolatile(ChannelDescriptor.HEAD_OFFSET),
                        file.getLongVolatile(ChannelDescriptor.FREE_SEMAPHORE_OFFSET),
                        file.getLongVolatile(ChannelDescriptor.CONSUMER_NEXT_SEQUENCE_OFFSET)));
                }
            };
            long consumed = 0;
            long sent = 0;
            long freeAfterLastRelease = -1;
            long headAfterLastRelease = 0;
            while (consumed < records)
            {
                while (sent < records && producer.write(payload, 0, payload.length) >= 0 && (++sent % 16) != 0)
                {
                    // fill a part of the ring
                }
                producer.flush();
                final int before = seen.size();
                final long freeBefore = file.getLongVolatile(ChannelDescriptor.FREE_SEMAPHORE_OFFSET);
                final long headBefore = file.getLongVolatile(ChannelDescriptor.HEAD_OFFSET);
                final long nextBefore = file.getLongVolatile(ChannelDescriptor.CONSUMER_NEXT_SEQUENCE_OFFSET);
                consumed += consumerSide.consumer().poll(handler, 1000);
                if (seen.size() > before)
                {
                    final Seen first = seen.get(before);
                    assertEquals(headBefore, first.head(), "the head had not moved when the sink was asked to checkpoint");
                    assertEquals(freeBefore, first.free(), "FREE had not been given back yet");
                    assertEquals(nextBefore, first.consumerNext(), "the consumer's next sequence had not moved");
                    assertTrue(first.nextSequence() > nextBefore, "the checkpoint covers the records just handled");
                    freeAfterLastRelease = file.getLongVolatile(ChannelDescriptor.FREE_SEMAPHORE_OFFSET);
                    headAfterLastRelease = file.getLongVolatile(ChannelDescriptor.HEAD_OFFSET);
                }
            }
            assertEquals(records, handled[0]);
            assertFalse(seen.isEmpty());
            assertTrue(headAfterLastRelease > 0 && freeAfterLastRelease >= 0, "the head moved after the checkpoint");
            assertEquals(records, seen.get(seen.size() - 1).nextSequence());
            for (int i = 1; i < seen.size(); i++)
            {
                final Seen s = seen.get(i);
                assertTrue(s.nextSequence() > seen.get(i - 1).nextSequence(), "each release covers new records");
                assertTrue(s.consumerNext() < s.nextSequence(), "checkpoint " + i + " came before its release: " + s);
            }
        }
    }
}

package io.mmipc;

import io.mmipc.exceptions.StreamEndedException;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a daemon built on the channel API counts on: the end of the stream and the moment before
 * space goes back reach the handler, a writer cannot append to an ended stream nobody has read, the
 * peer's presence is visible, and waiting and stepping aside keep the stream whole.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class ChannelDaemonApiTest
{
    @TempDir
    Path dir;

    private static ChannelOptions small()
    {
        return ChannelOptions.builder().capacity(4096).maxMessageLength(1024).batch(1).build();
    }

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Records what the reader hands over, and when: messages, the end, and each release. */
    private static final class Journal implements MessageHandler
    {
        final List<String> events = new ArrayList<>();

        @Override
        public void onMessage(final int typeId, final long sequence, final DirectBuffer buffer, final int offset,
            final int length)
        {
            events.add(sequence + ":" + buffer.getStringWithoutLengthAscii(offset, length));
        }

        @Override
        public void onEndOfStream()
        {
            events.add("end");
        }

        @Override
        public void beforeRelease(final long nextSequence)
        {
            events.add("release " + nextSequence);
        }
    }

    @Test
    void theEndOfTheStreamAndEachReleaseReachTheHandlerInOrder()
    {
        try (Channel channel = Channel.open(dir.resolve("a.mmipc"), small()))
        {
            final ChannelWriter writer = channel.writer();
            writer.write(0, ascii("one"), 0, 3, null);
            writer.write(0, ascii("two"), 0, 3, null);
            assertTrue(writer.endOfStream());
            final ChannelReader reader = channel.reader();
            final Journal journal = new Journal();
            assertEquals(2, reader.poll(journal, 100), "the end is not counted as a message");
            assertEquals(List.of("0:one", "1:two", "end", "release 2"), journal.events,
                "the release after the batch names the sequence a successor would start at");
            assertTrue(reader.endOfStream());
        }
    }

    @Test
    void aWriterIsRefusedAnEndedStreamThatNoReaderHasReadAndSaysHowLongItIs()
    {
        final Path file = dir.resolve("b.mmipc");
        try (Channel channel = Channel.open(file, small()))
        {
            final ChannelWriter writer = channel.writer();
            for (int i = 0; i < 3; i++)
            {
                writer.write(0, ascii("x"), 0, 1, null);
            }
            writer.endOfStream();
        }
        try (Channel again = Channel.open(file, small()))
        {
            final StreamEndedException ex = assertThrows(StreamEndedException.class, again::writer);
            assertEquals(3, ex.nextSequence());
            assertTrue(ex.getMessage().contains("run a consumer to drain it"), ex.getMessage());
            final Journal journal = new Journal();
            assertEquals(3, again.reader().poll(journal, 100), "the refused writer left the stream whole");
        }
        try (Channel drained = Channel.open(file, small()))
        {
            assertEquals(0, drained.writer().nextSequence(), "once read to the end, a new stream starts at 0");
        }
    }

    @Test
    void eachSideSeesWhetherTheOtherIsThere()
    {
        try (Channel writing = Channel.open(dir.resolve("c.mmipc"), small());
            Channel reading = Channel.open(dir.resolve("c.mmipc"), small()))
        {
            final ChannelWriter writer = writing.writer();
            assertFalse(writer.isConnected(), "no reader yet");
            final ChannelReader reader = reading.reader();
            assertTrue(writer.isConnected());
            assertTrue(reader.isConnected());
            assertNull(reader.recovery(), "nobody died: no recovery");
            writer.close();
            assertFalse(reader.isConnected(), "the writer left");
        }
    }

    @Test
    void theBacklogIsWhatTheReaderHasNotGivenBack()
    {
        try (Channel channel = Channel.open(dir.resolve("d.mmipc"), small()))
        {
            final ChannelWriter writer = channel.writer();
            assertEquals(4096, writer.capacity());
            assertEquals(1024, writer.maxMessageLength());
            assertEquals(1024, channel.reader().maxMessageLength());
            assertFalse(writer.isClosed());
            assertNull(writer.recovery(), "nobody died: no recovery");
            assertEquals(0, writer.backlogBytes());
            writer.write(0, new byte[100], 0, 100, null); // batch 1: published at once
            assertEquals(120, writer.backlogBytes(), "a 16-byte header and 100 bytes, aligned to 8");
            channel.reader().poll(new Journal(), 10);
            assertEquals(0, writer.backlogBytes());
        }
    }

    @Test
    void aReaderThatPausesAndIdlesBetweenPollsGetsTheWholeStreamFromAWriterThatPausesToo() throws Exception
    {
        final Path file = dir.resolve("e.mmipc");
        final int count = 20_000;
        final Thread writerThread = new Thread(() ->
        {
            try (Channel channel = Channel.open(file, small()))
            {
                final ChannelWriter writer = channel.writer();
                final byte[] payload = new byte[8];
                for (int i = 0; i < count; i++)
                {
                    payload[0] = (byte)i;
                    assertTrue(writer.write(0, payload, 0, 1 + i % 8, null) >= 0);
                    if (i % 1000 == 0)
                    {
                        writer.pause(); // as before a quiet stdin: published, stepped aside
                    }
                }
                writer.endOfStream();
            }
        });
        writerThread.start();
        final long[] next = {0};
        try (Channel channel = Channel.open(file, small()))
        {
            final ChannelReader reader = channel.reader();
            final MessageHandler check = (typeId, sequence, buffer, offset, length) ->
            {
                assertEquals(next[0], sequence);
                assertEquals(1 + (int)(sequence % 8), length);
                assertEquals((byte)sequence, buffer.getByte(offset));
                next[0]++;
            };
            while (!reader.endOfStream())
            {
                if (reader.poll(check, 100) == 0)
                {
                    reader.pause();
                    reader.idle();
                }
            }
        }
        writerThread.join();
        assertEquals(count, next[0]);
    }

    @Test
    void pausePublishesWhatABatchingWriterHasNotYetPublished()
    {
        final ChannelOptions batching = ChannelOptions.builder().capacity(4096).maxMessageLength(1024).batch(256).build();
        try (Channel channel = Channel.open(dir.resolve("g.mmipc"), batching))
        {
            final ChannelWriter writer = channel.writer();
            final ChannelWriter.WriteClaim claim = writer.claim(3, 5, null);
            assertEquals(5, claim.length());
            claim.buffer().putStringWithoutLengthAscii(claim.offset(), "claim");
            assertEquals(0, claim.commit());
            assertEquals(1, writer.write(3, ascii("two"), 0, 3, null));
            assertEquals(2, writer.nextSequence());
            final ChannelReader reader = channel.reader();
            final Journal journal = new Journal();
            assertEquals(0, reader.poll(journal, 10), "a batch of 256 is not published after two");
            writer.pause();
            assertEquals(2, reader.poll(journal, 10), "pause publishes before stepping aside");
            assertEquals(List.of("0:claim", "1:two", "release 2"), journal.events);
            assertEquals(2, reader.nextSequence());
        }
    }

    @Test
    void aWriteWithNoTimeLimitWaitsForRoomUntilTheReaderMakesIt() throws Exception
    {
        try (Channel channel = Channel.open(dir.resolve("f.mmipc"), small()))
        {
            final ChannelWriter writer = channel.writer();
            final byte[] big = new byte[1000];
            for (int i = 0; i < 4; i++)
            {
                writer.write(0, big, 0, 1000, null);
            }
            final Thread reader = new Thread(() ->
            {
                sleep(200);
                channel.reader().poll(new Journal(), 2); // room for the next two
            });
            reader.start();
            final long start = System.nanoTime();
            assertEquals(4, writer.write(0, big, 0, 1000, null), "a null timeout waits for room");
            assertTrue(System.nanoTime() - start >= 150_000_000L);
            reader.join();
            assertEquals(5, writer.write(0, big, 0, 1, Duration.ofDays(365 * 200)),
                "a timeout beyond a century is no limit, not an overflow");
        }
    }

    private static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}

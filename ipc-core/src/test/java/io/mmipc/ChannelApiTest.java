package io.mmipc;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ChannelApiTest
{
    @TempDir
    Path dir;

    private final List<String> got = new ArrayList<>();
    private final MessageHandler collect = (typeId, sequence, buffer, offset, length) ->
        got.add(typeId + ":" + sequence + ":" + buffer.getStringWithoutLengthAscii(offset, length));

    private static ChannelOptions small()
    {
        return ChannelOptions.builder().capacity(4096).maxMessageLength(1024).batch(1).build();
    }

    private static UnsafeBuffer text(final String s)
    {
        return new UnsafeBuffer(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void messagesCarryTheirTypeIdAndGapFreeSequences()
    {
        try (Channel channel = Channel.open(dir.resolve("a.mmipc"), small()))
        {
            final ChannelWriter writer = channel.writer();
            assertEquals(0, writer.offer(7, text("hello"), 0, 5));
            assertEquals(1, writer.write(65_000, "world".getBytes(StandardCharsets.US_ASCII), 0, 5, Duration.ofSeconds(1)));
            final ChannelReader reader = channel.reader();
            assertEquals(2, reader.poll(collect, 10));
            assertEquals(List.of("7:0:hello", "65000:1:world"), got);
        }
    }

    @Test
    void aFullRingBackPressuresOfferAndTimesOutWrite()
    {
        try (Channel channel = Channel.open(dir.resolve("b.mmipc"), small()))
        {
            final ChannelWriter writer = channel.writer();
            final UnsafeBuffer big = new UnsafeBuffer(new byte[1000]);
            for (int i = 0; i < 4; i++)
            {
                assertEquals(i, writer.offer(1, big, 0, 1000));
            }
            assertEquals(ChannelWriter.BACK_PRESSURED, writer.offer(1, big, 0, 1000));
            final long start = System.nanoTime();
            assertEquals(ChannelWriter.TIMED_OUT, writer.write(1, big, 0, 1000, Duration.ofMillis(100)));
            assertTrue(System.nanoTime() - start >= 100_000_000L, "waited out the timeout");
            assertEquals(1, channel.reader().poll(collect, 1));
            assertEquals(4, writer.offer(1, big, 0, 1000), "room again after the reader took one");
        }
    }

    @Test
    void closingTheWriterFromAnotherThreadEndsItsWaitForRoomAndLeavesTheReaderOpen() throws Exception
    {
        try (Channel channel = Channel.open(dir.resolve("w.mmipc"), small()))
        {
            final ChannelWriter writer = channel.writer();
            final ChannelReader reader = channel.reader();
            final UnsafeBuffer big = new UnsafeBuffer(new byte[1000]);
            while (writer.offer(1, big, 0, 1000) >= 0)
            {
                // fill the ring
            }
            final java.util.concurrent.CompletableFuture<Long> waiting = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> writer.write(1, big, 0, 1000, Duration.ofSeconds(30)));
            Thread.sleep(200);
            assertFalse(waiting.isDone(), "the ring is full: it waits");
            final long start = System.nanoTime();
            writer.close();
            assertEquals(ChannelWriter.CLOSED, waiting.get(10, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "ended by the close, not its 30 s deadline");
            assertEquals(ChannelWriter.CLOSED, writer.offer(1, big, 0, 10));
            assertTrue(writer.isClosed());
            assertTrue(reader.poll(collect, 100) > 0, "the reader of the same channel is still open");
        }
    }

    @Test
    void aClaimIsWrittenInPlaceAndAnAbortedOneIsNeverSeenNorNumbered()
    {
        try (Channel channel = Channel.open(dir.resolve("c.mmipc"), small()))
        {
            final ChannelWriter writer = channel.writer();
            ChannelWriter.WriteClaim claim = writer.tryClaim(3, 2);
            claim.buffer().putStringWithoutLengthAscii(claim.offset(), "ok");
            assertEquals(0, claim.commit());
            claim = writer.tryClaim(3, 4);
            claim.buffer().putStringWithoutLengthAscii(claim.offset(), "nope");
            claim.abort();
            claim = writer.tryClaim(4, 3);
            claim.buffer().putStringWithoutLengthAscii(claim.offset(), "yes");
            assertEquals(1, claim.commit(), "the aborted claim used no sequence");
            writer.flush();
            assertEquals(2, channel.reader().poll(collect, 10));
            assertEquals(List.of("3:0:ok", "4:1:yes"), got);
        }
    }

    @Test
    void takeWaitsForOneMessageAndSeesTheEndOfTheStream()
    {
        try (Channel channel = Channel.open(dir.resolve("d.mmipc"), small()))
        {
            final ChannelReader reader = channel.reader();
            assertFalse(reader.take(collect, Duration.ofMillis(50)), "nothing yet");
            final ChannelWriter writer = channel.writer();
            writer.offer(0, text("x"), 0, 1);
            assertTrue(writer.endOfStream());
            assertTrue(reader.take(collect, Duration.ofSeconds(5)));
            assertFalse(reader.take(collect, Duration.ofSeconds(5)));
            assertTrue(reader.endOfStream());
            assertEquals(List.of("0:0:x"), got);
        }
    }

    @Test
    void closingTheChannelEndsAWaitUnderWay() throws Exception
    {
        final Channel channel = Channel.open(dir.resolve("e.mmipc"), small());
        final ChannelReader reader = channel.reader();
        final boolean[] result = {true};
        final Thread waiting = new Thread(() -> result[0] = reader.take(collect, Duration.ofSeconds(30)));
        waiting.start();
        Thread.sleep(100);
        channel.close();
        waiting.join(5_000);
        assertFalse(waiting.isAlive(), "the wait ended");
        assertFalse(result[0]);
        assertEquals(0, reader.poll(collect, 1), "closed: the waiting thread released the channel");
        assertThrows(IllegalStateException.class, channel::writer, "a closed channel gives no new side");
    }

    @Test
    void optionsAreValidatedNamingTheOption()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ChannelOptions.builder().capacity(3000).build())
            .getMessage().startsWith("capacity 3000"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> ChannelOptions.builder().capacity(4096).maxMessageLength(4096).build()).getMessage()
            .startsWith("maxMessageLength 4096"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ChannelOptions.builder().batch(0).build())
            .getMessage().startsWith("batch 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ChannelOptions.builder().mode("rwx").build())
            .getMessage().startsWith("mode 'rwx'"));
        assertEquals(ChannelOptions.DEFAULT_CAPACITY / 8, ChannelOptions.defaults().effectiveMaxMessageLength());
    }

    @Test
    void aSecondWriterInAnotherOpenIsRefusedWhileTheFirstLives()
    {
        try (Channel one = Channel.open(dir.resolve("f.mmipc"), small());
            Channel two = Channel.open(dir.resolve("f.mmipc"), small()))
        {
            one.writer();
            assertThrows(io.mmipc.exceptions.RoleTakenException.class, two::writer);
        }
    }
}

package io.mmipc.consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.mmipc.consumer.Records.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code --sink file:PATH}: the offset record written before the records' space goes back, and a
 * restart after {@code kill -9} that cuts the output back to it and skips what it already holds.
 * A sink that is closed without {@link FileSink#beforeRelease} stands for a consumer killed after
 * its output reached the file but before it gave the records back: they are still in the ring and
 * are handed to the next consumer again.
 */
class FileSinkTest
{
    @TempDir
    Path dir;

    private Path out()
    {
        return dir.resolve("out.txt");
    }

    /** The offset record: next sequence, output length, ended. */
    private long[] offsetRecord() throws IOException
    {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("out.txt" + FileSink.OFFSET_SUFFIX)))
            .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(24, b.capacity());
        return new long[] {b.getLong(0), b.getLong(8), b.getLong(16)};
    }

    private String output() throws IOException
    {
        return Files.readString(out());
    }

    @Test
    void offsetRecordBesideTheOutputSaysHowFarItIsComplete() throws IOException
    {
        try (FileSink sink = new FileSink(out(), 64))
        {
            assertEquals(dir.resolve("out.txt.mmipc-offset"), sink.offsetPath());
            data(sink, 0, text("aaa"));
            data(sink, 1, text("bb"));
            sink.beforeRelease(2);
            assertEquals("aaabb", output(), "flushed before the offset record is written");
            assertArrayEquals(new long[] {2, 5, 0}, offsetRecord());
            data(sink, 2, text("c"));
            sink.beforeRelease(3);
            assertArrayEquals(new long[] {3, 6, 0}, offsetRecord());
            assertEquals(6, sink.bytes());
        }
    }

    @Test
    void restartAfterAKillCutsTheOutputBackAndSkipsWhatItAlreadyHolds() throws IOException
    {
        final FileSink killed = new FileSink(out(), 64);
        data(killed, 0, text("r0,"));
        data(killed, 1, text("r1,"));
        killed.beforeRelease(2); // records 0 and 1 leave the ring
        data(killed, 2, text("r2,"));
        data(killed, 3, text("r3,"));
        killed.flush(); // their bytes reached the output ...
        killed.close(); // ... but the consumer died before the offset record and the release
        assertEquals("r0,r1,r2,r3,", output());

        try (FileSink restarted = new FileSink(out(), 64))
        {
            assertFalse(restarted.endedBefore());
            assertEquals("r0,r1,", output(), "cut back to the last offset record at start");
            data(restarted, 1, text("r1,")); // still below NEXT_SEQUENCE: a duplicate, skipped
            data(restarted, 2, text("r2,")); // the ring hands 2 and 3 again
            data(restarted, 3, text("r3,"));
            restarted.beforeRelease(4);
            assertEquals(6, restarted.bytes(), "only the records it wrote itself");
        }
        assertEquals("r0,r1,r2,r3,", output(), "each record exactly once");
        assertArrayEquals(new long[] {4, 12, 0}, offsetRecord());
    }

    /**
     * Found by the kill test under load: a consumer killed in its first poll, after some of its
     * output reached the file but before its first offset record, left that output to a successor
     * that kept it and then wrote the same records again (they were still in the ring).
     */
    @Test
    void aConsumerKilledBeforeItsFirstCheckpointLeavesNothingItsSuccessorKeeps() throws IOException
    {
        Files.writeString(out(), "earlier stream;");
        final FileSink killed = new FileSink(out(), 64);
        assertArrayEquals(new long[] {0, 15, 0}, offsetRecord(), "recorded before the first record is written");
        data(killed, 0, text("r0,"));
        data(killed, 1, text("r1,"));
        killed.flush(); // the bytes reached the output, no offset record yet
        killed.close();
        assertEquals("earlier stream;r0,r1,", output());
        try (FileSink restarted = new FileSink(out(), 64))
        {
            assertEquals("earlier stream;", output(), "cut back to what was there before the first record");
            data(restarted, 0, text("r0,")); // the ring hands them again
            data(restarted, 1, text("r1,"));
            restarted.beforeRelease(2);
        }
        assertEquals("earlier stream;r0,r1,", output(), "each record exactly once");
    }

    @Test
    void recordsBelowTheOffsetRecordAreSkippedEvenWhenTheOutputWasComplete() throws IOException
    {
        try (FileSink first = new FileSink(out(), 64))
        {
            data(first, 0, text("a"));
            data(first, 1, text("b"));
            first.beforeRelease(2);
        }
        try (FileSink second = new FileSink(out(), 64))
        {
            data(second, 0, text("a"));
            data(second, 1, text("b"));
            second.beforeRelease(2);
            assertArrayEquals(new long[] {2, 2, 0}, offsetRecord());
            second.beforeRelease(1); // never moves the offset record back below what the output holds
            assertArrayEquals(new long[] {2, 2, 0}, offsetRecord());
            data(second, 2, text("c"));
            second.beforeRelease(3);
        }
        assertEquals("abc", output());
        assertArrayEquals(new long[] {3, 3, 0}, offsetRecord());
    }

    @Test
    void endOfStreamIsRecordedSoARestartKnowsTheStreamIsWhole() throws IOException
    {
        try (FileSink sink = new FileSink(out(), 64))
        {
            assertFalse(sink.endedBefore());
            data(sink, 0, text("all"));
            endOfStream(sink, 1);
            assertEquals(3, sink.bytes());
            sink.beforeRelease(1);
        }
        assertArrayEquals(new long[] {1, 3, 1}, offsetRecord());
        try (FileSink again = new FileSink(out(), 64))
        {
            assertTrue(again.endedBefore());
        }
        assertEquals("all", output());
    }

    @Test
    void anOutputWithoutOffsetRecordIsAppendedTo() throws IOException
    {
        Files.writeString(out(), "old;");
        try (FileSink sink = new FileSink(out(), 64))
        {
            data(sink, 0, text("new"));
            sink.beforeRelease(1);
        }
        assertEquals("old;new", output());
        assertArrayEquals(new long[] {1, 7, 0}, offsetRecord());
    }

    @Test
    void aTornOffsetRecordIsIgnoredAndTheOutputKept() throws IOException
    {
        Files.writeString(out(), "kept");
        Files.write(dir.resolve("out.txt" + FileSink.OFFSET_SUFFIX), new byte[23]);
        try (FileSink sink = new FileSink(out(), 64))
        {
            assertFalse(sink.endedBefore());
            data(sink, 0, text("+"));
            sink.beforeRelease(1);
        }
        assertEquals("kept+", output());
        assertArrayEquals(new long[] {1, 5, 0}, offsetRecord());
    }

    @Test
    void reopenAfterLogRotationWritesTheNextRecordsToANewFile() throws IOException
    {
        final Path rotated = dir.resolve("out.txt.1");
        try (FileSink sink = new FileSink(out(), 64))
        {
            data(sink, 0, text("before"));
            sink.beforeRelease(1);
            Files.move(out(), rotated); // logrotate moves the file, then sends SIGHUP
            data(sink, 1, text("+more")); // not yet asked to reopen: still the old file
            sink.requestReopen();
            assertArrayEquals(new long[] {1, 6, 0}, offsetRecord());
            data(sink, 2, text("after"));
            assertArrayEquals(new long[] {2, 0, 0}, offsetRecord(),
                "at the switch: records before 2 are complete (in the old file), the new file is empty");
            sink.beforeRelease(3);
            assertArrayEquals(new long[] {3, 5, 0}, offsetRecord(), "lengths now count the new file");
            assertEquals(16, sink.bytes());
        }
        assertEquals("before+more", Files.readString(rotated));
        assertEquals("after", output());
    }

    @Test
    void reopenAppendsToAFileAlreadyAtThePath() throws IOException
    {
        try (FileSink sink = new FileSink(out(), 64))
        {
            data(sink, 0, text("x"));
            Files.move(out(), dir.resolve("old"));
            Files.writeString(out(), "someone-else;");
            sink.requestReopen();
            data(sink, 1, text("y"));
            sink.beforeRelease(2);
        }
        assertEquals("someone-else;y", output());
        assertArrayEquals(new long[] {2, 14, 0}, offsetRecord());
    }

    @Test
    void closeFlushesTheOutputAndReleasesTheOffsetRecord() throws IOException
    {
        final FileSink sink = new FileSink(out(), 64);
        data(sink, 0, text("last words"));
        sink.close();
        assertEquals("last words", output(), "a graceful end loses nothing buffered");
        final UncheckedIOException ex = assertThrows(UncheckedIOException.class, () -> sink.beforeRelease(1));
        assertTrue(ex.getMessage().startsWith("writing offset record " + dir.resolve("out.txt.mmipc-offset")),
            ex.getMessage());
    }

    @Test
    void anUnusablePathIsAnIoErrorNamingIt()
    {
        final Path missing = dir.resolve("no-such-dir").resolve("out.txt");
        final UncheckedIOException ex = assertThrows(UncheckedIOException.class, () -> new FileSink(missing, 64));
        assertTrue(ex.getMessage().contains(missing.toString()), ex.getMessage());
    }

    @Test
    void anUnusableOffsetRecordIsAnIoErrorNamingIt() throws IOException
    {
        Files.createDirectory(dir.resolve("out.txt" + FileSink.OFFSET_SUFFIX));
        final UncheckedIOException ex = assertThrows(UncheckedIOException.class, () -> new FileSink(out(), 64));
        assertTrue(ex.getMessage().contains("offset record " + dir.resolve("out.txt.mmipc-offset")), ex.getMessage());
    }
}

package io.mmipc.it;

import io.mmipc.core.file.ChannelDescriptor;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.Role;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Bad, planted and vandalised channel files, met by real daemon JVMs: each ends with exit code 3 and
 * a message naming the file, never a crash, a hang or a stack trace.
 */
class HostileFileIT extends DaemonTestSupport
{
    private Path validChannel(final String name) throws Exception
    {
        final Path path = channels().resolve(name + ".mmipc");
        ChannelFile.createOrOpen(path, 4096, 512, PosixFilePermissions.fromString("rw-------")).close();
        return path;
    }

    private static void putInt(final Path path, final long offset, final int value) throws IOException
    {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value), offset);
        }
    }

    private void refusedWithExitThree(final String channel, final Path file, final String expected) throws Exception
    {
        final Script consumer = start("consumer", "--channel", channel);
        assertEquals(3, consumer.waitFor(60), consumer.stderr());
        final String err = consumer.stderr();
        assertTrue(err.contains(file.toString()), "names the file: " + err);
        assertTrue(err.contains(expected), "says '" + expected + "': " + err);
        assertFalse(err.contains("\tat "), "a message, not a stack trace: " + err);
    }

    @Test
    void aChannelTheFilesystemHasNoRoomForIsRefusedAtCreationWithExitThree() throws Exception
    {
        // ulimit -f caps the daemon's file size at 1 MiB, as a full /dev/shm (a container's 64 MB)
        // would: the default 64 MiB ring cannot be allocated, which must be said now, not be a
        // SIGBUS on some later write into a hole.
        final Script producer = track(Script.startUnder(work, channels(), "ulimit -f 1024 && exec \"$@\"",
            "producer", "--channel", "roomless", "--count", "10"));
        assertEquals(3, producer.waitFor(60), producer.stderr());
        final String err = producer.stderr();
        assertTrue(err.contains(channelFile("roomless").toString()), "names the file: " + err);
        assertTrue(err.contains("no room for its") && err.contains("--capacity"), "says what to do: " + err);
        assertFalse(err.contains("\tat "), "a message, not a stack trace: " + err);
        assertFalse(Files.exists(channelFile("roomless")), "no half-made channel is left behind");
        try (var files = Files.list(channels()))
        {
            assertEquals(0, files.count(), "no temporary file is left behind");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "empty file, 0, 0, the file is empty",
        "shorter than the header, 1, 0, shorter than the 4096-byte channel header",
        "wrong magic, 2, 0, wrong magic",
        "another layout version, 3, 1, layout version 1",
        "capacity not a power of two, 3, 3000, capacity 3000",
        "capacity larger than the file, 4, 65536, truncated or resized",
        "max record larger than the ring allows, 5, 4096, max record length 4096",
        "negative max record, 5, -1, max record length -1",
    })
    void badFileIsRefusedWithExitThree(final String what, final int kind, final int value, final String expected)
        throws Exception
    {
        final Path file = switch (kind)
        {
            case 0 -> Files.createFile(channels().resolve("bad.mmipc"));
            case 1 -> Files.write(channels().resolve("bad.mmipc"), new byte[100]);
            case 2 -> Files.write(channels().resolve("bad.mmipc"), new byte[8192]);
            default -> validChannel("bad");
        };
        switch (kind)
        {
            case 3 -> putInt(file, value < 100 ? ChannelDescriptor.VERSION_OFFSET :
                ChannelDescriptor.CAPACITY_OFFSET, value);
            case 4 -> putInt(file, ChannelDescriptor.CAPACITY_OFFSET, value);
            case 5 -> putInt(file, ChannelDescriptor.MAX_RECORD_LENGTH_OFFSET, value);
            default ->
            {
            }
        }
        refusedWithExitThree("bad", file, expected);
    }

    @Test
    void corruptRecordInTheRingStopsTheConsumerNamingItsOffset() throws Exception
    {
        final Path file = validChannel("garbled");
        // One committed record's worth of permits and positions, but the record's length is impossible.
        try (ChannelFile channel = ChannelFile.open(file))
        {
            channel.buffer().putInt(ChannelDescriptor.HEADER_LENGTH, 1 << 20);
            channel.buffer().putInt(ChannelDescriptor.HEADER_LENGTH + 4, 1);
            channel.buffer().putLong(ChannelDescriptor.TAIL_OFFSET, 64);
            channel.buffer().putLong(ChannelDescriptor.USED_SEMAPHORE_OFFSET, 1);
            channel.buffer().putLong(ChannelDescriptor.FREE_SEMAPHORE_OFFSET, 4096 - 64);
        }
        refusedWithExitThree("garbled", file, "at ring offset 0");
    }

    @Test
    void directoryInsteadOfAFileIsRefused() throws Exception
    {
        final Path dir = Files.createDirectories(channels().resolve("dir.mmipc"));
        refusedWithExitThree("dir", dir, "is a directory");
    }

    @Test
    void plantedSymbolicLinkIsNotFollowedUnlessAllowed() throws Exception
    {
        final Path target = validChannel("real");
        final Path link = Files.createSymbolicLink(channels().resolve("link.mmipc"), target);
        refusedWithExitThree("link", link, "is a symbolic link");
        final Script allowed = start("consumer", "--channel", "link", "--count", "1", "--allow-untrusted-file");
        final Script producer = start("producer", "--channel", "real", "--count", "1");
        assertEquals(0, producer.waitFor(60), producer.stderr());
        assertEquals(0, allowed.waitFor(60), "explicitly allowed: " + allowed.stderr());
    }

    @Test
    void fileWritableByOthersIsRefused() throws Exception
    {
        final Path file = validChannel("open");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        refusedWithExitThree("open", file, "writable by every user");
    }

    @Test
    void fileOwnedByAnotherUserIsRefused() throws Exception
    {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to give a file away");
        final Path file = validChannel("theirs");
        Files.setAttribute(file, "unix:uid", 4242);
        refusedWithExitThree("theirs", file, "is owned by uid 4242");
    }

    @Test
    void newChannelIsOwnerOnlyInAnOwnerOnlyFolder() throws Exception
    {
        final Path folder = work.resolve("fresh");
        track(Script.start(work, folder, null, "consumer", "--channel", "mine", "--count", "1"));
        final Path file = folder.resolve("mine.mmipc");
        final long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(file) && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
    }

    @Test
    void fileTruncatedWhileMappedEndsTheDaemonWithExitThree() throws Exception
    {
        final Script consumer = start("consumer", "--channel", "cut");
        final Path file = channelFile("cut");
        awaitChannel("cut", state(Role.CONSUMER, ParticipantState.PARKED), 60, "the consumer to park on the empty channel");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            ch.truncate(0);
        }
        assertEquals(3, consumer.waitFor(60), consumer.stderr());
        assertTrue(consumer.stderr().contains("was truncated or replaced by another process while mapped"), consumer.stderr());
    }
}

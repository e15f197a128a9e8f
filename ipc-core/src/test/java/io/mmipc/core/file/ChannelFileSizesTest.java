package io.mmipc.core.file;

import io.mmipc.exceptions.ChannelCorruptedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.*;

class ChannelFileSizesTest
{
    @TempDir
    Path dir;

    private MappedByteBuffer map(final Path path) throws Exception
    {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final MappedByteBuffer mapped = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size());
            mapped.order(ByteOrder.LITTLE_ENDIAN);
            return mapped;
        }
    }

    @Test
    void aCapacityChangedAfterValidationIsRefusedNotUsedToMaskRingAccesses() throws Exception
    {
        final Path path = dir.resolve("c.mmipc");
        ChannelFile.createOrOpen(path, 4096, 512, PosixFilePermissions.fromString("rw-------")).close();
        final MappedByteBuffer mapped = map(path);
        // a writer doubles the capacity between the validating read and the mapping
        mapped.putInt(ChannelDescriptor.CAPACITY_OFFSET, 8192);
        final ChannelCorruptedException ex = assertThrows(ChannelCorruptedException.class, () -> new ChannelFile(path, mapped));
        assertTrue(ex.getMessage().contains("capacity 8192"), ex.getMessage());
        assertTrue(ex.getMessage().contains(path.toString()), ex.getMessage());
    }

    @Test
    void aMaxRecordChangedAfterValidationIsRefused() throws Exception
    {
        final Path path = dir.resolve("m.mmipc");
        ChannelFile.createOrOpen(path, 4096, 512, PosixFilePermissions.fromString("rw-------")).close();
        final MappedByteBuffer mapped = map(path);
        mapped.putInt(ChannelDescriptor.MAX_RECORD_LENGTH_OFFSET, 1 << 20);
        assertThrows(ChannelCorruptedException.class, () -> new ChannelFile(path, mapped));
    }

    @Test
    void theSizesInUseAreTheOnesThatFitTheMapping() throws Exception
    {
        final Path path = dir.resolve("ok.mmipc");
        ChannelFile.createOrOpen(path, 4096, 512, PosixFilePermissions.fromString("rw-------")).close();
        try (ChannelFile file = new ChannelFile(path, map(path)))
        {
            assertEquals(4096, file.capacity());
            assertEquals(512, file.maxRecordLength());
        }
    }
}

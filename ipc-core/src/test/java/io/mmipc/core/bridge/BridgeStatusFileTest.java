package io.mmipc.core.bridge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.mmipc.core.bridge.BridgeStatusDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/** A bridge's status file as {@code ipc stat} reads it: every field where the writer put it, and files that are not one. */
class BridgeStatusFileTest
{
    @TempDir
    Path dir;

    @Test
    void whatTheBridgeWritesIsReadBackFieldByField() throws Exception
    {
        final Path path = dir.resolve("orders.bridge-send.stat");
        final long before = System.currentTimeMillis();
        try (BridgeStatusFile writer = BridgeStatusFile.create(path, SEND, "10.200.1.2:40123"))
        {
            final BridgeStatusFile fresh = BridgeStatusFile.read(path);
            assertEquals(-1, fresh.lastSent(), "nothing sent yet");
            assertEquals(-1, fresh.lastAcked());
            assertFalse(fresh.connected());
            fresh.close();
            writer.update(1234, 1233, 1200, 2, true, 5, 17, 31, 3);
            try (BridgeStatusFile reader = BridgeStatusFile.read(path))
            {
                assertEquals(path, reader.path());
                assertEquals(SEND, reader.role());
                assertEquals(ProcessHandle.current().pid(), reader.pid());
                assertTrue(reader.alive());
                assertTrue(reader.connected());
                assertEquals(1234, reader.records());
                assertEquals(1233, reader.lastSent());
                assertEquals(1200, reader.lastAcked());
                assertEquals(2, reader.rewinds());
                assertEquals(5, reader.naksSent());
                assertEquals(17, reader.naksReceived());
                assertEquals(31, reader.retransmits());
                assertEquals(3, reader.lossGapFills());
                assertEquals("10.200.1.2:40123", reader.peer());
                assertTrue(reader.updatedMillis() >= before);
            }
            writer.update(1, 0, 0, 0, false, 0, 0, 0, 0);
            try (BridgeStatusFile reader = BridgeStatusFile.read(path))
            {
                assertFalse(reader.connected());
            }
        }
        final BridgeStatusFile receiving = BridgeStatusFile.create(dir.resolve("r.stat"), RECEIVE, "x".repeat(PEER_MAX + 10));
        assertEquals(RECEIVE, receiving.role());
        assertEquals("x".repeat(PEER_MAX), receiving.peer(), "a peer longer than the field is cut to it");
        receiving.delete();
        assertFalse(Files.exists(dir.resolve("r.stat")));
    }

    @Test
    void aFileThatIsNotABridgeStatusReadsAsNone() throws Exception
    {
        final Path shortFile = dir.resolve("short");
        Files.write(shortFile, new byte[LENGTH - 1]);
        assertNull(BridgeStatusFile.read(shortFile));
        final Path zeros = dir.resolve("zeros");
        Files.write(zeros, new byte[LENGTH]);
        assertNull(BridgeStatusFile.read(zeros), "no magic");
        assertNull(BridgeStatusFile.read(dir.resolve("missing")));
        final Path other = dir.resolve("other");
        BridgeStatusFile.create(other, SEND, "p").close();
        final byte[] bytes = Files.readAllBytes(other);
        bytes[VERSION_ROLE_OFFSET] = (byte)(VERSION + 1);
        Files.write(other, bytes);
        assertNull(BridgeStatusFile.read(other), "another layout version");
    }
}

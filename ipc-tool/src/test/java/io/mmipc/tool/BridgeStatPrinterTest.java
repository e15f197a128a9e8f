package io.mmipc.tool;

import io.mmipc.core.bridge.BridgeStatusDescriptor;
import io.mmipc.core.bridge.BridgeStatusFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class BridgeStatPrinterTest
{
    @TempDir
    Path dir;

    private String print(final Path channel)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BridgeStatPrinter.print(channel, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSendingBridgesStatusFileIsShownWithItsPeerPositionsAndLossCounters()
    {
        final Path channel = dir.resolve("orders.mmipc");
        final BridgeStatusFile file = BridgeStatusFile.create(dir.resolve("orders.bridge-send.stat"),
            BridgeStatusDescriptor.SEND, "10.200.1.2:40123");
        file.update(1234, 1233, 1200, 2, true, 0, 17, 31, 0);
        final String out = print(channel);
        file.delete();
        assertTrue(out.contains("bridge send"), out);
        assertTrue(out.contains("RUNNING"), out);
        assertTrue(out.contains("peer 10.200.1.2:40123  connected"), out);
        assertTrue(out.contains("records 1234  last sent 1233  last acked 1200  rewinds 2"), out);
        assertTrue(out.contains("naks received 17  retransmits 31"), out);
        assertFalse(out.contains("bridge receive"), out);
    }

    @Test
    void aReceivingBridgeThatIsGoneAndNotConnectedSaysSo()
    {
        final Path channel = dir.resolve("orders.mmipc");
        final BridgeStatusFile file = BridgeStatusFile.create(dir.resolve("orders.bridge-receive.stat"),
            BridgeStatusDescriptor.RECEIVE, "10.200.1.1:40123");
        file.update(5, 4, 4, 9, false, 3, 0, 0, 0);
        // overwrite the pid with one that cannot be running (above pid_max)
        file.close();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dir.resolve("orders.bridge-receive.stat"),
            java.nio.file.StandardOpenOption.WRITE))
        {
            final java.nio.ByteBuffer pid = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            pid.putLong(0, 1L << 40);
            ch.write(pid, BridgeStatusDescriptor.PID_OFFSET);
        }
        catch (final java.io.IOException ex)
        {
            fail(ex);
        }
        final String out = print(channel);
        assertTrue(out.contains("bridge receive"), out);
        assertTrue(out.contains("GONE"), out);
        assertTrue(out.contains("not connected"), out);
        assertTrue(out.contains("last committed 4  last acked 4  duplicates 9  naks sent 3"), out);
    }

    @Test
    void aChannelWithoutBridgesPrintsNothing()
    {
        assertEquals("", print(dir.resolve("plain.mmipc")));
    }
}

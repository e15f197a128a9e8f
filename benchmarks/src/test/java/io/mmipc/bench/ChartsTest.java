package io.mmipc.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ChartsTest
{
    @TempDir
    Path dir;

    @Test
    void latencyChartDrawsNanosecondsBesideMillisecondsOnALogScale() throws Exception
    {
        final Path png = dir.resolve("latency.png");
        Charts.latency(png, List.of(64), List.of("mmipc-spin", "uds"), Map.of(
            "mmipc-spin@64", List.of(new long[] {0, 1_300_000, 4_000_000, 5_000_000}),
            "uds@64", List.of(new long[] {12_000, 1_000_000, 2_600_000, 3_100_000})));
        final byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 1000, "a PNG was written: " + bytes.length + " bytes");
        assertEquals((byte)0x89, bytes[0]);
        assertEquals('P', bytes[1]);
    }

    @Test
    void throughputChartIsWritten() throws Exception
    {
        final Path png = dir.resolve("throughput.png");
        Charts.throughput(png, List.of(32, 4096), List.of("mmipc-futex", "pipe"), Map.of(
            "mmipc-futex@32", List.of(6.0e7), "pipe@32", List.of(3.0e7),
            "mmipc-futex@4096", List.of(2.0e6), "pipe@4096", List.of(7.0e5)));
        assertTrue(Files.size(png) > 1000);
    }
}

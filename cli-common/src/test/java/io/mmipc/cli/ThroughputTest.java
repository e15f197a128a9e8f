package io.mmipc.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ThroughputTest
{
    @Test
    void lineGivesCountBytesTimeAndRates()
    {
        assertEquals("consumed 1000000 records, 64000000 bytes in 2.000 s: 500000 msg/s, 32.0 MB/s",
            Throughput.line("consumed", 1_000_000, 64_000_000, 2_000_000_000L));
        assertEquals("produced 3 records, 1500000 bytes in 0.001 s: 3000 msg/s, 1500.0 MB/s",
            Throughput.line("produced", 3, 1_500_000, 1_000_000));
    }

    @Test
    void windowUnderAMillisecondGivesCountAndTimeButNoRate()
    {
        assertEquals("consumed 800 records, 52428800 bytes in 0.000 s",
            Throughput.line("consumed", 800, 52_428_800, 0));
        assertEquals("consumed 800 records, 52428800 bytes in 0.001 s",
            Throughput.line("consumed", 800, 52_428_800, 999_999));
        assertEquals("produced 0 records, 0 bytes in 0.000 s", Throughput.line("produced", 0, 0, 12_345));
    }
}

package io.mmipc.bench;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
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

    private static final Map<String, List<Double>> RATES = Map.of(
        "mmipc-futex@64", List.of(6.0e7, 7.0e7, 8.0e7), "pipe@64", List.of(3.0e7, 2.0e7, 2.5e7),
        "mmipc-futex@4096", List.of(2.0e6, 2.5e6, 2.2e6), "pipe@4096", List.of(7.0e5, 6.0e5, 8.0e5));

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
        final CategoryChart chart = Charts.latencyChart(List.of(64), List.of("mmipc-spin", "uds"), Map.of(
            "mmipc-spin@64", List.of(new long[] {0, 1_300_000, 4_000_000, 5_000_000}),
            "uds@64", List.of(new long[] {12_000, 1_000_000, 2_600_000, 3_100_000})));
        assertTrue(chart.getStyler().isYAxisLogarithmic(), "p50 in ns beside p99 in ms needs a log axis");
        assertEquals(List.of(1.0, 1_300_000.0, 4_000_000.0, 5_000_000.0),
            List.copyOf(chart.getSeriesMap().get("mmipc-spin").getYData()).stream().map(Number::doubleValue).toList(),
            "a zero latency is drawn at 1 ns: a log axis has no 0");
    }

    @Test
    void throughputHasAPanelPerSizeInMillionsWithTheRangeOverRounds()
    {
        final List<CategoryChart> panels = Charts.throughputPanels(List.of(64, 4096), List.of("mmipc-futex", "pipe"), RATES);
        assertEquals(2, panels.size(), "one panel per size: 4 KiB rows on their own scale");
        final CategoryChart large = panels.get(1);
        assertEquals("M msg/s", large.getYAxisTitle());
        assertTrue(large.getTitle().startsWith("4096 B"), large.getTitle());
        final Map<String, CategorySeries> series = large.getSeriesMap();
        assertEquals(List.of("fastest round", "median", "slowest round"), List.copyOf(series.keySet()));
        // in millions, not 2.5E6: mmipc's fastest 2.5, slowest 2.0
        assertEquals(2.5, series.get("fastest round").getYData().iterator().next().doubleValue(), 1e-9);
        assertEquals(2.0, series.get("slowest round").getYData().iterator().next().doubleValue(), 1e-9);
        assertEquals(2.2, series.get("median").getYData().iterator().next().doubleValue(), 1e-9);
        assertTrue(large.getStyler().isOverlapped(), "the three bars drawn over one another form the range");
    }

    @Test
    void throughputChartIsWrittenWithEveryPanel() throws Exception
    {
        final Path png = dir.resolve("throughput.png");
        Charts.throughput(png, List.of(64, 4096), List.of("mmipc-futex", "pipe"), RATES);
        final java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(2 * Charts.PANEL_WIDTH, image.getWidth(), "two panels side by side");
    }
}

package io.mmipc.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PNG charts of a run (XChart): msg/s by record size and transport, and latency percentiles.
 */
final class Charts
{
    private Charts()
    {
    }

    static void throughput(final Path png, final List<Integer> sizes, final List<String> transports,
        final Map<String, List<Double>> rates) throws IOException
    {
        final CategoryChart chart = new CategoryChartBuilder().width(1000).height(560)
            .title("Throughput by record size (median msg/s, separate JVMs, 2 vCPU)").xAxisTitle("record size (bytes)")
            .yAxisTitle("msg/s").build();
        final List<String> x = sizes.stream().map(String::valueOf).toList();
        for (final String transport : transports)
        {
            final List<Double> y = new ArrayList<>();
            for (final int size : sizes)
            {
                y.add(Stats.median(rates.get(transport + "@" + size)));
            }
            chart.addSeries(transport, x, y);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    static void latency(final Path png, final List<Integer> sizes, final List<String> transports,
        final Map<String, List<long[]>> latencies) throws IOException
    {
        final CategoryChart chart = new CategoryChartBuilder().width(1000).height(560)
            .title("One-way latency, size " + sizes.get(0) + " B (median over rounds)").xAxisTitle("percentile")
            .yAxisTitle("ns (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true); // p50 in hundreds of ns beside p99 in ms
        chart.getStyler().setYAxisMin(1.0); // bars start at 0 unless told, which a log axis refuses
        final List<String> x = List.of("p50", "p99", "p99.9", "max");
        for (final String transport : transports)
        {
            final List<long[]> rows = latencies.get(transport + "@" + sizes.get(0));
            final List<Double> y = new ArrayList<>();
            for (int i = 0; i < 4; i++)
            {
                y.add(Math.max(1, Stats.median(BenchMain.column(rows, i))));
            }
            chart.addSeries(transport, x, y);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}

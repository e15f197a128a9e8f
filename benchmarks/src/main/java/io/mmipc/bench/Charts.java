package io.mmipc.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PNG charts of a run (XChart). Throughput: one panel per record size, each on its own scale (so
 * that 4 KiB records at 2 M msg/s are as readable as 64 B ones at 70 M), in M msg/s, each
 * transport a bar from its slowest round (dark) through its median to its fastest (light): the
 * min-max range over rounds. Latency: percentiles on a log scale.
 */
final class Charts
{
    static final int PANEL_WIDTH = 900;
    static final int PANEL_HEIGHT = 420;
    private static final Color MIN = new Color(31, 78, 121);
    private static final Color MEDIAN = new Color(86, 150, 214);
    private static final Color MAX = new Color(190, 215, 240);

    private Charts()
    {
    }

    /**
     * @return one chart per size: bars of min, median, max over rounds per transport, in M msg/s.
     */
    static List<CategoryChart> throughputPanels(final List<Integer> sizes, final List<String> transports,
        final Map<String, List<Double>> rates)
    {
        final List<CategoryChart> panels = new ArrayList<>();
        for (final int size : sizes)
        {
            final CategoryChart chart = new CategoryChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
                .title(size + " B records: msg/s over rounds (bar: slowest / median / fastest round)")
                .xAxisTitle("transport").yAxisTitle("M msg/s").build();
            chart.getStyler().setOverlapped(true); // max drawn first, then median, then min, over one another
            chart.getStyler().setYAxisDecimalPattern("#,##0.##");
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            chart.getStyler().setXAxisLabelRotation(30);
            chart.getStyler().setSeriesColors(new Color[] {MAX, MEDIAN, MIN});
            final List<String> x = new ArrayList<>();
            final List<Double> min = new ArrayList<>();
            final List<Double> median = new ArrayList<>();
            final List<Double> max = new ArrayList<>();
            for (final String transport : transports)
            {
                final List<Double> r = rates.get(transport + "@" + size);
                if (r == null || r.isEmpty())
                {
                    continue;
                }
                x.add(Report.label(transport));
                min.add(Stats.min(r) / 1e6);
                median.add(Stats.median(r) / 1e6);
                max.add(Stats.max(r) / 1e6);
            }
            if (x.isEmpty())
            {
                continue;
            }
            chart.addSeries("fastest round", x, max);
            chart.addSeries("median", x, median);
            chart.addSeries("slowest round", x, min);
            panels.add(chart);
        }
        return panels;
    }

    static void throughput(final Path png, final List<Integer> sizes, final List<String> transports,
        final Map<String, List<Double>> rates) throws IOException
    {
        final List<CategoryChart> panels = throughputPanels(sizes, transports, rates);
        final int columns = panels.size() > 1 ? 2 : 1;
        final int rows = (panels.size() + columns - 1) / columns;
        final BufferedImage image = new BufferedImage(columns * PANEL_WIDTH, Math.max(1, rows) * PANEL_HEIGHT,
            BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < panels.size(); i++)
        {
            g.drawImage(BitmapEncoder.getBufferedImage(panels.get(i)), (i % columns) * PANEL_WIDTH,
                (i / columns) * PANEL_HEIGHT, null);
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    static void latency(final Path png, final List<Integer> sizes, final List<String> transports,
        final Map<String, List<long[]>> latencies) throws IOException
    {
        BitmapEncoder.saveBitmap(latencyChart(sizes, transports, latencies), png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    static CategoryChart latencyChart(final List<Integer> sizes, final List<String> transports,
        final Map<String, List<long[]>> latencies)
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
            if (rows == null)
            {
                continue;
            }
            final List<Double> y = new ArrayList<>();
            for (int i = 0; i < 4; i++)
            {
                y.add(Math.max(1, Stats.median(BenchMain.column(rows, i))));
            }
            chart.addSeries(transport, x, y);
        }
        return chart;
    }
}

package io.mmipc.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Medians, ranges and per-round ratios of benchmark rounds. A ratio is computed round by round
 * (transport against mmipc in the same round, so both saw the same machine weather) and its median
 * reported: on a shared 2-vCPU machine absolute rates swing by 3x between rounds.
 */
final class Stats
{
    private Stats()
    {
    }

    static double median(final List<Double> values)
    {
        if (values.isEmpty())
        {
            return Double.NaN;
        }
        final List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        final int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double min(final List<Double> values)
    {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(final List<Double> values)
    {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /**
     * @param rates    a transport's rate per round.
     * @param baseline the baseline's rate in the same rounds.
     * @return the median of the per-round ratios rates[i] / baseline[i].
     */
    static double medianRatio(final List<Double> rates, final List<Double> baseline)
    {
        return median(ratios(rates, baseline));
    }

    /**
     * @return numerators[i] / denominators[i] for every round both have.
     */
    static List<Double> ratios(final List<Double> numerators, final List<Double> denominators)
    {
        final List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(numerators.size(), denominators.size()); i++)
        {
            ratios.add(numerators.get(i) / denominators.get(i));
        }
        return ratios;
    }
}

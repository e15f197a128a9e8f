package io.mmipc.bench;

import io.mmipc.Mailbox;
import io.mmipc.MailboxOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code scripts/bench --mailbox [--quick] [--transports a,b]}: many-to-many message passing between
 * JVMs, the mailbox beside the kernel's POSIX message queue (through the foreign function API),
 * Agrona's {@code ManyToOneRingBuffer} over a mapped file and Aeron IPC with one exclusive publication
 * per sender ({@link AeronMpscPeer}) (these two many to one only). Rows are named
 * {@code TRANSPORT-SxR} for S sender JVMs and R receiver JVMs; receivers read every payload byte.
 * Each row is one run timed from the first message received to the last (CLOCK_MONOTONIC across
 * JVMs); every run checks the count and the sum of the messages' indices.
 */
public final class MailboxBench
{
    private static final String[] CONFIGS = {"1x1", "4x1", "2x2"};
    private static final int[] SIZES = {64, 1024};

    private MailboxBench()
    {
    }

    public static void main(final String[] args) throws Throwable
    {
        final boolean quick = List.of(args).contains("--quick");
        final long count = quick ? 2_000_000 : 10_000_000;
        final int only = List.of(args).indexOf("--transports");
        final List<String> transports = only >= 0 ? List.of(args[only + 1].split(","))
            : List.of("mailbox", "posix-mq", "agrona-m2o", "aeron-mpsc");
        final Map<String, Double> rates = new LinkedHashMap<>();
        System.out.printf(Locale.ROOT, "%-20s %6s %14s%n", "transport", "size", "msg/s");
        for (final int size : SIZES)
        {
            for (final String config : CONFIGS)
            {
                for (final String transport : transports)
                {
                    if (("agrona-m2o".equals(transport) || "aeron-mpsc".equals(transport)) && !config.endsWith("x1"))
                    {
                        continue; // one consumer only
                    }
                    final long n = "posix-mq".equals(transport) ? count / 10 : count;
                    final double rate = run(transport, config, size, n);
                    rates.put(transport + "-" + config + "@" + size, rate);
                    System.out.printf(Locale.ROOT, "%-20s %6d %,14.0f%n", transport + "-" + config, size, rate);
                }
            }
        }
        System.out.println();
        System.out.println("Targets:");
        if (rates.containsKey("mailbox-1x1@64"))
        {
            target("mailbox-1x1 at 64 B >= 10 M msg/s", rates.get("mailbox-1x1@64"), 10e6);
        }
        for (final int size : SIZES)
        {
            for (final String config : CONFIGS)
            {
                final String key = "-" + config + "@" + size;
                if (!rates.containsKey("mailbox" + key) || !rates.containsKey("posix-mq" + key))
                {
                    continue; // a --transports run without both
                }
                target("mailbox" + key + " >= 5x posix-mq", rates.get("mailbox" + key), 5 * rates.get("posix-mq" + key));
                if (rates.containsKey("agrona-m2o" + key) && !"1x1".equals(config))
                {
                    target("mailbox" + key + " >= 0.5x agrona-m2o", rates.get("mailbox" + key),
                        0.5 * rates.get("agrona-m2o" + key));
                }
            }
        }
        PosixQueue.remove();
    }

    private static void target(final String what, final double value, final double goal)
    {
        System.out.printf(Locale.ROOT, "  %-44s %s (%,.0f vs %,.0f)%n", what, value >= goal ? "met" : "NOT met", value, goal);
    }

    private static double run(final String transport, final String config, final int size, final long count)
        throws Throwable
    {
        final int senders = Integer.parseInt(config.substring(0, config.indexOf('x')));
        final int receivers = Integer.parseInt(config.substring(config.indexOf('x') + 1));
        final Path place = Files.createTempDirectory("mmipc-mailbox-bench");
        MailboxBenchPeer.prepare(transport, size, place);
        final List<Process> rx = new ArrayList<>();
        for (int i = 0; i < receivers; i++)
        {
            rx.add(peer("recv", transport, size, count, place));
        }
        final List<Process> tx = new ArrayList<>();
        for (int i = 0; i < senders; i++)
        {
            tx.add(peer("send", transport, size, count / senders, place));
        }
        for (final Process p : tx)
        {
            check(p);
        }
        if ("mailbox".equals(transport))
        {
            try (Mailbox box = Mailbox.open(place.resolve("bench.mmipc").toString(),
                MailboxOptions.builder().name("bench").build()))
            {
                for (int i = 0; i < receivers; i++)
                {
                    box.sendEndOfStream();
                }
            }
        }
        else if ("posix-mq".equals(transport))
        {
            PosixQueue.sendEnds(receivers);
        }
        long total = 0;
        long indexSum = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (final Process p : rx)
        {
            final String[] f = check(p).split(" ");
            total += Long.parseLong(f[1]);
            indexSum += Long.parseLong(f[5]);
            if (Long.parseLong(f[1]) > 0)
            {
                first = Math.min(first, Long.parseLong(f[2]));
                last = Math.max(last, Long.parseLong(f[3]));
            }
        }
        if (total != count / senders * senders)
        {
            throw new IllegalStateException(transport + "-" + config + ": " + total + " messages received of " +
                count / senders * senders);
        }
        final long perSender = count / senders;
        if (indexSum != senders * (perSender * (perSender - 1) / 2))
        {
            throw new IllegalStateException(transport + "-" + config + ": the messages' indices sum to " + indexSum +
                ", not " + senders * (perSender * (perSender - 1) / 2) + ": a message was lost, repeated or damaged");
        }
        try (var files = Files.walk(place))
        {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        return total * 1e9 / Math.max(1, last - first);
    }

    private static Process peer(final String role, final String transport, final int size, final long count,
        final Path place) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        final String options = System.getProperty("mmipc.jvm.options");
        if (options != null)
        {
            command.add("@" + options);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MailboxBenchPeer.class.getName(), role,
            transport, Integer.toString(size), Long.toString(count), place.toString()));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String check(final Process p) throws Exception
    {
        final String out = new String(p.getInputStream().readAllBytes()).strip();
        if (p.waitFor() != 0)
        {
            throw new IllegalStateException("a peer failed with exit " + p.exitValue() + ": " + out);
        }
        return out.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElse("");
    }
}

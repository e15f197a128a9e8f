package io.mmipc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The machine block printed before the table: what the numbers were measured on. CPU model and
 * vCPUs, cache sizes (from /sys/devices/system/cpu/cpu0/cache), whether a hypervisor is present
 * (the {@code hypervisor} CPU flag), and the lines measured in the same run ({@link Memcpy},
 * {@link Handoff}, {@link Hiccups}) that bound what any transport can do here.
 */
final class Machine
{
    private Machine()
    {
    }

    /**
     * @return "CPU: MODEL, N vCPUs, virtualised|not virtualised"
     */
    static String cpu()
    {
        final List<String> info = lines(Path.of("/proc/cpuinfo"));
        final String model = info.stream().filter(l -> l.startsWith("model name")).findFirst()
            .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown model");
        final boolean virtual = info.stream().anyMatch(l -> l.startsWith("flags") && l.contains(" hypervisor"));
        return String.format(Locale.ROOT, "CPU: %s, %d vCPUs, %s", model, Runtime.getRuntime().availableProcessors(),
            info.isEmpty() ? "virtualisation unknown" : virtual ? "virtualised (hypervisor flag set)" : "not virtualised");
    }

    /**
     * @return "caches: L1d 48K, L1i 32K, L2 1024K, L3 32768K" from cpu0's cache directories.
     */
    static String caches()
    {
        return caches(Path.of("/sys/devices/system/cpu/cpu0/cache"));
    }

    static String caches(final Path dir)
    {
        final List<String> parts = new ArrayList<>();
        try (Stream<Path> indexes = Files.list(dir))
        {
            indexes.filter(p -> p.getFileName().toString().startsWith("index")).sorted().forEach(index ->
            {
                final String level = first(index.resolve("level"));
                final String type = first(index.resolve("type"));
                final String size = first(index.resolve("size"));
                final String kind = "Data".equals(type) ? "d" : "Instruction".equals(type) ? "i" : "";
                parts.add("L" + level + kind + " " + size);
            });
        }
        catch (final IOException ex)
        {
            return "caches: unknown (" + dir + " unreadable)";
        }
        return "caches (cpu0): " + (parts.isEmpty() ? "unknown" : String.join(", ", parts));
    }

    private static String first(final Path file)
    {
        final List<String> l = lines(file);
        return l.isEmpty() ? "?" : l.get(0).strip();
    }

    private static List<String> lines(final Path file)
    {
        try
        {
            return Files.readAllLines(file);
        }
        catch (final IOException ex)
        {
            return List.of();
        }
    }
}

package io.mmipc.core.liveness;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who this process is, as written into a participant slot: pid, start time, pid namespace and a
 * random token.
 *
 * <p><b>Start time in clock ticks.</b> A reused pid is told apart by the process's start time,
 * taken as the raw {@code starttime} field (22) of {@code /proc/PID/stat}: clock ticks since boot,
 * fixed for the life of the process. Not {@code ProcessHandle.Info.startInstant()}: the JDK derives
 * that instant from a boot time it caches once per JVM at one-second granularity, and the kernel
 * recomputes boot time from the wall clock, so two JVMs on either side of a clock step disagree by
 * whole seconds and a live peer would be judged dead.
 *
 * @param pid          process id in its own pid namespace.
 * @param startTicks   process start time in clock ticks since boot, 0 if unknown.
 * @param pidNamespace inode of /proc/self/ns/pid, 0 if unknown; pids and signals are only
 *                     meaningful between processes with the same one.
 * @param token        random, never 0; names this JVM (a claim of a slot takes a fresh token of its own).
 */
public record ProcessIdentity(long pid, long startTicks, long pidNamespace, long token)
{
    // Not a SecureRandom per token: initialising the security providers took about 28 ms of a
    // one-shot `ipc send`. A token needs only to differ from every other claim's: 8 bytes of
    // /dev/urandom keep JVMs apart, and a counter through a bijective mix (SplitMix64's finaliser)
    // gives every claim in this JVM a distinct one.
    private static final long SEED = seed();
    private static final AtomicLong TOKENS = new AtomicLong();
    private static final ProcessIdentity CURRENT = detect();

    /**
     * @return this process's identity, the same for every call.
     */
    public static ProcessIdentity current()
    {
        return CURRENT;
    }

    /**
     * @return a fresh random token, never 0: each claim of a slot gets its own, so that two
     *         endpoints of one JVM are never mistaken for each other.
     */
    public static long newToken()
    {
        long token;
        do
        {
            token = mix(SEED + TOKENS.incrementAndGet() * 0x9E37_79B9_7F4A_7C15L);
        }
        while (token == 0);
        return token;
    }

    /**
     * SplitMix64's finaliser: a bijection on longs, so distinct inputs give distinct tokens.
     */
    static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    private static long seed()
    {
        try (InputStream in = new FileInputStream("/dev/urandom"))
        {
            final byte[] bytes = in.readNBytes(Long.BYTES);
            if (bytes.length == Long.BYTES)
            {
                long seed = 0;
                for (final byte b : bytes)
                {
                    seed = seed << 8 | (b & 0xFF);
                }
                return seed;
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // no /dev/urandom (not Linux, or a sandbox): the slower way below
        }
        return new SecureRandom().nextLong();
    }

    private static ProcessIdentity detect()
    {
        final long pid = ProcessHandle.current().pid();
        return new ProcessIdentity(pid, startTicks(pid), pidNamespace(Path.of("/proc/self/ns/pid")), newToken());
    }

    /**
     * @param pid a process in this pid namespace.
     * @return its start time in clock ticks since boot, or 0 if there is no such process (or no /proc).
     */
    public static long startTicks(final long pid)
    {
        final String stat = readStat(pid);
        return stat == null ? 0 : parseStartTicks(stat);
    }

    /**
     * @param stat the contents of /proc/PID/stat.
     * @return field 22 (starttime), or 0 if the line is malformed.
     */
    static long parseStartTicks(final String stat)
    {
        // Field 2 (comm) is in parentheses and may itself contain spaces and ')': fields are
        // counted from the last ')'. After it come field 3 (state) onwards.
        final int close = stat.lastIndexOf(')');
        if (close < 0)
        {
            return 0;
        }
        final String[] fields = stat.substring(close + 1).trim().split(" +");
        final int index = 22 - 3; // fields[0] is field 3
        try
        {
            return fields.length > index ? Long.parseLong(fields[index]) : 0;
        }
        catch (final NumberFormatException ex)
        {
            return 0;
        }
    }

    /**
     * @param stat the contents of /proc/PID/stat.
     * @return true if the process is a zombie (dead, not yet reaped) or dead.
     */
    static boolean parseDead(final String stat)
    {
        final int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 >= stat.length())
        {
            return false;
        }
        final char state = stat.charAt(close + 2);
        return state == 'Z' || state == 'X' || state == 'x';
    }

    private static String readStat(final long pid)
    {
        try
        {
            return Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }

    /**
     * @param link e.g. /proc/self/ns/pid, a link to "pid:[4026531836]".
     * @return the namespace's inode, or 0.
     */
    static long pidNamespace(final Path link)
    {
        try
        {
            final String target = Files.readSymbolicLink(link).toString();
            final int open = target.indexOf('[');
            final int close = target.indexOf(']');
            return open >= 0 && close > open ? Long.parseLong(target.substring(open + 1, close)) : 0;
        }
        catch (final Exception ex)
        {
            return 0;
        }
    }

    /**
     * Whether a process recorded with these fields, in our pid namespace, is still alive: a process
     * with that pid exists, is not a zombie, and (when the start time is known) started at exactly
     * that tick.
     *
     * @param pid        recorded pid.
     * @param startTicks recorded start time in clock ticks, 0 if unknown.
     * @return true if alive.
     */
    public static boolean isAliveHere(final long pid, final long startTicks)
    {
        if (pid <= 0)
        {
            return false;
        }
        final String stat = readStat(pid);
        if (stat == null)
        {
            return false;
        }
        if (parseDead(stat))
        {
            return false;
        }
        return startTicks == 0 || parseStartTicks(stat) == startTicks;
    }
}

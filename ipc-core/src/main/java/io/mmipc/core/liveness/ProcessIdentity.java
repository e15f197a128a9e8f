package io.mmipc.core.liveness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Who this process is, as written into a participant slot: pid, start time, pid namespace and a
 * random owner token. The token, not the pid, is what a slot is claimed by: two JVMs in two
 * containers are often both pid 1.
 *
 * @param pid          process id in its own pid namespace.
 * @param startMillis  process start time (epoch ms), 0 if unknown; tells a reused pid apart.
 * @param pidNamespace inode of /proc/self/ns/pid, 0 if unknown; pids and signals are only
 *                     meaningful between processes with the same one.
 * @param token        random, never 0.
 */
public record ProcessIdentity(long pid, long startMillis, long pidNamespace, long token)
{
    private static final ProcessIdentity CURRENT = detect();

    /**
     * @return this process's identity, the same for every call.
     */
    public static ProcessIdentity current()
    {
        return CURRENT;
    }

    private static ProcessIdentity detect()
    {
        final ProcessHandle self = ProcessHandle.current();
        long token;
        do
        {
            token = new SecureRandom().nextLong();
        }
        while (token == 0);
        return new ProcessIdentity(self.pid(), startMillis(self), pidNamespace(Path.of("/proc/self/ns/pid")), token);
    }

    /**
     * @param handle a process.
     * @return its start time in epoch ms, or 0 if the platform does not say.
     */
    public static long startMillis(final ProcessHandle handle)
    {
        return handle.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
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
     * Whether a process recorded with these fields is this same live process's peer in our pid
     * namespace and still alive, judged by pid and start time.
     *
     * @param pid         recorded pid.
     * @param startMillis recorded start time, 0 if unknown.
     * @return true if a process with that pid exists and (when known) started at that time.
     */
    public static boolean isAliveHere(final long pid, final long startMillis)
    {
        if (pid <= 0)
        {
            return false;
        }
        return ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .map(h -> startMillis == 0 || Math.abs(startMillis(h) - startMillis) <= 10)
            .orElse(false);
    }
}

package io.mmipc.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The few libc calls the peers need to be set up as their experts set them up (FFM, Linux x86_64):
 * a pipe's size, pre-faulting a mapping, pinning a thread. Each is best effort: -1 where the call
 * is unavailable or refused, and the caller says so in its output rather than failing the run.
 */
final class Native
{
    /** fcntl(2): set a pipe's capacity. */
    static final int F_SETPIPE_SZ = 1031;
    /** fcntl(2): read a pipe's capacity. */
    static final int F_GETPIPE_SZ = 1032;
    /** madvise(2), Linux 5.14+: map every page in, writable, without changing a byte. */
    static final int MADV_POPULATE_WRITE = 23;

    private static final MethodHandle FCNTL;
    private static final MethodHandle MADVISE;
    private static final MethodHandle SCHED_SETAFFINITY;

    static
    {
        MethodHandle fcntl = null;
        MethodHandle madvise = null;
        MethodHandle affinity = null;
        try
        {
            final Linker linker = Linker.nativeLinker();
            final SymbolLookup libc = linker.defaultLookup();
            fcntl = linker.downcallHandle(libc.find("fcntl").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2));
            madvise = linker.downcallHandle(libc.find("madvise").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
            affinity = linker.downcallHandle(libc.find("sched_setaffinity").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        }
        catch (final RuntimeException | LinkageError ex)
        {
            // not Linux/glibc, or native access refused: every call below answers -1
        }
        FCNTL = fcntl;
        MADVISE = madvise;
        SCHED_SETAFFINITY = affinity;
    }

    private Native()
    {
    }

    /**
     * @return the pipe's capacity after asking for {@code bytes} (the kernel rounds up to a power of
     *         two of pages and caps it at /proc/sys/fs/pipe-max-size), or -1.
     */
    static int setPipeSize(final int fd, final int bytes)
    {
        if (FCNTL == null)
        {
            return -1;
        }
        try
        {
            final int set = (int)FCNTL.invokeExact(fd, F_SETPIPE_SZ, bytes);
            return set < 0 ? (int)FCNTL.invokeExact(fd, F_GETPIPE_SZ, 0) : set;
        }
        catch (final Throwable ex)
        {
            return -1;
        }
    }

    /**
     * Maps every page of {@code [address, address + length)} into this process, writable, without
     * changing its contents: the first lap then takes no page fault.
     *
     * @return 0, or -1 where the kernel or libc cannot.
     */
    static int populate(final long address, final long length)
    {
        if (MADVISE == null || length <= 0)
        {
            return -1;
        }
        final long start = address & ~4095L;
        try
        {
            return (int)MADVISE.invokeExact(start, length + (address - start), MADV_POPULATE_WRITE);
        }
        catch (final Throwable ex)
        {
            return -1;
        }
    }

    /**
     * Pins the calling thread to one CPU.
     *
     * @return true if pinned.
     */
    static boolean pin(final int cpu)
    {
        if (SCHED_SETAFFINITY == null || cpu < 0 || cpu >= 64)
        {
            return false;
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment mask = arena.allocate(ValueLayout.JAVA_LONG);
            mask.set(ValueLayout.JAVA_LONG, 0, 1L << cpu);
            return (int)SCHED_SETAFFINITY.invokeExact(0, 8L, mask) == 0; // pid 0: the calling thread
        }
        catch (final Throwable ex)
        {
            return false;
        }
    }
}

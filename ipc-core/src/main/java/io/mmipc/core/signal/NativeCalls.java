package io.mmipc.core.signal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The system calls the JDK does not offer, made through the foreign function API:
 * {@code kill(2)} to send SIGUSR1 to a parked peer, {@code futex(2)} on a 32-bit word in the
 * shared mapping, and {@code madvise(2)} to populate a mapping's page tables in one call. libc's {@code syscall} is variadic: it is described with
 * {@code firstVariadicArg(1)} and every variadic argument is passed as a 64-bit value. errno is
 * captured so that EAGAIN (the word already changed) and ETIMEDOUT are told from real failures.
 *
 * <p>Futexes are used <em>without</em> FUTEX_PRIVATE_FLAG: the word is shared between processes.
 *
 * <p>Each call is linked on its first use, in a holder class of its own ({@code Kill},
 * {@code Syscall}): linking a downcall generates method handles and a stub (about 20 ms each at
 * start-up, none of which an AOT cache holds), and a one-shot {@code ipc send} that finds nobody
 * parked makes no native call at all. An instance only checks the platform; a call that cannot be
 * linked throws the same {@link IllegalStateException} {@link #checkAvailable()} does.
 */
public final class NativeCalls
{
    private static final long SYS_FUTEX = 202; // x86_64
    private static final long SYS_MADVISE = 28; // x86_64
    private static final long MADV_POPULATE_WRITE = 23; // Linux 5.14+
    private static final long FUTEX_WAIT = 0;
    private static final long FUTEX_WAKE = 1;
    public static final int EAGAIN = 11;
    public static final int EINTR = 4;
    public static final int ETIMEDOUT = 110;

    /** The system call numbers above are x86_64 Linux's. */
    private static final String PLATFORM_PROBLEM = platformProblem();

    private MemorySegment callState; // made on the first call: errno lands here
    private MemorySegment timespec;

    /**
     * One instance per thread: it owns the buffers for errno and the futex timeout (made on its first
     * call), so calls do not allocate.
     *
     * @throws IllegalStateException if this is not Linux x86_64.
     */
    public NativeCalls()
    {
        if (PLATFORM_PROBLEM != null)
        {
            throw unavailable(PLATFORM_PROBLEM, null);
        }
    }

    /**
     * Links every call now (they are otherwise linked on first use).
     *
     * @throws IllegalStateException if the native calls could not be linked (not Linux x86_64, or native
     *                               access not enabled: run with {@code --enable-native-access=ALL-UNNAMED}).
     */
    public static void checkAvailable()
    {
        new NativeCalls();
        Kill.handle();
        Syscall.handle();
    }

    /**
     * @param pid    process to signal.
     * @param signal number, e.g. {@code new sun.misc.Signal("USR1").getNumber()}.
     * @return 0 on success, else errno (ESRCH 3: no such process, EPERM 1).
     */
    public int kill(final long pid, final int signal)
    {
        final MethodHandle kill = Kill.handle();
        try
        {
            final int rc = (int)kill.invokeExact(callState(), (int)pid, signal);
            return rc == 0 ? 0 : errno();
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("kill(" + pid + ", " + signal + ") failed", ex);
        }
    }

    /**
     * FUTEX_WAIT: sleeps while the 32-bit word at {@code address} holds {@code expected}, at most
     * {@code timeoutNanos}.
     *
     * @return 0 when woken, {@link #EAGAIN} if the word had changed, {@link #ETIMEDOUT}, {@link #EINTR}.
     */
    public int futexWait(final long address, final int expected, final long timeoutNanos)
    {
        if (timespec == null)
        {
            timespec = Arena.ofAuto().allocate(16, 8);
        }
        timespec.set(ValueLayout.JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
        timespec.set(ValueLayout.JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
        return futex(address, FUTEX_WAIT, expected & 0xFFFF_FFFFL, timespec.address());
    }

    /**
     * FUTEX_WAKE: wakes up to {@code count} processes sleeping on the word at {@code address}.
     *
     * @return 0 on success, else errno.
     */
    public int futexWake(final long address, final int count)
    {
        return futex(address, FUTEX_WAKE, count, 0);
    }

    /**
     * {@code madvise(MADV_POPULATE_WRITE)}: maps every page of the range writable in one system
     * call, instead of one page fault per 4 KiB on first touch (64 MiB took 150 ms of faults here,
     * touched a page at a time).
     *
     * @param address page-aligned start, e.g. a mapping's base.
     * @param length  bytes.
     * @return 0 on success, else errno (EINVAL on kernels before 5.14).
     */
    public int populateWrite(final long address, final long length)
    {
        return syscall("madvise", SYS_MADVISE, address, length, MADV_POPULATE_WRITE, 0L);
    }

    private int futex(final long address, final long op, final long value, final long timeout)
    {
        if ((address & 3) != 0)
        {
            throw new IllegalArgumentException("futex word must be 4-byte aligned: 0x" + Long.toHexString(address));
        }
        return syscall("futex", SYS_FUTEX, address, op, value, timeout);
    }

    /**
     * @return 0 on success, else errno.
     */
    private int syscall(final String name, final long number, final long a1, final long a2, final long a3, final long a4)
    {
        final MethodHandle syscall = Syscall.handle();
        try
        {
            final long rc = (long)syscall.invokeExact(callState(), number, a1, a2, a3, a4, 0L, 0L);
            return rc < 0 ? errno() : 0;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException(name + " syscall failed", ex);
        }
    }

    private MemorySegment callState()
    {
        if (callState == null)
        {
            callState = Arena.ofAuto().allocate(CallState.LAYOUT);
        }
        return callState;
    }

    private int errno()
    {
        return (int)CallState.ERRNO.get(callState, 0L);
    }

    private static String platformProblem()
    {
        final String os = System.getProperty("os.name", "");
        final String arch = System.getProperty("os.arch", "");
        return os.startsWith("Linux") && (arch.equals("amd64") || arch.equals("x86_64")) ? null :
            "this is " + os + " on " + arch;
    }

    private static IllegalStateException unavailable(final String why, final Throwable cause)
    {
        return new IllegalStateException("native calls (kill, futex) unavailable: " + why +
            "; mmipc needs Linux x86_64 and --enable-native-access=ALL-UNNAMED (scripts/jvm.options)", cause);
    }

    /** The errno capture, shared by both calls; initialised with the first of them. */
    private static final class CallState
    {
        static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
        static final StructLayout LAYOUT = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    }

    /** libc's {@code int kill(pid_t, int)}, linked when first used. */
    private static final class Kill
    {
        private static final Downcall CALL = Downcall.link("kill",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), CallState.CAPTURE);

        static MethodHandle handle()
        {
            return CALL.handle();
        }
    }

    /** libc's variadic {@code long syscall(long, ...)} (futex, madvise), linked when first used. */
    private static final class Syscall
    {
        private static final Downcall CALL = Downcall.link("syscall",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
            Linker.Option.firstVariadicArg(1), CallState.CAPTURE);

        static MethodHandle handle()
        {
            return CALL.handle();
        }
    }

    /**
     * One libc function linked as a downcall, or why it could not be: a failure is kept and thrown
     * at each use, so that a platform without the call fails where the call is needed, with one
     * message, rather than in a class initialiser.
     */
    private record Downcall(MethodHandle linked, Throwable failure)
    {
        static Downcall link(final String function, final FunctionDescriptor descriptor, final Linker.Option... options)
        {
            try
            {
                final Linker linker = Linker.nativeLinker();
                return new Downcall(linker.downcallHandle(linker.defaultLookup().find(function).orElseThrow(), descriptor,
                    options), null);
            }
            catch (final Throwable ex)
            {
                return new Downcall(null, ex);
            }
        }

        MethodHandle handle()
        {
            if (failure != null)
            {
                throw unavailable(failure.toString(), failure);
            }
            return linked;
        }
    }
}

package io.mmipc.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Creates, feeds end markers to and removes the POSIX message queue of a {@code posix-mq} run,
 * through the foreign function API. Its depth is raised as far as the kernel lets this process
 * (as root, past {@code /proc/sys/fs/mqueue/msg_max}, up to the hard limit).
 */
final class PosixQueue
{
    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0100;
    private static final int[] DEPTHS = {65536, 8192, 1024, 256, 10};
    static int depth;

    private PosixQueue()
    {
    }

    private static SymbolLookup libc()
    {
        return Linker.nativeLinker().defaultLookup().or(SymbolLookup.libraryLookup("librt.so.1", Arena.global()));
    }

    static void create(final int size) throws Throwable
    {
        final Linker linker = Linker.nativeLinker();
        final MethodHandle open = linker.downcallHandle(libc().find("mq_open").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS), Linker.Option.firstVariadicArg(2));
        final MethodHandle close = linker.downcallHandle(libc().find("mq_close").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        remove();
        try (Arena arena = Arena.ofConfined())
        {
            for (final int d : DEPTHS)
            {
                final MemorySegment attr = arena.allocate(64, 8); // struct mq_attr: flags, maxmsg, msgsize, curmsgs, pad
                attr.set(ValueLayout.JAVA_LONG, 8, d);
                attr.set(ValueLayout.JAVA_LONG, 16, Math.max(size, 8));
                final int mq = (int)open.invokeExact(arena.allocateFrom(MailboxBenchPeer.QUEUE_NAME), O_RDWR | O_CREAT,
                    0600, attr);
                if (mq >= 0)
                {
                    depth = d;
                    final int ignored = (int)close.invokeExact(mq);
                    return;
                }
            }
        }
        throw new IllegalStateException("mq_open " + MailboxBenchPeer.QUEUE_NAME + " failed at every depth");
    }

    /** Sends {@code n} one-byte end markers, one per receiver. */
    static void sendEnds(final int n) throws Throwable
    {
        final Linker linker = Linker.nativeLinker();
        final MethodHandle open = linker.downcallHandle(libc().find("mq_open").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(2));
        final MethodHandle send = linker.downcallHandle(libc().find("mq_send").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined())
        {
            final int mq = (int)open.invokeExact(arena.allocateFrom(MailboxBenchPeer.QUEUE_NAME), O_RDWR);
            final MemorySegment one = arena.allocate(8);
            for (int i = 0; i < n; i++)
            {
                final int ignored = (int)send.invokeExact(mq, one, 1L, 0);
            }
        }
    }

    static void remove() throws Throwable
    {
        final MethodHandle unlink = Linker.nativeLinker().downcallHandle(libc().find("mq_unlink").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined())
        {
            final int ignored = (int)unlink.invokeExact(arena.allocateFrom(MailboxBenchPeer.QUEUE_NAME));
        }
    }
}

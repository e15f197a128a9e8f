package io.mmipc.core.wait;

import io.mmipc.WaitStrategy;
import io.mmipc.core.file.ChannelDescriptor;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.semaphore.CountingSemaphore;
import io.mmipc.core.signal.StopFlag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

class WaitAndWakeTest
{
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = WaitStrategy.class, names = {"SIGNAL", "FUTEX"})
    void parkedWaiterIsWokenByTheReleaser(final WaitStrategy strategy) throws Exception
    {
        try (ChannelFile file = ChannelFile.createOrOpen(dir.resolve("w.mmipc"), 4096, 64,
            PosixFilePermissions.fromString("rw-------")))
        {
            final ProcessIdentity me = ProcessIdentity.current();
            final ParticipantSlot consumerSlot = new ParticipantSlot(file.buffer(), io.mmipc.core.file.ChannelDescriptor.slotOffset(Role.CONSUMER), Role.CONSUMER);
            final Waiter waiter = new Waiter(strategy, consumerSlot, new StopFlag(), 30_000_000_000L); // no bounded park to hide a lost wake-up
            consumerSlot.claim(file.path(), me, strategy.code());
            final CountingSemaphore used = new CountingSemaphore(file.buffer(), ChannelDescriptor.USED_SEMAPHORE_OFFSET, "USED");
            final AtomicBoolean acquired = new AtomicBoolean();
            final Thread consumer = new Thread(() -> acquired.set(used.acquire(1, waiter, Long.MAX_VALUE)));
            consumer.start();
            final long deadline = System.nanoTime() + 5_000_000_000L;
            while (consumerSlot.state() != ParticipantState.PARKED && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertEquals(ParticipantState.PARKED, consumerSlot.state(), "the waiter parks after spinning");
            assertEquals(1, used.waiters());
            final Waker waker = new Waker(consumerSlot, me);
            final long signalsBefore = io.mmipc.core.signal.WakeSignal.handled();
            final long start = System.nanoTime();
            if (used.release(1))
            {
                waker.wake(used);
            }
            consumer.join(5_000);
            final long micros = (System.nanoTime() - start) / 1_000;
            assertFalse(consumer.isAlive());
            assertTrue(acquired.get());
            assertEquals(1, waker.wakeups(), "the releaser saw the parked waiter and woke it");
            assertTrue(micros < 5_000_000, "woken, not timed out of a 30 s park: " + micros + " us");
            if (strategy == WaitStrategy.FUTEX)
            {
                assertEquals(1, waker.futexWakes(), "a real FUTEX_WAKE was made");
            }
            else
            {
                assertEquals(1, waker.signalsSent(), "a real kill(SIGUSR1) was sent");
                assertTrue(io.mmipc.core.signal.WakeSignal.handled() > signalsBefore, "and handled");
            }
            assertTrue(waiter.parks() >= 1);
            assertEquals(0, used.waiters(), "the waiter unregistered");
            assertEquals(ParticipantState.RUNNING, consumerSlot.state());
            System.out.println(strategy.label() + " wake-up to return from acquire: " + micros + " us");
        }
    }

    /**
     * Issue 16, item 5: the old handler unparked a thread published only inside park(), after the
     * waiter had marked itself PARKED and re-checked; a signal handled in between woke nobody and
     * only the bounded park saved it. Now the thread is armed first, so the unpark leaves a permit.
     */
    @org.junit.jupiter.api.Test
    void aSignalHandledBetweenParkedAndTheParkStillWakesTheWaiter() throws Exception
    {
        io.mmipc.core.signal.WakeSignal.install();
        io.mmipc.core.signal.WakeSignal.arm();
        try
        {
            final long before = io.mmipc.core.signal.WakeSignal.handled();
            new io.mmipc.core.signal.NativeCalls().kill(ProcessHandle.current().pid(), io.mmipc.core.signal.WakeSignal.number());
            final long deadline = System.nanoTime() + 5_000_000_000L;
            while (io.mmipc.core.signal.WakeSignal.handled() == before && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertTrue(io.mmipc.core.signal.WakeSignal.handled() > before, "the signal was handled before the park");
            final long start = System.nanoTime();
            io.mmipc.core.signal.WakeSignal.park(30_000_000_000L);
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "the park returned at once on the permit left");
        }
        finally
        {
            io.mmipc.core.signal.WakeSignal.disarm();
        }
    }
}

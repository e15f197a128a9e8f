package io.mmipc.core.wait;

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
            final Waiter waiter = new Waiter(strategy, consumerSlot, new StopFlag());
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
            assertTrue(waiter.parks() >= 1);
            assertEquals(0, used.waiters(), "the waiter unregistered");
            assertEquals(ParticipantState.RUNNING, consumerSlot.state());
            System.out.println(strategy.label() + " wake-up to return from acquire: " + micros + " us");
        }
    }
}

package io.mmipc.core.channel;

import io.mmipc.WaitStrategy;
import io.mmipc.core.file.ChannelFile;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.semaphore.CountingSemaphore;
import io.mmipc.core.signal.StopFlag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicReference;

import static io.mmipc.core.file.ChannelDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The recovering side of the handshake: whom {@link ChannelRecovery#recover} waits for, and whom it
 * does not.
 */
class RecoveryHandshakeTest
{
    private static final int CAPACITY = 8192;

    @TempDir
    Path dir;

    private ChannelFile file;
    private final ProcessIdentity me = ProcessIdentity.current();

    @BeforeEach
    void open()
    {
        file = ChannelFile.createOrOpen(dir.resolve("h.mmipc"), CAPACITY, 512, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void close()
    {
        file.close();
    }

    private ParticipantSlot view(final Role role)
    {
        return new ParticipantSlot(file.buffer(), slotOffset(role), role);
    }

    private ParticipantSlot claimed(final Role role, final ProcessIdentity who)
    {
        final ParticipantSlot slot = view(role);
        slot.claim(file.path(), who, WaitStrategy.FUTEX.code());
        return slot;
    }

    private Thread recoverInBackground(final ParticipantSlot self, final ParticipantSlot peer,
        final AtomicReference<String> result, final StopFlag stop)
    {
        final Thread t = new Thread(() -> result.set(ChannelRecovery.recover(file, me, self, peer, stop)));
        t.start();
        return t;
    }

    @Test
    void aLivePeerInsideTheRingIsWaitedForUntilItStepsOutside() throws Exception
    {
        final ParticipantSlot consumer = claimed(Role.CONSUMER, me);
        consumer.enterVolatile(); // busy inside a poll
        final ParticipantSlot producer = claimed(Role.PRODUCER, me);
        final AtomicReference<String> result = new AtomicReference<>();
        final Thread recovery = recoverInBackground(producer, consumer, result, new StopFlag());
        Thread.sleep(200);
        assertTrue(recovery.isAlive(), "waits while the consumer may be moving permits");
        assertEquals(producer.token(), file.buffer().getLongVolatile(RECOVERY_REQUEST_OFFSET), "holding the request");
        consumer.leaveOrdered();
        recovery.join(5_000);
        assertFalse(recovery.isAlive());
        assertNotNull(result.get());
        assertTrue(result.get().startsWith("recovered "), result.get());
        assertEquals(0, file.buffer().getLongVolatile(RECOVERY_REQUEST_OFFSET), "request cleared");
    }

    @Test
    void aParkedPeerHoldsNothingAndIsNotWaitedFor()
    {
        final ParticipantSlot consumer = claimed(Role.CONSUMER, me);
        consumer.enterVolatile();
        assertTrue(consumer.state(ParticipantState.PARKED));
        final ParticipantSlot producer = claimed(Role.PRODUCER, me);
        assertNotNull(ChannelRecovery.recover(file, me, producer, consumer, new StopFlag()));
    }

    @Test
    void aStopWhileWaitingForThePeerLeavesTheChannelForTheNextProcessAndClearsTheRequest() throws Exception
    {
        final ParticipantSlot consumer = claimed(Role.CONSUMER, me);
        consumer.enterVolatile();
        final ParticipantSlot producer = claimed(Role.PRODUCER, me);
        final StopFlag stop = new StopFlag();
        final AtomicReference<String> result = new AtomicReference<>("not run");
        final Thread recovery = recoverInBackground(producer, consumer, result, stop);
        Thread.sleep(100);
        stop.request("test");
        recovery.join(5_000);
        assertFalse(recovery.isAlive());
        assertNull(result.get(), "no recovery happened");
        assertEquals(0, file.buffer().getLongVolatile(RECOVERY_REQUEST_OFFSET));
    }

    @Test
    void aPeerJudgedDeadByItsHeartbeatAloneIsFencedBeforeTheRecompute()
    {
        final ProcessIdentity elsewhere = new ProcessIdentity(1, 1, me.pidNamespace() + 1, 9);
        final ParticipantSlot consumer = claimed(Role.CONSUMER, elsewhere);
        consumer.enterVolatile();
        consumer.heartbeat(ParticipantSlot.monotonicMillis() - ParticipantSlot.HEARTBEAT_TIMEOUT_MILLIS - 1);
        final ParticipantSlot producer = claimed(Role.PRODUCER, me);
        assertNotNull(ChannelRecovery.recover(file, me, producer, consumer, new StopFlag()));
        assertFalse(consumer.isOwner(), "a paused consumer that resumes finds it lost its role");
        assertEquals(ParticipantState.STOPPED, view(Role.CONSUMER).state());
    }

    @Test
    void aPeerProvedDeadInOurNamespaceIsNotFencedItIsGone()
    {
        final ProcessIdentity gone = new ProcessIdentity(Integer.MAX_VALUE - 11, 5, me.pidNamespace(), 9);
        final ParticipantSlot consumer = claimed(Role.CONSUMER, gone);
        consumer.enterVolatile();
        final int word = consumer.stateWordVolatile();
        final ParticipantSlot producer = claimed(Role.PRODUCER, me);
        assertNotNull(ChannelRecovery.recover(file, me, producer, consumer, new StopFlag()));
        assertEquals(word, consumer.stateWordVolatile(), "left as it was: the next consumer takes it over");
    }

    @Test
    void anotherLiveRecoveryIsWaitedForAndCoversUs() throws Exception
    {
        final ParticipantSlot consumer = claimed(Role.CONSUMER, me);
        final ParticipantSlot producer = claimed(Role.PRODUCER, me);
        file.buffer().putLongVolatile(RECOVERY_REQUEST_OFFSET, consumer.token());
        final AtomicReference<String> result = new AtomicReference<>();
        final Thread second = recoverInBackground(producer, consumer, result, new StopFlag());
        Thread.sleep(200);
        assertTrue(second.isAlive(), "waits for the consumer's recovery");
        file.buffer().putLongVolatile(RECOVERY_REQUEST_OFFSET, 0);
        second.join(5_000);
        assertFalse(second.isAlive());
        assertTrue(result.get().startsWith("recovered by the consumer"), result.get());
    }

    @Test
    void theLivePeersParkedWaiterCountIsKeptAndTheDeadOnesCleared()
    {
        final CountingSemaphore free = new CountingSemaphore(file.buffer(), FREE_SEMAPHORE_OFFSET, "FREE");
        final CountingSemaphore used = new CountingSemaphore(file.buffer(), USED_SEMAPHORE_OFFSET, "USED");
        free.addWaiter(); // a live producer parked on FREE
        used.addWaiter(); // a dead consumer's registration, never undone
        ChannelRecovery.recompute(file, Role.PRODUCER);
        assertEquals(1, free.waiters(), "the live producer stays registered: its wake-up must still come");
        assertEquals(0, used.waiters(), "the dead consumer's leak is gone");
        ChannelRecovery.recompute(file, null);
        assertEquals(0, free.waiters());
    }

    @Test
    void aPeerParkedDuringTheRecomputeIsWokenForThePermitsItFound() throws Exception
    {
        final ParticipantSlot consumer = claimed(Role.CONSUMER, me);
        final CountingSemaphore used = new CountingSemaphore(file.buffer(), USED_SEMAPHORE_OFFSET, "USED");
        // one committed, published record whose USED permit a dead producer never released
        final io.mmipc.core.ring.RingProducer dead = new io.mmipc.core.ring.RingProducer(file,
            new io.mmipc.core.wait.Waiter(WaitStrategy.SPIN, null, new StopFlag()),
            new io.mmipc.core.wait.Waker(consumer, me), io.mmipc.core.ring.TestSafePoints.none(),
            PRODUCER_COUNTERS_OFFSET, 1000);
        dead.write(new byte[8], 0, 8);
        file.buffer().putLongVolatile(TAIL_OFFSET, 24);
        assertEquals(0, used.available());
        final io.mmipc.core.wait.Waiter waiter = new io.mmipc.core.wait.Waiter(WaitStrategy.FUTEX, consumer,
            new StopFlag(), 30_000_000_000L);
        final long[] took = {-1};
        final Thread parked = new Thread(() ->
        {
            final long start = System.nanoTime();
            used.acquire(1, waiter, Long.MAX_VALUE);
            took[0] = System.nanoTime() - start;
        });
        parked.start();
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (consumer.state() != ParticipantState.PARKED && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertEquals(ParticipantState.PARKED, consumer.state());
        Thread.sleep(200); // PARKED is written just before the waiter's last check: let it reach the futex wait
        final ParticipantSlot producer = claimed(Role.PRODUCER, me);
        assertNotNull(ChannelRecovery.recover(file, me, producer, consumer, new StopFlag()));
        parked.join(10_000);
        assertFalse(parked.isAlive(), "woken, not left in a 30 s park");
        assertTrue(took[0] < 10_000_000_000L);
    }
    @Test
    void aProducerParkedOnFreeDuringTheRecomputeIsWokenForTheSpaceItFound() throws Exception
    {
        final ParticipantSlot producer = claimed(Role.PRODUCER, me);
        final CountingSemaphore free = new CountingSemaphore(file.buffer(), FREE_SEMAPHORE_OFFSET, "FREE");
        free.reset(0); // an empty ring whose space a dead consumer never gave back
        final io.mmipc.core.wait.Waiter waiter = new io.mmipc.core.wait.Waiter(WaitStrategy.FUTEX, producer,
            new StopFlag(), 30_000_000_000L);
        final long[] took = {-1};
        final Thread parked = new Thread(() ->
        {
            final long start = System.nanoTime();
            free.acquire(64, waiter, Long.MAX_VALUE);
            took[0] = System.nanoTime() - start;
        });
        parked.start();
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (producer.state() != ParticipantState.PARKED && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertEquals(ParticipantState.PARKED, producer.state());
        Thread.sleep(200); // let it reach the futex wait
        final ParticipantSlot consumer = claimed(Role.CONSUMER, me);
        assertNotNull(ChannelRecovery.recover(file, me, consumer, producer, new StopFlag()));
        parked.join(10_000);
        assertFalse(parked.isAlive(), "woken, not left in a 30 s park");
        assertTrue(took[0] >= 0 && took[0] < 10_000_000_000L);
    }
}

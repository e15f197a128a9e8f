package io.mmipc.core.signal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.*;

class StopFlagTest
{
    @Test
    void aRequestIsSeenWithItsReason()
    {
        final StopFlag stop = new StopFlag();
        assertFalse(stop.requested());
        assertNull(stop.reason());
        stop.request("SIGTERM");
        assertTrue(stop.requested());
        assertEquals("SIGTERM", stop.reason());
    }

    @Test
    void aRequestUnparksTheWorkerAtOnce() throws Exception
    {
        final StopFlag stop = new StopFlag();
        final CompletableFuture<Long> parked = new CompletableFuture<>();
        final Thread worker = new Thread(() ->
        {
            final long start = System.nanoTime();
            while (!stop.requested())
            {
                LockSupport.parkNanos(60_000_000_000L); // a minute: only the unpark ends it in time
            }
            parked.complete(System.nanoTime() - start);
        });
        stop.worker(worker);
        worker.start();
        Thread.sleep(100);
        stop.request("test");
        assertTrue(parked.get(10, TimeUnit.SECONDS) < 30_000_000_000L);
        assertFalse(worker.isInterrupted());
    }

    @Test
    void aWorkerBlockedInAnInterruptibleCallIsInterruptedWhenAsked() throws Exception
    {
        final StopFlag stop = new StopFlag();
        final CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        final Thread worker = new Thread(() ->
        {
            try
            {
                Thread.sleep(60_000);
                interrupted.complete(false);
            }
            catch (final InterruptedException ex)
            {
                interrupted.complete(true);
            }
        });
        stop.worker(worker, true);
        worker.start();
        Thread.sleep(100);
        stop.request("SIGINT");
        assertTrue(interrupted.get(10, TimeUnit.SECONDS));
    }
}

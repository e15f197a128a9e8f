package io.mmipc.bench;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class VerificationTest
{
    private static final Workload WORK = new Workload(64, 1000, 4096, 12345);

    /**
     * @return the receiver's lines after taking the sender's records, with {@code damage} applied to each before.
     */
    private static List<String> receive(final Workload work, final long interval, final Damage damage)
    {
        final Pacing pacing = new Pacing(0, work.count(), work.lap());
        final Receipt receipt = new Receipt(work, pacing);
        final Workload.Filler filler = new Workload.Filler(work);
        final UnsafeBuffer record = new UnsafeBuffer(new byte[work.size()]);
        for (long i = 0; i < work.count(); i++)
        {
            filler.fill(record, 0, i);
            if (interval > 0)
            {
                record.putLong(Workload.STAMP_OFFSET, 777 + i * interval); // as Pacing stamps it
            }
            if (damage.apply(i, record))
            {
                receipt.accept(record, 0, work.size());
            }
        }
        return receipt.report().lines().toList();
    }

    interface Damage
    {
        /** @return false to drop the record. */
        boolean apply(long sequence, UnsafeBuffer record);
    }

    private static final List<String> SENT = List.of("SENT 1000 0 0");

    @Test
    void anIntactRunPassesAndItsChecksumFollowsFromTheSeed()
    {
        final Verification.Outcome outcome = Verification.check("t", WORK, receive(WORK, 0, (i, r) -> true), SENT);
        assertEquals(900, outcome.timedRecords(), "the first tenth warms up");
        // stamped records: the checksum follows from the first stamp and the interval
        Verification.check("t", WORK, receive(WORK, 10_000, (i, r) -> true), List.of("SENT 1000 777 10000"));
    }

    @Test
    void oneFlippedPayloadByteFailsTheRun()
    {
        final Verification.Failure failure = assertThrows(Verification.Failure.class, () -> Verification.check("t", WORK,
            receive(WORK, 0, (i, r) ->
            {
                if (i == 500)
                {
                    r.putByte(40, (byte)(r.getByte(40) ^ 1));
                }
                return true;
            }), SENT));
        assertTrue(failure.getMessage().contains("checksum"), failure.getMessage());
    }

    @Test
    void aLostRecordFailsTheRunByItsCountAndItsOrder()
    {
        final Verification.Failure failure = assertThrows(Verification.Failure.class,
            () -> Verification.check("t", WORK, receive(WORK, 0, (i, r) -> i != 300), SENT));
        assertTrue(failure.getMessage().contains("got 999 of the 1000 records sent"), failure.getMessage());
    }

    @Test
    void twoSwappedRecordsFailTheRunThoughTheChecksumSumsTheSame()
    {
        final Verification.Failure failure = assertThrows(Verification.Failure.class, () -> Verification.check("t", WORK,
            receive(WORK, 0, (i, r) ->
            {
                if (i == 10 || i == 11)
                {
                    r.putLong(0, i == 10 ? 11 : 10);
                }
                return true;
            }), SENT));
        assertTrue(failure.getMessage().contains("record 10 came out of order"), failure.getMessage());
    }

    @Test
    void anotherSeedsBytesFailTheRun()
    {
        final Workload other = new Workload(64, 1000, 4096, 54321);
        assertThrows(Verification.Failure.class, () -> Verification.check("t", WORK, receive(other, 0, (i, r) -> true), SENT));
    }

    @Test
    void countsThatDisagreeFailTheRun()
    {
        final Verification.Failure failure = assertThrows(Verification.Failure.class,
            () -> Verification.check("t", WORK, receive(WORK, 0, (i, r) -> true), List.of("SENT 999 0 0")));
        assertTrue(failure.getMessage().contains("got 1000 of the 999 records sent"), failure.getMessage());
        final Verification.Failure over = assertThrows(Verification.Failure.class,
            () -> Verification.check("t", WORK, receive(WORK, 0, (i, r) -> true), List.of("SENT 1001 0 0")));
        assertTrue(over.getMessage().contains("outside 1..1000"), over.getMessage());
        assertThrows(Verification.Failure.class, () -> Verification.check("t", WORK, List.of("boom"), SENT));
    }

    @Test
    void theEndRecordEndsTheStreamAndIsNeitherCountedNorChecksummed()
    {
        final Workload work = new Workload(64, 100, 4096, 3);
        final Receipt receipt = new Receipt(work, new Pacing(0, work.count(), work.lap()));
        final Workload.Filler filler = new Workload.Filler(work);
        final UnsafeBuffer record = new UnsafeBuffer(new byte[64]);
        for (long i = 0; i < 60; i++)
        {
            filler.fill(record, 0, i);
            receipt.accept(record, 0, 64);
        }
        assertFalse(receipt.complete());
        filler.fill(record, 0, Workload.END);
        receipt.accept(record, 0, 64);
        assertTrue(receipt.complete());
        final List<String> lines = receipt.report().lines().toList();
        // 60 of at most 100: a timed run that ended early, intact; the first 50 warmed up
        final Verification.Outcome outcome = Verification.check("t", work, lines, List.of("SENT 60 0 0"));
        assertEquals(60, outcome.records());
        assertEquals(10, outcome.timedRecords());
    }

    @Test
    void aPacedScheduleRestartedAfterTheFirstRecordStillChecksOut() throws Exception
    {
        // as the Chronicle sender does in latency mode: record 0, a wait for the receiver, then the rest
        final Pacing sender = new Pacing(1_000_000, WORK.count(), WORK.lap());
        final Receipt receipt = new Receipt(WORK, new Pacing(1_000_000, WORK.count(), WORK.lap()));
        final Workload.Filler filler = new Workload.Filler(WORK);
        final UnsafeBuffer record = new UnsafeBuffer(new byte[WORK.size()]);
        for (long i = 0; i < WORK.count(); i++)
        {
            filler.fill(record, 0, i);
            sender.await(i, record, 0);
            receipt.accept(record, 0, WORK.size());
            if (i == 0)
            {
                Thread.sleep(2);
                sender.startClock();
            }
        }
        final String sent = sender.sent(WORK.count());
        assertNotEquals("0", sent.split(" ")[4], "the restart is accounted for: " + sent);
        assertEquals(WORK.count(), Verification.check("t", WORK, receipt.report().lines().toList(), List.of(sent)).records());
    }

    @Test
    void theExpectedChecksumIsTheSumOfTheRecordsHashes()
    {
        for (final int size : new int[] {8, 13, 16, 37, 64, 4096})
        {
            final Workload work = new Workload(size, 100, 1 << 16, 99);
            final Workload.Filler filler = new Workload.Filler(work);
            final UnsafeBuffer record = new UnsafeBuffer(new byte[size]);
            long sum = 0;
            for (long i = 0; i < 100; i++)
            {
                filler.fill(record, 0, i);
                sum += Workload.hash(record, 0, size);
            }
            assertEquals(sum, work.expectedChecksum(100, 0, 0), size + " B");
        }
        assertEquals(4950, Workload.triangle(100));
        // modulo 2^64 without losing a bit where n(n-1) overflows
        for (final long n : new long[] {5_000_000_001L, 6_000_000_000L})
        {
            final java.math.BigInteger big = java.math.BigInteger.valueOf(n).multiply(java.math.BigInteger.valueOf(n - 1))
                .shiftRight(1);
            assertEquals(big.longValue(), Workload.triangle(n), n + " records");
        }
    }
}

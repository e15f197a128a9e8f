package io.mmipc.bench;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Chronicle Queue between the two JVMs: a <em>persisted journal</em>, not a ring. Every record is
 * kept in the queue's file (under /dev/shm here) and the file only grows, so it has no lap to warm
 * up: its memory is pre-faulted before the timed window instead. Set up as its own
 * {@code ThroughputPerfMain} sets it up (one appender, one tailer, {@code writingDocument} /
 * {@code readingDocument}, a large block size and a large roll cycle), and further:
 * <ul>
 *   <li>zero copy on both sides: the sender fills the record at {@code addressForWrite}, the
 *       receiver checks it at {@code addressForRead} (the sample copies through a byte store);</li>
 *   <li>one block for the whole run and its pages mapped in up front by each side
 *       ({@link Native#populate}; Chronicle's own pretoucher is in its Enterprise edition);</li>
 *   <li>single-threaded checks off ({@code singleThreadedCheckDisabled}, and
 *       {@code -Ddisable.single.threaded.check=true} on this transport's command line), as its
 *       JLBH benchmark setups do.</li>
 * </ul>
 * Both sides busy-spin. The JVM flags Chronicle needs on JDK 25 are on this transport's command
 * line only ({@link BenchMain#peerFlags}).
 */
final class ChroniclePeer
{
    /** The largest journal a run writes: runs are capped to it ({@link RunSizer}). */
    static final long MAX_JOURNAL = 1L << 30;

    private ChroniclePeer()
    {
    }

    /**
     * @return bytes of journal for the run: each record, its 4-byte header, and padding (generous).
     */
    static long journalBytes(final long records, final int size)
    {
        return records * (size + 16L) + (1 << 20);
    }

    private static ChronicleQueue open(final Path dir, final Workload work)
    {
        return SingleChronicleQueueBuilder.binary(dir.toFile())
            .rollCycle(LargeRollCycles.LARGE_DAILY)
            .blockSize(Math.min(MAX_JOURNAL, Long.highestOneBit(journalBytes(work.count(), work.size())) * 2))
            .build();
    }

    static void run(final boolean send, final Workload work, final Path place, final Pacing pacing) throws Exception
    {
        final Path dir = place.resolve("chronicle");
        final Path ready = place.resolve("chronicle.ready");
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        final long journal = journalBytes(work.count(), work.size());
        if (!send)
        {
            try (ChronicleQueue queue = open(dir, work);
                ExcerptTailer tailer = queue.createTailer())
            {
                tailer.singleThreadedCheckDisabled(true);
                Files.writeString(ready, "ready");
                final Receipt receipt = new Receipt(work, pacing);
                boolean populated = false;
                while (!receipt.complete())
                {
                    try (DocumentContext dc = tailer.readingDocument())
                    {
                        if (!dc.isPresent())
                        {
                            Thread.onSpinWait();
                            continue;
                        }
                        final Bytes<?> bytes = dc.wire().bytes();
                        final int length = (int)bytes.readRemaining();
                        final long address = bytes.addressForRead(bytes.readPosition(), length);
                        if (!populated)
                        {
                            // first record: part of the untimed warm-up; map the rest of the journal in now
                            System.err.println("NOTE chronicle-journal: " + (journal >> 20) + " MiB of journal " +
                                (Native.populate(address, journal) == 0 ? "mapped in before the timed window" :
                                    "not pre-faulted (MADV_POPULATE_WRITE refused)"));
                            populated = true;
                            ReceiverReady.signal(place); // the sender's clock starts now
                        }
                        view.wrap(address, length);
                        receipt.accept(view, 0, length);
                    }
                }
                receipt.print();
            }
            return;
        }
        while (!Files.exists(ready))
        {
            Thread.sleep(1);
        }
        try (ChronicleQueue queue = open(dir, work);
            ExcerptAppender appender = queue.createAppender())
        {
            appender.singleThreadedCheckDisabled(true);
            try (DocumentContext dc = appender.writingDocument())
            {
                // a document begun and rolled back: it maps the journal's file, whose pages are then mapped in
                final Bytes<?> bytes = dc.wire().bytes();
                Native.populate(bytes.addressForWrite(bytes.writePosition()), journal);
                dc.rollbackOnClose();
            }
            final Workload.Filler filler = new Workload.Filler(work);
            final int size = work.size();
            long i = 0;
            for (; i < work.count() && pacing.more(i); i++)
            {
                try (DocumentContext dc = appender.writingDocument())
                {
                    reserve(dc, view, size);
                    filler.fill(view, 0, i);
                    pacing.await(i, view, 0);
                }
                if (i == 0)
                {
                    // the journal's file exists once written to: the receiver maps it in on this first
                    // record, then says so, and the timed run starts from there
                    ReceiverReady.await(place);
                    pacing.startClock();
                }
            }
            try (DocumentContext dc = appender.writingDocument())
            {
                reserve(dc, view, size);
                filler.fill(view, 0, Workload.END);
            }
            System.err.println(pacing.sent(i));
        }
    }

    /**
     * Reserves a record in the document and points {@code view} at it, for writing in place.
     */
    private static void reserve(final DocumentContext dc, final UnsafeBuffer view, final int size)
    {
        final Bytes<?> bytes = dc.wire().bytes();
        final long position = bytes.writePosition();
        bytes.writeSkip(size); // reserves the record (and maps its block) before it is written in place
        view.wrap(bytes.addressForWrite(position), size);
    }
}

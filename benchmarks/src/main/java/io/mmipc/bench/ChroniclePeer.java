package io.mmipc.bench;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Chronicle Queue between the two JVMs: one appender, one tailer, on a queue folder under /dev/shm.
 * Both sides busy-spin. The JVM flags Chronicle needs are added to this transport's command line
 * only ({@link BenchMain}).
 */
final class ChroniclePeer
{
    private ChroniclePeer()
    {
    }

    static void run(final boolean send, final Workload work, final Path place, final Pacing pacing) throws Exception
    {
        final Path dir = place.resolve("chronicle");
        final Path ready = place.resolve("chronicle.ready");
        final byte[] record = new byte[work.size()];
        final UnsafeBuffer view = new UnsafeBuffer(record);
        if (!send)
        {
            try (ChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir.toFile()).build();
                ExcerptTailer tailer = queue.createTailer())
            {
                Files.writeString(ready, "ready");
                long records = 0;
                long checksum = 0;
                long first = 0;
                while (records < work.count())
                {
                    try (DocumentContext dc = tailer.readingDocument())
                    {
                        if (!dc.isPresent())
                        {
                            Thread.onSpinWait();
                            continue;
                        }
                        final Bytes<?> bytes = dc.wire().bytes();
                        bytes.read(record, 0, work.size());
                    }
                    if (records == 0)
                    {
                        first = System.nanoTime();
                    }
                    pacing.received(view, 0);
                    checksum = Workload.checksum(checksum, view, 0, work.size());
                    records++;
                }
                Peer.result(records, System.nanoTime() - first, checksum, pacing);
            }
            return;
        }
        while (!Files.exists(ready))
        {
            Thread.sleep(1);
        }
        try (ChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir.toFile()).build();
            ExcerptAppender appender = queue.createAppender())
        {
            for (long i = 0; i < work.count(); i++)
            {
                Workload.fill(view, 0, work.size(), i);
                pacing.await(i, view, 0);
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().write(record, 0, work.size());
                }
            }
        }
    }
}

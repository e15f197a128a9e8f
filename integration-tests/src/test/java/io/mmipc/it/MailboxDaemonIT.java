package io.mmipc.it;

import io.mmipc.WaitStrategy;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.mailbox.MailboxDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The daemons with {@code --mailbox}: what they count, and the options they honour (issue 10, item 5).
 */
class MailboxDaemonIT extends DaemonTestSupport
{
    @Test
    void aProducerStoppedWhileTheMailboxIsFullCountsOnlyTheMessagesItSent() throws Exception
    {
        assertEquals(0, start("ipc", "mailbox", "create", "full", "--slots", "2", "--slot-size", "128").waitFor(60));
        final Path input = work.resolve("three.bin");
        Files.write(input, new byte[80 * 3]); // three messages of 80 bytes, the slot's largest
        final Script producer = start("producer", "--mailbox", "full", "--source", "file:" + input);
        awaitFill("full", 2);
        Thread.sleep(300); // the third send is waiting for a free slot
        producer.signal("TERM");
        assertEquals(0, producer.waitFor(60), producer.stderr());
        assertEquals(2, producer.records(), "the third message was not sent, so not counted: " + producer.stderr());
    }

    @Test
    void waitAndCapacityAndSlotSizeAreHonouredWithMailbox() throws Exception
    {
        final Script producer = start("producer", "--mailbox", "sized", "--capacity", "8k", "--slot-size", "256",
            "--wait", "backoff", "--count", "3", "--size", "32");
        assertEquals(0, producer.waitFor(60), producer.stderr());
        try (FileChannel ch = FileChannel.open(channelFile("sized"), StandardOpenOption.READ))
        {
            final UnsafeBuffer b = new UnsafeBuffer(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()));
            assertEquals(32, b.getInt(MailboxDescriptor.SLOT_COUNT_OFFSET), "8 KiB of 256-byte slots");
            assertEquals(256, b.getInt(MailboxDescriptor.SLOT_SIZE_OFFSET));
            assertEquals(WaitStrategy.BACKOFF, WaitStrategy.ofCode(new ParticipantSlot(b, MailboxDescriptor.entryOffset(0)).wakeMode()));
        }
        final Script consumer = start("consumer", "--mailbox", "sized", "--count", "3", "--wait", "spin");
        assertEquals(0, consumer.waitFor(60), consumer.stderr());
        assertEquals(3, consumer.records());
    }

    private void awaitFill(final String name, final long fill) throws Exception
    {
        final long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline)
        {
            try (FileChannel ch = FileChannel.open(channelFile(name), StandardOpenOption.READ))
            {
                final UnsafeBuffer b = new UnsafeBuffer(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()));
                if (b.getLongVolatile(MailboxDescriptor.TAIL_OFFSET) >= fill)
                {
                    return;
                }
            }
            Thread.sleep(20);
        }
        fail("the mailbox never held " + fill + " messages");
    }
}

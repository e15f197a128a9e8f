package io.mmipc.core.mailbox;

import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.signal.StopFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static io.mmipc.core.mailbox.MailboxDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/** What {@code ipc stat} and {@code ipc mailbox list} read: positions, fill and participants, from the file alone. */
class MailboxStatusTest
{
    @TempDir
    Path dir;

    @Test
    void theStatusIsReadFromThePositionsAndTheParticipantTable() throws Exception
    {
        final Path path = dir.resolve("s.mmipc");
        final Mailbox.Options options = new Mailbox.Options(8, 128, PosixFilePermissions.fromString("rw-------"));
        try (Mailbox sender = Mailbox.create(path, options, "tx", new StopFlag());
             Mailbox receiver = Mailbox.open(path, "rx", new StopFlag()))
        {
            for (int i = 0; i < 3; i++)
            {
                assertTrue(sender.send(("m" + i).getBytes(StandardCharsets.UTF_8)));
            }
            assertNotNull(receiver.receive(Duration.ofSeconds(5)));
            MailboxTest.forgeDeadEntry(path, MailboxTest.map(path), 5, "gone", ROLE_SENDER | ROLE_RECEIVER, 0, 0);
            final MailboxStatus status = MailboxStatus.read(path);
            assertEquals(8, status.slots());
            assertEquals(128, status.slotSize());
            assertEquals(1, status.head());
            assertEquals(3, status.tail());
            assertEquals(2, status.fill());
            assertEquals(2, status.used());
            assertEquals(6, status.free(), "slots - (tail - head)");
            assertEquals(3, status.sent());
            assertEquals(1, status.received());
            assertEquals(3, status.participants().size());
            final MailboxStatus.Participant tx = status.participants().get(0);
            assertEquals("tx", tx.name());
            assertEquals(ProcessHandle.current().pid(), tx.pid());
            assertTrue(tx.sender());
            assertFalse(tx.receiver());
            assertTrue(tx.live());
            assertTrue(tx.heartbeatAgeMs() < 60_000);
            final MailboxStatus.Participant rx = status.participants().get(1);
            assertTrue(rx.receiver());
            assertFalse(rx.sender());
            final MailboxStatus.Participant gone = status.participants().get(2);
            assertEquals(ParticipantState.DEAD, gone.state());
            assertFalse(gone.live());
            assertEquals(1, status.liveSenders(), "the dead one is not counted");
            assertEquals(1, status.liveReceivers());
        }
    }

    @Test
    void aFileThatIsNotAMailboxReadsAsNone() throws Exception
    {
        final Path channel = dir.resolve("not-a-mailbox");
        Files.write(channel, "MMIPC.CHsomething else".getBytes(StandardCharsets.US_ASCII));
        assertNull(MailboxStatus.read(channel));
        final Path tiny = dir.resolve("tiny");
        Files.write(tiny, new byte[3]);
        assertNull(MailboxStatus.read(tiny), "shorter than a magic");
    }
}

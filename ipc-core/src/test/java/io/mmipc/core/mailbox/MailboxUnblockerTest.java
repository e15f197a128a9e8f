package io.mmipc.core.mailbox;

import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.signal.StopFlag;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static io.mmipc.core.mailbox.MailboxDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link MailboxUnblocker} over forged dead entries (as {@code kill -9} leaves them): exactly which
 * positions it tombstones or frees, which it must leave alone (published messages, a claim whose CAS
 * never won, positions a live participant claims, a durable receiver's claim for its successor), and
 * the intents and waiting bits it clears.
 */
class MailboxUnblockerTest
{
    private static final int SLOTS = 8;
    private static final int SLOT_SIZE = 128;
    private static final int DEAD = 3;

    @TempDir
    Path dir;

    private Path path;
    private Mailbox live; // entry 0: a live participant
    private UnsafeBuffer buffer;
    private ParticipantTable table;
    private MailboxWakeups wakeups;
    private final ProcessIdentity me = ProcessIdentity.current();

    @BeforeEach
    void open() throws Exception
    {
        path = dir.resolve("u.mmipc");
        live = Mailbox.create(path, new Mailbox.Options(SLOTS, SLOT_SIZE, PosixFilePermissions.fromString("rw-------")),
            "live", new StopFlag());
        buffer = MailboxTest.map(path);
        table = new ParticipantTable(buffer);
        wakeups = new MailboxWakeups(buffer, table, me);
    }

    @AfterEach
    void close()
    {
        live.close();
    }

    private long turn(final long position)
    {
        return buffer.getLongVolatile(HEADER_LENGTH + (int)(position & (SLOTS - 1)) * SLOT_SIZE + SLOT_SEQUENCE_OFFSET);
    }

    private void setTurn(final long position, final long value)
    {
        buffer.putLongVolatile(HEADER_LENGTH + (int)(position & (SLOTS - 1)) * SLOT_SIZE + SLOT_SEQUENCE_OFFSET, value);
    }

    private int unblock()
    {
        return MailboxUnblocker.unblockAll(buffer, table, me, wakeups);
    }

    @Test
    void aDeadSendersUnpublishedPositionsBecomeTombstonesAndItsPublishedOneStays()
    {
        MailboxTest.forgeDeadEntry(path, buffer, DEAD, "", ROLE_SENDER, intent(2, 3), 0);
        buffer.putLongVolatile(TAIL_OFFSET, 5); // its CAS of TAIL won
        setTurn(2, 3);                          // position 2 published before it died
        buffer.putLongVolatile(SENDERS_WAITING_OFFSET, (1L << DEAD) | 1L);
        buffer.putLongVolatile(RECEIVERS_WAITING_OFFSET, 1L << DEAD);
        assertEquals(2, unblock());
        assertEquals(3, turn(2), "a published message is never tombstoned");
        assertEquals(tombstone(3), turn(3));
        assertEquals(tombstone(4), turn(4));
        assertEquals(5, turn(5), "outside the claim: untouched");
        assertEquals(0, buffer.getLongVolatile(entryOffset(DEAD) + SEND_INTENT_OFFSET));
        assertEquals(1L, buffer.getLongVolatile(SENDERS_WAITING_OFFSET), "only the dead entry's bit is cleared");
        assertEquals(0, buffer.getLongVolatile(RECEIVERS_WAITING_OFFSET));
        assertEquals(0, unblock(), "nothing left to do");
    }

    @Test
    void aDeadSendersClaimWhoseCasNeverWonTouchesNoSlot()
    {
        MailboxTest.forgeDeadEntry(path, buffer, DEAD, "", ROLE_SENDER, intent(2, 3), 0);
        buffer.putLongVolatile(TAIL_OFFSET, 4); // short of 2 + 3: another sender's CAS won instead
        assertEquals(0, unblock());
        for (long p = 2; p < 5; p++)
        {
            assertEquals(p, turn(p));
        }
        assertEquals(0, buffer.getLongVolatile(entryOffset(DEAD) + SEND_INTENT_OFFSET), "the stale intent is dropped");
    }

    @Test
    void positionsALiveParticipantClaimsAreLeftToIt()
    {
        MailboxTest.forgeDeadEntry(path, buffer, DEAD, "", ROLE_SENDER, intent(2, 2), 0);
        buffer.putLongVolatile(TAIL_OFFSET, 4);
        buffer.putLongVolatile(entryOffset(0) + SEND_INTENT_OFFSET, intent(3, 1)); // the live entry claims 3
        assertEquals(1, unblock());
        assertEquals(tombstone(2), turn(2));
        assertEquals(3, turn(3), "the live claimer publishes it");
        buffer.putLongVolatile(entryOffset(0) + SEND_INTENT_OFFSET, 0);
    }

    @Test
    void aDeadReceiversTakenSlotsAreFreedForTheNextLap()
    {
        MailboxTest.forgeDeadEntry(path, buffer, DEAD, "", ROLE_RECEIVER, 0, intent(1, 3));
        buffer.putLongVolatile(TAIL_OFFSET, 4);
        buffer.putLongVolatile(HEAD_OFFSET, 4); // its CAS of HEAD won
        setTurn(1, 2);
        setTurn(2, tombstone(2));
        setTurn(3, 3 + SLOTS); // already freed before it died
        assertEquals(2, unblock());
        assertEquals(1 + SLOTS, turn(1));
        assertEquals(2 + SLOTS, turn(2));
        assertEquals(3 + SLOTS, turn(3));
        assertEquals(0, buffer.getLongVolatile(entryOffset(DEAD) + RECV_INTENT_OFFSET));
    }

    @Test
    void aDeadReceiversClaimWhoseCasNeverWonFreesNothing()
    {
        MailboxTest.forgeDeadEntry(path, buffer, DEAD, "", ROLE_RECEIVER, 0, intent(1, 2));
        buffer.putLongVolatile(TAIL_OFFSET, 3);
        buffer.putLongVolatile(HEAD_OFFSET, 2);
        setTurn(1, 2);
        setTurn(2, 3);
        assertEquals(0, unblock());
        assertEquals(2, turn(1), "still a published message for the next receiver");
        assertEquals(3, turn(2));
    }

    @Test
    void aDeadDurableReceiversClaimIsKeptForItsSuccessorUnlessTheSuccessorLetsItGo()
    {
        MailboxTest.forgeDeadEntry(path, buffer, DEAD, "rx", ROLE_RECEIVER | ROLE_DURABLE, 0, intent(0, 1));
        buffer.putLongVolatile(TAIL_OFFSET, 1);
        buffer.putLongVolatile(HEAD_OFFSET, 1);
        setTurn(0, 1);
        assertEquals(0, unblock(), "a durable receiver's successor redelivers its claim");
        assertEquals(intent(0, 1), buffer.getLongVolatile(entryOffset(DEAD) + RECV_INTENT_OFFSET));
        assertEquals(1, turn(0));
        assertEquals(0, MailboxUnblocker.resolveAdopted(buffer, table, me, wakeups, DEAD, true), "kept to redeliver");
        assertEquals(intent(0, 1), buffer.getLongVolatile(entryOffset(DEAD) + RECV_INTENT_OFFSET));
        assertEquals(1, MailboxUnblocker.resolveAdopted(buffer, table, me, wakeups, DEAD, false), "let go: freed");
        assertEquals(SLOTS, turn(0));
        assertEquals(0, buffer.getLongVolatile(entryOffset(DEAD) + RECV_INTENT_OFFSET));
    }

    @Test
    void aLiveParticipantsIntentsAreNeverResolved()
    {
        buffer.putLongVolatile(entryOffset(0) + SEND_INTENT_OFFSET, intent(0, 1));
        buffer.putLongVolatile(TAIL_OFFSET, 1);
        assertEquals(0, unblock());
        assertEquals(0, turn(0));
        assertEquals(intent(0, 1), buffer.getLongVolatile(entryOffset(0) + SEND_INTENT_OFFSET));
        buffer.putLongVolatile(entryOffset(0) + SEND_INTENT_OFFSET, 0);
    }

    @Test
    void positionsOnALaterLapMapToTheirSlot()
    {
        MailboxTest.forgeDeadEntry(path, buffer, DEAD, "", ROLE_SENDER, intent(2 * SLOTS + 6, 2), 0);
        buffer.putLongVolatile(HEAD_OFFSET, 2 * SLOTS + 6);
        buffer.putLongVolatile(TAIL_OFFSET, 2 * SLOTS + 8);
        setTurn(6, 2 * SLOTS + 6);
        setTurn(7, 2 * SLOTS + 7);
        assertEquals(2, unblock());
        assertEquals(tombstone(2 * SLOTS + 6), turn(6));
        assertEquals(tombstone(2 * SLOTS + 7), turn(7));
    }
}

package io.mmipc.core.mailbox;

import io.mmipc.core.file.RecordLayout;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.signal.StopFlag;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static io.mmipc.core.mailbox.MailboxDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link MailboxQueue} on its own: the words it leaves in the file after each step (intents, turn
 * words, message headers), so that a missing store, which another message would hide, fails here.
 */
class MailboxQueueTest
{
    private static final int SLOTS = 8;
    private static final int SLOT_SIZE = 128;

    @TempDir
    Path dir;

    private Mailbox owner; // keeps the file and our participant entry (index 0) alive
    private UnsafeBuffer buffer;
    private MailboxQueue queue;
    private final int entry = entryOffset(1);
    private final long pid = ProcessIdentity.current().pid();
    private final List<String> got = new ArrayList<>();
    private final List<Boolean> freedBeforeRelease = new ArrayList<>();

    private final MessageHandler collect = new MessageHandler()
    {
        @Override
        public void onMessage(final int type, final long senderPid, final long senderSequence, final DirectBuffer b,
            final int offset, final int length, final long position)
        {
            got.add(position + ":" + RecordLayout.typeName(type) + ":" + senderPid + ":" + senderSequence + ":" +
                b.getStringWithoutLengthUtf8(offset, length) + ":" + MailboxQueue.senderName(b, offset));
        }

        @Override
        public void beforeRelease()
        {
            // the slots of the batch are not freed yet: a durable sink records them first
            freedBeforeRelease.add(buffer.getLongVolatile(HEADER_LENGTH + SLOT_SEQUENCE_OFFSET) == SLOTS);
        }
    };

    @BeforeEach
    void open() throws Exception
    {
        final Path path = dir.resolve("q.mmipc");
        owner = Mailbox.create(path, new Mailbox.Options(SLOTS, SLOT_SIZE, PosixFilePermissions.fromString("rw-------")),
            "", new StopFlag());
        buffer = MailboxTest.map(path);
        final ParticipantTable table = new ParticipantTable(buffer);
        queue = new MailboxQueue(buffer, entry, pid, ParticipantTable.nameBytes("alice", SLOT_SENDER_NAME_LENGTH),
            new MailboxWakeups(buffer, table, ProcessIdentity.current()));
    }

    @AfterEach
    void close()
    {
        owner.close();
    }

    private void put(final int i, final String text)
    {
        final byte[] b = text.getBytes(StandardCharsets.UTF_8);
        buffer.putBytes(queue.payloadOffset(i), b);
        queue.commit(i, RecordLayout.dataType(i + 1), b.length);
    }

    @Test
    void aClaimWritesItsIntentFirstAndPublishingTurnsEachSlotAndClearsIt()
    {
        assertEquals(SLOT_SIZE - SLOT_HEADER_LENGTH, queue.maxMessageLength());
        assertEquals(HEADER_LENGTH + 3 * SLOT_SIZE, queue.slotOffset(SLOTS + 3), "positions wrap on the slot count");
        assertEquals(3, queue.tryClaim(3));
        assertEquals(intent(0, 3), buffer.getLongVolatile(entry + SEND_INTENT_OFFSET), "the claim is on record");
        assertEquals(3, buffer.getLongVolatile(TAIL_OFFSET));
        assertEquals(queue.slotOffset(2) + SLOT_HEADER_LENGTH, queue.payloadOffset(2));
        put(0, "a");
        put(1, "bb");
        put(2, "ccc");
        final int at = queue.slotOffset(1);
        assertEquals(2, buffer.getInt(at + SLOT_LENGTH_OFFSET));
        assertEquals(RecordLayout.dataType(2), buffer.getInt(at + SLOT_TYPE_OFFSET));
        assertEquals(pid, buffer.getLong(at + SLOT_SENDER_PID_OFFSET));
        assertEquals(1, buffer.getLong(at + SLOT_SENDER_SEQUENCE_OFFSET));
        assertEquals(1, buffer.getLongVolatile(at + SLOT_SEQUENCE_OFFSET), "not published yet: the turn is still 'free'");
        assertEquals(3, queue.publish());
        for (int p = 0; p < 3; p++)
        {
            assertEquals(p + 1, buffer.getLongVolatile(queue.slotOffset(p) + SLOT_SEQUENCE_OFFSET), "published turn");
        }
        assertEquals(0, buffer.getLongVolatile(entry + SEND_INTENT_OFFSET), "the claim is over");
        assertEquals(3, queue.sent());
        assertEquals(1, queue.tryClaim(1));
        assertEquals(intent(3, 1), buffer.getLongVolatile(entry + SEND_INTENT_OFFSET));
        put(0, "d");
        assertEquals(3, buffer.getLong(queue.slotOffset(3) + SLOT_SENDER_SEQUENCE_OFFSET), "the sender's order goes on");
        queue.publish();
    }

    @Test
    void aReceiveHandsEachMessageWithItsHeaderThenFreesTheSlotsForTheNextLap()
    {
        queue.tryClaim(2);
        put(0, "one");
        put(1, "two");
        queue.publish();
        assertEquals(2, queue.tryReceive(collect, 10));
        assertEquals(List.of("0:DATA (type id 1):" + pid + ":0:one:alice", "1:DATA (type id 2):" + pid + ":1:two:alice"), got);
        assertEquals(List.of(false), freedBeforeRelease);
        assertEquals(SLOTS, buffer.getLongVolatile(queue.slotOffset(0) + SLOT_SEQUENCE_OFFSET), "free for position 8");
        assertEquals(SLOTS + 1, buffer.getLongVolatile(queue.slotOffset(1) + SLOT_SEQUENCE_OFFSET));
        assertEquals(2, buffer.getLongVolatile(HEAD_OFFSET));
        assertEquals(0, buffer.getLongVolatile(entry + RECV_INTENT_OFFSET), "the receive claim is over");
        assertEquals(0, queue.tryReceive(collect, 10), "nothing more");
    }

    @Test
    void theMailboxIsFullAfterOneLapUntilAReceiverFreesASlot()
    {
        assertEquals(SLOTS, queue.tryClaim(MAX_BATCH));
        for (int i = 0; i < SLOTS; i++)
        {
            put(i, "m" + i);
        }
        queue.publish();
        assertEquals(0, queue.tryClaim(1), "full");
        assertEquals(1, queue.tryReceive(collect, 1));
        assertEquals(1, queue.tryClaim(2), "exactly the one freed slot");
        assertEquals(intent(SLOTS, 1), buffer.getLongVolatile(entry + SEND_INTENT_OFFSET));
        put(0, "next lap");
        queue.publish();
    }

    @Test
    void anAbandonedClaimBecomesTombstonesThatReceiversSkip()
    {
        queue.tryClaim(2);
        queue.abandonClaim();
        assertEquals(0, buffer.getLongVolatile(entry + SEND_INTENT_OFFSET));
        assertEquals(tombstone(0), buffer.getLongVolatile(queue.slotOffset(0) + SLOT_SEQUENCE_OFFSET));
        assertEquals(tombstone(1), buffer.getLongVolatile(queue.slotOffset(1) + SLOT_SEQUENCE_OFFSET));
        queue.abandonClaim(); // nothing claimed: nothing happens
        assertEquals(tombstone(0), buffer.getLongVolatile(queue.slotOffset(0) + SLOT_SEQUENCE_OFFSET));
        queue.tryClaim(1);
        put(0, "after");
        queue.publish();
        assertEquals(3, queue.tryReceive(collect, 10), "two tombstones and the message, in one claim");
        assertEquals(1, got.size());
        assertTrue(got.get(0).startsWith("2:"), got.toString());
        assertEquals(SLOTS, buffer.getLongVolatile(queue.slotOffset(0) + SLOT_SEQUENCE_OFFSET), "a tombstone's slot is freed");
    }

    @Test
    void aDamagedLengthIsRefusedAtTheEdgeAndTheSlotIsStillFreed()
    {
        queue.tryClaim(2);
        put(0, "x");
        buffer.putInt(queue.slotOffset(0) + SLOT_LENGTH_OFFSET, SLOT_SIZE - SLOT_HEADER_LENGTH); // the largest: fine
        put(1, "y");
        buffer.putInt(queue.slotOffset(1) + SLOT_LENGTH_OFFSET, SLOT_SIZE - SLOT_HEADER_LENGTH + 1);
        queue.publish();
        final IllegalStateException damaged = assertThrows(IllegalStateException.class, () -> queue.tryReceive(collect, 10));
        assertTrue(damaged.getMessage().contains("position 1 holds a message of length " + (SLOT_SIZE - SLOT_HEADER_LENGTH + 1)),
            damaged.getMessage());
        assertEquals(1, got.size(), "the first message was handed over");
        assertEquals(0, buffer.getLongVolatile(entry + RECV_INTENT_OFFSET));
        assertEquals(SLOTS + 1, buffer.getLongVolatile(queue.slotOffset(1) + SLOT_SEQUENCE_OFFSET), "freed all the same");
    }

    @Test
    void anAdoptedReceiveClaimIsHandedOverOnlyIfItsCasHadWon()
    {
        queue.tryClaim(2);
        put(0, "p");
        put(1, "q");
        queue.publish();
        buffer.putLongVolatile(entry + RECV_INTENT_OFFSET, intent(0, 2)); // a predecessor's claim, CAS not done
        assertEquals(0, queue.redeliverAdopted(collect));
        assertEquals(0, buffer.getLongVolatile(entry + RECV_INTENT_OFFSET), "it held nothing: the intent is dropped");
        assertEquals(0, queue.redeliverAdopted(collect), "no intent: nothing to hand over");

        buffer.putLongVolatile(HEAD_OFFSET, 2); // now its CAS had won, and it died before freeing
        buffer.putLongVolatile(entry + RECV_INTENT_OFFSET, intent(0, 2));
        assertEquals(2, queue.redeliverAdopted(collect));
        assertEquals(List.of("0:DATA (type id 1):" + pid + ":0:p:alice", "1:DATA (type id 2):" + pid + ":1:q:alice"), got);
        assertEquals(SLOTS, buffer.getLongVolatile(queue.slotOffset(0) + SLOT_SEQUENCE_OFFSET));

        buffer.putLongVolatile(HEAD_OFFSET, 1);
        buffer.putLongVolatile(entry + RECV_INTENT_OFFSET, intent(0, 2));
        assertEquals(0, queue.redeliverAdopted(collect), "a head short of the claim's end by one: not won");
    }
}

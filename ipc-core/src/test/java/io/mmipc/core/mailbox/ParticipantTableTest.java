package io.mmipc.core.mailbox;

import io.mmipc.WaitStrategy;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.ProcessIdentity;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.exceptions.ChannelFileException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static io.mmipc.core.mailbox.MailboxDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

class ParticipantTableTest
{
    @TempDir
    Path dir;

    private final ProcessIdentity me = ProcessIdentity.current();

    private UnsafeBuffer fresh(final String name) throws Exception
    {
        final Path path = dir.resolve(name);
        MailboxFiles.create(path, new Mailbox.Options(8, 128, PosixFilePermissions.fromString("rw-------")));
        return MailboxTest.map(path);
    }

    @Test
    void aDeadEntryOfTheSameNameIsAdoptedOtherwiseAFreeEntryThatHoldsNothing() throws Exception
    {
        final UnsafeBuffer buffer = fresh("t.mmipc");
        final Path path = dir.resolve("t.mmipc");
        MailboxTest.forgeDeadEntry(path, buffer, 0, "other", ROLE_SENDER, intent(0, 1), 0); // holds a claim
        MailboxTest.forgeDeadEntry(path, buffer, 1, "", ROLE_SENDER, 0, 0);                // dead, nameless, empty
        MailboxTest.forgeDeadEntry(path, buffer, 5, "rx", ROLE_RECEIVER | ROLE_DURABLE, 0, intent(0, 1));
        final ParticipantTable table = new ParticipantTable(buffer);
        assertEquals(5, table.claim(path, me, WaitStrategy.FUTEX, ParticipantTable.nameBytes("rx", NAME_LENGTH)),
            "the dead durable receiver's successor adopts its entry, claim and all");
        assertEquals(1, table.claim(path, me, WaitStrategy.FUTEX, ParticipantTable.nameBytes("new", NAME_LENGTH)),
            "entry 0 still holds a dead sender's claim: the unblocker must resolve it first");
        assertEquals(2, table.claim(path, me, WaitStrategy.FUTEX, ParticipantTable.nameBytes("", NAME_LENGTH)));
        assertTrue(table.isLive(5, me));
        assertFalse(table.isLive(0, me));
        assertEquals("other", table.name(0));
        assertEquals(ROLE_SENDER, table.roles(0));
        assertTrue(table.holdsSomething(0));
        assertFalse(table.holdsSomething(2));
        final List<Integer> seen = new ArrayList<>();
        table.forEach((i, offset, slot) ->
        {
            assertEquals(entryOffset(i), offset);
            seen.add(i);
        });
        assertEquals(List.of(0, 1, 2, 5), seen, "every entry ever claimed, and only those");
        assertTrue(table.used(5));
        assertFalse(table.used(3));
    }

    @Test
    void aWaitingBitAloneKeepsAnEntryFromReuse() throws Exception
    {
        final UnsafeBuffer buffer = fresh("w.mmipc");
        final Path path = dir.resolve("w.mmipc");
        MailboxTest.forgeDeadEntry(path, buffer, 0, "", ROLE_RECEIVER, 0, 0);
        buffer.putLongVolatile(RECEIVERS_WAITING_OFFSET, 1L);
        final ParticipantTable table = new ParticipantTable(buffer);
        assertTrue(table.holdsSomething(0));
        assertEquals(1, table.claim(path, me, WaitStrategy.FUTEX, new byte[NAME_LENGTH]));
        buffer.putLongVolatile(RECEIVERS_WAITING_OFFSET, 0);
        buffer.putLongVolatile(SENDERS_WAITING_OFFSET, 1L);
        assertTrue(table.holdsSomething(0), "a sender's waiting bit too");
    }

    @Test
    void anEntryLeftClaimingIsTakenOnlyWhenNoOtherIsFree() throws Exception
    {
        final UnsafeBuffer buffer = fresh("c.mmipc");
        final Path path = dir.resolve("c.mmipc");
        final ParticipantTable table = new ParticipantTable(buffer);
        assertEquals(0, table.claim(path, me, WaitStrategy.FUTEX, new byte[NAME_LENGTH]));
        // entry 1: a claimer that died between its two CASes
        buffer.putIntVolatile(entryOffset(1) + ParticipantSlot.STATE_OFFSET, 4 << 9 | ParticipantState.CLAIMING.code());
        buffer.putLongVolatile(entryOffset(1) + ParticipantSlot.TOKEN_OFFSET, 99);
        for (int i = 2; i < MAX_PARTICIPANTS; i++)
        {
            assertEquals(i, table.claim(path, me, WaitStrategy.FUTEX, new byte[NAME_LENGTH]), "entry 1 is skipped");
        }
        final long start = System.nanoTime();
        assertEquals(1, table.claim(path, me, WaitStrategy.FUTEX, new byte[NAME_LENGTH]), "the last one left");
        assertTrue(System.nanoTime() - start >= ParticipantSlot.CLAIM_TIMEOUT_NANOS, "after the claim timeout");
        final ChannelFileException full = assertThrows(ChannelFileException.class,
            () -> table.claim(path, me, WaitStrategy.FUTEX, new byte[NAME_LENGTH]));
        assertTrue(full.getMessage().contains(MAX_PARTICIPANTS + " entries are live"), full.getMessage());
    }

    @Test
    void namesAreCutAtACharacterBoundaryAndReadBack()
    {
        assertArrayEquals(new byte[] {'a', 'b', 0, 0}, ParticipantTable.nameBytes("ab", 4));
        assertArrayEquals("abcd".getBytes(StandardCharsets.UTF_8), ParticipantTable.nameBytes("abcd", 4));
        final byte[] cut = ParticipantTable.nameBytes("abcé", 4); // é is 2 bytes: it does not fit
        assertArrayEquals(new byte[] {'a', 'b', 'c', 0}, cut);
        assertEquals("abc", ParticipantTable.text(cut));
        assertEquals("", ParticipantTable.text(new byte[4]));
        assertArrayEquals(new byte[4], ParticipantTable.nameBytes("", 4));
    }
}

package io.mmipc.core.channel;

import io.mmipc.WaitStrategy;
import io.mmipc.core.file.ChannelDescriptor;
import io.mmipc.core.file.RecordLayout;
import io.mmipc.core.liveness.ParticipantSlot;
import io.mmipc.core.liveness.ParticipantState;
import io.mmipc.core.liveness.Role;
import io.mmipc.core.signal.StopFlag;
import io.mmipc.exceptions.ChannelFileException;
import io.mmipc.exceptions.RoleTakenException;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ChannelEndpointTest
{
    private static final int CAPACITY = 4096;
    private static final int MAX = 512;

    @TempDir
    Path dir;

    private final StopFlag stop = new StopFlag();

    private ChannelEndpoint attach(final Path path, final Role role)
    {
        return ChannelEndpoint.attach(path, CAPACITY, MAX, PosixFilePermissions.fromString("rw-r-----"), false, role,
            WaitStrategy.SPIN, stop, 1);
    }

    private static List<String> drain(final ChannelEndpoint consumer)
    {
        final List<String> got = new ArrayList<>();
        consumer.consumer().poll((int type, long sequence, DirectBuffer buffer, int offset, int length) ->
            got.add(type == RecordLayout.DATA ? sequence + ":" + buffer.getStringWithoutLengthAscii(offset, length) : "END"),
            100);
        return got;
    }

    private static void write(final ChannelEndpoint producer, final String text)
    {
        final byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        assertTrue(producer.producer().write(b, 0, b.length) >= 0);
    }

    @Test
    void aFreshChannelIsCreatedWithTheModeAndEachRoleFindsItsSlotEmpty() throws Exception
    {
        final Path path = dir.resolve("fresh.mmipc");
        try (ChannelEndpoint producer = attach(path, Role.PRODUCER);
             ChannelEndpoint consumer = attach(path, Role.CONSUMER))
        {
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            assertEquals(ParticipantState.EMPTY, producer.previousState());
            assertEquals(ParticipantState.EMPTY, consumer.previousState());
            assertNull(producer.recovery(), "nobody died: nothing to recover");
            assertFalse(producer.streamEndPending());
            assertSame(Role.PRODUCER, producer.role());
            assertEquals(path, producer.file().path());
            assertNotNull(producer.waiter());
            write(producer, "a");
            producer.producer().flush();
            assertEquals(List.of("0:a"), drain(consumer));
        }
        try (ChannelEndpoint again = attach(path, Role.PRODUCER))
        {
            assertEquals(ParticipantState.STOPPED, again.previousState(), "the last producer stopped cleanly");
        }
    }

    @Test
    void eachEndpointRefusesTheOtherRolesSide()
    {
        final Path path = dir.resolve("sides.mmipc");
        try (ChannelEndpoint producer = attach(path, Role.PRODUCER);
             ChannelEndpoint consumer = attach(path, Role.CONSUMER))
        {
            assertTrue(assertThrows(IllegalStateException.class, producer::consumer).getMessage()
                .contains("attached as producer, not consumer"));
            assertTrue(assertThrows(IllegalStateException.class, consumer::producer).getMessage()
                .contains("attached as consumer, not producer"));
        }
    }

    @Test
    void explicitSizesThatDifferFromTheFilesAreRefusedAndTheSlotIsLeftFree()
    {
        final Path path = dir.resolve("sized.mmipc");
        attach(path, Role.CONSUMER).close();
        final ChannelFileException wrong = assertThrows(ChannelFileException.class, () -> ChannelEndpoint.attach(path,
            CAPACITY * 2, MAX, PosixFilePermissions.fromString("rw-------"), true, Role.PRODUCER, WaitStrategy.SPIN, stop, 1));
        assertTrue(wrong.getMessage().contains("exists with capacity 4096 and max record 512, but capacity 8192"),
            wrong.getMessage());
        final ChannelFileException wrongMax = assertThrows(ChannelFileException.class, () -> ChannelEndpoint.attach(path,
            CAPACITY, MAX / 2, PosixFilePermissions.fromString("rw-------"), true, Role.PRODUCER, WaitStrategy.SPIN, stop, 1));
        assertTrue(wrongMax.getMessage().contains("max record 256"), wrongMax.getMessage());
        try (ChannelEndpoint sameSizes = ChannelEndpoint.attach(path, CAPACITY, MAX,
            PosixFilePermissions.fromString("rw-------"), true, Role.PRODUCER, WaitStrategy.SPIN, stop, 1);
             ChannelEndpoint otherSizesNotAsked = ChannelEndpoint.attach(path, CAPACITY * 4, 64,
                 PosixFilePermissions.fromString("rw-------"), false, Role.CONSUMER, WaitStrategy.SPIN, stop, 1))
        {
            assertEquals(ParticipantState.EMPTY, sameSizes.previousState(), "the refused attach never claimed the slot");
            assertEquals(CAPACITY, otherSizesNotAsked.file().capacity(), "sizes not asked for: the file's are used");
        }
    }

    @Test
    void aSecondLiveProducerIsRefusedAndTheFirstKeepsItsRole()
    {
        final Path path = dir.resolve("two.mmipc");
        try (ChannelEndpoint first = attach(path, Role.PRODUCER))
        {
            assertThrows(RoleTakenException.class, () -> attach(path, Role.PRODUCER));
            write(first, "still mine");
            first.producer().flush();
        }
    }

    @Test
    void aProducerStoppedMidStreamIsContinuedAtTheNextSequence()
    {
        final Path path = dir.resolve("continue.mmipc");
        try (ChannelEndpoint producer = attach(path, Role.PRODUCER))
        {
            write(producer, "a");
            write(producer, "b");
        }
        try (ChannelEndpoint producer = attach(path, Role.PRODUCER);
             ChannelEndpoint consumer = attach(path, Role.CONSUMER))
        {
            write(producer, "c");
            producer.producer().flush();
            assertEquals(List.of("0:a", "1:b", "2:c"), drain(consumer));
        }
    }

    @Test
    void aFinishedStreamNotYetReadRefusesANewStreamAndOnceReadTheNextStartsAtZero()
    {
        final Path path = dir.resolve("ended.mmipc");
        try (ChannelEndpoint producer = attach(path, Role.PRODUCER))
        {
            write(producer, "a");
            assertTrue(producer.producer().endOfStream());
        }
        try (ChannelEndpoint late = attach(path, Role.PRODUCER))
        {
            assertTrue(late.streamEndPending(), "the end is in the ring, unread");
            assertTrue(late.finishedStreamError().getMessage().contains("run a consumer to drain it"));
        }
        try (ChannelEndpoint consumer = attach(path, Role.CONSUMER))
        {
            assertEquals(List.of("0:a", "END"), drain(consumer));
            assertTrue(consumer.consumer().endOfStream());
        }
        try (ChannelEndpoint consumer = attach(path, Role.CONSUMER);
             ChannelEndpoint producer = attach(path, Role.PRODUCER))
        {
            assertFalse(producer.streamEndPending(), "read to the end: a new stream may start");
            write(producer, "new");
            producer.producer().flush();
            assertEquals(List.of("0:new"), drain(consumer), "a new stream starts at sequence 0");
            assertFalse(consumer.consumer().endOfStream());
        }
    }

    @Test
    void closingTwiceIsHarmlessAndLeavesTheSlotStopped()
    {
        final Path path = dir.resolve("closed.mmipc");
        final ChannelEndpoint producer = attach(path, Role.PRODUCER);
        final ParticipantSlot slot = new ParticipantSlot(producer.file().buffer(),
            ChannelDescriptor.slotOffset(Role.PRODUCER), Role.PRODUCER);
        assertEquals(ParticipantState.RUNNING, slot.state());
        try (ChannelEndpoint reader = attach(path, Role.CONSUMER))
        {
            producer.close();
            producer.close();
            final ParticipantSlot seen = new ParticipantSlot(reader.file().buffer(),
                ChannelDescriptor.slotOffset(Role.PRODUCER), Role.PRODUCER);
            assertEquals(ParticipantState.STOPPED, seen.state());
        }
    }
}

package io.mmipc.core.file;

import org.junit.jupiter.api.Test;

import static io.mmipc.core.file.RecordLayout.*;
import static org.junit.jupiter.api.Assertions.*;

class RecordLayoutTest
{
    @Test
    void aTypeWordCarriesTheKindInItsLowByteAndTheTypeIdAbove()
    {
        assertEquals(DATA, dataType(0));
        final int word = dataType(MAX_TYPE_ID);
        assertEquals(0xFFFF_FF01, word);
        assertEquals(DATA, kind(word));
        assertEquals(MAX_TYPE_ID, typeId(word), "the id is read unsigned: the top bit is the id's");
        assertEquals(1234, typeId(dataType(1234)));
        assertEquals(END_OF_STREAM, kind(END_OF_STREAM));
        assertEquals(0, typeId(END_OF_STREAM));
    }

    @Test
    void recordsAreAlignedToEightBytes()
    {
        assertEquals(0, aligned(0));
        assertEquals(8, aligned(1));
        assertEquals(8, aligned(8));
        assertEquals(16, aligned(9));
        assertEquals(RECORD_HEADER_LENGTH + 64, aligned(RECORD_HEADER_LENGTH + 57));
    }

    @Test
    void typeNamesSayWhatARecordIsForMessages()
    {
        assertEquals("DATA", typeName(DATA));
        assertEquals("PADDING", typeName(PADDING));
        assertEquals("END_OF_STREAM", typeName(END_OF_STREAM));
        assertEquals("ABORTED", typeName(ABORTED));
        assertEquals("DATA (type id 7)", typeName(dataType(7)));
        assertEquals("unknown type 9", typeName(9));
        assertEquals("unknown type " + (0x100 | 9), typeName(0x100 | 9), "a type id on a kind other than DATA");
    }
}

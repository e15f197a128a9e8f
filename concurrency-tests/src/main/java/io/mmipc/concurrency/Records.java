package io.mmipc.concurrency;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A record in the shape RingProducer writes: length (negative while claimed, positive once
 * committed), type, sequence, then the payload; here four payload words.
 */
final class Records
{
    static final int LENGTH_OFFSET = 0;
    static final int TYPE_OFFSET = 4;
    static final int SEQUENCE_OFFSET = 8;
    static final int PAYLOAD_OFFSET = 16;
    static final int WORDS = 4;
    static final int LENGTH = PAYLOAD_OFFSET + WORDS * Long.BYTES;
    private static final long PATTERN = 0x0123_4567_89AB_CDEFL;

    private Records()
    {
    }

    /** RingProducer.claim and the caller's payload copy: all plain stores. */
    static void writePayload(final UnsafeBuffer record)
    {
        record.putInt(LENGTH_OFFSET, -LENGTH);
        record.putInt(TYPE_OFFSET, 1);
        record.putLong(SEQUENCE_OFFSET, 42);
        for (int i = 0; i < WORDS; i++)
        {
            record.putLong(PAYLOAD_OFFSET + i * Long.BYTES, PATTERN + i);
        }
    }

    /** The reader: an acquire load of the length, then plain loads of the rest. */
    static void read(final UnsafeBuffer record, final II_Result r)
    {
        if (record.getIntAcquire(LENGTH_OFFSET) != LENGTH)
        {
            r.r1 = 0;
            r.r2 = 0;
            return;
        }
        r.r1 = 1;
        boolean whole = record.getInt(TYPE_OFFSET) == 1 && record.getLong(SEQUENCE_OFFSET) == 42;
        for (int i = 0; i < WORDS; i++)
        {
            whole &= record.getLong(PAYLOAD_OFFSET + i * Long.BYTES) == PATTERN + i;
        }
        r.r2 = whole ? 0 : 1;
    }
}

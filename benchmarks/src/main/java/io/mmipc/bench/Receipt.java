package io.mmipc.bench;

import org.agrona.DirectBuffer;

/**
 * What a receiver got, checked record by record on every transport alike: the count, each
 * record's length and sequence (the first one out of place is kept), and the sum of the records'
 * {@link Workload#hash}es. The bench compares the checksum with the one the seed implies
 * ({@link Verification}); this class only reports.
 * <p>
 * {@code RESULT records timed-records nanos checksum first-bad} is the line it prints on stderr,
 * {@code first-bad} being -1 when every record came in order with the right length. The stream
 * ends with the sender's {@link Workload#END} record.
 */
final class Receipt
{
    private final Pacing pacing;
    private final int size;
    private final long count;
    private long records;
    private long checksum;
    private long firstBad = -1;
    private boolean ended;

    Receipt(final Workload work, final Pacing pacing)
    {
        this.pacing = pacing;
        this.size = work.size();
        this.count = work.count();
    }

    /**
     * Takes one record where it lies (no copy): its stamp for latency, its sequence, every byte.
     */
    void accept(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length != size || buffer.getLong(offset) != records)
        {
            if (length == size && buffer.getLong(offset) == Workload.END)
            {
                ended = true; // the sender's last word: not a record
                return;
            }
            mismatch();
        }
        pacing.received(buffer, offset);
        checksum += Workload.hash(buffer, offset, Math.min(length, buffer.capacity() - offset));
        records++;
    }

    private void mismatch()
    {
        if (firstBad < 0)
        {
            firstBad = records; // the first record out of place or of the wrong length; kept for the report
        }
    }

    /**
     * @return true once the sender's end record has come (or, defensively, more records than the
     *         run may send).
     */
    boolean complete()
    {
        return ended || records > count;
    }

    long records()
    {
        return records;
    }

    /**
     * @return the result line, after the latency line in latency mode.
     */
    String report()
    {
        final String result = "RESULT " + records + " " + pacing.timed() + " " + checksum + " " + firstBad;
        return pacing.latency() ? pacing.report() + System.lineSeparator() + result : result;
    }

    /**
     * Prints the report on stderr, where the bench reads it.
     */
    void print()
    {
        System.err.println(report());
    }
}

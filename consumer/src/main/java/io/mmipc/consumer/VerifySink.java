package io.mmipc.consumer;

import io.mmipc.cli.GeneratedPayload;
import org.agrona.DirectBuffer;

/**
 * Checks every record of a {@code gen} stream: its sequence is the next one expected, the payload's
 * own sequence matches, and its checksum holds.
 */
final class VerifySink implements Sink
{
    private final boolean contiguous;
    private long expected;
    private long bytes;

    /**
     * @param firstSequence the sequence expected first.
     * @param contiguous    false for a mailbox consumer, which sees only part of each sender's
     *                      sequences: the caller checks their order, this checks each record.
     */
    VerifySink(final long firstSequence, final boolean contiguous)
    {
        this.expected = firstSequence;
        this.contiguous = contiguous;
    }

    @Override
    public void onMessage(final int typeId, final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!contiguous)
        {
            expected = sequence;
        }
        if (sequence != expected)
        {
            // (>= here would change nothing: sequence == expected never gets here.)
            throw new VerificationException(sequence > expected ?
                "gap: expected sequence " + expected + " but got " + sequence + " (" + (sequence - expected) +
                    " records missing)" :
                "duplicate: got sequence " + sequence + " again, expected " + expected);
        }
        if (length < GeneratedPayload.MIN_SIZE)
        {
            throw new VerificationException("record " + sequence + " has " + length +
                " payload bytes, fewer than the 16 of a generated record (is the producer using --source gen?)");
        }
        final long inPayload = GeneratedPayload.sequence(buffer, offset);
        if (inPayload != sequence)
        {
            throw new VerificationException("record " + sequence + " carries payload of sequence " + inPayload);
        }
        if (GeneratedPayload.checksum(buffer, offset, length) != GeneratedPayload.storedChecksum(buffer, offset))
        {
            throw new VerificationException("record " + sequence + " (" + length + " bytes) is corrupt: checksum mismatch");
        }
        expected++;
        bytes += length;
    }

    @Override
    public long bytes()
    {
        return bytes;
    }
}

package io.mmipc.bench;

import java.util.List;
import java.util.Optional;

/**
 * The bench's check of one run, from the two peers' lines: the receiver's {@code RESULT} (count,
 * timing, checksum, first record out of place) against the sender's {@code SENT} (count, at most
 * the run's, first stamp) and the checksum the seed implies ({@link Workload#expectedChecksum}). Any difference is a
 * {@link Failure}, which ends the bench with exit code 1: a transport that lost, reordered or
 * corrupted a record has no rate.
 */
final class Verification
{
    private Verification()
    {
    }

    /** A run whose records did not all arrive intact and in order. */
    static final class Failure extends RuntimeException
    {
        Failure(final String message)
        {
            super(message);
        }
    }

    /**
     * What the receiver measured, once verified.
     *
     * @param records      records received (and sent), all checked.
     * @param timedRecords records after the warm-up.
     * @param timedNanos   nanoseconds they took, on the receiver's clock.
     */
    record Outcome(long records, long timedRecords, long timedNanos)
    {
        double rate()
        {
            return timedRecords * 1e9 / Math.max(1, timedNanos);
        }
    }

    /**
     * @param transport     for the message.
     * @param work          the run's workload (size, count, seed).
     * @param receiverLines the receiver's stderr lines.
     * @param senderLines   the sender's stderr lines.
     * @return the timing, when every check passes.
     * @throws Failure naming what differs.
     */
    static Outcome check(final String transport, final Workload work, final List<String> receiverLines,
        final List<String> senderLines)
    {
        final String what = transport + " " + work.size() + " B (seed " + work.seed() + ")";
        final String[] result = line(receiverLines, "RESULT ").orElseThrow(() -> new Failure(what +
            ": the receiver printed no RESULT line; its output: " + String.join(" | ", receiverLines))).split(" ");
        final String[] sent = line(senderLines, "SENT ").orElseThrow(() -> new Failure(what +
            ": the sender printed no SENT line; its output: " + String.join(" | ", senderLines))).split(" ");
        final long received = Long.parseLong(result[1]);
        final long firstBad = Long.parseLong(result[5]);
        final long sentRecords = Long.parseLong(sent[1]);
        if (sentRecords <= 0 || sentRecords > work.count())
        {
            throw new Failure(what + ": the sender reports " + sentRecords + " records, outside 1.." + work.count());
        }
        if (received != sentRecords)
        {
            throw new Failure(what + ": the receiver got " + received + " of the " + sentRecords + " records sent");
        }
        if (firstBad >= 0)
        {
            throw new Failure(what + ": record " + firstBad + " came out of order or with the wrong length");
        }
        final long checksum = Long.parseLong(result[4]);
        final long expected = work.expectedChecksum(received, Long.parseLong(sent[2]), Long.parseLong(sent[3]),
            sent.length > 4 ? Long.parseLong(sent[4]) : 0);
        if (checksum != expected)
        {
            throw new Failure(String.format("%s: checksum %016x, expected %016x from the seed: payload bytes " +
                "differ from what was meant to be sent", what, checksum, expected));
        }
        if (Long.parseLong(result[2]) <= 0)
        {
            throw new Failure(what + ": the run ended before its warm-up did; nothing was timed");
        }
        return new Outcome(received, Long.parseLong(result[2]), Long.parseLong(result[3]));
    }

    private static Optional<String> line(final List<String> lines, final String prefix)
    {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst();
    }
}

package io.mmipc;

import java.nio.charset.StandardCharsets;

/**
 * A message as a {@link Mailbox} or an {@link Inbox} hands it over, copied out of the file: who sent
 * it, its place in that sender's order, its type id and its bytes. Immutable; any thread.
 *
 * @param typeId         the application's message type id, 0 to 2^24-1 (0 if the sender set none).
 * @param senderPid      the sender's pid (in its own pid namespace).
 * @param senderName     the name the sender joined with, or "" for none.
 * @param senderSequence 0 for a sender's first message, then 1, 2, ...
 * @param payload        the bytes.
 * @param endOfStream    true for an END_OF_STREAM marker ({@link Mailbox#sendEndOfStream()}): no
 *                       payload, by convention it tells the one receiver that takes it to stop.
 */
public record Message(int typeId, long senderPid, String senderName, long senderSequence, byte[] payload,
    boolean endOfStream)
{
    /** The largest message type id, 2^24-1: the low 24 bits of a record's type word. */
    public static final int MAX_TYPE_ID = io.mmipc.core.file.RecordLayout.MAX_TYPE_ID;

    /**
     * {@return the sender's name, or its pid when it has none}
     */
    public String sender()
    {
        return senderName.isEmpty() ? Long.toString(senderPid) : senderName;
    }

    /**
     * {@return the payload as UTF-8 text}
     */
    public String text()
    {
        return new String(payload, StandardCharsets.UTF_8);
    }

    static Message of(final io.mmipc.core.mailbox.Message core)
    {
        return core == null ? null : new Message(io.mmipc.core.file.RecordLayout.typeId(core.type()), core.senderPid(),
            core.senderName(), core.senderSequence(), core.payload(),
            io.mmipc.core.file.RecordLayout.kind(core.type()) == io.mmipc.core.file.RecordLayout.END_OF_STREAM);
    }
}

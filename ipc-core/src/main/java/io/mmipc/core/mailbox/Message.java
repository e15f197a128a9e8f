package io.mmipc.core.mailbox;

import java.nio.charset.StandardCharsets;

/**
 * A message as received: who sent it, its place in that sender's order, and its bytes.
 *
 * @param type           {@link io.mmipc.core.file.RecordLayout#DATA} or
 *                       {@link io.mmipc.core.file.RecordLayout#END_OF_STREAM}.
 * @param senderPid      the sender's pid (in its own pid namespace).
 * @param senderName     the name the sender joined with, or "" for none.
 * @param senderSequence 0 for a sender's first message, then 1, 2, ...
 * @param payload        the bytes.
 */
public record Message(int type, long senderPid, String senderName, long senderSequence, byte[] payload)
{
    /**
     * @return the sender's name, or its pid when it has none.
     */
    public String sender()
    {
        return senderName.isEmpty() ? Long.toString(senderPid) : senderName;
    }

    /**
     * @return the payload as UTF-8 text.
     */
    public String text()
    {
        return new String(payload, StandardCharsets.UTF_8);
    }
}

package io.mmipc.core.liveness;

import java.util.Locale;

/**
 * The two roles of a single-producer, single-consumer channel. Where each role's slot and counters
 * lie in the file is the descriptor's business ({@code ChannelDescriptor.slotOffset(Role)}).
 */
public enum Role
{
    PRODUCER, CONSUMER;

    /**
     * @return the other role.
     */
    public Role peer()
    {
        return this == PRODUCER ? CONSUMER : PRODUCER;
    }

    /**
     * @return lower-case name for messages.
     */
    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}

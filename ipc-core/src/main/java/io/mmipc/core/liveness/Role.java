package io.mmipc.core.liveness;

import io.mmipc.core.file.ChannelDescriptor;

/**
 * The two roles of a single-producer, single-consumer channel, each with its own participant slot
 * and counters block.
 */
public enum Role
{
    PRODUCER(ChannelDescriptor.PRODUCER_SLOT_OFFSET, ChannelDescriptor.PRODUCER_COUNTERS_OFFSET),
    CONSUMER(ChannelDescriptor.CONSUMER_SLOT_OFFSET, ChannelDescriptor.CONSUMER_COUNTERS_OFFSET);

    private final int slotOffset;
    private final int countersOffset;

    Role(final int slotOffset, final int countersOffset)
    {
        this.slotOffset = slotOffset;
        this.countersOffset = countersOffset;
    }

    public int slotOffset()
    {
        return slotOffset;
    }

    public int countersOffset()
    {
        return countersOffset;
    }

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
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

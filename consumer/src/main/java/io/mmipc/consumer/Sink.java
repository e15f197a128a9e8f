package io.mmipc.consumer;

import io.mmipc.MessageHandler;

/**
 * Where the consumer puts records: each DATA record's payload, read in place.
 */
interface Sink extends MessageHandler, AutoCloseable
{
    /**
     * Pushes buffered output on: called before every wait and at the end.
     */
    default void flush()
    {
    }

    /**
     * @return payload bytes taken so far.
     */
    long bytes();

    @Override
    default void close()
    {
    }
}

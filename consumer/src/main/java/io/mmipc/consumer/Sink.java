package io.mmipc.consumer;

import io.mmipc.core.ring.RecordHandler;

/**
 * Where the consumer puts records. Receives END_OF_STREAM records too, and ignores them.
 */
interface Sink extends RecordHandler, AutoCloseable
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

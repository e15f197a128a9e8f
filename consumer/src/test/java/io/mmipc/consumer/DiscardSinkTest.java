package io.mmipc.consumer;

import org.junit.jupiter.api.Test;

import static io.mmipc.consumer.Records.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DiscardSinkTest
{
    @Test
    void countsThePayloadBytesOfDataRecordsOnly()
    {
        final DiscardSink sink = new DiscardSink();
        data(sink, 0, text("hello"));
        data(sink, 1, generated(1, 100));
        endOfStream(sink, 2);
        assertEquals(105, sink.bytes());
    }
}

package io.mmipc.consumer;

import io.mmipc.core.file.RecordLayout;
import org.agrona.concurrent.UnsafeBuffer;
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
        sink.onRecord(RecordLayout.PADDING, 0, new UnsafeBuffer(new byte[64]), 0, 48);
        assertEquals(105, sink.bytes());
    }
}

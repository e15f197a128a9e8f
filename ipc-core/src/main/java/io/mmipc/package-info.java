/**
 * mmipc's public API: {@link io.mmipc.Channel} (one writer, one reader, a ring in a mapped file),
 * its {@link io.mmipc.ChannelWriter} and {@link io.mmipc.ChannelReader}, and
 * {@link io.mmipc.ChannelOptions}. The JVM needs the flags in {@code scripts/jvm.options}; opening a
 * channel without them fails with a message naming them.
 */
package io.mmipc;

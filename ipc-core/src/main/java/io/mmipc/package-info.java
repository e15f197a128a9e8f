/**
 * mmipc's public API: links between JVMs (or threads) through memory-mapped files in
 * {@code $MMIPC_DIR} ({@code /dev/shm/mmipc} by default).
 * <ul>
 *   <li>{@link io.mmipc.Channel}: one writer process, one reader process, a bounded ring in one
 *       file. Its {@link io.mmipc.ChannelWriter} offers or claims without waiting (named negative
 *       statuses when it cannot) or writes with a deadline; its {@link io.mmipc.ChannelReader} polls
 *       or takes with a deadline and sees the end of the stream. Opened with
 *       {@link io.mmipc.ChannelOptions}.</li>
 *   <li>{@link io.mmipc.Mailbox}: any number of senders and receivers, each message to exactly one
 *       receiver ({@link io.mmipc.MailboxOptions}); {@link io.mmipc.Inbox}: a process's own inbox, one
 *       single-writer link per sender. Both hand over copied {@link io.mmipc.Message}s, or (mailbox)
 *       read in place through a {@link io.mmipc.MailboxHandler}.</li>
 * </ul>
 * The project's own daemons are built on it: the producer writes through {@code ChannelWriter} (claims
 * in place, {@code pause()} before blocking on stdin), the consumer reads through {@code ChannelReader}
 * ({@code poll}, {@code idle}, and a sink that makes its output durable in
 * {@link io.mmipc.MessageHandler#beforeRelease(long)} for exactly-once across {@code kill -9}), and
 * {@code ipc send}/{@code recv} through {@code Mailbox} and {@code Inbox}.
 *
 * <p>Each type says which of its calls may come from which threads. Problems with a file, a role or a
 * recovery are {@link io.mmipc.exceptions.MmipcException}s whose messages name the file and the fix; a bad
 * argument is an {@link java.lang.IllegalArgumentException} naming it. The JVM needs the flags in
 * {@code scripts/jvm.options}; opening a channel, mailbox or inbox without them fails with a message
 * naming them.
 */
package io.mmipc;

/**
 * Mailboxes (indirect message passing: many senders, many receivers, each message to one receiver)
 * and inboxes (direct messages, one channel per sender). A mailbox is built in parts:
 * {@link io.mmipc.core.mailbox.MailboxDescriptor} (the file layout), {@link io.mmipc.core.mailbox.MailboxQueue}
 * (the non-blocking MPMC protocol whose state is the slots' turn words, HEAD, TAIL and the
 * participants' intents), {@link io.mmipc.core.mailbox.ParticipantTable},
 * {@link io.mmipc.core.mailbox.MailboxUnblocker} (stateless recovery of dead participants' claims),
 * {@link io.mmipc.core.mailbox.MailboxWakeups} (wake-ups only when someone waits) and
 * {@link io.mmipc.core.mailbox.Mailbox} (lifecycle and waiting through {@link io.mmipc.core.wait.Waiter}).
 */
package io.mmipc.core.mailbox;

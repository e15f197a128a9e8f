/**
 * Mailboxes (many senders, many receivers, each message to exactly one) and inboxes (direct messages, one single-producer channel per sender).
 */
package io.mmipc.core.mailbox;

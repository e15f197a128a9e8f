/**
 * The ipc tool: mailbox create, destroy and list, send, recv and stat, as the textbook's message passing from a shell.
 */
package io.mmipc.tool;

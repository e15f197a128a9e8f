/**
 * The producer daemon: writes records from a source (gen, stdin, a file) into a channel or a mailbox.
 */
package io.mmipc.producer;

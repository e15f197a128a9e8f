/**
 * jcstress tests of mmipc's shared-memory protocols on a memory-mapped file: the semaphore's
 * waiter/releaser Dekker pair, a record's commit publication (and its plain-store control), and
 * concurrent claims of a participant slot. {@link io.mmipc.concurrency.RunJcstress} runs them and
 * fails the build on a forbidden outcome.
 */
package io.mmipc.concurrency;

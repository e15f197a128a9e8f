/**
 * mmipc's core: exit codes and the exception every deliberate error raises. The subpackages hold the file layouts, the semaphores, the ring, waiting and wake-ups, liveness, recovery and mailboxes.
 */
package io.mmipc.core;

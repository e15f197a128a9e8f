/**
 * Counting semaphores in shared memory: a CAS-moved permit count, a parked-waiter count and a futex word, in one block of a mapping.
 */
package io.mmipc.core.semaphore;

/**
 * How a side waits for permits (spin, backoff, signal, futex) and how its peer wakes it, with a protocol under which no wake-up is lost.
 */
package io.mmipc.core.wait;

/**
 * JMH micro-benchmarks of the semaphore and the ring.
 */
package io.mmipc.bench.jmh;

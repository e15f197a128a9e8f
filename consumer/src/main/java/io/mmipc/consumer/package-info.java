/**
 * The consumer daemon and its sinks: verify, stdout, file (exactly once across restarts, through a checkpoint written before space is given back) and discard.
 */
package io.mmipc.consumer;

/**
 * The benchmark harness: the same verified workload over mmipc and its peers (pipe, sockets, Agrona, Aeron, Chronicle Queue) in separate JVMs, interleaved rounds, ratios, targets and charts.
 */
package io.mmipc.bench;

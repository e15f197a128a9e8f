/**
 * What every command line shares: channel options, size and mode parsing, the Picocli daemon runner with exit codes, throughput lines and the version.
 */
package io.mmipc.cli;

/**
 * POSIX signals and native calls: graceful shutdown on SIGTERM/SIGINT/SIGHUP, SIGUSR1 wake-ups, and futex, kill and madvise through the foreign function API.
 */
package io.mmipc.core.signal;

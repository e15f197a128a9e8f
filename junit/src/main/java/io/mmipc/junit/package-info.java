/**
 * A JUnit 5 extension for users' own integration tests: a fresh mmipc folder per test, channels by
 * name, daemons started as real JVMs, everything removed afterwards.
 */
package io.mmipc.junit;

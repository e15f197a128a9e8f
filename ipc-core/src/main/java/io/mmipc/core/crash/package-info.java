/**
 * Test-only crash points that halt the JVM at the N-th shared store of a protocol, armed by a
 * system property and free when it is absent.
 */
package io.mmipc.core.crash;

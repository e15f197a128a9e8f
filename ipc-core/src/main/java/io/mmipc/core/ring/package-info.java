/**
 * The ring's two sides: the producer's claim, commit and batched publication, and the consumer's batched poll; non-blocking cores with waiting layered on top, kept out of a recovery's way through a SafePoint.
 */
package io.mmipc.core.ring;

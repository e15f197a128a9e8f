/**
 * Self-checking generated payloads: a sequence, a checksum of the rest and filler derived from the sequence, so a consumer can verify every record.
 */
package io.mmipc.core.payload;

/**
 * Typed messages: Chronicle Bytes {@code BytesMarshallable} objects marshalled straight into a
 * channel's ring and read back into reused objects, with no copy and no garbage per message.
 */
package io.mmipc.typed;

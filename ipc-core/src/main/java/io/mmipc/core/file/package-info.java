/**
 * Channel files: the byte layout (ChannelDescriptor, RecordLayout), atomic creation, validation of a hostile file before any mapped access, trust checks and paths.
 */
package io.mmipc.core.file;

/**
 * The status file a network bridge (module bridge) keeps beside its channel, so that
 * {@code ipc stat} can show it without depending on the bridge or on Aeron: the layout
 * ({@link io.mmipc.core.bridge.BridgeStatusDescriptor}) and a reader/writer
 * ({@link io.mmipc.core.bridge.BridgeStatusFile}).
 */
package io.mmipc.core.bridge;

/**
 * A process's attachment to a channel in one role (ChannelEndpoint), and recovery after a participant died: the positions are the truth, the semaphores are recomputed from them while the live peer keeps outside the ring (ChannelRecovery, ChannelSafePoint).
 */
package io.mmipc.core.channel;

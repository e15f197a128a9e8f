/**
 * The network bridge: {@code bridge send} and {@code bridge receive} carry one channel from one
 * host to another over Aeron UDP (reliable and ordered while a publication's session lives), every
 * record exactly once and in order across restarts and {@code kill -9} of either bridge or of the
 * local daemons, and packet loss.
 *
 * <h2>Protocol</h2>
 * <ul>
 *   <li>The sending bridge ({@link io.mmipc.bridge.SendBridge}) is the source channel's consumer in
 *       hold mode ({@link io.mmipc.core.ring.RingConsumer#hold()}): it reads ahead of the head and
 *       packs consecutive records into BATCH messages, each up to one Aeron frame, carrying the first
 *       record's source sequence and the count ({@link io.mmipc.bridge.FrameDescriptor}); it releases
 *       ring space only through the sequence the receiver acknowledged. The records in flight are at most the ring's capacity: a full ring
 *       back-pressures the source producer.</li>
 *   <li>The receiving bridge ({@link io.mmipc.bridge.ReceiveBridge}) is the destination channel's
 *       producer: it commits a batch's records from the next expected source sequence on, publishes
 *       them, then acknowledges the highest source sequence committed on a second Aeron stream
 *       (coalesced: at most every 100 us while data flows, at once when it stops). It drops what it
 *       has already committed (a whole batch, or the first records of one) and acknowledges it again.</li>
 *   <li>A restarted sender is a new Aeron session that starts again from the channel's head; a
 *       restarted receiver finds where it stands in its {@link io.mmipc.bridge.Ledger} (destination
 *       sequence = source sequence + offset). Anything that breaks the order (a receiver that joined
 *       a session mid-way, messages lost with a dead process) shows as a gap: the receiver drops the
 *       message and asks the sender to rewind to its head.</li>
 *   <li>END_OF_STREAM crosses as an END message; once it is acknowledged the sender releases it, says
 *       DONE, and both exit 0.</li>
 * </ul>
 *
 * <h2>The invariant</h2>
 * At every instant, with C the highest source sequence committed and published in the destination
 * channel: {@code source head sequence <= acknowledged + 1 <= C + 1}, and the destination holds
 * exactly the source records up to C, each once and in order. The first inequality holds because the
 * sender releases only acknowledged records; the second because the receiver acknowledges only
 * published ones (and recovery keeps every published record). So whatever dies, every record after C
 * is still in the source ring (at or after its head) and is sent again; every record up to C is
 * dropped on arrival. A record is therefore committed at least once (it stays in the source until
 * acknowledged) and at most once (only C + 1 is ever committed).
 *
 * <h2>Mailboxes</h2>
 * The sending bridge ({@link io.mmipc.bridge.MailboxSendBridge}) is a <em>durable</em> receiver of
 * the source mailbox, named {@code bridge-send}: the mailbox frees a batch it handed over only when
 * the receiver's {@code beforeRelease} returns, and the bridge returns only once the receiving
 * bridge acknowledged the batch's highest position. Killed, it leaves the batch claimed, and its
 * successor (same name) gets it again. The receiving bridge
 * ({@link io.mmipc.bridge.MailboxReceiveBridge}) sends each message on as one sender per original
 * sender and drops a message whose source position is at or below the highest it sent on
 * (positions of one receiver's claims only grow). Invariant: every message at or below the highest
 * acknowledged position was sent on once; every message above it is still claimed in the source
 * mailbox or not yet taken. So each message crosses exactly once across a {@code kill -9} of the
 * sending bridge. The receiving bridge keeps its highest position in memory: killed, the messages it
 * had sent on but not acknowledged are sent on again by its successor (at least once for those).
 */
package io.mmipc.bridge;

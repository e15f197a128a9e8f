/**
 * Who holds a role and whether it is alive: participant slots claimed by CAS with a generation that fences a paused former owner, process identity by pid, start ticks and pid namespace, and the heartbeat that keeps a process in another container alive.
 */
package io.mmipc.core.liveness;

/*
 * SPIN model of the wake-up protocol (io.mmipc.core.wait.Waiter / Waker, io.mmipc.core.signal.
 * WakeSignal, io.mmipc.core.semaphore.CountingSemaphore) WITH THE BOUNDED PARK REMOVED: a waiter
 * sleeps until it is woken, so a lost wake-up is a waiter asleep for ever.
 *
 * One waiter (the consumer parked on USED, or the producer on FREE) takes NREL permits one at a
 * time; one releaser (its peer) releases NREL permits one at a time.
 *
 * Switches (spin -DNAME):
 *   SIGNAL      the waiter parks with LockSupport.park and is woken by SIGUSR1, whose handler
 *               (WakeSignal's sun.misc.Signal handler, on the JVM's signal dispatcher thread)
 *               unparks every registered thread. Without it: FUTEX mode (futex_wait/futex_wake
 *               on WAKE_SEQ).
 *   OLD_SIGNAL  with SIGNAL: the thread is registered only inside WakeSignal.park, after the
 *               waiter marked itself PARKED and re-checked VALUE (the pre-issue-16 code, item 5):
 *               a signal handled in between unparks nobody.
 *
 * Properties:
 *   - safety (pan -DSAFETY): no invalid end state, i.e. the run never ends with the waiter asleep
 *     while the releaser is done (permits available, nobody left to wake it); the waiter gets
 *     every permit (assert at the end).
 *   - liveness (pan -a -f, weak fairness): the LTL claim woken below: always, if the waiter is
 *     asleep while permits are available, it is eventually awake.
 */

#ifndef NREL
#define NREL 2
#endif

#define RUNNING 1
#define PARKED  2

/* CountingSemaphore block */
byte VALUE;         /* permits */
byte WAITERS;       /* parked-waiter count */
byte WAKE_SEQ;      /* the futex word; at most NREL bumps, so it never wraps here */
/* the waiter's ParticipantSlot STATE (its generation is not in play here) */
byte STATE = RUNNING;

/* the waiter thread, as the kernel and the JVM see it */
bool asleep;        /* inside futex_wait or LockSupport.park, not yet woken */
bool futexQueued;   /* on the futex's wait queue (FUTEX mode) */
bool unparkPermit;  /* LockSupport's permit: an unpark before park makes park return at once */
bool registered;    /* WakeSignal knows this thread as parked (what the handler unparks) */
bool sigPending;    /* a SIGUSR1 sent and not yet handled (signals of one kind coalesce) */

byte taken;         /* permits the waiter got */
bool releaserDone;

ltl woken { [] ((asleep && VALUE > 0) -> <> !asleep) }

/* CountingSemaphore.tryAcquire(1) is one CAS; the waiter calls it before each park */
active proctype WaiterThread() {
    byte seq;
    do
    :: taken == NREL -> break
    :: else ->
       if
       :: atomic { VALUE > 0 -> VALUE--; taken++ }          /* tryAcquire: CAS VALUE v -> v-1 */
       :: atomic { VALUE == 0 } ->
          /* Waiter.park(semaphore, 1) */
          seq = WAKE_SEQ;                                   /* semaphore.wakeSequence() */
          WAITERS++;                                        /* addWaiter(): getAndAdd, a full fence */
#if defined(SIGNAL) && !defined(OLD_SIGNAL)
          registered = true;                                /* WakeSignal.arm(): before PARKED */
#endif
          STATE = PARKED;                                   /* self.state(PARKED): a CAS */
          if
          :: VALUE < 1 ->                                   /* semaphore.available() < needed */
#ifdef SIGNAL
#ifdef OLD_SIGNAL
             registered = true;                             /* old WakeSignal.park: parked = thread */
#endif
             /* LockSupport.park(): returns at once if a permit was left, else sleeps until unpark */
             if
             :: atomic { unparkPermit -> unparkPermit = false }
             :: atomic { !unparkPermit -> asleep = true };
                atomic { unparkPermit -> unparkPermit = false; asleep = false }
             fi;
#ifdef OLD_SIGNAL
             registered = false;                            /* old WakeSignal.park: parked = null */
#endif
#else
             /* futex_wait(WAKE_SEQ, seq): atomically, sleep only if the word still equals seq */
             if
             :: atomic { WAKE_SEQ != seq -> skip }          /* EAGAIN */
             :: atomic { WAKE_SEQ == seq -> asleep = true; futexQueued = true };
                atomic { !futexQueued -> asleep = false }   /* woken by futex_wake */
             fi
#endif
          :: else -> skip
          fi;
          STATE = RUNNING;                                  /* self.state(RUNNING) */
          WAITERS--;                                        /* removeWaiter() */
#if defined(SIGNAL) && !defined(OLD_SIGNAL)
          registered = false                                /* WakeSignal.disarm() */
#else
          skip
#endif
       fi
    od
}

/* the peer: CountingSemaphore.release(1), then Waker.wake if WAITERS > 0 */
active proctype Releaser() {
    byte n;
    do
    :: n == NREL -> break
    :: else ->
       n++;
       VALUE++;                                             /* getAndAdd: a full fence */
       if
       :: WAITERS > 0 ->                                    /* release() returned true */
          WAKE_SEQ++;                                       /* bumpWakeSequence / futexWakeAll */
#ifdef SIGNAL
          if
          :: STATE == PARKED -> sigPending = true           /* kill(pid, SIGUSR1) */
          :: else -> skip
          fi
#else
          futexQueued = false                               /* futex_wake(WAKE_SEQ, all) */
#endif
       :: else -> skip
       fi
    od;
    releaserDone = true
}

#ifdef SIGNAL
/* the JVM's signal dispatcher thread running WakeSignal's handler: unpark every registered thread */
active proctype SignalHandler() {
end:
    do
    :: atomic { sigPending -> sigPending = false; if :: registered -> unparkPermit = true :: else -> skip fi }
    od
}
#endif

/* the run ends with every permit taken (the waiter is not asleep for ever) */
active proctype Check() {
    (releaserDone && taken == NREL);
    assert(VALUE == 0 && !asleep)
}

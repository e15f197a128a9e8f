/*
 * SPIN model of the mmipc channel protocol after the issue-16 rewrite (docs: protocol.md, the
 * "Channel protocol" section of the README). One SPSC ring, its FREE and USED semaphores, the
 * producer's private reserve and batching, commit, the consumer's drain and release, TAIL/HEAD,
 * the enter/leave ACTIVITY handshake with its safe points, recovery with its request and its wait
 * for the peer to be OUTSIDE, a kill -9 at every statement, restarted incarnations, and (with
 * -DPAUSE) an owner judged dead by an old heartbeat that later resumes (the generation fence).
 *
 * Run (what SpinModelTest does):
 *   spin -a channel.pml && gcc -O2 -DSAFETY -o pan pan.c && ./pan -m100000
 * Switches (spin -DNAME):
 *   OLD_RECOVERY   the pre-issue-16 protocol: a freshly claimed producer drains FREE without
 *                  checking RECOVERY_REQUEST first (the race of issue 16 item 1). SPIN must find
 *                  the overwrite.
 *   PAUSE          an owner (producer or consumer, first incarnation) may be judged dead by its
 *                  heartbeat while its process still exists, then resume (docker pause, SIGSTOP).
 *   OUTSIDE_ONLY   recovery step 2 as protocol.md first wrote it: wait until the peer is OUTSIDE
 *                  or not live, also when it is PARKED. With the bounded park removed SPIN finds
 *                  the deadlock: a peer parked INSIDE (consumer on an empty ring, producer on a
 *                  full one) never reaches a safe point, and the recovery waits for it forever.
 *   NO_RECOVERY_WAKE  ChannelRecovery.recompute as on main at the time of writing: the semaphores
 *                  are reset without waking the live peer parked on them. SPIN finds a consumer
 *                  parked on USED for ever while the recompute made records available.
 *   FENCE_SPLIT    with PAUSE: the fenced check and the store it guards are separate steps (as in
 *                  protocol.md: "fenced check; TAIL := tail"). Without it, each guarded store is
 *                  one atomic step with its check (a CAS that includes the generation).
 *
 * Abstractions (what the model does not say):
 *   - Positions and permits are in units (CAPACITY 4 units); a record is 1 or 2 units and starts
 *     with a header unit (rlen, rseq); the second unit of a 2-unit record is payload. Wrap padding
 *     is not modelled (a record may straddle the end: units are addressed mod CAPACITY).
 *   - USED counts records; a batch is 2 records; the consumer gives back after every record
 *     (CAPACITY/4 = 1 unit), and its sink checkpoint is in the same step as its HEAD store
 *     (handler.beforeRelease then HEAD := head in RingConsumer.giveBack), which is what makes
 *     delivery exactly-once across consumer restarts.
 *   - Futex waits: a waiter reads WAKE_SEQ, adds itself to WAITERS, re-checks VALUE and sleeps
 *     until WAKE_SEQ changes; a releaser adds, then bumps WAKE_SEQ if WAITERS > 0 (wakeup.pml
 *     checks that handshake in detail, with signals; here it is one futex per semaphore).
 *   - The process-liveness test (pid + start ticks, or heartbeat age) is the ALIVE macro.
 *   - Only one incarnation per role claims at a time (a refused second claimer is not modelled;
 *     concurrent claims are checked by the jcstress test SlotClaimRace).
 *
 * Properties:
 *   - assert(INV) in every step that changes its terms: FREE + reserve + (tail_local - HEAD) <= CAPACITY at every instant, for the
 *     producer that holds the current generation, and FREE + (TAIL - HEAD) <= CAPACITY.
 *   - asserts: the consumer reads only committed records below TAIL, and delivers sequence
 *     numbers 0, 1, 2, ... each exactly once (assert seq == delivered).
 *   - asserts: a process stores to a shared word of its role only while it holds the role's
 *     current generation (at most one owner acts per role).
 *   - no invalid end state: every run ends with all NREC records delivered (no deadlock, e.g. a
 *     recovery waiting forever for a peer parked INSIDE).
 *   - at the end: FREE == CAPACITY - (TAIL - HEAD) once everyone stopped.
 */

#define CAPACITY 4
#ifndef NREC
#define NREC     3
#endif      /* records the producers write in total: sequences 0..2 */
#define BATCH    2      /* RingProducer batchRecords */

#define PROD 0
#define CONS 1
/* incarnations: 0 and 1 produce, 2 and 3 consume; 1 and 3 are the restarts */
#define NINC 4
#define ROLE(i) ((i) / 2)

/* ParticipantSlot STATE codes (the generation is kept in its own byte here) */
#define EMPTY    0
#define RUNNING  1
#define PARKED   2
#define STOPPED  3
#define CLAIMING 4

#define OUTSIDE 0
#define INSIDE  1

/* how an incarnation ended */
#define E_NONE     0
#define E_CRASHED  1
#define E_STOPPED  2   /* SIGTERM: stopped cleanly before its work was done */
#define E_DONE     3
#define E_FENCED   4   /* found its generation fenced, stopped with an error */

/* ---- shared words of the channel file ---- */
byte FREE = CAPACITY;       /* FREE.VALUE: free units */
byte USED = 0;              /* USED.VALUE: committed records not yet taken */
byte freeWaiters, usedWaiters;  /* WAITERS */
bit  freeBumped, usedBumped; /* WAKE_SEQ changed since the (single) waiter read it: the futex
                               word abstracted for one waiter per semaphore */
byte TAIL, HEAD;            /* published positions (absolute units) */
byte PNSEQ;                 /* NEXT_SEQUENCE published by the producer with TAIL */
byte REQ;                   /* RECOVERY_REQUEST: incarnation + 1, 0 = none */
byte stGen[2];              /* STATE generation per role */
byte stCode[2];             /* STATE code per role */
byte holder[2];             /* identity: incarnation + 1 that claimed the slot, 0 = none */
bit  act[2];                /* ACTIVITY per role, written only by the owner */
short rlen[CAPACITY];       /* record header: negative = claimed, positive = committed */
byte rseq[CAPACITY];        /* record header: sequence; 9 = payload/garbage */

/* ---- facts about processes (not in the file) ---- */
bool dead[NINC];            /* the process is gone (kill -9) */
bool restarted[NINC];       /* Restart ran the next incarnation */
bool paused;                /* the one pause of a run happened */
bool judged[NINC];          /* its heartbeat is old: judged dead though it may still run */
byte ended[NINC];
byte delivered;             /* the consumer sink's durable position: next sequence expected */

/* the producers' private state, global so that the never claim can read it */
byte reserve[2];
byte ptail[2];
bool pvalid[2];             /* ptail/reserve are meaningful: the producer is INSIDE and owns */
byte pgen[2];

#define ALIVE(i) (!dead[i] && !judged[i])

/* Crash points (CrashPoints.store): before every shared store and in every wait, a first
 * incarnation (0 or 1: me % 2 == 0) may die (kill -9: its locals are lost, its slot reads DEAD)
 * or, with PAUSE, stop being scheduled while its heartbeat goes stale (it resumes later with its
 * locals: judged[me]). A crash after the last store is the same as one before the next store,
 * and a crash between two local steps the same as one at the next store, so this is a crash at
 * every statement. */
#ifdef NOCRASH
#define CRASHABLE false
#else
#define CRASHABLE (me % 2 == 0 && !judged[me] && !restarted[me])
#endif
#ifdef PAUSE
/* one pause in a run: judged dead from here; later its heartbeat is fresh again (resumed) */
#define PAUSABLE (me % 2 == 0 && !paused)
#define CRASH if :: CRASHABLE -> goto crashed :: PAUSABLE -> judged[me] = true; paused = true \
                 :: judged[me] -> judged[me] = false :: true -> skip fi
#else
#define CRASH if :: CRASHABLE -> goto crashed :: true -> skip fi
#endif
/* a crash point folded into the store that follows it: atomic { CRASH; store } */
#define CP_STORE(store) atomic { CRASH; store }
/* a blocking wait that can be killed */
#define WAITFOR(g) if :: (g) -> skip :: CRASHABLE -> goto crashed fi; skip
/* ParticipantState.isLive(): RUNNING (or PARKED) and its process alive */
#define LIVE(r) ((stCode[r] == RUNNING || stCode[r] == PARKED) && holder[r] != 0 && ALIVE(holder[r] - 1))
/* recorded live but the process is gone (or judged gone): ParticipantState DEAD */
#define DEADSLOT(r) ((stCode[r] == RUNNING || stCode[r] == PARKED) && !ALIVE(holder[r] - 1))

/* the invariant of the class docs */
#define PINV(p) (!pvalid[p] || dead[p] || pgen[p] != stGen[PROD] || \
                 FREE + reserve[p] + (ptail[p] - HEAD) <= CAPACITY)
#define INV (FREE + (TAIL - HEAD) <= CAPACITY && PINV(0) && PINV(1))

/* checked (assert(INV)) in every step that changes FREE, a reserve, a producer tail, TAIL or HEAD:
 * the only steps that can falsify it, so it holds at every instant (a never claim would check the
 * same but costs partial-order reduction) */
#define CHECK_INV assert(INV)

#ifdef TAGGED_ACTIVITY
/* (proposed) ACTIVITY is a bit of the STATE word: enter/leave are CASes that keep the owner's
 * generation, so a replaced owner's late enter/leave fails (and stops it) instead of overwriting
 * its successor's; the claimer's final CAS to RUNNING sets OUTSIDE in the same word */
#define SET_ACT(r, v) if :: stGen[r] == gen -> act[r] = v :: else -> goto fenced fi
#define ACT_OUTSIDE(r) (act[r] == OUTSIDE)
#else
/* as on main: ParticipantSlot.enterVolatile / leaveOrdered store INSIDE / OUTSIDE, no generation */
#define SET_ACT(r, v) act[r] = v
#define ACT_OUTSIDE(r) (act[r] == OUTSIDE)
#endif

/* a store by the owner of role r: it must hold the current generation */
#define OWNER_STORE(r) assert(stGen[r] == gen)

#ifdef FENCE_SPLIT
/* "fenced check" as protocol.md writes it: a read, then later the store */
#define FENCED(r, store) atomic { CRASH; if :: stGen[r] != gen -> goto fenced :: else -> skip fi }; atomic { CRASH; OWNER_STORE(r); store }
#else
/* the fenced check and the store are one step (a CAS whose expected value holds the generation) */
#define FENCED(r, store) atomic { CRASH; if :: stGen[r] != gen -> goto fenced :: else -> skip fi; OWNER_STORE(r); store }
#endif

/* ParticipantSlot.claim(path, identity, wakeMode): CAS STATE to (gen+1, CLAIMING), write the
 * identity and ACTIVITY := OUTSIDE, final CAS to (gen+1, RUNNING). Sets needRecovery if the
 * predecessor or the peer is dead (ChannelEndpoint.attach then calls ChannelRecovery.recover). */
inline claimSlot(r) {
    do
    :: lost && LIVE(r) -> goto fenced   /* RoleTakenException (exit 4) */
    :: atomic {   /* w := STATE (volatile), wait while a live process holds it; CAS w -> (gen+1, CLAIMING) */
           !LIVE(r) -> CRASH;
           needRecovery = (stCode[r] == RUNNING || stCode[r] == PARKED || stCode[r] == CLAIMING);  /* predecessor DEAD */
           stGen[r] = stGen[r] + 1; stCode[r] = CLAIMING; gen = stGen[r]
       };
       /* ParticipantSlot.writeIdentity: pid, start ticks, namespace, a fresh HEARTBEAT (so this
        * process is no longer judged dead), ACTIVITY := OUTSIDE, token */
#ifdef TAGGED_ACTIVITY
       CP_STORE(holder[r] = me + 1; judged[me] = false);
#else
       CP_STORE(holder[r] = me + 1; SET_ACT(r, OUTSIDE); judged[me] = false);
#endif
       if                           /* final CAS (gen, CLAIMING) -> (gen, RUNNING) */
#ifdef TAGGED_ACTIVITY
       :: atomic { stGen[r] == gen && stCode[r] == CLAIMING -> CRASH; stCode[r] = RUNNING; act[r] = OUTSIDE }; break
#else
       :: atomic { stGen[r] == gen && stCode[r] == CLAIMING -> CRASH; stCode[r] = RUNNING }; break
#endif
       :: else -> lost = true       /* taken over meanwhile: not the owner, judge the slot again */
       fi
    od;
    /* the peer is dead: the permits it held privately must be recomputed */
    needRecovery = needRecovery || DEADSLOT(1 - r)
}

/* ChannelRecovery.recover, steps 1 to 4 */
inline recover(r) {
    /* 1. CAS RECOVERY_REQUEST 0 -> my token; a dead requester's request is cleared and taken */
    do
    :: if
       :: atomic { REQ == 0 || !ALIVE(REQ - 1) -> CRASH; REQ = me + 1 }; break
       :: atomic { REQ != 0 && ALIVE(REQ - 1) -> other = REQ };
          /* another live requester: wait (OUTSIDE, holding nothing) until it is cleared */
          WAITFOR(REQ != other || !ALIVE(other - 1));
          if
          :: REQ != other -> goto recDone   /* that recovery covered everything */
          :: else -> skip                   /* it died: take it over */
          fi
       fi
    od;
    /* 2. ChannelRecovery.awaitPeerOutside: wait until the peer is not live, OUTSIDE, or PARKED (a
     * parked side holds nothing and, woken, marks itself RUNNING and reads the request before it
     * touches a permit); a peer judged dead by heartbeat is fenced (ParticipantSlot.fence) */
    /* the judgement and the STATE word it was made on (pos, other: reused as scratch) */
#ifdef OUTSIDE_ONLY
    atomic { WAITFOR(!LIVE(1 - r) || ACT_OUTSIDE(1 - r)); pos = stGen[1 - r]; other = (DEADSLOT(1 - r) -> stCode[1 - r] : 0) };
#else
    atomic { WAITFOR(!LIVE(1 - r) || ACT_OUTSIDE(1 - r) || stCode[1 - r] == PARKED); pos = stGen[1 - r]; other = (DEADSLOT(1 - r) -> stCode[1 - r] : 0) };
#endif
    atomic {
        CRASH;
        /* ParticipantSlot.fence(judgedWord): CAS from the word judged dead to (gen+1, STOPPED),
         * whether or not the peer has resumed since; a changed word means it moved on */
        if
        :: other != 0 && stGen[1 - r] == pos && stCode[1 - r] == other -> stGen[1 - r] = stGen[1 - r] + 1; stCode[1 - r] = STOPPED
        :: else -> skip
        fi;
        pos = 0; other = 0
    };
    /* 3. recompute from the positions (ChannelRecovery.recompute) */
    atomic {
        CRASH;
        assert(HEAD <= TAIL && TAIL - HEAD <= CAPACITY);
        FREE = CAPACITY - (TAIL - HEAD);
        USED = 0;
        pos = HEAD;
        do
        :: pos < TAIL ->
           assert(rlen[pos % CAPACITY] > 0);   /* a committed record: else ChannelCorruptedException */
           USED = USED + 1; PNSEQ = rseq[pos % CAPACITY] + 1;
           pos = pos + rlen[pos % CAPACITY]
        :: else -> break
        od;
        if :: HEAD == TAIL -> PNSEQ = delivered :: else -> skip fi;
        /* the parked-waiter count of a semaphore whose waiter role is not live is cleared */
        if :: !LIVE(PROD) -> freeWaiters = 0 :: else -> skip fi;
        if :: !LIVE(CONS) -> usedWaiters = 0 :: else -> skip fi;
        pos = 0;
        CHECK_INV
    };
#ifndef NO_RECOVERY_WAKE
    /* 3b. (not on main when written; found by this model) wake a live peer parked on either
     * semaphore: the recompute may have raised its VALUE, and with no bounded park nobody else
     * would (e.g. the recovering producer has nothing more to send). Waker.wake / futexWakeAll. */
    CP_STORE(if :: freeWaiters > 0 -> freeBumped = 1 :: else -> skip fi; if :: usedWaiters > 0 -> usedBumped = 1 :: else -> skip fi);
#endif
    /* 4. RECOVERY_REQUEST := 0 */
    CP_STORE(REQ = 0);
recDone:
    other = 0
}

/* enter(): ACTIVITY := INSIDE (volatile); read RECOVERY_REQUEST; pause while a live requester holds it */
inline enter(r) {
    do
    :: if :: stGen[r] != gen -> goto fenced :: else -> skip fi;   /* checkOwner() */
       CP_STORE(SET_ACT(r, INSIDE));
       if
       :: REQ == 0 -> break
       :: atomic { REQ != 0 && !ALIVE(REQ - 1) -> REQ = 0 }   /* the requester died: CAS r -> 0, retry */
       :: atomic { REQ != 0 && ALIVE(REQ - 1) -> other = REQ };
          CP_STORE(SET_ACT(r, OUTSIDE));
          /* wait until RECOVERY_REQUEST != r, or the requester is dead */
          WAITFOR(REQ != other || !ALIVE(other - 1))
       fi
    od;
    other = 0
}

/* Waiter.park(sem, needed): seq := WAKE_SEQ; WAITERS += 1 (full fence); STATE := PARKED by a CAS
 * that keeps the generation (a fenced owner does not park); re-check VALUE; futex_wait(WAKE_SEQ,
 * seq) with NO bounded park; STATE := RUNNING (CAS); WAITERS -= 1. */
inline park(r, bumped, waiters, enough) {
    CP_STORE(bumped = 0; waiters++);
    atomic { CRASH; if :: stGen[r] == gen -> stCode[r] = PARKED; sleep = !(enough) :: else -> sleep = false fi };
    if
    :: sleep -> WAITFOR(bumped); CP_STORE(if :: stGen[r] == gen -> stCode[r] = RUNNING :: else -> skip fi; sleep = false)
    :: else -> CP_STORE(if :: stGen[r] == gen && stCode[r] == PARKED -> stCode[r] = RUNNING :: else -> skip fi)
    fi;
    CP_STORE(if :: waiters > 0 -> waiters-- :: else -> skip fi)   /* recovery may have cleared it */
}

/* RingProducer.stepAside / close: give the reserve back, then ACTIVITY := OUTSIDE (SafePoint.leave) */
inline producerLeave() {
    giveBackReserve();
    CP_STORE(SET_ACT(PROD, OUTSIDE))
}

/* RingProducer safe point: end of flush, each turn of the wait-for-FREE loop */
inline producerSafePoint() {
    if
    :: REQ != 0 -> producerLeave(); enter(PROD)
    :: else -> skip
    fi
}

/* RingProducer.publish: fenced TAIL (and NEXT_SEQUENCE) release store, USED.release(n), wake */
inline publish() {
    if
    :: pending > 0 ->
       FENCED(PROD, atomic { TAIL = ptail[me]; PNSEQ = seq; CHECK_INV });
       FENCED(PROD, atomic { USED = USED + pending; pending = 0; if :: usedWaiters > 0 -> usedBumped = 1 :: else -> skip fi })
    :: else -> skip
    fi
}

/* RingProducer.giveBackReserve: FREE.release(reserve), wake a waiter (none: only producers wait on FREE) */
inline giveBackReserve() {
    if
    :: reserve[me] > 0 ->
#ifdef TAGGED_ACTIVITY
       /* (proposed) checkOwner() first */
       FENCED(PROD, atomic { FREE = FREE + reserve[me]; reserve[me] = 0; if :: freeWaiters > 0 -> freeBumped = 1 :: else -> skip fi; CHECK_INV })
#else
       /* as on main: RingProducer.giveBackReserve releases with no owner check */
       CP_STORE(FREE = FREE + reserve[me]; reserve[me] = 0; if :: freeWaiters > 0 -> freeBumped = 1 :: else -> skip fi; CHECK_INV)
#endif
    :: else -> skip
    fi
}

/* RingProducer.flush: publish, then a safe point */
inline flush() {
    publish();
    producerSafePoint()
}

#define WRITE_RECORD \
           assert(ptail[me] + rl - HEAD <= CAPACITY);   /* never past the unread records */ \
           rlen[ptail[me] % CAPACITY] = -rl; rseq[ptail[me] % CAPACITY] = seq; \
           if :: rl == 2 -> rlen[(ptail[me] + 1) % CAPACITY] = 0; rseq[(ptail[me] + 1) % CAPACITY] = 9 :: else -> skip fi
#define COMMIT_RECORD \
           rlen[ptail[me] % CAPACITY] = rl; \
           ptail[me] = ptail[me] + rl; reserve[me] = reserve[me] - rl; pending++; seq++; rl = 0

/* FREE.drain() into the reserve: one CAS takes every permit */
#define DRAIN_FREE FENCED(PROD, atomic { reserve[me] = reserve[me] + FREE; FREE = 0; CHECK_INV })

proctype Producer(byte me) {
    byte gen, other, pos, seq, pending, rl;
    bool needRecovery, sleep, lost;

    claimSlot(PROD);
    if :: needRecovery -> recover(PROD) :: else -> skip fi;
#ifdef OLD_RECOVERY
    CP_STORE(SET_ACT(PROD, INSIDE));          /* old: the first take() drained FREE before any request check */
#else
    enter(PROD);
#endif
    d_step { ptail[me] = TAIL; seq = PNSEQ; pgen[me] = gen; pvalid[me] = true };   /* RingProducer constructor */
    do
    :: seq < NREC ->
       if :: rl = 1 :: rl = 2 fi;
       /* RingProducer.claim: fenced check; take(needed) when the reserve is short */
       if :: stGen[PROD] != gen -> goto fenced :: else -> skip fi;
       if
       :: reserve[me] >= rl -> skip
       :: else ->
          DRAIN_FREE;
          if
          :: reserve[me] < rl ->
             /* RingProducer.take: wait holding no reserve, so that a recovery may recompute FREE
              * around us while we are parked: publish what we wrote, give the reserve back */
             publish();
             giveBackReserve();
             do
             :: reserve[me] >= rl -> break
             :: else ->
                /* safePoint.pauseRequested() -> stepAside(): leave, enter */
                if :: REQ != 0 -> CP_STORE(SET_ACT(PROD, OUTSIDE)); enter(PROD) :: else -> skip fi;
                if
                :: FREE >= rl ->
                   DRAIN_FREE;
                   if :: reserve[me] < rl -> giveBackReserve() :: else -> skip fi
                :: else -> skip
                fi;
                if
                :: reserve[me] < rl -> park(PROD, freeBumped, freeWaiters, FREE >= rl)
                :: else -> skip
                fi
             od
          :: else -> skip
          fi
       fi;
       /* write the header with a negative length, then the payload (plain stores); then
        * RingProducer.commit: release-store the positive length. One step unless PAUSE: nobody
        * reads the record before the USED release of flush, and a crash between is the same as
        * a crash before. */
#ifdef PAUSE
       FENCED(PROD, WRITE_RECORD);
       FENCED(PROD, COMMIT_RECORD);
#else
       FENCED(PROD, WRITE_RECORD; COMMIT_RECORD);
#endif
       if :: pending >= BATCH -> flush() :: else -> skip fi
    :: seq == NREC -> break
    :: me == 0 && ended[me] == E_NONE && !restarted[me] -> ended[me] = E_STOPPED; break   /* SIGTERM: close early, restarted later */
    od;
    /* RingProducer.close: flush, FREE.release(reserve), ACTIVITY := OUTSIDE; slot STATE := STOPPED */
    flush();
    producerLeave();
    FENCED(PROD, stCode[PROD] = STOPPED);
    d_step { pvalid[me] = false; if :: ended[me] == E_NONE -> ended[me] = E_DONE :: else -> skip fi };
    goto out;
fenced:
    skip;
    /* a resumed former owner: stops with an error, touching nothing shared */
    d_step { pvalid[me] = false; ended[me] = E_FENCED };
    goto out;
crashed:
    skip;
    d_step { dead[me] = true; pvalid[me] = false; reserve[me] = 0; ended[me] = E_CRASHED };
out:
    skip
}

proctype Consumer(byte me) {
    byte gen, other, pos, head, k, s, rl;
    bool needRecovery, sleep, lost;

    claimSlot(CONS);
    if :: needRecovery -> recover(CONS) :: else -> skip fi;
    enter(CONS);
    head = HEAD;
    do
    :: delivered == NREC -> break
    :: me == 2 && ended[me] == E_NONE && !restarted[me] -> ended[me] = E_STOPPED; break   /* SIGTERM between polls */
    :: else ->
       /* RingConsumer.poll: safe point (leave + enter if requested) */
       if
       :: REQ != 0 -> CP_STORE(SET_ACT(CONS, OUTSIDE)); enter(CONS)
       :: else -> skip
       fi;
       /* fenced check; k := USED.drain() */
       FENCED(CONS, atomic { k = USED; USED = 0 });
       do
       :: k > 0 ->
          /* read the record at head (committed, below TAIL, the expected sequence), hand it to the
           * sink, whose checkpoint (handler.beforeRelease) precedes giveBack's fenced HEAD store */
          FENCED(CONS, atomic {
              assert(head < TAIL);
              assert(rlen[head % CAPACITY] > 0);
              s = rseq[head % CAPACITY]; rl = rlen[head % CAPACITY];
              assert(s == delivered); delivered++; HEAD = head + rl; CHECK_INV;
              head = head + rl; k-- });
          /* FREE.release(bytes); wake the producer if it is parked */
          FENCED(CONS, atomic { FREE = FREE + rl; if :: freeWaiters > 0 -> freeBumped = 1 :: else -> skip fi; rl = 0; s = 0; CHECK_INV })
       :: else -> break
       od;
       if
       :: delivered < NREC ->
          /* RingConsumer.idle -> Waiter.park(USED, 1) */
          park(CONS, usedBumped, usedWaiters, USED > 0)
       :: else -> skip
       fi
    od;
    CP_STORE(SET_ACT(CONS, OUTSIDE));
    FENCED(CONS, stCode[CONS] = STOPPED);
    d_step { if :: ended[me] == E_NONE -> ended[me] = E_DONE :: else -> skip fi };
    goto out;
fenced:
    skip;
    ended[me] = E_FENCED;
    goto out;
crashed:
    skip;
    d_step { dead[me] = true; ended[me] = E_CRASHED };
out:
    skip
}

/* the operator (or systemd) restarts a role whose first incarnation ended early or looks dead */
proctype Restart(byte first) {
    if
    :: ended[first] == E_CRASHED || ended[first] == E_STOPPED || ended[first] == E_FENCED || judged[first] ->
       atomic { restarted[first] = true; if :: first == 0 -> run Producer(1) :: else -> run Consumer(3) fi }
    :: !judged[first] && ended[first] == E_DONE -> skip
    fi
}

#define RESTARTED(i) restarted[i]
init {
    atomic {
        run Producer(0); run Consumer(2);
        run Restart(0); run Restart(2)
    }
    /* everyone finished: the consumer got every record, no permit was lost or made up */
    (ended[0] != E_NONE && ended[2] != E_NONE && (ended[1] != E_NONE || !RESTARTED(0)) && (ended[3] != E_NONE || !RESTARTED(2)) &&
     (restarted[0] || ended[0] == E_DONE) && (restarted[2] || ended[2] == E_DONE));
    assert(delivered == NREC);
    assert(TAIL == HEAD && FREE == CAPACITY && USED == 0)
}

package io.mmipc.core.liveness;

/**
 * State of a participant as written in its slot, with the code stored in the file (explicit, never
 * an enum ordinal, so that reordering this enum cannot change the file format). CLAIMING marks a
 * slot a process is taking over, between winning it and writing its identity. DEAD is never
 * written: readers derive it when the recorded process is gone although its slot says it runs.
 */
public enum ParticipantState
{
    EMPTY(0), RUNNING(1), PARKED(2), STOPPED(3), CLAIMING(4), DEAD(-1);

    private static final ParticipantState[] BY_CODE = {EMPTY, RUNNING, PARKED, STOPPED, CLAIMING};

    private final int code;

    ParticipantState(final int code)
    {
        this.code = code;
    }

    /**
     * @return the code stored in the file; DEAD has none (-1).
     */
    public int code()
    {
        return code;
    }

    /**
     * @param code as stored in a slot.
     * @return the state, or null for a code no writer uses.
     */
    public static ParticipantState of(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * @return true for the states of a process that holds its role and may touch the channel
     *         (RUNNING or PARKED); the one liveness test every reader uses.
     */
    public boolean isLive()
    {
        return this == RUNNING || this == PARKED;
    }
}

package io.mmipc.core.liveness;

/**
 * State of a participant as written in its slot. CLAIMING marks a slot a process is taking over,
 * between winning it and writing its identity. DEAD is never written: readers derive it when the
 * recorded process is gone although its slot says it runs.
 */
public enum ParticipantState
{
    EMPTY, RUNNING, PARKED, STOPPED, CLAIMING, DEAD;

    /**
     * @param code as stored in a slot.
     * @return the state, or null for a code no writer uses.
     */
    public static ParticipantState of(final int code)
    {
        return code >= 0 && code < DEAD.ordinal() ? values()[code] : null;
    }
}

package io.mmipc.core.ring;

/**
 * Safe points for tests that drive a ring side alone, with no participant slot and no recovery.
 */
public final class TestSafePoints
{
    private TestSafePoints()
    {
    }

    /**
     * @return a safe point that never waits and never finds its owner gone.
     */
    public static SafePoint none()
    {
        return new SafePoint()
        {
            @Override
            public boolean enter()
            {
                return true;
            }

            @Override
            public void leave()
            {
            }

            @Override
            public boolean pauseRequested()
            {
                return false;
            }

            @Override
            public void checkOwner()
            {
            }
        };
    }
}

package io.mmipc.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class BridgeBenchTest
{
    @Test
    void ratiosAreBridgeOverTcpRoundByRound()
    {
        assertArrayEquals(new double[] {0.5, 2.0, 0.8}, BridgeBench.ratios(new double[] {50, 400, 8},
            new double[] {100, 200, 10}), 1e-12);
    }

    @Test
    void theTargetIsMetOnlyWhenEveryRoundClearsPointEight()
    {
        assertTrue(BridgeBench.met(new double[] {0.8, 0.9, 1.5}));
        assertFalse(BridgeBench.met(new double[] {0.9, 0.79, 1.5}), "one round below is not met");
        assertFalse(BridgeBench.met(new double[] {0.9, Double.NaN}), "a round without a rate is not met");
        assertFalse(BridgeBench.met(new double[0]), "no rounds prove nothing");
    }

    @Test
    void quickRunsAreShorterAndFourKibRunsCarryATenthOfTheRecordsUnlessACountIsGiven()
    {
        assertEquals(5_000_000, BridgeBench.records(64, 0, false));
        assertEquals(500_000, BridgeBench.records(4096, 0, false));
        assertEquals(1_000_000, BridgeBench.records(64, 0, true));
        assertEquals(100_000, BridgeBench.records(4096, 0, true));
        assertEquals(20_000, BridgeBench.records(4096, 20_000, true));
    }

    @Test
    void theBridgesMtuIsTheLargestDatagramThatCrossesTheLinkUnfragmented()
    {
        assertEquals(8960, VethPair.aeronMtu(9000), "9000 - 28 = 8972, down to a multiple of 32");
        assertEquals(1472, VethPair.aeronMtu(1500));
        assertEquals(65504, VethPair.aeronMtu(65535), "Aeron's largest");
    }
}

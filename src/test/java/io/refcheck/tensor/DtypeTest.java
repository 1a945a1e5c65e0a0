package io.refcheck.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The comparison policy per dtype: the values every check and the report take from {@link Dtype}. */
class DtypeTest {

    @Test
    void theAllowanceRuleIsUnitRoundoffTimesTheScale() {
        assertEquals(0x1p-53, Dtype.FLOAT64.unitRoundoff());
        assertEquals(0x1p-24, Dtype.FLOAT32.unitRoundoff());
        assertEquals(0x1p-53 * 10, Dtype.FLOAT64.allowance(10));
        assertEquals(0x1p-24 * 10, Dtype.FLOAT32.allowance(10));
        assertEquals(0.0, Dtype.FLOAT32.allowance(0));
    }

    @Test
    void defaultTolerancesAndLimitsPerDtype() {
        assertEquals(1e-12, Dtype.FLOAT64.atol());
        assertEquals(1e-10, Dtype.FLOAT64.rtol());
        assertEquals(1e-5, Dtype.FLOAT32.atol());
        assertEquals(1.3e-6, Dtype.FLOAT32.rtol());
        assertEquals(Double.MIN_NORMAL, Dtype.FLOAT64.smallestNormal());
        assertEquals(Float.MIN_NORMAL, Dtype.FLOAT32.smallestNormal());
        assertEquals(Double.MIN_VALUE, Dtype.FLOAT64.smallestSubnormal());
        assertEquals(Float.MIN_VALUE, Dtype.FLOAT32.smallestSubnormal());
    }

    @Test
    void labelsParseBackAndAnUnknownOneIsRejected() {
        for (Dtype d : Dtype.values()) {
            assertEquals(d, Dtype.of(d.label()));
            assertEquals(d.label(), d.toString());
        }
        assertEquals("dtype: must be one of [float64, float32], got bfloat16",
                assertThrows(IllegalArgumentException.class, () -> Dtype.of("bfloat16")).getMessage());
    }
}

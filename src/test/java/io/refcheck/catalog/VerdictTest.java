package io.refcheck.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void forEveryHoldsWhenEveryCheckHoldsAndForNoCheckAtAll() {
        assertTrue(Verdict.forEvery(3, i -> Verdict.holds()).ok());
        assertTrue(Verdict.forEvery(0, i -> Verdict.fails("never asked")).ok());
    }

    @Test
    void forEveryReturnsTheFirstFailureAndAsksNoFurther() {
        List<Integer> asked = new ArrayList<>();
        Verdict v = Verdict.forEvery(5, i -> {
            asked.add(i);
            return Verdict.when(i < 2, "element %d", i);
        });
        assertFalse(v.ok());
        assertEquals("element 2", v.detail());
        assertEquals(List.of(0, 1, 2), asked);
    }

    @Test
    void closeTakesNaNAsEqualToNaNAndNothingElse() {
        assertTrue(Verdict.close("x", Double.NaN, Double.NaN, 0, 0).ok());
        assertFalse(Verdict.close("x", Double.NaN, 1, 1e300, 0).ok());
        assertTrue(Verdict.close("x", 1 + 1e-12, 1, 0, 2e-12).ok());
        assertFalse(Verdict.close("x", 1 + 1e-11, 1, 0, 2e-12).ok());
    }
}

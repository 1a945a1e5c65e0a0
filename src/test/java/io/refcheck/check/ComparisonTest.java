package io.refcheck.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ComparisonTest {
    private static final Tensor EXPECTED = Tensor.vector(0.5, -1.25, 3, 1e-3);

    private static Comparison against(double factor) {
        return Comparison.of(EXPECTED.map(x -> factor * x), EXPECTED, Expected.PLAIN_JAVA, 1e-12, 1e-10);
    }

    @Test
    void aFailureSaysWhereTheExpectedValueCameFrom() {
        Comparison c = against(2);
        assertFalse(c.pass());
        assertTrue(c.reason().contains("expected (plain Java) "), c.reason());
        Comparison fd = Comparison.of(Tensor.vector(1), Tensor.vector(2), Expected.FINITE_DIFFERENCES, 0, 0);
        assertTrue(fd.reason().contains("expected (finite differences) 2.0"), fd.reason());
    }

    @Test
    void twiceTheExpectedOnEveryFailingElementIsNamedTimesTwo() {
        assertTrue(against(2).reason().contains("×2 "), against(2).reason());
    }

    @Test
    void halfTheExpectedIsNamedTimesOneHalf() {
        assertTrue(against(0.5).reason().contains("×0.5 "), against(0.5).reason());
    }

    @Test
    void aThirdIsNamedAsAFraction() {
        assertTrue(against(1.0 / 3).reason().contains("×1/3 "), against(1.0 / 3).reason());
    }

    @Test
    void minusTheExpectedIsNamedSignFlipped() {
        assertTrue(against(-1).reason().contains("sign flipped"), against(-1).reason());
    }

    @Test
    void aRatioThatIsNotTheSameOnEveryFailingElementIsNotNamed() {
        Comparison c = Comparison.of(Tensor.vector(1.0, 3.0), Tensor.vector(0.5, 1.0), Expected.PLAIN_JAVA, 1e-12, 1e-10);
        assertFalse(c.pass());
        assertFalse(c.reason().contains("×") || c.reason().contains("sign flipped"), c.reason());
    }

    @Test
    void aRatioThatIsNotAnIntegerOrItsInverseIsNotNamed() {
        assertFalse(against(1.5).reason().contains("×"), against(1.5).reason());
        assertFalse(against(1 + 1e-6).reason().contains("×"), against(1 + 1e-6).reason());
    }

    @Test
    void aPassingComparisonHasNoReason() {
        assertTrue(against(1).reason().isEmpty());
    }
}

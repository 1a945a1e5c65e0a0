package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.refcheck.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The finite-difference reference shared by the gradient check, the facts and the errata. */
class FiniteDifferencesTest {

    @Test
    void richardsonIsExactForAQuarticWhereTheCentralDifferenceIsNot() {
        // g(t) = t⁴ + t³ at 0 has g'(0) = 0; D(h) = h² (the t³ term), R = (4·h²/4 − h²)/3 = 0 exactly.
        double h = 0.5;
        assertEquals(0.25, FiniteDifferences.central(t -> t * t * t * t + t * t * t, h), 0);
        assertEquals(0, FiniteDifferences.derivative(t -> t * t * t * t + t * t * t, h), 0);
    }

    @Test
    void richardsonTruncationErrorFallsAsTheFourthPowerOfTheStep() {
        // For exp at 0 the error of R(h) is about h⁴/480; halving h divides it by about 16.
        double coarse = Math.abs(FiniteDifferences.derivative(Math::exp, 0.2) - 1);
        double fine = Math.abs(FiniteDifferences.derivative(Math::exp, 0.1) - 1);
        assertEquals(Math.pow(0.2, 4) / 480, coarse, 0.05 * coarse);
        assertEquals(16, coarse / fine, 0.5);
    }

    @Test
    void theStepIsRelativeToTheMagnitudeAboveTheFloor() {
        assertEquals(1e-4, FiniteDifferences.step(1e-4, 1, 0.3), 0);
        assertEquals(500 * 1e-4, FiniteDifferences.step(1e-4, 1, -500), 0);
        assertEquals(0, FiniteDifferences.step(1e-9, 0, 0), 0);
    }

    @Test
    void theGradientDifferencesEachElementWithItsOwnStep() {
        // f(x) = Σ x_i³: ∂f/∂x_i = 3x_i², exact for cubics up to rounding.
        Tensor x = Tensor.matrix(new double[] {0, 2}, new double[] {-3, 0.5});
        Tensor grad = FiniteDifferences.gradient(t -> Sums.sum(t.map(v -> v * v * v).toArray()), x);
        assertArrayEquals(new int[] {2, 2}, grad.shape());
        double[] expected = {0, 12, 27, 0.75};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], grad.at(i), 1e-9 * Math.max(1, expected[i]), "element " + i);
        }
    }

    @Test
    void theDirectionalDerivativeMovesOnlyTheCoordinatesOfTheDirection() {
        // f(x) = x0·x1 + x2²: vᵀ∇f = v0·x1 + v1·x0 + 2·v2·x2; x2 must not be touched where v2 = 0.
        double[] x = {2, 3, 5};
        List<double[]> seen = new ArrayList<>();
        double d = FiniteDifferences.directional(p -> {
            seen.add(p.clone());
            return p[0] * p[1] + p[2] * p[2];
        }, x, new double[] {0.6, 0.8, 0}, 1e-3);
        assertEquals(0.6 * 3 + 0.8 * 2, d, 1e-10);
        assertEquals(4, seen.size(), "four evaluations: ±h and ±h/2");
        assertTrue(seen.stream().allMatch(p -> p[2] == 5), "the coordinate with v = 0 moved");
        assertArrayEquals(new double[] {2, 3, 5}, x, "the point itself is left unchanged");
    }

    @Test
    void relativeErrorIsNormwiseAgainstTheReference() {
        // max |a − e| = 0.5 over max |e| = 10
        assertEquals(0.05, FiniteDifferences.relativeError(Tensor.vector(1, 9.5), Tensor.vector(1.5, 10)), 1e-16);
    }

    @Test
    void theRelativeErrorNamesAnActualTensorOfAnotherShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FiniteDifferences.relativeError(Tensor.vector(1, 2, 3), Tensor.vector(1, 2)));
        assertTrue(e.getMessage().startsWith("actual:"), e.getMessage());
    }
}

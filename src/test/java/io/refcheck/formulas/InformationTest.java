package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What the catalog's generic checks cannot see: KL divergence keeping its digits for nearly equal
 * distributions (against a 50-digit evaluation of the definition on the same doubles), the
 * 0·log 0 and +∞ conventions, gradients at the boundary, and the validation messages.
 */
class InformationTest {
    private static final double U = Dtype.FLOAT64.unitRoundoff();
    private static final DfpField FIELD = new DfpField(50);

    /** Σ p_i (log p_i − log q_i) over p_i &gt; 0, in 50 digits, on exactly the given doubles. */
    private static double klReference(double[] p, double[] q) {
        Dfp sum = FIELD.getZero();
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                Dfp pi = FIELD.newDfp(p[i]);
                sum = sum.add(pi.multiply(DfpMath.log(pi.divide(FIELD.newDfp(q[i])))));
            }
        }
        return sum.toDouble();
    }

    private static double[] normalised(double[] d) {
        double s = Sums.sum(d);
        for (int i = 0; i < d.length; i++) {
            d[i] /= s;
        }
        return d;
    }

    private static double[] randomRow(Random r, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = -Math.log(1 - r.nextDouble());
        }
        return normalised(d);
    }

    private static double kl(double[] p, double[] q) {
        return Information.klDivergence(Tensor.vector(p), Tensor.vector(q)).item();
    }

    /**
     * At relative differences δ the terms are O(δ) with both signs and D is O(δ²) (or, below
     * δ ≈ 10⁻⁸, the ±10⁻¹⁶ by which the rows' sums differ): a plain sum keeps about log₁₀(D/(uδ))
     * digits, the rewritten one all but a few ulp.
     */
    @Test
    void klDivergenceKeepsItsDigitsForNearlyEqualDistributions() {
        Random r = new Random(3);
        for (double delta : new double[] {1e-2, 1e-4, 1e-7, 1e-10, 1e-13}) {
            for (int trial = 0; trial < 5; trial++) {
                double[] p = randomRow(r, 50);
                double[] q = new double[p.length];
                for (int i = 0; i < p.length; i++) {
                    q[i] = p[i] * (1 + delta * r.nextGaussian());
                }
                normalised(q);
                double reference = klReference(p, q);
                double actual = kl(p, q);
                assertTrue(Math.abs(actual - reference) <= 32 * U * Math.abs(reference),
                        "δ = " + delta + ": D = " + actual + ", 50-digit reference " + reference + ", relative error "
                                + Math.abs(actual - reference) / Math.abs(reference));
            }
        }
    }

    @Test
    void klDivergenceMatchesTheFiftyDigitReferenceOnDistantAndExtremeRows() {
        Random r = new Random(5);
        double[][][] cases = {
                {randomRow(r, 7), randomRow(r, 7)},
                {normalised(new double[] {1, 1e-12, 2e-12, 0}), normalised(new double[] {1, 1, 1, 1})},
                {normalised(new double[] {1, 1, 1}), normalised(new double[] {1, 1e-300, 1e-200})},
                {normalised(new double[] {0, 3, 1e-9}), normalised(new double[] {0.2, 0.8, 1e-9})},
                {randomRow(r, 3_000), randomRow(r, 3_000)}};
        for (double[][] pq : cases) {
            double reference = klReference(pq[0], pq[1]);
            double actual = kl(pq[0], pq[1]);
            assertTrue(Math.abs(actual - reference) <= 32 * U * reference,
                    () -> "D = " + actual + ", 50-digit reference " + reference);
        }
    }

    /** p/q overflows for q below p/Double.MAX_VALUE: the term is then formed as p(log p − log q), not p·log ∞. */
    @Test
    void klDivergenceStaysFiniteWhereTheRatioOverflows() {
        double q0 = 4 * Double.MIN_VALUE;
        double[] p = {0.5, 0.5};
        double[] q = {q0, 1 - q0};
        double expected = 0.5 * (Math.log(0.5) - Math.log(q0)) + 0.5 * Math.log(0.5 / (1 - q0));
        assertEquals(expected, kl(p, q), 4 * U * expected);
    }

    @Test
    void phiSeriesAgreesWithTheFiftyDigitDefinition() {
        for (double d : new double[] {1e-300, -1e-12, 3e-9, 1e-4, -0.01, 0.1, -0.2, 0.2499, -0.2499}) {
            Dfp x = FIELD.newDfp(d);
            Dfp onePlus = FIELD.getOne().add(x);
            double reference = onePlus.multiply(DfpMath.log(onePlus)).subtract(x).toDouble();
            if (Math.abs(d) < 1e-150) {
                assertEquals(0.0, Information.phi(d), "d²/2 underflows");
                continue;
            }
            double actual = Information.phi(d);
            assertTrue(Math.abs(actual - reference) <= 4 * U * reference,
                    () -> "φ(" + d + ") = " + actual + ", reference " + reference);
        }
    }

    @Test
    void klDivergenceOfARowFromItselfIsExactlyZero() {
        double[] p = randomRow(new Random(9), 10_000);
        assertEquals(0.0, kl(p, p));
    }

    @Test
    void zeroProbabilitiesFollowTheZeroLogZeroConvention() {
        Tensor p = Tensor.matrix(new double[] {0, 1}, new double[] {0.5, 0.5});
        Tensor q = Tensor.matrix(new double[] {0, 1}, new double[] {1, 0});
        assertArrayEquals(new double[] {0, Double.POSITIVE_INFINITY}, Information.klDivergence(p, q).toArray());
        assertArrayEquals(new double[] {0, Double.POSITIVE_INFINITY}, Information.crossEntropy(p, q).toArray());
        assertArrayEquals(new double[] {0, Math.log(2)}, Information.entropy(p).toArray(), U);
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, 0}, Information.selfInformation(Tensor.vector(0, 1)).toArray());
    }

    @Test
    void entropyAndCrossEntropyOfALongRowMatchTheFiftyDigitReference() {
        Random r = new Random(13);
        double[] p = randomRow(r, 3_000);
        double[] q = randomRow(r, 3_000);
        Dfp h = FIELD.getZero();
        Dfp hpq = FIELD.getZero();
        for (int i = 0; i < p.length; i++) {
            Dfp pi = FIELD.newDfp(p[i]);
            h = h.subtract(pi.multiply(DfpMath.log(pi)));
            hpq = hpq.subtract(pi.multiply(DfpMath.log(FIELD.newDfp(q[i]))));
        }
        double entropy = Information.entropy(Tensor.vector(p)).item();
        double crossEntropy = Information.crossEntropy(Tensor.vector(p), Tensor.vector(q)).item();
        assertEquals(h.toDouble(), entropy, 8 * U * entropy);
        assertEquals(hpq.toDouble(), crossEntropy, 8 * U * crossEntropy);
    }

    @Test
    void rowWiseQuantitiesDropOnlyTheLastAxis() {
        double[] d = new double[2 * 3 * 4];
        Arrays.fill(d, 0.25);
        Tensor p = Tensor.of(new int[] {2, 3, 4}, d);
        Tensor h = Information.entropy(p);
        assertArrayEquals(new int[] {2, 3}, h.shape());
        assertEquals(Math.log(4), h.get(1, 2), 2 * U);
        assertArrayEquals(new int[] {2, 3}, Information.klDivergence(p, p).shape());
        assertArrayEquals(new int[] {2, 3, 4}, Information.entropyVjp(p, Tensor.filled(1, 2, 3)).shape());
    }

    @Test
    void gradientsAtZeroProbabilitiesFollowTheTermsConvention() {
        Tensor p = Tensor.vector(0, 1);
        Tensor q = Tensor.vector(0, 1);
        Tensor c = Tensor.scalar(2);
        assertArrayEquals(new double[] {0, -2}, Information.klDivergenceVjpQ(p, q, c).toArray(),
                "p_0 = 0 = q_0: the term is identically 0, so is its gradient; −p_1/q_1·2 = −2");
        assertArrayEquals(new double[] {0, -2}, Information.crossEntropyVjpQ(p, q, c).toArray());
        assertEquals(Double.POSITIVE_INFINITY, Information.entropyVjp(p, c).at(0), "−(log 0 + 1)·2 = +∞");
        assertEquals(Double.NEGATIVE_INFINITY,
                Information.klDivergenceVjpP(p, Tensor.vector(0.5, 0.5), c).at(0), "one-sided slope of p log p at 0");
        assertEquals(-2.0, Information.entropyVjp(p, c).at(1), "−(log 1 + 1)·2");
    }

    @Test
    void rowsRoundedToFloatArePassedAndRowsOffTheSimplexRejected() {
        Tensor p = Tensor.vector(1.0 / 3, 1.0 / 3, 1.0 / 3).toFloat32();
        assertEquals(Math.log(3), Information.entropy(p).item(), 1e-7);
        assertRejected(() -> Information.entropy(Tensor.vector(0.5, 0.5 + 2e-6)), "p: ", "probability simplex");
        assertRejected(() -> Information.crossEntropy(Tensor.vector(0.5, 0.5), Tensor.vector(0.5, 0.5, 0)), "q: ",
                "must equal the shape of p");
        assertRejected(() -> Information.klDivergence(Tensor.vector(0.5, 0.5), Tensor.vector(1.5, -0.5)), "q: ",
                "probability in [0, 1]");
        assertRejected(() -> Information.selfInformation(Tensor.vector(Double.NaN)), "p: ", "probability in [0, 1]");
        assertRejected(() -> Information.entropy(Tensor.zeros(3, 0)), "p: ", "last axis must not be empty");
        assertRejected(() -> Information.entropyVjp(Tensor.vector(0.5, 0.5), Tensor.vector(1)), "c: ", "row shape");
    }

    private static void assertRejected(Executable call, String prefix, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(prefix) && e.getMessage().contains(fragment), e.getMessage());
    }
}

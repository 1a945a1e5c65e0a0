package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.junit.jupiter.api.Test;

/**
 * The vectorised e^(z − m) of the softmax cross-entropy kernels: within one ulp of the exact
 * value (commons-math3 Dfp, 40 digits) of e^(z − m) with z − m taken exactly, identical to
 * {@link Activations#shiftedExp} on every IEEE case, and a compensated sum that skips one term.
 */
class ShiftedExpTest {
    private static final DfpField FIELD = new DfpField(40);

    /** e^(z_j − m) for every z_j, through {@link ShiftedExp#row}. */
    private static double[] shiftedExps(double[] z, double m) {
        double[] e = new double[z.length];
        ShiftedExp.row(z, z.length, m, -1, e);
        return e;
    }

    private static double of(double z, double m) {
        return shiftedExps(new double[] {z}, m)[0];
    }

    private static long ulpsFromExact(double z, double m, double actual) {
        Dfp exact = DfpMath.exp(FIELD.newDfp(z).subtract(FIELD.newDfp(m)));
        return Math.abs(Double.doubleToLongBits(actual) - Double.doubleToLongBits(exact.toDouble()));
    }

    @Test
    void isWithinOneUlpOfTheExactShiftedExponentialOverTheWholeNormalRange() {
        Random r = new Random(20261123);
        long worst = 0;
        for (int row = 0; row < 40; row++) {
            double m = (r.nextBoolean() ? 1 : 1000) * r.nextGaussian();
            double[] z = new double[500];
            for (int i = 0; i < z.length; i++) {
                z[i] = m + switch (i % 4) {
                    case 0 -> -745 * r.nextDouble();            // the whole range of a shifted logit, subnormal results included
                    case 1 -> -r.nextDouble() * 1e-3;           // near the maximum, where r is the whole argument
                    case 2 -> -40 * r.nextDouble();             // ordinary softmax terms
                    default -> 709 * r.nextDouble();            // above the maximum (not the kernels' use, but valid)
                };
            }
            double[] e = shiftedExps(z, m);
            for (int i = 0; i < z.length; i++) {
                worst = Math.max(worst, ulpsFromExact(z[i], m, e[i]));
            }
        }
        assertTrue(worst <= 1, "worst error " + worst + " ulp");
    }

    @Test
    void keepsTheRoundingErrorOfTheShiftWhereMathExpOfTheRoundedDifferenceLosesIt() {
        // fl(z − m) is off by up to half an ulp of |z − m|, a relative error of e^(z − m) that many times larger
        double[][] cases = {{-69.3, 0.1}, {-700.1, 0.3}};
        for (double[] c : cases) {
            double exact = DfpMath.exp(FIELD.newDfp(c[0]).subtract(FIELD.newDfp(c[1]))).toDouble();
            long naive = Math.abs(Double.doubleToLongBits(Math.exp(c[0] - c[1])) - Double.doubleToLongBits(exact));
            assertTrue(naive > 40, "Math.exp(fl(z − m)) errs by " + naive + " ulp");
            assertTrue(ulpsFromExact(c[0], c[1], of(c[0], c[1])) <= 1, "the shifted exponential of z = " + c[0] + ", m = " + c[1]);
        }
        assertEquals(1.0, of(3.25, 3.25), "e⁰ is exactly 1");
    }

    @Test
    void everyIeeeCaseAndTheSubnormalRangeAreThoseOfActivationsShiftedExp() {
        double[][] cases = {{Double.NaN, 0}, {0, Double.NaN}, {Double.NEGATIVE_INFINITY, 0}, {Double.POSITIVE_INFINITY, 0},
            {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}, {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY},
            {-740, 0}, {-745.2, 0}, {-800, 0}, {710, 0}, {-1000, 1000}, {-708.5, 0}};
        for (double[] c : cases) {
            assertEquals(Activations.shiftedExp(c[0], c[1]), of(c[0], c[1]), "z = " + c[0] + ", m = " + c[1]);
        }
    }

    @Test
    void theRowSumIsCompensatedAndLeavesOutTheSkippedTerm() {
        // 1 + 1e-17·10⁴ = 1 + 1e-13: a plain sum of 1 and 10⁴ terms of e⁻³⁹·¹⁴ ≈ 1e-17 loses them all
        double[] z = new double[10_001];
        Arrays.fill(z, Math.log(1e-17));
        z[0] = 0;
        double[] e = new double[z.length];
        double all = ShiftedExp.row(z, z.length, 0, -1, e);
        double others = ShiftedExp.row(z, z.length, 0, 0, e);
        double tiny = e[1];
        assertEquals(1 + 10_000 * tiny, all, 2 * Math.ulp(1.0));
        assertEquals(10_000 * tiny, others, 1e-12 * others, "the sum without the maximum's own term");
    }

    @Test
    void atTheEdgesOfItsRangeTheKernelIsCorrectlyRoundedWhereTheScalarFallbackIsNot() {
        // fl(z − m) = ±700 exactly, the last terms the polynomial computes; Activations.shiftedExp (Math.exp plus a
        // first-order correction) is an ulp off on these, so the test tells which of the two computed them
        double[][] cases = {{0x1.310a5807ee12dp9, -0x1.67ad3fc08f696p6}, {-0x1.1ccc2d6b42019p9, 0x1.04cf4a52f7f9bp7}};
        for (double[] c : cases) {
            assertEquals(Math.abs(c[0] - c[1]), 700.0);
            double exact = DfpMath.exp(FIELD.newDfp(c[0]).subtract(FIELD.newDfp(c[1]))).toDouble();
            assertTrue(Activations.shiftedExp(c[0], c[1]) != exact, "the fallback rounds differently here");
            assertEquals(exact, of(c[0], c[1]), "z = " + c[0] + ", m = " + c[1]);
        }
    }

    @Test
    void theScalarFallbackKeepsNanAndOverflowsToInfinityAndUnderflowsToZero() {
        assertTrue(Double.isNaN(Activations.shiftedExp(Double.NaN, 0)));
        assertTrue(Double.isNaN(Activations.shiftedExp(0, Double.NaN)));
        assertTrue(Double.isNaN(Activations.shiftedExp(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY)));
        assertEquals(Double.POSITIVE_INFINITY, Activations.shiftedExp(710, 0));
        assertEquals(Double.POSITIVE_INFINITY, Activations.shiftedExp(Double.POSITIVE_INFINITY, 0));
        assertEquals(0.0, Activations.shiftedExp(Double.NEGATIVE_INFINITY, 0));
        assertEquals(0.0, Activations.shiftedExp(-800, 0));
    }
}

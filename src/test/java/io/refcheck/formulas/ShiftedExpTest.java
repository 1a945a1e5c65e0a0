package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.junit.jupiter.api.Test;

/**
 * The table-driven e^(z − m) of the softmax cross-entropy kernels: within one ulp of the exact
 * value (commons-math3 Dfp, 40 digits) of e^(z − m) with z − m taken exactly, and identical to
 * {@link Activations#shiftedExp} on every IEEE case.
 */
class ShiftedExpTest {
    private static final DfpField FIELD = new DfpField(40);

    private static long ulpsFromExact(double z, double m) {
        Dfp exact = DfpMath.exp(FIELD.newDfp(z).subtract(FIELD.newDfp(m)));
        double rounded = exact.toDouble();
        double actual = ShiftedExp.of(z, m);
        return Math.abs(Double.doubleToLongBits(actual) - Double.doubleToLongBits(rounded));
    }

    @Test
    void isWithinOneUlpOfTheExactShiftedExponentialOverTheWholeNormalRange() {
        Random r = new Random(20261123);
        long worst = 0;
        for (int i = 0; i < 20_000; i++) {
            double m = (r.nextBoolean() ? 1 : 1000) * r.nextGaussian();
            double x = switch (i % 4) {
                case 0 -> -708 * r.nextDouble();            // the whole normal range of a shifted logit
                case 1 -> -r.nextDouble() * 1e-3;           // near the maximum, where r is the whole argument
                case 2 -> -40 * r.nextDouble();             // ordinary softmax terms
                default -> 709 * r.nextDouble();            // above the maximum (not the kernels' use, but valid)
            };
            double z = m + x;
            worst = Math.max(worst, ulpsFromExact(z, m));
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
            assertTrue(ulpsFromExact(c[0], c[1]) <= 1, "the shifted exponential of z = " + c[0] + ", m = " + c[1]);
        }
        assertEquals(1.0, ShiftedExp.of(3.25, 3.25), "e⁰ is exactly 1");
    }

    @Test
    void everyIeeeCaseAndTheSubnormalRangeAreThoseOfActivationsShiftedExp() {
        double[][] cases = {{Double.NaN, 0}, {0, Double.NaN}, {Double.NEGATIVE_INFINITY, 0}, {Double.POSITIVE_INFINITY, 0},
            {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}, {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY},
            {-740, 0}, {-745.2, 0}, {-800, 0}, {710, 0}, {-1000, 1000}, {-708.5, 0}};
        for (double[] c : cases) {
            assertEquals(Activations.shiftedExp(c[0], c[1]), ShiftedExp.of(c[0], c[1]), "z = " + c[0] + ", m = " + c[1]);
        }
    }
}

package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.refcheck.check.Comparison;
import io.refcheck.engine.OracleEngine;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.junit.jupiter.api.Test;

/**
 * What the catalog's generic checks cannot see: accuracy against a 50-digit reference in the
 * tails where the textbook forms lose every digit, explicit Jacobians, and the conventions.
 */
class ActivationsTest {
    private static final double U = Dtype.FLOAT64.unitRoundoff();
    private static final DfpField FIELD = new DfpField(50);

    private static Dfp exact(double x) {
        return FIELD.newDfp(x);
    }

    private static void assertRelativelyClose(double expected, double actual, double rtol, String what) {
        assertTrue(Math.abs(actual - expected) <= rtol * Math.abs(expected),
                () -> what + ": got " + actual + ", expected " + expected + ", relative error "
                        + Math.abs(actual - expected) / Math.abs(expected));
    }

    @Test
    void sigmoidKeepsRelativeAccuracyInBothTails() {
        for (double z : new double[] {-708, -300, -40, -1, -1e-10, 0, 1e-10, 1, 40, 300}) {
            Dfp one = FIELD.getOne();
            double reference = one.divide(one.add(DfpMath.exp(exact(-z)))).toDouble();
            assertRelativelyClose(reference, Activations.sigmoid(z), 4 * U, "σ(" + z + ")");
        }
    }

    @Test
    void sigmoidDerivativeKeepsRelativeAccuracyWhereOneMinusSigmaCancels() {
        for (double z : new double[] {-700, -40, -1, 0, 2, 20, 40, 700}) {
            Dfp e = DfpMath.exp(exact(-Math.abs(z)));
            Dfp onePlusE = FIELD.getOne().add(e);
            double reference = e.divide(onePlusE.multiply(onePlusE)).toDouble();
            assertRelativelyClose(reference, Activations.sigmoidDerivative(z), 8 * U, "σ'(" + z + ")");
        }
        assertEquals(0.25, Activations.sigmoidDerivative(0));
    }

    /** 1 − tanh² is 0 from |z| ≈ 19 on, and 1/cosh² overflows past |z| ≈ 354.9 though sech² is a positive subnormal up to ≈ 372.5. */
    @Test
    void tanhDerivativeIsAccurateWhereOneMinusTanhSquaredCancelsAndCoshOverflows() {
        for (double z : new double[] {0, 0.5, -3, 20, -100, 354, 355, 360, -370}) {
            Dfp e = DfpMath.exp(exact(-2 * Math.abs(z)));
            Dfp onePlusE = FIELD.getOne().add(e);
            double reference = e.multiply(4).divide(onePlusE.multiply(onePlusE)).toDouble();
            double actual = Activations.tanhDerivative(z);
            // subnormal results carry an absolute error of up to half the smallest subnormal
            assertTrue(Math.abs(actual - reference) <= 8 * U * reference + Double.MIN_VALUE,
                    () -> "tanh'(" + z + "): got " + actual + ", expected " + reference);
            assertTrue(actual > 0, () -> "tanh'(" + z + ") must stay positive, got " + actual);
        }
        assertEquals(1.0, Activations.tanhDerivative(0));
        assertEquals(0.0, Activations.tanhDerivative(Double.POSITIVE_INFINITY));
        assertEquals(0.0, Activations.tanhDerivative(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(Activations.tanhDerivative(Double.NaN)));
    }

    @Test
    void reluDerivativeAtZeroIsZeroAsInPyTorch() {
        assertEquals(0.0, Activations.reluDerivative(0.0));
        assertEquals(0.0, Activations.reluDerivative(-0.0));
        assertEquals(1.0, Activations.reluDerivative(Double.MIN_VALUE));
        assertTrue(Double.isNaN(Activations.relu(Double.NaN)));
    }

    @Test
    void signAndStepPropagateNaNAndTreatZeroAsDocumented() {
        assertTrue(Double.isNaN(Activations.sign(Double.NaN)), "numpy.sign(nan) = nan (torch.sign gives 0, pytorch#41245)");
        assertTrue(Double.isNaN(Activations.step(Double.NaN)));
        assertTrue(Activations.sign(-0.0) == 0, "sgn(−0) is a zero (−0 here, +0 in torch.sign; they compare equal)");
        assertEquals(1.0, Activations.step(-0.0), "step(z) = 1 for z ≥ 0, and −0 ≥ 0");
        assertEquals(0.0, Activations.step(-Double.MIN_VALUE));
    }

    @Test
    void softmaxVjpEqualsTheExplicitJacobianProduct() {
        Random r = new Random(7);
        int rows = 3;
        int n = 5;
        Tensor z = randomMatrix(r, rows, n, 3);
        Tensor c = randomMatrix(r, rows, n, 1);
        Tensor s = Activations.softmax(z);
        Tensor vjp = Activations.softmaxVjp(s, c);
        Tensor logVjp = Activations.logSoftmaxVjp(s, c);
        for (int row = 0; row < rows; row++) {
            for (int j = 0; j < n; j++) {
                double viaJacobian = 0;
                double viaLogJacobian = 0;
                for (int i = 0; i < n; i++) {
                    double si = s.get(row, i);
                    double sj = s.get(row, j);
                    // ∂s_i/∂z_j = s_i(δ_ij − s_j); ∂ log s_i/∂z_j = δ_ij − s_j
                    viaJacobian += c.get(row, i) * si * ((i == j ? 1 : 0) - sj);
                    viaLogJacobian += c.get(row, i) * ((i == j ? 1 : 0) - sj);
                }
                assertEquals(viaJacobian, vjp.get(row, j), 1e-15);
                assertEquals(viaLogJacobian, logVjp.get(row, j), 1e-14);
            }
        }
    }

    @Test
    void logsumexpVjpIsTheCotangentTimesSoftmaxPerRow() {
        Tensor z = Tensor.matrix(new double[] {0, Math.log(3)}, new double[] {5, 5});
        Tensor g = Activations.logsumexpVjp(z, Tensor.vector(2, -4));
        double[] expected = {0.5, 1.5, -2, -2};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], g.at(i), 4 * U);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Activations.logsumexpVjp(z, Tensor.vector(1, 2, 3)));
        assertTrue(e.getMessage().startsWith("c: "), e.getMessage());
    }

    @Test
    void softmaxOfHugeLogitsNeitherOverflowsNorUnderflowsTheMaximum() {
        Tensor s = Activations.softmax(Tensor.vector(1000, 999, -1000));
        double e = Math.exp(-1);
        assertEquals(1 / (1 + e), s.at(0), 2 * U);
        assertEquals(e / (1 + e), s.at(1), 2 * U);
        assertEquals(0.0, s.at(2), "e^(−2000) underflows to 0, as in torch.softmax");
    }

    @Test
    void logSoftmaxKeepsLogProbabilitiesFiniteWhereSoftmaxUnderflows() {
        Tensor logS = Activations.logSoftmax(Tensor.vector(0, -800, -1e6));
        assertEquals(0.0, logS.at(0));
        assertEquals(-800.0, logS.at(1), "log(softmax) would be log 0 = −∞ here");
        assertEquals(-1e6, logS.at(2));
    }

    @Test
    void logSoftmaxAndLogsumexpKeepTheDigitsOfTermsFarBelowTheMaximum() {
        // log(1 + e^(−627)) = e^(−627)(1 − e^(−627)/2 + …) = e^(−627) to double precision; log of the rounded sum gives 0
        double tiny = Math.exp(-627);
        Tensor row = Tensor.vector(0, -627);
        assertEquals(-tiny, Activations.logSoftmax(row).at(0), 2 * Math.ulp(tiny));
        assertEquals(tiny, Activations.logsumexp(row).item(), 2 * Math.ulp(tiny));
    }

    @Test
    void softmaxEntriesFarBelowTheMaximumAreWithinFourUlpsOfTheOracle() {
        // z − m rounds to within u·|z − m|, which exp turns into a relative error of the same size (57 ulps at
        // z − m ≈ −69 before the TwoSum correction); the oracle engine is the 64-digit reference
        Random r = new Random(5);
        double[] z = new double[2000];
        for (int i = 0; i < z.length; i++) {
            z[i] = 10 * r.nextGaussian() + 0.1;
        }
        Tensors in = Tensors.of("z", Tensor.vector(z));
        OracleEngine oracle = new OracleEngine();
        Tensor expected = oracle.evaluate("softmax", in).get("s");
        Tensor actual = Activations.softmax(Tensor.vector(z));
        Tensor expectedLog = oracle.evaluate("log_softmax", in).get("log_s");
        Tensor actualLog = Activations.logSoftmax(Tensor.vector(z));
        for (int i = 0; i < z.length; i++) {
            assertTrue(Comparison.ulpDistance(actual.at(i), expected.at(i)) <= 4,
                    "softmax of z = " + z[i] + ": " + actual.at(i) + " vs " + expected.at(i));
            assertTrue(Comparison.ulpDistance(actualLog.at(i), expectedLog.at(i)) <= 4,
                    "log_softmax: " + actualLog.at(i) + " vs " + expectedLog.at(i));
        }
    }

    @Test
    void logsumexpOfALongRowMatchesTheFiftyDigitReference() {
        Random r = new Random(11);
        int n = 10_000;
        double[] z = new double[n];
        Dfp sum = FIELD.getZero();
        for (int i = 0; i < n; i++) {
            z[i] = 5 * r.nextGaussian() + 700;
            sum = sum.add(DfpMath.exp(exact(z[i] - 700)));
        }
        double reference = DfpMath.log(sum).add(exact(700)).toDouble();
        assertRelativelyClose(reference, Activations.logsumexp(Tensor.vector(z)).item(), 4 * U, "logsumexp of 10,000 logits near 700");
    }

    /**
     * The places where each kernel changes method or range: tanh's split at 0.625 (rational form
     * below, 1 − 2e/(1 + e) above), the subnormal tail of tanh' (the factor 4 moved into the
     * exponent below e^(−2|z|) = 2⁻¹⁰⁰⁰) and of σ', and both signs of σ. Each is within one ulp of
     * the correctly rounded value (the oracle engine), on dense grids across each boundary.
     */
    @Test
    void sigmoidTanhAndTheirDerivativesAreFaithfullyRoundedAcrossEveryRangeBoundary() {
        OracleEngine oracle = new OracleEngine();
        double[][] ranges = {{0.55, 0.70}, {-0.70, -0.55}, {345.0, 373.0}, {-373.0, -345.0}, {700.0, 746.0},
            {-746.0, -700.0}, {1e-9, 1e-7}, {17.0, 20.0}, {-20.0, -17.0}};
        Random r = new Random(13);
        for (double[] range : ranges) {
            double[] z = new double[400];
            for (int i = 0; i < z.length; i++) {
                z[i] = range[0] + (range[1] - range[0]) * r.nextDouble();
            }
            Tensor zt = Tensor.vector(z);
            Tensors in = Tensors.of("z", zt);
            Tensors ones = Tensors.of("a", Tensor.filled(1, z.length));
            Tensor sigmoid = oracle.evaluate("sigmoid", in).get("a");
            Tensor tanh = oracle.evaluate("tanh", in).get("a");
            Tensor sigmoidPrime = oracle.vjp("sigmoid", in, ones).get("z");
            Tensor tanhPrime = oracle.vjp("tanh", in, ones).get("z");
            for (int i = 0; i < z.length; i++) {
                double zi = z[i];
                assertTrue(Comparison.ulpDistance(Activations.sigmoid(zi), sigmoid.at(i)) <= 1, "σ(" + zi + ")");
                assertTrue(Comparison.ulpDistance(Activations.tanh(zi), tanh.at(i)) <= 1, "tanh(" + zi + ")");
                assertTrue(Comparison.ulpDistance(Activations.sigmoidDerivative(zi), sigmoidPrime.at(i)) <= 1, "σ'(" + zi + ")");
                assertTrue(Comparison.ulpDistance(Activations.tanhDerivative(zi), tanhPrime.at(i)) <= 1,
                        "tanh'(" + zi + "): " + Activations.tanhDerivative(zi) + " vs " + tanhPrime.at(i));
            }
        }
    }

    @Test
    void sigmoidAndTanhKeepTheirIeeeResultsAndTheSignOfZero() {
        assertEquals(0.5, Activations.sigmoid(-0.0));
        assertEquals(1.0, Activations.sigmoid(Double.POSITIVE_INFINITY));
        assertEquals(0.0, Activations.sigmoid(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(Activations.sigmoid(Double.NaN)));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Activations.tanh(-0.0)), "tanh(−0) = −0");
        assertEquals(-1.0, Activations.tanh(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(Activations.tanh(Double.NaN)));
        assertEquals(0.0, Activations.tanhDerivative(Double.POSITIVE_INFINITY));
        assertTrue(Double.isNaN(Activations.tanhDerivative(Double.NaN)));
        assertTrue(Double.isNaN(Activations.sigmoidDerivative(Double.NaN)));
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(Activations.relu(-0.0)), "relu(−0) = +0");
    }

    /** Long tensors are split over refcheck.threads; elementwise, every element is the same bit for bit, block edges included. */
    @Test
    void elementwiseActivationsSplitOverThreadsAreIdenticalBitForBit() {
        Random r = new Random(23);
        double[] d = new double[300_001];
        for (int i = 0; i < d.length; i++) {
            d[i] = 4 * r.nextGaussian();
        }
        Tensor z = Tensor.vector(d);
        for (UnaryOperator<Tensor> f : List.<UnaryOperator<Tensor>>of(
                Activations::sigmoid, Activations::tanh, Activations::relu)) {
            Tensor one = MatricesTest.withThreads(1, () -> f.apply(z));
            Tensor three = MatricesTest.withThreads(3, () -> f.apply(z));
            assertEquals(one, three);
            assertEquals(Activations.sigmoid(d[150_000]), MatricesTest.withThreads(3, () -> Activations.sigmoid(z)).at(150_000));
        }
    }

    @Test
    void softmaxFamilyRejectsAScalarAndAnEmptyLastAxisNamingZ() {
        for (Runnable call : new Runnable[] {
                () -> Activations.softmax(Tensor.scalar(1)),
                () -> Activations.logSoftmax(Tensor.zeros(2, 0)),
                () -> Activations.logsumexp(Tensor.zeros(0))}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
            assertTrue(e.getMessage().startsWith("z: "), e.getMessage());
        }
    }

    private static Tensor randomMatrix(Random r, int rows, int cols, double sigma) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = sigma * r.nextGaussian();
        }
        return Tensor.of(new int[] {rows, cols}, d);
    }
}

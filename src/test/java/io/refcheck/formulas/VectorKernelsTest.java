package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.check.Comparison;
import io.refcheck.engine.OracleEngine;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels behind {@code -Drefcheck.vector=true} are held to the scalar kernels'
 * targets: within one ulp of the correctly rounded value (the oracle engine) for sigmoid and tanh,
 * exactly relu, the IEEE results and signed zeros, and tails shorter than a vector. Runs in its own
 * surefire execution, on a JVM started with {@code --add-modules jdk.incubator.vector} (pom.xml).
 */
class VectorKernelsTest {
    private final ElementwiseKernels vector = ElementwiseKernels.vector();
    private final OracleEngine oracle = new OracleEngine();

    private static double[] logUniformBothSigns(Random r, int n, double lowExponent, double highExponent) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = (r.nextBoolean() ? 1 : -1) * Math.pow(10, lowExponent + (highExponent - lowExponent) * r.nextDouble());
        }
        return z;
    }

    private void assertWithinOneUlpOfTheOracle(String id, double[] z) {
        double[] actual = z.clone();
        if (id.equals("sigmoid")) {
            vector.sigmoid(actual, 0, actual.length);
        } else {
            vector.tanh(actual, 0, actual.length);
        }
        Tensor exact = oracle.evaluate(id, Tensors.of("z", Tensor.vector(z))).get("a");
        for (int i = 0; i < z.length; i++) {
            long ulps = Comparison.ulpDistance(actual[i], exact.at(i));
            int at = i;
            assertTrue(ulps <= 1, () -> id + "(" + z[at] + ") = " + actual[at] + ", correctly rounded " + exact.at(at) + ": " + ulps + " ulp");
        }
    }

    @Test
    void theVectorKernelsLoadOnThisJvm() {
        assertTrue(vector.name().startsWith("vector "), vector.name());
    }

    @Test
    void vectorSigmoidAndTanhAreWithinOneUlpOnASweepFrom1eMinus8To1e3() {
        Random r = new Random(17);
        double[] z = logUniformBothSigns(r, 10_000, -8, 3);
        assertWithinOneUlpOfTheOracle("sigmoid", z);
        assertWithinOneUlpOfTheOracle("tanh", z);
    }

    @Test
    void vectorTanhIsWithinOneUlpOnBothSidesOfItsSplitAndVectorSigmoidNearTheUnderflow() {
        Random r = new Random(19);
        double[] nearSplit = new double[4_000];
        for (int i = 0; i < nearSplit.length; i++) {
            nearSplit[i] = (i % 2 == 0 ? 1 : -1) * (0.5 + 0.25 * r.nextDouble());
        }
        assertWithinOneUlpOfTheOracle("tanh", nearSplit);
        double[] tail = new double[2_000];
        for (int i = 0; i < tail.length; i++) {
            tail[i] = -(700 + 46 * r.nextDouble());
        }
        assertWithinOneUlpOfTheOracle("sigmoid", tail);
    }

    /** A block [from, to) that starts and ends off the vector grid: its elements equal the whole array's, the rest stay untouched. */
    @Test
    void aVectorKernelOnABlockChangesExactlyThatBlockAsTheWholeArrayWould() {
        Random r = new Random(29);
        double[] z = new double[1_003];
        for (int i = 0; i < z.length; i++) {
            z[i] = 3 * r.nextGaussian();
        }
        double[] whole = z.clone();
        vector.tanh(whole, 0, whole.length);
        double[] block = z.clone();
        vector.tanh(block, 5, 998);
        for (int i = 0; i < z.length; i++) {
            assertEquals(i >= 5 && i < 998 ? whole[i] : z[i], block[i], "element " + i);
        }
    }

    @Test
    void vectorKernelsKeepTheIeeeResultsAndSignedZerosInEveryLaneAndInTheMaskedTail() {
        // 19 elements: two full 8-lane vectors (or more narrower ones) and a masked tail
        double[] z = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 1, -1, 0.625, -0.625,
            20, -20, 1e-300, -1e-300, Double.NaN, -0.0, 0.0, Double.NEGATIVE_INFINITY, 3, -3};
        double[] s = z.clone();
        double[] t = z.clone();
        double[] relu = z.clone();
        vector.sigmoid(s, 0, s.length);
        vector.tanh(t, 0, t.length);
        vector.relu(relu, 0, relu.length);
        for (int i = 0; i < z.length; i++) {
            if (Double.isNaN(z[i])) {
                assertTrue(Double.isNaN(s[i]) && Double.isNaN(t[i]) && Double.isNaN(relu[i]), "NaN in, NaN out at " + i);
                continue;
            }
            assertEquals(Double.doubleToRawLongBits(Activations.relu(z[i])), Double.doubleToRawLongBits(relu[i]), "relu(" + z[i] + ")");
            assertTrue(Comparison.ulpDistance(s[i], Activations.sigmoid(z[i])) <= 2, "σ(" + z[i] + ") = " + s[i]);
            assertTrue(Comparison.ulpDistance(t[i], Activations.tanh(z[i])) <= 2, "tanh(" + z[i] + ") = " + t[i]);
            if (z[i] == 0) {
                assertEquals(Double.doubleToRawLongBits(z[i]), Double.doubleToRawLongBits(t[i]), "tanh keeps the sign of zero");
            }
        }
        assertEquals(1.0, s[1]);
        assertEquals(0.0, s[2]);
        assertEquals(1.0, t[1]);
        assertEquals(-1.0, t[2]);
    }
}

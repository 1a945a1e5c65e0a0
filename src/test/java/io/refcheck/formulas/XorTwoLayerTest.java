package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.formulas.Backprop.TwoLayerGradients;
import io.refcheck.formulas.Backprop.TwoLayerParameters;
import io.refcheck.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * docs/catalog.md §H: "a 2-layer net trained with two_layer_vectorized does" classify all four XOR points.
 * Gradient descent θ ← θ − α ∂J/∂θ (gd_step) on S4's net with 8 hidden units, N(0, 1) starting
 * weights from a fixed seed, α = 0.5, 2000 steps.
 */
class XorTwoLayerTest {
    private static final Tensor X = Tensor.matrix(new double[] {0, 0, 1, 1}, new double[] {0, 1, 0, 1});
    private static final Tensor Y = Tensor.matrix(new double[] {0, 1, 1, 0});
    private static final long SEED = 20261123L;
    private static final double LEARNING_RATE = 0.5;
    private static final int STEPS = 2000;
    private static final int HIDDEN_UNITS = 8;

    private static TwoLayerParameters start(long seed) {
        Random r = new Random(seed);
        return new TwoLayerParameters(BackpropTest.RandomTensors.gaussian(r, 1, HIDDEN_UNITS, 2), Tensor.zeros(HIDDEN_UNITS, 1),
                BackpropTest.RandomTensors.gaussian(r, 1, 1, HIDDEN_UNITS), Tensor.zeros(1, 1));
    }

    private static double cost(TwoLayerParameters p, String hidden) {
        return Backprop.twoLayerCost(X, Y, p.W1(), p.b1(), p.W2(), p.b2(), hidden);
    }

    @ParameterizedTest(name = "{0} hidden units")
    @ValueSource(strings = {"tanh", "sigmoid"})
    void aTwoLayerNetTrainedWithTwoLayerVectorizedClassifiesAllFourXorPoints(String hidden) {
        TwoLayerParameters start = start(SEED);
        TwoLayerParameters end = Backprop.trainTwoLayer(X, Y, start, hidden, LEARNING_RATE, STEPS);
        TwoLayerGradients g = Backprop.twoLayerVectorized(X, Y, end.W1(), end.b1(), end.W2(), end.b2(), hidden);
        double[] predictions = g.A2().toArray();
        int correct = 0;
        for (int j = 0; j < 4; j++) {
            correct += (predictions[j] > 0.5 ? 1 : 0) == Y.at(j) ? 1 : 0;
        }
        assertEquals(4, correct, () -> "seed " + SEED + ": A2 = " + Arrays.toString(predictions));
        double before = cost(start, hidden);
        double after = cost(end, hidden);
        assertTrue(after < 0.05 && after < before / 10, () -> "seed " + SEED + ": cost " + before + " → " + after);
    }

    @Test
    void oneGradientDescentStepMovesEveryParameterByMinusAlphaTimesItsGradient() {
        TwoLayerParameters p = start(SEED);
        TwoLayerGradients g = Backprop.twoLayerVectorized(X, Y, p.W1(), p.b1(), p.W2(), p.b2(), "tanh");
        TwoLayerParameters next = Backprop.trainTwoLayer(X, Y, p, "tanh", 0.25, 1);
        assertEquals(p.W1().zip(g.dW1(), (w, d) -> w - 0.25 * d), next.W1());
        assertEquals(p.b1().zip(g.db1(), (w, d) -> w - 0.25 * d), next.b1());
        assertEquals(p.W2().zip(g.dW2(), (w, d) -> w - 0.25 * d), next.W2());
        assertEquals(p.b2().zip(g.db2(), (w, d) -> w - 0.25 * d), next.b2());
    }

    @Test
    void aSmallStepAlongMinusTheGradientLowersTheCost() {
        TwoLayerParameters p = start(SEED);
        TwoLayerGradients g = Backprop.twoLayerVectorized(X, Y, p.W1(), p.b1(), p.W2(), p.b2(), "tanh");
        double squaredNorm = 0;
        for (Tensor t : new Tensor[] {g.dW1(), g.db1(), g.dW2(), g.db2()}) {
            squaredNorm += Sums.dot(t.toArray(), t.toArray());
        }
        double alpha = 1e-3;
        double drop = cost(p, "tanh") - cost(Backprop.trainTwoLayer(X, Y, p, "tanh", alpha, 1), "tanh");
        // J(θ − α∇J) = J(θ) − α‖∇J‖² + O(α²)
        assertEquals(alpha * squaredNorm, drop, 1e-2 * alpha * squaredNorm);
    }
}

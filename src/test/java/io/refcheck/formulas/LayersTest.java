package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the catalog's generic checks cannot see: the reusable forward/backward API, training, exactness. */
class LayersTest {
    private static final Tensor GATE_INPUTS = Tensor.matrix(new double[] {0, 0}, new double[] {0, 1},
            new double[] {1, 0}, new double[] {1, 1});

    @Test
    void mpNeuronDecidesTheThresholdOnTheExactWeightedSum() {
        // the doubles 0.1 + 0.2 sum to 0.3000000000000000166…, between the doubles 0.3 and 0.30000000000000004;
        // a rounded sum equals the latter and would fire there
        Tensor x = Tensor.vector(1, 1);
        Tensor w = Tensor.vector(0.1, 0.2);
        assertEquals(1, Layers.mpNeuron(x, w, 0.3).item());
        assertEquals(0, Layers.mpNeuron(x, w, 0.30000000000000004).item());
    }

    @Test
    void perceptronTrainingLearnsAndAndStopsAtTheFirstPassWithoutMistakes() {
        Tensor and = Tensor.vector(-1, -1, -1, 1);
        Layers.PerceptronFit fit = Layers.trainPerceptron(GATE_INPUTS, and, 1, 100);
        assertTrue(fit.converged());
        assertEquals(and, Layers.perceptronPredict(GATE_INPUTS, fit.w(), fit.b()));
        Layers.PerceptronPass again = Layers.perceptronPass(GATE_INPUTS, and, fit.w(), fit.b(), 1);
        assertEquals(0, again.mistakes());
        assertTrue(fit.epochs() > 1, "from w = 0 the first pass cannot be clean");
    }

    @Test
    void perceptronTrainingNeedsAtLeastOneEpoch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Layers.trainPerceptron(GATE_INPUTS, Tensor.vector(-1, 1, 1, 1), 1, 0));
        assertTrue(e.getMessage().startsWith("epochs: must be >= 1"), e.getMessage());
    }

    @Test
    void mlpForwardKeepsEveryLayersPreActivationAndActivationForBackPropagation() {
        // S3's 4 → 5 → 3 with relu: Z1 = (1, 2, 3, 4, −1), A1 = (1, 2, 3, 4, 0), O = Z2 = (5, 6, −3)
        Tensor W1 = Tensor.matrix(new double[] {1, 0, 0, 0, 0}, new double[] {0, 1, 0, 0, 0},
                new double[] {0, 0, 1, 0, 0}, new double[] {0, 0, 0, 1, 0});
        Tensor W2 = Tensor.matrix(new double[] {1, 0, 0}, new double[] {0, 1, 0}, new double[] {0, 0, 1},
                new double[] {1, 1, 1}, new double[] {7, 7, 7});
        Layers.Forward f = Layers.mlpForward(Tensor.matrix(new double[] {1, 2, 3, 4}), List.of(W1, W2),
                List.of(Tensor.vector(0, 0, 0, 0, -1), Tensor.vector(0, 0, -10)), Activation.RELU);
        assertEquals(2, f.depth());
        assertEquals(Tensor.matrix(new double[] {1, 2, 3, 4, -1}), f.preActivations().get(0));
        assertEquals(Tensor.matrix(new double[] {1, 2, 3, 4, 0}), f.activations().get(0));
        assertEquals(Tensor.matrix(new double[] {5, 6, -3}), f.output());
        assertEquals(f.preActivations().get(1), f.output(), "the output layer is affine");

        // with cotangent (1, 0, 0): ∂O₀/∂W2 = A1ᵀ e₀, and the dead unit 5 passes no gradient to W1's column 5
        Layers.Backward g = Layers.mlpBackward(f, List.of(W1, W2), Activation.RELU, Tensor.matrix(new double[] {1, 0, 0}));
        assertEquals(Tensor.matrix(new double[] {1, 0, 0}, new double[] {2, 0, 0}, new double[] {3, 0, 0},
                new double[] {4, 0, 0}, new double[] {0, 0, 0}), g.dW().get(1));
        assertEquals(Tensor.vector(1, 0, 0, 1, 0), g.db().get(0));
        assertEquals(Tensor.matrix(new double[] {1, 0, 0, 1}), g.dX());
    }

    @Test
    void affineLayersSumInIndexOrderWithinTheClassicalBound() {
        // 1e16 + 1 − 1e16: the sum in index order is 0, the exact value 1. Products carry the error
        // bound of BLAS and torch.matmul, γ_k·Σ|x_i w_i| (Higham §3.1), not a compensated one: here
        // γ₃·(2·10¹⁶ + 1) ≈ 6.7, and both layouts give the same number.
        Tensor x = Tensor.matrix(new double[] {1e16, 1, -1e16});
        Tensor ones = Tensor.filled(1, 3, 1);
        double rows = Layers.linearRows(x, ones, Tensor.vector(0)).item();
        double columns = Layers.linearColumns(Matrices.transpose(ones), Matrices.transpose(x), Tensor.zeros(1, 1)).item();
        double u = Dtype.FLOAT64.unitRoundoff();
        assertTrue(Math.abs(rows - 1) <= 3 * u / (1 - 3 * u) * (2e16 + 1), "error " + (rows - 1));
        assertEquals(rows, columns);
        assertEquals(0, rows, "the index-order sum, as the Javadoc of Matrices states");
    }

    @Test
    void s1NetworkTreatsAVectorAsOneColumn() {
        Tensor W1 = Tensor.matrix(new double[] {0.5, -1}, new double[] {2, 0.25}, new double[] {-0.75, 1});
        Tensor b1 = Tensor.vector(0.1, -0.2, 0.3);
        Tensor W2 = Tensor.matrix(new double[] {1, -1, 0.5}, new double[] {-2, 0.5, 1});
        Tensor b2 = Tensor.vector(0.2, -0.1);
        Tensor x = Tensor.vector(0.7, -1.3);
        Tensor batch = Tensor.matrix(new double[] {0.7, 3}, new double[] {-1.3, 4});
        Tensor single = Layers.s1Network(x, W1, b1, W2, b2);
        Tensor both = Layers.s1Network(batch, W1, b1, W2, b2);
        assertEquals(List.of(2), List.of(single.shape().length == 1 ? single.dim(0) : -1));
        assertEquals(single.at(0), both.get(0, 0));
        assertEquals(single.at(1), both.get(1, 0));
    }

    @Test
    void activationCodesAreTheDocumentedOnes() {
        assertEquals(List.of(Activation.IDENTITY, Activation.SIGMOID, Activation.TANH, Activation.RELU),
                List.of(Activation.ofCode(0), Activation.ofCode(1), Activation.ofCode(2), Activation.ofCode(3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.ofCode(4));
        assertTrue(e.getMessage().startsWith("activation: must be one of"), e.getMessage());
    }
}

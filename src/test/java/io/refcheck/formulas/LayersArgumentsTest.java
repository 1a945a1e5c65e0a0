package io.refcheck.formulas;

import static io.refcheck.formulas.Rejections.assertRejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.refcheck.formulas.Rejections.Case;
import io.refcheck.tensor.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every argument check of {@link Layers}, one bad argument at a time with the others valid: each is rejected
 * with an IllegalArgumentException that names it and the rule. Without the check a scalar where a matrix
 * belongs fails with an index error, and a matrix where a vector belongs is read as its flattened data.
 */
class LayersArgumentsTest {
    private static final Tensor SCALAR = Tensor.scalar(1);
    private static final Tensor POINTS = Tensor.matrix(new double[] {0, 1}, new double[] {1, 0});
    private static final Tensor LABELS = Tensor.vector(1, -1);
    private static final Tensor WEIGHTS = Tensor.vector(0.5, -0.5);

    private static Stream<DynamicTest> run(Case... cases) {
        return Stream.of(cases).map(c -> DynamicTest.dynamicTest(c.toString(), () -> assertRejects(c.argument(), c.rule(), c.call())));
    }

    @TestFactory
    Stream<DynamicTest> neuronsAndPerceptronsRejectTensorsOfTheWrongRank() {
        Tensor cube = Tensor.zeros(2, 2, 1);
        Tensor row = Tensor.zeros(1, 2);
        return run(
                new Case("w", "must have rank 1", () -> Layers.mpNeuron(Tensor.vector(1, 1), row, 0)),
                new Case("X", "must have rank 2", () -> Layers.perceptronPredict(cube, WEIGHTS, 0)),
                new Case("w", "must have rank 1", () -> Layers.perceptronPredict(POINTS, row, 0)),
                new Case("X", "must have rank 2", () -> Layers.perceptronPass(SCALAR, LABELS, WEIGHTS, 0, 1)),
                new Case("y", "must have rank 1", () -> Layers.perceptronPass(POINTS, Tensor.matrix(new double[] {1}, new double[] {-1}), WEIGHTS, 0, 1)),
                new Case("X", "must have rank 2", () -> Layers.trainPerceptron(SCALAR, LABELS, 1, 1)),
                new Case("y", "every label must be -1 or +1", () -> Layers.trainPerceptron(POINTS, Tensor.vector(1, 0), WEIGHTS, 0, 1, 1)),
                new Case("eta", "must be > 0", () -> Layers.trainPerceptron(POINTS, LABELS, WEIGHTS, 0, 0, 1)));
    }

    @TestFactory
    Stream<DynamicTest> affineLayersAndNetworksRejectNonMatricesNamingThemAndTheLayer() {
        Tensor x = Tensor.zeros(3, 2);
        Tensor w1 = Tensor.zeros(2, 4);
        Tensor w2 = Tensor.zeros(4, 1);
        List<Tensor> biases = List.of(Tensor.zeros(4), Tensor.zeros(1));
        Layers.Forward forward = Layers.mlpForward(x, List.of(w1), List.of(Tensor.zeros(4)), Activation.TANH);
        return run(
                new Case("W", "must have rank 2", () -> Layers.linearColumns(SCALAR, Tensor.zeros(1, 2), Tensor.zeros(1, 1))),
                new Case("X", "must have rank 2", () -> Layers.linearColumns(Tensor.zeros(2, 2), SCALAR, Tensor.zeros(2, 1))),
                new Case("W", "must have rank 2", () -> Layers.linearRows(x, Tensor.vector(1, 2), Tensor.zeros(1))),
                new Case("X", "must have rank 2", () -> Layers.linearRows(SCALAR, w1, Tensor.zeros(4))),
                new Case("X", "must have rank 2", () -> Layers.mlpForward(SCALAR, List.of(w1, w2), biases, Activation.TANH)),
                new Case("W2", "must have rank 2", () -> Layers.mlpForward(x, List.of(w1, SCALAR), biases, Activation.TANH)),
                new Case("b2", "expected one bias per layer, got 1 biases for 2 layers",
                        () -> Layers.mlpForward(x, List.of(w1, w2), List.of(Tensor.zeros(4)), Activation.TANH)),
                new Case("W1", "layer 1 must take one input per feature",
                        () -> Layers.mlpForward(x, List.of(Tensor.zeros(3, 4), w2), biases, Activation.TANH)),
                new Case("W2", "has 5 rows but W1 has 4 columns; layer 2 must take one input per unit of layer 1",
                        () -> Layers.mlpForward(x, List.of(w1, Tensor.zeros(5, 1)), biases, Activation.TANH)),
                new Case("c", "must equal the shape of output",
                        () -> Layers.mlpBackward(forward, List.of(w1), Activation.TANH, Tensor.zeros(3, 5))),
                // weights that are not the forward pass's: without the check, a W with more rows reads past Z's end
                new Case("weights", "expected the forward pass's 1 layers, got 2",
                        () -> Layers.mlpBackward(forward, List.of(w1, w2), Activation.TANH, Tensor.zeros(3, 4))),
                new Case("W1", "must have the forward pass's shape [2, 4], got [3, 4]",
                        () -> Layers.mlpBackward(forward, List.of(Tensor.zeros(3, 4)), Activation.TANH, Tensor.zeros(3, 4))),
                new Case("Wh", "must have rank 2", () -> Layers.linearCollapse(x, SCALAR, Tensor.zeros(4), w2, Tensor.zeros(1))),
                new Case("Wo", "must have rank 2", () -> Layers.linearCollapse(x, w1, Tensor.zeros(4), SCALAR, Tensor.zeros(1))));
    }

    @TestFactory
    Stream<DynamicTest> s1sNetworkRejectsArgumentsOfTheWrongRankOrShapeInItsOwnLayout() {
        Tensor x = Tensor.zeros(2, 3);
        Tensor w1 = Tensor.zeros(4, 2);
        Tensor b1 = Tensor.zeros(4);
        Tensor w2 = Tensor.zeros(1, 4);
        Tensor b2 = Tensor.zeros(1);
        return run(
                new Case("x", "must have rank 1 or 2", () -> Layers.s1Network(Tensor.zeros(2, 3, 1), w1, b1, w2, b2)),
                new Case("W1", "must have rank 2", () -> Layers.s1Network(x, SCALAR, b1, w2, b2)),
                new Case("W2", "must have rank 2", () -> Layers.s1Network(x, w1, b1, SCALAR, b2)),
                new Case("b2", "(one bias per row of W2)", () -> Layers.s1Network(x, w1, b1, w2, Tensor.zeros(2))));
    }

    @Test
    void oneEpochOfTrainingIsExactlyOnePerceptronPass() {
        Layers.PerceptronPass pass = Layers.perceptronPass(POINTS, LABELS, Tensor.zeros(2), 0, 1);
        Layers.PerceptronFit fit = Layers.trainPerceptron(POINTS, LABELS, 1, 1);
        assertEquals(pass.w(), fit.w());
        assertEquals(pass.b(), fit.b());
        assertFalse(fit.converged(), "from w = 0 the first pass makes mistakes");
        assertEquals(1, fit.epochs());
    }
}

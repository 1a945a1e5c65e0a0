package io.refcheck.formulas;

import static io.refcheck.formulas.Rejections.assertRejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.formulas.Backprop.Layer;
import io.refcheck.formulas.Backprop.Layout;
import io.refcheck.formulas.Backprop.OutputCase;
import io.refcheck.formulas.Backprop.TwoLayerParameters;
import io.refcheck.formulas.Rejections.Case;
import io.refcheck.tensor.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every argument check of {@link Backprop}, one bad argument at a time with the others valid: each is rejected
 * with an IllegalArgumentException that names it and the rule. A scalar where a matrix belongs would otherwise
 * fail with an index error, a wrong bias shape would be broadcast silently.
 */
class BackpropArgumentsTest {
    private static final Tensor SCALAR = Tensor.scalar(1);

    private static Stream<DynamicTest> run(Case... cases) {
        return Stream.of(cases).map(c -> DynamicTest.dynamicTest(c.toString(), () -> assertRejects(c.argument(), c.rule(), c.call())));
    }

    @TestFactory
    Stream<DynamicTest> outputDeltasRejectMismatchedShapesAndTargetsOffTheirDomain() {
        Tensor z = Tensor.zeros(2, 3);
        Tensor y = Tensor.matrix(new double[] {1, 0, 0}, new double[] {0, 0.5, 0.5});
        Tensor wrong = Tensor.zeros(2, 4);
        Tensor offBce = Tensor.matrix(new double[] {1, 0, 0}, new double[] {0, 1.5, 0});
        // row 1 holds elements off [0, 1] that still sum to 1
        Tensor offSimplex = Tensor.matrix(new double[] {0, 1, 0}, new double[] {1.5, -0.5, 0});
        return run(
                new Case("lossGradient", "must equal the shape of z", () -> Backprop.deltaOutput(wrong, z, Activation.SIGMOID)),
                new Case("deltaCotangent", "must equal the shape of z",
                        () -> Backprop.deltaOutputVjp(OutputCase.HALF_SSE_SIGMOID, z, y, Tensor.zeros(2, 2), 1)),
                new Case("deltaCotangent", "must equal the shape of z",
                        () -> Backprop.deltaOutputVjp(OutputCase.HALF_SSE_SIGMOID, z, y, Tensor.zeros(2, 4), 1)),
                new Case("y", "every bce target must lie in [0, 1]",
                        () -> Backprop.deltaOutputVjp(OutputCase.BCE_SIGMOID, z, offBce, z, 1)),
                new Case("y", "every bce target must lie in [0, 1]", () -> Backprop.outputLoss(OutputCase.BCE_SIGMOID, z, offBce)),
                new Case("y", "row 1 has element 1.5", () -> Backprop.deltaOutput(OutputCase.SOFTMAX_CROSS_ENTROPY, z, offSimplex)),
                new Case("z", "must have at least one class",
                        () -> Backprop.deltaOutput(OutputCase.SOFTMAX_CROSS_ENTROPY, Tensor.zeros(2, 0), Tensor.zeros(2, 0))),
                new Case("case", "must be a scalar", () -> OutputCase.fromCode("case", Tensor.vector(1, 2))));
    }

    @TestFactory
    Stream<DynamicTest> hiddenDeltasAndParameterGradientsRejectNonMatricesAndMismatchedShapes() {
        Tensor w = Tensor.zeros(2, 3);
        Tensor delta = Tensor.zeros(2, 4);
        Tensor z = Tensor.zeros(3, 4);
        Tensor aPrev = Tensor.zeros(5, 4);
        return run(
                new Case("W_next", "must have rank 2", () -> Backprop.deltaHidden(Layout.COLUMNS, SCALAR, delta, z, Activation.TANH)),
                new Case("delta_next", "must have rank 2", () -> Backprop.deltaHidden(Layout.COLUMNS, w, SCALAR, z, Activation.TANH)),
                new Case("z", "must have rank 2", () -> Backprop.deltaHidden(Layout.COLUMNS, w, delta, SCALAR, Activation.TANH)),
                new Case("z", "dimension 1 must be 4",
                        () -> Backprop.deltaHiddenVjp(w, delta, Tensor.zeros(3, 5), Activation.TANH, Tensor.zeros(3, 5))),
                new Case("cotangent", "must equal the shape of z",
                        () -> Backprop.deltaHiddenVjp(w, delta, z, Activation.TANH, Tensor.zeros(3, 5))),
                new Case("delta", "must have rank 2", () -> Backprop.paramGrads(Layout.COLUMNS, SCALAR, aPrev)),
                new Case("a_prev", "must have rank 2", () -> Backprop.paramGrads(Layout.COLUMNS, delta, SCALAR)),
                new Case("a_prev", "dimension 1 must be 4",
                        () -> Backprop.paramGradsVjp(delta, Tensor.zeros(5, 3), Tensor.zeros(2, 5), Tensor.zeros(2, 1))),
                new Case("dWCotangent", "must have shape [2, 5]",
                        () -> Backprop.paramGradsVjp(delta, aPrev, Tensor.zeros(2, 4), Tensor.zeros(2, 1))),
                new Case("dbCotangent", "must have shape [2, 1]",
                        () -> Backprop.paramGradsVjp(delta, aPrev, Tensor.zeros(2, 5), Tensor.zeros(2))));
    }

    @TestFactory
    Stream<DynamicTest> layersAndNetworksRejectNonMatricesAndBiasesOfTheWrongShape() {
        Tensor w = Tensor.zeros(3, 2);
        Layer columns = new Layer(w, Tensor.zeros(3, 1), Activation.TANH);
        Layer rows = new Layer(w, Tensor.zeros(3), Activation.TANH);
        Tensor xColumns = Tensor.zeros(2, 4);
        Tensor xRows = Tensor.zeros(4, 2);
        Backprop.ForwardPass pass = Backprop.forward(Layout.COLUMNS, List.of(columns), xColumns);
        return run(
                new Case("W", "must have rank 2", () -> Backprop.linear(Layout.COLUMNS, SCALAR, xColumns, Tensor.zeros(1, 1))),
                new Case("A", "must have rank 2", () -> Backprop.linear(Layout.COLUMNS, w, SCALAR, Tensor.zeros(3, 1))),
                new Case("b", "must have shape [3, 1]", () -> Backprop.linear(Layout.COLUMNS, w, xColumns, Tensor.zeros(3))),
                new Case("b", "must have shape [3]", () -> Backprop.linear(Layout.ROWS, w, xRows, Tensor.zeros(3, 1))),
                new Case("layers", "must hold at least one layer", () -> Backprop.forward(Layout.COLUMNS, List.of(), xColumns)),
                new Case("X", "must have rank 2", () -> Backprop.forward(Layout.COLUMNS, List.of(columns), SCALAR)),
                new Case("layers[0].W", "must have rank 2",
                        () -> Backprop.forward(Layout.COLUMNS, List.of(new Layer(SCALAR, Tensor.zeros(1, 1), Activation.TANH)), xColumns)),
                new Case("layers[0].b", "must have shape [3]",
                        () -> Backprop.forward(Layout.ROWS, List.of(new Layer(w, Tensor.zeros(3, 1), Activation.TANH)), xRows)),
                new Case("outputDelta", "must equal the shape of outputPreActivation",
                        () -> Backprop.backward(Layout.COLUMNS, List.of(columns), pass, Tensor.zeros(3, 5))),
                new Case("layers[0].W", "dimension 1 must be 2",
                        () -> Backprop.forward(Layout.ROWS, List.of(new Layer(Tensor.zeros(3, 5), Tensor.zeros(3), Activation.TANH)), xRows)),
                new Case("layers[0].b", "must have shape [3, 1]", () -> Backprop.forward(Layout.COLUMNS, List.of(rows), xColumns)));
    }

    @TestFactory
    Stream<DynamicTest> twoLayerNetworksRejectNonMatricesAndTrainingRejectsABadRateOrCount() {
        Tensor x = Tensor.zeros(2, 3);
        Tensor y = Tensor.zeros(1, 3);
        Tensor w1 = Tensor.zeros(4, 2);
        Tensor b1 = Tensor.zeros(4, 1);
        Tensor w2 = Tensor.zeros(1, 4);
        Tensor b2 = Tensor.zeros(1, 1);
        TwoLayerParameters start = new TwoLayerParameters(w1, b1, w2, b2);
        return run(
                new Case("X", "must have rank 2", () -> Backprop.twoLayerVectorized(SCALAR, y, w1, b1, w2, b2, "tanh")),
                new Case("W1", "must have rank 2", () -> Backprop.twoLayerVectorized(x, y, SCALAR, b1, w2, b2, "tanh")),
                new Case("W2", "must have rank 2", () -> Backprop.twoLayerVectorized(x, y, w1, b1, SCALAR, b2, "tanh")),
                new Case("x", "must have rank 2", () -> Backprop.s1Backprop(SCALAR, y, w1, Tensor.zeros(4), w2, Tensor.zeros(1))),
                new Case("learningRate", "must be > 0", () -> Backprop.trainTwoLayer(start, 0, 1, p -> p)),
                new Case("iterations", "must be >= 0", () -> Backprop.trainTwoLayer(start, 0.1, -1, p -> p)));
    }

    @Test
    void aSoftmaxCrossEntropyTargetRowHoldingNanIsLetThroughAndGivesNan() {
        Tensor z = Tensor.zeros(1, 2);
        Tensor delta = Backprop.deltaOutput(OutputCase.SOFTMAX_CROSS_ENTROPY, z, Tensor.matrix(new double[] {Double.NaN, 0.5}));
        assertTrue(Double.isNaN(delta.at(0)), delta.toString());
    }

    @Test
    void outputCasesCarryTheLabelsReportsPrint() {
        assertEquals("half_sse + sigmoid", OutputCase.HALF_SSE_SIGMOID.label());
        assertEquals("bce + sigmoid", OutputCase.BCE_SIGMOID.label());
        assertEquals("softmax_cross_entropy", OutputCase.SOFTMAX_CROSS_ENTROPY.label());
    }
}

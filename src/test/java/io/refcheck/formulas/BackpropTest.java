package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.refcheck.catalog.Formula;
import io.refcheck.formulas.Backprop.Layout;
import io.refcheck.formulas.Backprop.OutputCase;
import io.refcheck.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Back-propagation (docs/catalog.md §E): behaviour of {@link Backprop} that the generic catalog checks
 * (CatalogTest: examples, gradients, facts, bad inputs, errata of the six entries) do not see.
 */
class BackpropTest {
    static void assertClose(String what, Tensor actual, Tensor expected, Formula.Tolerance tol) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        for (int i = 0; i < actual.size(); i++) {
            double a = actual.at(i);
            double e = expected.at(i);
            if (!(Math.abs(a - e) <= tol.atol() + tol.rtol() * Math.abs(e))) {
                fail(what + "[" + i + "]: analytic " + a + ", numeric " + e);
            }
        }
    }

    /** Seeded random tensors for the back-propagation tests. */
    static final class RandomTensors {
        private RandomTensors() {
        }

        static Tensor randomLike(Random r, Tensor t) {
            double[] d = new double[t.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = r.nextGaussian();
            }
            return Tensor.of(t.shape(), d);
        }

        static Tensor gaussian(Random r, double sigma, int... shape) {
            double[] d = new double[Tensor.sizeOf(shape)];
            for (int i = 0; i < d.length; i++) {
                d[i] = sigma * r.nextGaussian();
            }
            return Tensor.of(shape, d);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Behaviour the generic checks cannot see

    @Test
    void activationCodesFollowFormulasMdOrder() {
        assertEquals(List.of(0, 1, 2, 3), Arrays.stream(Activation.values()).map(Activation::code).toList());
        assertEquals(Activation.RELU, Activation.fromCode("f", Tensor.scalar(3)));
        IllegalArgumentException notACode = assertThrows(IllegalArgumentException.class, () -> Activation.fromCode("outer", Tensor.scalar(1.5)));
        assertTrue(notACode.getMessage().startsWith("outer: must be one of 0 (identity), 1 (sigmoid), 2 (tanh), 3 (relu)"),
                notACode.getMessage());
        assertEquals(Activation.TANH, Activation.fromName("hidden", "tanh"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.fromName("hidden", "softplus"));
        assertTrue(e.getMessage().startsWith("hidden: unknown activation 'softplus'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OutputCase.fromCode("case", Tensor.scalar(Double.NaN)));
        assertTrue(e.getMessage().startsWith("case: unknown output case code NaN"), e.getMessage());
    }

    @Test
    void closedFormOutputDeltasEqualTheGeneralFormWithTheLossGradient() {
        Random r = new Random(11);
        Tensor z = RandomTensors.gaussian(r, 2, 3, 4);
        Tensor y = z.map(v -> r.nextDouble());
        Tensor a = Activation.SIGMOID.apply(z);
        // half_sse: ∂L/∂a = a − y; bce: ∂L/∂a = (a − y) / (a(1 − a))
        Tensor halfSse = Backprop.deltaOutput(Matrices.subtract(a, y), z, Activation.SIGMOID);
        Tensor bce = Backprop.deltaOutput(a.zip(y, (ai, yi) -> (ai - yi) / (ai * (1 - ai))), z, Activation.SIGMOID);
        assertClose("half_sse", Backprop.deltaOutput(OutputCase.HALF_SSE_SIGMOID, z, y), halfSse, Formula.Tolerance.GRADIENT);
        assertClose("bce", Backprop.deltaOutput(OutputCase.BCE_SIGMOID, z, y), bce, Formula.Tolerance.GRADIENT);
    }

    @Test
    void s2sOutputDeltaIsRightForHalfSseWithSigmoid() {
        Random r = new Random(12);
        Tensor z = RandomTensors.gaussian(r, 2, 3, 4);
        Tensor y = RandomTensors.gaussian(r, 1, 3, 4);
        Tensor a = Activation.SIGMOID.apply(z);
        Tensor s2 = a.zip(y, (ai, yi) -> (ai - yi) * ai * (1 - ai));
        Tensor numeric = FiniteDifferences.gradient(zz -> Backprop.outputLoss(OutputCase.HALF_SSE_SIGMOID, zz, y), z);
        assertTrue(FiniteDifferences.relativeError(s2, numeric) < 1e-8, "S2's delta is the half_sse + sigmoid case");
    }

    @Test
    void bceDeltaStaysExactWhereTheSigmoidSaturates() {
        Tensor z = Tensor.matrix(new double[] {800, -800, 40});
        Tensor y = Tensor.matrix(new double[] {0, 1, 1});
        Tensor delta = Backprop.deltaOutput(OutputCase.BCE_SIGMOID, z, y);
        assertArrayEquals(new double[] {1, -1, -1 / (1 + Math.exp(40))}, delta.toArray(), 1e-300);
        assertEquals(800 + 800 + Math.log1p(Math.exp(-40)), Backprop.outputLoss(OutputCase.BCE_SIGMOID, z, y), 1e-12);
    }

    @Test
    void softmaxCrossEntropyDeltaOfAConfidentRightAnswerDoesNotCancel() {
        Tensor z = Tensor.matrix(new double[] {40, 0, 1});
        Tensor delta = Backprop.deltaOutput(OutputCase.SOFTMAX_CROSS_ENTROPY, z, Tensor.matrix(new double[] {1, 0, 0}));
        double rest = Math.exp(-40) + Math.exp(-39);
        assertEquals(-rest / (1 + rest), delta.at(0), 1e-15 * rest);
    }

    @Test
    void softmaxCrossEntropyLossIsMinusLogOfTheLabelledProbability() {
        Tensor z = Tensor.matrix(new double[] {1000, 0, -1000}, new double[] {1, 2, 3});
        Tensor y = Tensor.matrix(new double[] {0, 1, 0}, new double[] {0, 0, 1});
        double expected = 1000 + Math.log1p(Math.exp(-1000) + Math.exp(-2000))
                + Math.log(Math.exp(-2) + Math.exp(-1) + 1);
        assertEquals(expected, Backprop.outputLoss(OutputCase.SOFTMAX_CROSS_ENTROPY, z, y), 1e-12);
    }

    @Test
    void rowAndColumnLayoutsGiveTransposedDeltasAndGradients() {
        Random r = new Random(13);
        Tensor w = RandomTensors.gaussian(r, 1, 3, 4);
        Tensor deltaNextColumns = RandomTensors.gaussian(r, 1, 3, 5);
        Tensor zColumns = RandomTensors.gaussian(r, 1, 4, 5);
        Tensor aPrevColumns = RandomTensors.gaussian(r, 1, 2, 5);
        for (Activation f : Activation.values()) {
            Tensor columns = Backprop.deltaHidden(Layout.COLUMNS, w, deltaNextColumns, zColumns, f);
            Tensor rows = Backprop.deltaHidden(Layout.ROWS, w, Matrices.transpose(deltaNextColumns), Matrices.transpose(zColumns), f);
            assertEquals(Matrices.transpose(columns), rows, f.label());
        }
        Backprop.ParamGrads columns = Backprop.paramGrads(Layout.COLUMNS, zColumns, aPrevColumns);
        Backprop.ParamGrads rows = Backprop.paramGrads(Layout.ROWS, Matrices.transpose(zColumns), Matrices.transpose(aPrevColumns));
        assertEquals(columns.dW(), rows.dW());
        assertArrayEquals(new int[] {4, 1}, columns.db().shape());
        assertArrayEquals(new int[] {4}, rows.db().shape());
        assertArrayEquals(columns.db().toArray(), rows.db().toArray());
    }

    @Test
    void twoLayerGradientsAreS4sFormulasWrittenOut() {
        Random r = new Random(14);
        Tensor x = RandomTensors.gaussian(r, 1, 3, 6);
        Tensor y = Tensor.matrix(new double[] {0, 1, 1, 0, 1, 0});
        Tensor w1 = RandomTensors.gaussian(r, 1, 4, 3);
        Tensor b1 = RandomTensors.gaussian(r, 1, 4, 1);
        Tensor w2 = RandomTensors.gaussian(r, 1, 1, 4);
        Tensor b2 = RandomTensors.gaussian(r, 1, 1, 1);
        Backprop.TwoLayerGradients g = Backprop.twoLayerVectorized(x, y, w1, b1, w2, b2, "tanh");
        double m = 6;
        Tensor dZ2 = Matrices.subtract(g.A2(), y);
        Tensor dW2 = Matrices.scale(Matrices.matmul(dZ2, Matrices.transpose(g.A1())), 1 / m);
        Tensor db2 = Matrices.scale(Matrices.sumColumns(dZ2), 1 / m);
        Tensor dZ1 = Matrices.hadamard(Matrices.matmul(Matrices.transpose(w2), dZ2), g.A1().map(a -> 1 - a * a));
        Tensor dW1 = Matrices.scale(Matrices.matmul(dZ1, Matrices.transpose(x)), 1 / m);
        Tensor db1 = Matrices.scale(Matrices.sumColumns(dZ1), 1 / m);
        Formula.Tolerance tight = new Formula.Tolerance(1e-15, 1e-12, "same formula, different rounding order");
        assertClose("dW2", g.dW2(), dW2, tight);
        assertClose("db2", g.db2(), db2, tight);
        assertClose("dW1", g.dW1(), dW1, tight);
        assertClose("db1", g.db1(), db1, tight);
    }

    @Test
    void twoLayerShapeErrorsNameTheArgument() {
        Tensor x = Tensor.zeros(2, 3);
        Tensor y = Tensor.zeros(1, 3);
        assertMessage("W2: dimension 1 must be 4", () -> Backprop.twoLayerVectorized(x, y, Tensor.zeros(4, 2), Tensor.zeros(4, 1),
                Tensor.zeros(1, 5), Tensor.zeros(1, 1), "tanh"));
        assertMessage("b2: must have shape [1, 1]", () -> Backprop.twoLayerVectorized(x, y, Tensor.zeros(4, 2), Tensor.zeros(4, 1),
                Tensor.zeros(1, 4), Tensor.zeros(1), "tanh"));
        assertMessage("hidden: unknown activation 'softmax'", () -> Backprop.twoLayerVectorized(x, y, Tensor.zeros(4, 2),
                Tensor.zeros(4, 1), Tensor.zeros(1, 4), Tensor.zeros(1, 1), "softmax"));
    }

    @Test
    void generalNetworkShapeErrorsNameTheLayer() {
        List<Backprop.Layer> net = List.of(new Backprop.Layer(Tensor.zeros(3, 2), Tensor.zeros(3), Activation.TANH),
                new Backprop.Layer(Tensor.zeros(1, 4), Tensor.zeros(1), Activation.SIGMOID));
        assertMessage("layers[1].W: dimension 1 must be 3", () -> Backprop.forward(Layout.ROWS, net, Tensor.zeros(5, 2)));
        assertMessage("layers[0].b: must have shape [3, 1]", () -> Backprop.forward(Layout.COLUMNS, net, Tensor.zeros(2, 5)));
        assertMessage("layers[0].W: dimension 1 must be 3 (units of X)",
                () -> Backprop.forward(Layout.ROWS, List.of(net.get(0)), Tensor.zeros(5, 3)));
    }

    @Test
    void s1sOutputDeltaMissesTheSoftmaxJacobianEvenWithItsSignAndScaleFixed() {
        Random r = new Random(15);
        double smallest = Double.POSITIVE_INFINITY;
        for (int draw = 0; draw < 20; draw++) {
            Tensor x = RandomTensors.gaussian(r, 1, 3, 1);
            Tensor t = Tensor.matrix(new double[] {0}, new double[] {1}, new double[] {0});
            Tensor w1 = RandomTensors.gaussian(r, 1, 4, 3);
            Tensor b1 = RandomTensors.gaussian(r, 1, 4);
            Tensor w2 = RandomTensors.gaussian(r, 1, 3, 4);
            Tensor b2 = RandomTensors.gaussian(r, 1, 3);
            Backprop.S1Gradients g = Backprop.s1Backprop(x, t, w1, b1, w2, b2);
            Tensor z2 = Backprop.forward(Layout.COLUMNS, List.of(new Backprop.Layer(w1, b1.reshape(4, 1), Activation.TANH),
                    new Backprop.Layer(w2, b2.reshape(3, 1), Activation.IDENTITY)), x).outputPreActivation();
            Tensor o = Matrices.transpose(Activations.softmax(Matrices.transpose(z2)));
            // S1's o(1 − o)(t − o), negated and scaled by MSE's 2/n2: only the Jacobian differs now
            Tensor fixedSeed = o.zip(t, (oi, ti) -> -(2.0 / 3) * oi * (1 - oi) * (ti - oi));
            Tensor numeric = FiniteDifferences.gradient(b -> Backprop.s1Backprop(x, t, w1, b1, w2, b).loss(), b2).reshape(3, 1);
            smallest = Math.min(smallest, FiniteDifferences.relativeError(fixedSeed, numeric));
            assertTrue(FiniteDifferences.relativeError(g.delta2(), numeric) < 1e-8);
        }
        assertTrue(smallest > 0.1, "smallest error " + smallest);
    }

    @Test
    void s1sHiddenDeltaHasNoShapeUnlessTheNetIsSquare() {
        // δ2 ⊙ (W1ᵀ x): W1ᵀ x needs n1 = n0, and the elementwise product needs n2 = n1
        Tensor w1 = Tensor.zeros(4, 3);
        Tensor x = Tensor.zeros(3, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Matrices.matmul("W1'", Matrices.transpose(w1), "input", x));
        assertTrue(e.getMessage().contains("inner dimensions"), e.getMessage());
        Tensor delta2 = Tensor.zeros(2, 1);
        Tensor w1Square = Tensor.zeros(3, 3);
        assertThrows(IllegalArgumentException.class,
                () -> Matrices.hadamard(delta2, Matrices.matmul(Matrices.transpose(w1Square), x)));
    }

    @Test
    void backwardReturnsTheDeltaOfEveryLayer() {
        Random r = new Random(16);
        List<Backprop.Layer> net = List.of(
                new Backprop.Layer(RandomTensors.gaussian(r, 1, 3, 2), RandomTensors.gaussian(r, 1, 3, 1), Activation.TANH),
                new Backprop.Layer(RandomTensors.gaussian(r, 1, 2, 3), RandomTensors.gaussian(r, 1, 2, 1), Activation.SIGMOID));
        Tensor x = RandomTensors.gaussian(r, 1, 2, 4);
        Backprop.ForwardPass pass = Backprop.forward(Layout.COLUMNS, net, x);
        Tensor outputDelta = RandomTensors.gaussian(r, 1, 2, 4);
        Backprop.BackwardPass back = Backprop.backward(Layout.COLUMNS, net, pass, outputDelta);
        assertEquals(outputDelta, back.delta().get(1));
        assertEquals(Backprop.deltaHidden(Layout.COLUMNS, net.get(1).W(), outputDelta, pass.z().get(0), Activation.TANH),
                back.delta().get(0));
        assertEquals(Backprop.paramGrads(Layout.COLUMNS, back.delta().get(0), x).dW(), back.grads().get(0).dW());
    }

    private static void assertMessage(String prefix, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(prefix), () -> "expected '" + prefix + "…', got: " + e.getMessage());
    }
}

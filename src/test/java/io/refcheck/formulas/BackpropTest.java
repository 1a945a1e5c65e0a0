package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.refcheck.catalog.BadInput;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Erratum;
import io.refcheck.catalog.Example;
import io.refcheck.catalog.Fact;
import io.refcheck.catalog.Formula;
import io.refcheck.catalog.Verdict;
import io.refcheck.check.Sampling;
import io.refcheck.engine.Engine;
import io.refcheck.engine.Engines;
import io.refcheck.formulas.Backprop.Activation;
import io.refcheck.formulas.Backprop.Layout;
import io.refcheck.formulas.Backprop.OutputCase;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Back-propagation (FORMULAS §E): behaviour of {@link Backprop} and its catalog entries. */
class BackpropTest {
    private static final List<String> IDS = List.of("chain_rule", "delta_output", "delta_hidden", "param_grads",
            "two_layer_vectorized", "s1_backprop");
    private static final long SEED = Sampling.defaultSeed();
    private static final Engine ENGINE = Engines.plainJava();

    @Test
    void theFamilyListsItsIdsInTheOrderOfFormulasMd() {
        List<String> backprop = Catalog.all().stream().filter(f -> f.family() == io.refcheck.catalog.Family.BACKPROP)
                .map(Formula::id).toList();
        assertEquals(IDS, backprop);
    }

    /**
     * The entries' own examples, bad inputs, facts, errata and analytic gradients, run here until the
     * generic CatalogTest covers these ids.
     */
    @Nested
    class CatalogEntries {
        @TestFactory
        Stream<DynamicTest> workedExamplesHold() {
            return IDS.stream().flatMap(id -> Catalog.get(id).examples().stream().map(ex -> DynamicTest.dynamicTest(id + ": " + ex.why(),
                    () -> checkExample(id, ex))));
        }

        @TestFactory
        Stream<DynamicTest> badInputsAreRejectedOrPropagateAsPyTorchDoes() {
            return IDS.stream().flatMap(id -> Catalog.get(id).badInputs().stream()
                    .filter(b -> !(b.expected() instanceof BadInput.NotApplicable))
                    .map(b -> DynamicTest.dynamicTest(id + " " + b.category() + ": " + b.description(), () -> checkBadInput(id, b))));
        }

        @TestFactory
        Stream<DynamicTest> everyIdCoversAllFiveBadInputCategories() {
            return IDS.stream().map(id -> DynamicTest.dynamicTest(id, () -> {
                EnumSet<BadInput.Category> covered = EnumSet.noneOf(BadInput.Category.class);
                Catalog.get(id).badInputs().forEach(b -> covered.add(b.category()));
                assertEquals(EnumSet.allOf(BadInput.Category.class), covered);
            }));
        }

        @TestFactory
        Stream<DynamicTest> factsHold() {
            return IDS.stream().flatMap(id -> Catalog.get(id).facts().stream().map(f -> DynamicTest.dynamicTest(id + ": " + f.sentence(),
                    () -> checkFact(id, f))));
        }

        @TestFactory
        Stream<DynamicTest> errataShowTheSeedWrongAndTheCorrectionRight() {
            return IDS.stream().flatMap(id -> Catalog.get(id).errata().stream().map(e -> DynamicTest.dynamicTest(
                    id + ": §I." + e.item(), () -> {
                        Erratum.Evidence ev = e.evidence().get();
                        System.out.printf("%s §I.%d: seed error %.3g, corrected error %.3g (%s)%n", id, e.item(), ev.seedError(),
                                ev.correctedError(), ev.measure());
                        assertTrue(ev.seedIsWrong(), () -> "seed error " + ev.seedError() + " <= " + ev.wrongAbove());
                        assertTrue(ev.correctedHolds(), () -> "corrected error " + ev.correctedError() + " > " + ev.rightBelow());
                    })));
        }

        @TestFactory
        Stream<DynamicTest> vjpsEqualCentralDifferences() {
            return IDS.stream().filter(id -> Catalog.get(id).differentiable())
                    .map(id -> DynamicTest.dynamicTest(id, () -> checkGradients(Catalog.get(id))));
        }
    }

    private static void checkExample(String id, Example ex) {
        Tensors out = ENGINE.evaluate(id, ex.inputs());
        for (String name : ex.outputs().names()) {
            Tensor expected = ex.outputs().get(name);
            Tensor actual = out.get(name);
            assertArrayEquals(expected.shape(), actual.shape(), name + " shape");
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.at(i), actual.at(i), ex.tolerance(), name + "[" + i + "]");
            }
        }
    }

    private static void checkBadInput(String id, BadInput b) {
        if (b.expected() instanceof BadInput.Rejects r) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ENGINE.evaluate(id, b.inputs()));
            assertTrue(e.getMessage().startsWith(r.argument() + ": "), () -> "message does not start with '" + r.argument() + ": ': "
                    + e.getMessage());
            assertTrue(e.getMessage().contains(r.ruleFragment()), () -> "message lacks '" + r.ruleFragment() + "': " + e.getMessage());
        } else if (b.expected() instanceof BadInput.Ieee ieee) {
            Tensors out = ENGINE.evaluate(id, b.inputs());
            assertTrue(ieee.check().test(out), () -> "unexpected outputs " + out + " (" + ieee.why() + ")");
        }
    }

    private static void checkFact(String id, Fact f) {
        long seed = Sampling.derive(SEED, id + "/" + f.sentence());
        List<Tensors> samples = Sampling.draw(f.samples(), seed, f.tries());
        for (int i = 0; i < samples.size(); i++) {
            Verdict v = f.check().on(ENGINE, samples.get(i));
            if (!v.ok()) {
                fail("seed " + seed + ", try " + i + ": " + v.detail() + "\nsample " + samples.get(i));
            }
        }
    }

    /** vjp against central differences of Σ c·outputs, per element and along a random direction. */
    private static void checkGradients(Formula f) {
        long seed = Sampling.derive(SEED, f.id() + "/gradient");
        Random r = new Random(seed);
        Formula.Tolerance tol = f.gradientTolerance();
        for (Tensors s : Sampling.draw(f.gradientSamples(), seed, 100)) {
            Tensors outputs = f.compute(s);
            List<Object> ct = new ArrayList<>();
            for (String name : outputs.names()) {
                ct.add(name);
                ct.add(Samples.randomLike(r, outputs.get(name)));
            }
            Tensors cotangents = Tensors.of(ct.toArray());
            Tensors vjp = f.vjp().orElseThrow().apply(s, cotangents);
            for (String port : f.differentiableInputs()) {
                Tensor x = s.get(port);
                Tensor numeric = Backprop.numericalGradient(xx -> weighted(f.compute(s.with(port, xx)), cotangents), x,
                        f.step().relative(), f.step().floor());
                assertClose(f.id() + " d/d" + port + " (seed " + seed + ", sample " + s + ")", vjp.get(port), numeric, tol);
            }
            double dot = 0;
            List<Tensor> direction = new ArrayList<>();
            double norm = 0;
            for (String port : f.differentiableInputs()) {
                Tensor v = Samples.randomLike(r, s.get(port));
                direction.add(v);
                norm += Sums.dot(v.toArray(), v.toArray());
            }
            double scale = 1 / Math.sqrt(norm);
            List<String> ports = f.differentiableInputs();
            for (int k = 0; k < ports.size(); k++) {
                dot += scale * Sums.dot(direction.get(k).toArray(), vjp.get(ports.get(k)).toArray());
            }
            double along = dot;
            double numeric = Backprop.centralDifference(t -> {
                Tensors moved = s;
                for (int k = 0; k < ports.size(); k++) {
                    Tensor v = direction.get(k);
                    moved = moved.with(ports.get(k), s.get(ports.get(k)).zip(v, (xi, vi) -> xi + t * scale * vi));
                }
                return weighted(f.compute(moved), cotangents);
            }, 1e-4);
            assertTrue(Math.abs(along - numeric) <= tol.atol() + tol.rtol() * Math.abs(numeric),
                    () -> f.id() + " directional (seed " + seed + "): vᵀ∇ = " + along + ", numeric " + numeric);
        }
    }

    private static double weighted(Tensors outputs, Tensors cotangents) {
        double s = 0;
        for (String name : cotangents.names()) {
            s += Sums.dot(outputs.get(name).toArray(), cotangents.get(name).toArray());
        }
        return s;
    }

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

    /** Small local sample helpers. */
    static final class Samples {
        private Samples() {
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
        assertEquals(Activation.RELU, Activation.fromCode("f", Tensor.scalar(2)));
        assertEquals(Activation.TANH, Activation.fromName("hidden", "tanh"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.fromName("hidden", "softplus"));
        assertTrue(e.getMessage().startsWith("hidden: unknown activation 'softplus'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OutputCase.fromCode("case", Tensor.scalar(Double.NaN)));
        assertTrue(e.getMessage().startsWith("case: unknown output case code NaN"), e.getMessage());
    }

    @Test
    void closedFormOutputDeltasEqualTheGeneralFormWithTheLossGradient() {
        Random r = new Random(11);
        Tensor z = Samples.gaussian(r, 2, 3, 4);
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
        Tensor z = Samples.gaussian(r, 2, 3, 4);
        Tensor y = Samples.gaussian(r, 1, 3, 4);
        Tensor a = Activation.SIGMOID.apply(z);
        Tensor s2 = a.zip(y, (ai, yi) -> (ai - yi) * ai * (1 - ai));
        Tensor numeric = Backprop.numericalGradient(zz -> Backprop.outputLoss(OutputCase.HALF_SSE_SIGMOID, zz, y), z, 1e-4, 1);
        assertTrue(Backprop.relativeError(s2, numeric) < 1e-8, "S2's delta is the half_sse + sigmoid case");
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
        Tensor w = Samples.gaussian(r, 1, 3, 4);
        Tensor deltaNextColumns = Samples.gaussian(r, 1, 3, 5);
        Tensor zColumns = Samples.gaussian(r, 1, 4, 5);
        Tensor aPrevColumns = Samples.gaussian(r, 1, 2, 5);
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
        Tensor x = Samples.gaussian(r, 1, 3, 6);
        Tensor y = Tensor.matrix(new double[] {0, 1, 1, 0, 1, 0});
        Tensor w1 = Samples.gaussian(r, 1, 4, 3);
        Tensor b1 = Samples.gaussian(r, 1, 4, 1);
        Tensor w2 = Samples.gaussian(r, 1, 1, 4);
        Tensor b2 = Samples.gaussian(r, 1, 1, 1);
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
            Tensor x = Samples.gaussian(r, 1, 3, 1);
            Tensor t = Tensor.matrix(new double[] {0}, new double[] {1}, new double[] {0});
            Tensor w1 = Samples.gaussian(r, 1, 4, 3);
            Tensor b1 = Samples.gaussian(r, 1, 4, 1);
            Tensor w2 = Samples.gaussian(r, 1, 3, 4);
            Tensor b2 = Samples.gaussian(r, 1, 3, 1);
            Backprop.S1Gradients g = Backprop.s1Backprop(x, t, w1, b1, w2, b2);
            // o from δ2's own definition is not needed: recover o by the forward pass of the general code
            Tensor z2 = Backprop.forward(Layout.COLUMNS, List.of(new Backprop.Layer(w1, b1, Activation.TANH),
                    new Backprop.Layer(w2, b2, Activation.IDENTITY)), x).outputPreActivation();
            Tensor o = Matrices.transpose(Activations.softmax(Matrices.transpose(z2)));
            // S1's o(1 − o)(t − o), negated and scaled by MSE's 2/n2: only the Jacobian differs now
            Tensor fixedSeed = o.zip(t, (oi, ti) -> -(2.0 / 3) * oi * (1 - oi) * (ti - oi));
            Tensor numeric = Backprop.numericalGradient(b -> Backprop.s1Backprop(x, t, w1, b1, w2, b).loss(), b2, 1e-4, 1);
            smallest = Math.min(smallest, Backprop.relativeError(fixedSeed, numeric));
            assertTrue(Backprop.relativeError(g.delta2(), numeric) < 1e-8);
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
                new Backprop.Layer(Samples.gaussian(r, 1, 3, 2), Samples.gaussian(r, 1, 3, 1), Activation.TANH),
                new Backprop.Layer(Samples.gaussian(r, 1, 2, 3), Samples.gaussian(r, 1, 2, 1), Activation.SIGMOID));
        Tensor x = Samples.gaussian(r, 1, 2, 4);
        Backprop.ForwardPass pass = Backprop.forward(Layout.COLUMNS, net, x);
        Tensor outputDelta = Samples.gaussian(r, 1, 2, 4);
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

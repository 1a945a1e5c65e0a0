package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.refcheck.catalog.Formula;
import io.refcheck.check.Sampling;
import io.refcheck.formulas.Backprop.Activation;
import io.refcheck.formulas.Backprop.Layer;
import io.refcheck.formulas.Backprop.Layout;
import io.refcheck.formulas.Backprop.OutputCase;
import io.refcheck.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Gradient checks of the general back-propagation ({@link Backprop#forward}, {@link Backprop#backward},
 * built from delta_output, delta_hidden and param_grads) on random MLPs: depth 1–4, every hidden
 * activation (sigmoid, tanh, relu with every pre-activation at least 0.1 from its kink), every loss
 * (mse, half_sse, bce on a sigmoid output, bce_with_logits, softmax_cross_entropy) and both layouts.
 * Every parameter gradient is compared with Richardson-extrapolated central differences of the loss
 * (|a − e| ≤ 1e-6 + 1e-4·|e|), and the whole gradient along a random unit direction v with the
 * directional difference of the loss. {@link #NETWORKS} networks per combination; each combination is seeded from {@code refcheck.seed} and its name;
 * the seed is in every failure message.
 */
class RandomMlpGradientTest {
    private static final Formula.Tolerance TOLERANCE = Formula.Tolerance.GRADIENT;
    private static final double KINK_GAP = 0.1;
    /** Random networks drawn per combination of layout, loss, hidden activation and depth. */
    private static final int NETWORKS = 5;

    /** The losses, each with the output activations it is checked on. */
    enum Loss {
        MSE, HALF_SSE, BCE, BCE_WITH_LOGITS, SOFTMAX_CROSS_ENTROPY;

        Activation outputActivation(Random r) {
            return switch (this) {
                case MSE, HALF_SSE -> Activation.values()[r.nextInt(4)];
                case BCE -> Activation.SIGMOID;
                case BCE_WITH_LOGITS, SOFTMAX_CROSS_ENTROPY -> Activation.IDENTITY;
            };
        }
    }

    @TestFactory
    Stream<DynamicTest> everyParameterGradientEqualsCentralDifferences() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Layout layout : Layout.values()) {
            for (Loss loss : Loss.values()) {
                for (Activation hidden : List.of(Activation.SIGMOID, Activation.TANH, Activation.RELU)) {
                    for (int depth = 1; depth <= 4; depth++) {
                        String name = String.format("%s layout, %s loss, %s hidden, depth %d", layout, loss, hidden.label(), depth);
                        long seed = Sampling.derive(Sampling.defaultSeed(), name);
                        int d = depth;
                        tests.add(DynamicTest.dynamicTest(name, () -> check(new Case(layout, loss, hidden, d, seed))));
                    }
                }
            }
        }
        return tests.stream();
    }

    /** One random network, its data and its loss. */
    private record Case(Layout layout, Loss loss, Activation hidden, int depth, long seed) {
    }

    /** A drawn problem: the layers, the inputs, the targets (labels for softmax cross-entropy). */
    private record Problem(List<Layer> layers, Tensor x, Tensor target) {
    }

    private static void check(Case c) {
        Random r = new Random(c.seed());
        for (int n = 0; n < NETWORKS; n++) {
            check(c, draw(c, r), r, c + ", seed " + c.seed() + ", network " + n);
        }
    }

    private static void check(Case c, Problem p, Random r, String where) {
        List<Backprop.ParamGrads> grads = gradients(c, p);
        for (int l = 0; l < p.layers().size(); l++) {
            int layer = l;
            Tensor numericW = Backprop.numericalGradient(w -> loss(c, replace(p, layer, w, null)), p.layers().get(l).W(), 1e-4, 1);
            Tensor numericB = Backprop.numericalGradient(b -> loss(c, replace(p, layer, null, b)), p.layers().get(l).b(), 1e-4, 1);
            assertClose(where + ": dW of layer " + l, grads.get(l).dW(), numericW);
            assertClose(where + ": db of layer " + l, grads.get(l).db(), numericB);
        }
        // directional: vᵀ∇L against d/dt L(θ + t v) for a random unit vector v over every parameter
        List<Tensor> vW = new ArrayList<>();
        List<Tensor> vB = new ArrayList<>();
        double norm2 = 0;
        for (Layer layer : p.layers()) {
            Tensor w = BackpropTest.Samples.randomLike(r, layer.W());
            Tensor b = BackpropTest.Samples.randomLike(r, layer.b());
            vW.add(w);
            vB.add(b);
            norm2 += Sums.dot(w.toArray(), w.toArray()) + Sums.dot(b.toArray(), b.toArray());
        }
        double scale = 1 / Math.sqrt(norm2);
        double analytic = 0;
        for (int l = 0; l < p.layers().size(); l++) {
            analytic += scale * (Sums.dot(vW.get(l).toArray(), grads.get(l).dW().toArray())
                    + Sums.dot(vB.get(l).toArray(), grads.get(l).db().toArray()));
        }
        double numeric = Backprop.centralDifference(t -> {
            List<Layer> moved = new ArrayList<>();
            for (int l = 0; l < p.layers().size(); l++) {
                Layer layer = p.layers().get(l);
                moved.add(new Layer(layer.W().zip(vW.get(l), (a, v) -> a + t * scale * v),
                        layer.b().zip(vB.get(l), (a, v) -> a + t * scale * v), layer.activation()));
            }
            return loss(c, new Problem(moved, p.x(), p.target()));
        }, 1e-4);
        double directional = analytic;
        assertTrue(Math.abs(directional - numeric) <= TOLERANCE.atol() + TOLERANCE.rtol() * Math.abs(numeric),
                () -> where + ": directional derivative vᵀ∇L = " + directional + ", central difference " + numeric);
    }

    /** Forward, output delta (from delta_output), backward. */
    private static List<Backprop.ParamGrads> gradients(Case c, Problem p) {
        Backprop.ForwardPass pass = Backprop.forward(c.layout(), p.layers(), p.x());
        Tensor z = rows(c, pass.outputPreActivation());
        Tensor a = rows(c, pass.output());
        Activation f = p.layers().get(p.layers().size() - 1).activation();
        double elements = a.size();
        double samples = a.dim(0);
        Tensor deltaRows = switch (c.loss()) {
            case MSE -> Backprop.deltaOutput(ReferenceLosses.mseGradient(a, p.target()), z, f);
            case HALF_SSE -> Backprop.deltaOutput(ReferenceLosses.halfSseGradient(a, p.target()), z, f);
            case BCE -> Backprop.deltaOutput(ReferenceLosses.bceGradient(a, p.target()), z, f);
            case BCE_WITH_LOGITS -> Matrices.scale(Backprop.deltaOutput(OutputCase.BCE_SIGMOID, z, p.target()), 1 / elements);
            case SOFTMAX_CROSS_ENTROPY -> Matrices.scale(Backprop.deltaOutput(OutputCase.SOFTMAX_CROSS_ENTROPY, z,
                    ReferenceLosses.oneHot(p.target(), z.dim(1))), 1 / samples);
        };
        Tensor delta = c.layout() == Layout.ROWS ? deltaRows : Matrices.transpose(deltaRows);
        return Backprop.backward(c.layout(), p.layers(), pass, delta).grads();
    }

    /** The loss of the network's output, every loss a mean as PyTorch's default reduction (half_sse a sum). */
    private static double loss(Case c, Problem p) {
        Backprop.ForwardPass pass = Backprop.forward(c.layout(), p.layers(), p.x());
        Tensor out = rows(c, pass.output());
        return switch (c.loss()) {
            case MSE -> ReferenceLosses.mse(out, p.target());
            case HALF_SSE -> ReferenceLosses.halfSse(out, p.target());
            case BCE -> ReferenceLosses.bce(out, p.target());
            case BCE_WITH_LOGITS -> ReferenceLosses.bceWithLogits(out, p.target());
            case SOFTMAX_CROSS_ENTROPY -> ReferenceLosses.softmaxCrossEntropy(out, p.target());
        };
    }

    /** Samples as rows: the losses take [N, k] predictions. */
    private static Tensor rows(Case c, Tensor t) {
        return c.layout() == Layout.ROWS ? t : Matrices.transpose(t);
    }

    private static Problem replace(Problem p, int l, Tensor w, Tensor b) {
        List<Layer> layers = new ArrayList<>(p.layers());
        Layer old = layers.get(l);
        layers.set(l, new Layer(w != null ? w : old.W(), b != null ? b : old.b(), old.activation()));
        return new Problem(layers, p.x(), p.target());
    }

    /**
     * Widths 1–4 (at least 2 classes for softmax cross-entropy), N(0, 1) weights, biases and
     * inputs, 1–5 samples; redrawn until every relu pre-activation is at least {@link #KINK_GAP}
     * from 0.
     */
    private static Problem draw(Case c, Random r) {
        while (true) {
            int samples = 1 + r.nextInt(5);
            int[] widths = new int[c.depth() + 1];
            for (int l = 0; l <= c.depth(); l++) {
                widths[l] = 1 + r.nextInt(4);
            }
            if (c.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
                widths[c.depth()] = 2 + r.nextInt(3);
            }
            Activation output = c.loss().outputActivation(r);
            List<Layer> layers = new ArrayList<>();
            for (int l = 0; l < c.depth(); l++) {
                int out = widths[l + 1];
                Tensor b = c.layout() == Layout.COLUMNS ? BackpropTest.Samples.gaussian(r, 1, out, 1) : BackpropTest.Samples.gaussian(r, 1, out);
                layers.add(new Layer(BackpropTest.Samples.gaussian(r, 1, out, widths[l]), b, l == c.depth() - 1 ? output : c.hidden()));
            }
            Tensor x = c.layout() == Layout.COLUMNS ? BackpropTest.Samples.gaussian(r, 1, widths[0], samples)
                    : BackpropTest.Samples.gaussian(r, 1, samples, widths[0]);
            int k = widths[c.depth()];
            Tensor target = switch (c.loss()) {
                case MSE, HALF_SSE -> BackpropTest.Samples.gaussian(r, 1, samples, k);
                case BCE, BCE_WITH_LOGITS -> BackpropTest.Samples.gaussian(r, 1, samples, k).map(v -> r.nextInt(3) == 0 ? r.nextDouble() : r.nextInt(2));
                case SOFTMAX_CROSS_ENTROPY -> BackpropTest.Samples.gaussian(r, 1, samples).map(v -> r.nextInt(k));
            };
            Backprop.ForwardPass pass = Backprop.forward(c.layout(), layers, x);
            if (awayFromKinks(layers, pass)) {
                return new Problem(layers, x, target);
            }
        }
    }

    private static boolean awayFromKinks(List<Layer> layers, Backprop.ForwardPass pass) {
        for (int l = 0; l < layers.size(); l++) {
            if (layers.get(l).activation() == Activation.RELU) {
                Tensor z = pass.z().get(l);
                for (int i = 0; i < z.size(); i++) {
                    if (Math.abs(z.at(i)) < KINK_GAP) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static void assertClose(String what, Tensor analytic, Tensor numeric) {
        if (!java.util.Arrays.equals(analytic.shape(), numeric.shape())) {
            fail(what + ": shape " + java.util.Arrays.toString(analytic.shape()) + " against " + java.util.Arrays.toString(numeric.shape()));
        }
        for (int i = 0; i < analytic.size(); i++) {
            double a = analytic.at(i);
            double e = numeric.at(i);
            if (!(Math.abs(a - e) <= TOLERANCE.atol() + TOLERANCE.rtol() * Math.abs(e))) {
                fail(what + "[" + i + "]: back-propagation " + a + ", central difference " + e);
            }
        }
    }

    /**
     * Loss values and gradients with respect to the prediction, (prediction, target) as the Losses
     * API, rows [N, k]; every loss a mean over all its terms except half_sse (a sum). A stand-in for
     * io.refcheck.formulas.Losses until that class is merged.
     */
    static final class ReferenceLosses {
        private ReferenceLosses() {
        }

        static double mse(Tensor p, Tensor t) {
            return Sums.mean(p.zip(t, (a, b) -> (a - b) * (a - b)).toArray());
        }

        static Tensor mseGradient(Tensor p, Tensor t) {
            double n = p.size();
            return p.zip(t, (a, b) -> 2 * (a - b) / n);
        }

        static double halfSse(Tensor p, Tensor t) {
            return 0.5 * Sums.sum(p.zip(t, (a, b) -> (a - b) * (a - b)).toArray());
        }

        static Tensor halfSseGradient(Tensor p, Tensor t) {
            return Matrices.subtract(p, t);
        }

        static double bce(Tensor p, Tensor t) {
            return -Sums.mean(p.zip(t, (a, y) -> y * Math.log(a) + (1 - y) * Math.log1p(-a)).toArray());
        }

        static Tensor bceGradient(Tensor p, Tensor t) {
            double n = p.size();
            return p.zip(t, (a, y) -> (a - y) / (a * (1 - a)) / n);
        }

        static double bceWithLogits(Tensor z, Tensor t) {
            return Sums.mean(z.zip(t, (v, y) -> Math.max(v, 0) - v * y + Math.log1p(Math.exp(-Math.abs(v)))).toArray());
        }

        static double softmaxCrossEntropy(Tensor z, Tensor labels) {
            Tensor logSoftmax = Activations.logSoftmax(z);
            double[] terms = new double[z.dim(0)];
            for (int i = 0; i < terms.length; i++) {
                terms[i] = -logSoftmax.get(i, (int) labels.at(i));
            }
            return Sums.mean(terms);
        }

        static Tensor oneHot(Tensor labels, int classes) {
            double[] d = new double[labels.size() * classes];
            for (int i = 0; i < labels.size(); i++) {
                d[i * classes + (int) labels.at(i)] = 1;
            }
            return Tensor.of(new int[] {labels.size(), classes}, d);
        }
    }
}

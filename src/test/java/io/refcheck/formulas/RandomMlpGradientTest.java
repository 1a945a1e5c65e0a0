package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.catalog.Formula;
import io.refcheck.check.Comparison;
import io.refcheck.check.GradientCheck;
import io.refcheck.check.Sampling;
import io.refcheck.formulas.Backprop.Layer;
import io.refcheck.formulas.Backprop.Layout;
import io.refcheck.formulas.Backprop.OutputCase;
import io.refcheck.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
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
 * directional difference of the loss, both by {@link GradientCheck} over the flattened parameters. {@link #NETWORKS} networks per combination; each combination is seeded from {@code refcheck.seed} and its name;
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
        double[] theta = flatten(p.layers());
        double[] analytic = flattenGradients(grads);
        ToDoubleFunction<double[]> lossOfTheta = flat -> loss(c, new Problem(unflatten(flat, p.layers()), p.x(), p.target()));
        Comparison perElement = GradientCheck.perElement(lossOfTheta, theta, analytic, Formula.Step.DEFAULT, TOLERANCE);
        assertTrue(perElement.pass(), () -> where + ": element " + describe(perElement.worstIndex(), p.layers()) + ": "
                + perElement.reason());
        Comparison directional = GradientCheck.directional(lossOfTheta, theta, analytic, Formula.Step.DEFAULT, TOLERANCE, r.nextLong());
        assertTrue(directional.pass(), () -> where + ": directional derivative vᵀ∇L: " + directional.reason());
    }

    /** Every W then b of every layer, row-major, as one vector. */
    private static double[] flatten(List<Layer> layers) {
        List<Tensor> parts = new ArrayList<>();
        layers.forEach(l -> {
            parts.add(l.W());
            parts.add(l.b());
        });
        return concat(parts);
    }

    private static double[] flattenGradients(List<Backprop.ParamGrads> grads) {
        List<Tensor> parts = new ArrayList<>();
        grads.forEach(g -> {
            parts.add(g.dW());
            parts.add(g.db());
        });
        return concat(parts);
    }

    private static double[] concat(List<Tensor> parts) {
        double[] flat = new double[parts.stream().mapToInt(Tensor::size).sum()];
        int off = 0;
        for (Tensor t : parts) {
            System.arraycopy(t.toArray(), 0, flat, off, t.size());
            off += t.size();
        }
        return flat;
    }

    /** The layers of {@code shapes} with their parameters read back from {@code flat}. */
    private static List<Layer> unflatten(double[] flat, List<Layer> shapes) {
        List<Layer> layers = new ArrayList<>();
        int off = 0;
        for (Layer l : shapes) {
            Tensor w = Tensor.of(l.W().shape(), Arrays.copyOfRange(flat, off, off + l.W().size()));
            off += l.W().size();
            Tensor b = Tensor.of(l.b().shape(), Arrays.copyOfRange(flat, off, off + l.b().size()));
            off += l.b().size();
            layers.add(new Layer(w, b, l.activation()));
        }
        return layers;
    }

    /** Which parameter a flat index is: "layers[1].W[3]". */
    private static String describe(int index, List<Layer> layers) {
        int off = 0;
        for (int l = 0; l < layers.size(); l++) {
            for (String name : List.of("W", "b")) {
                int n = (name.equals("W") ? layers.get(l).W() : layers.get(l).b()).size();
                if (index < off + n) {
                    return "layers[" + l + "]." + name + "[" + (index - off) + "]";
                }
                off += n;
            }
        }
        return "#" + index;
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
            case MSE -> Backprop.deltaOutput(Losses.mseGradient(a, p.target()), z, f);
            case HALF_SSE -> Backprop.deltaOutput(Losses.halfSseGradient(a, p.target()), z, f);
            case BCE -> Backprop.deltaOutput(Losses.bceGradient(a, p.target()), z, f);
            case BCE_WITH_LOGITS -> Matrices.scale(Backprop.deltaOutput(OutputCase.BCE_SIGMOID, z, p.target()), 1 / elements);
            case SOFTMAX_CROSS_ENTROPY -> Matrices.scale(Backprop.deltaOutput(OutputCase.SOFTMAX_CROSS_ENTROPY, z,
                    Losses.oneHot(p.target(), z.dim(1))), 1 / samples);
        };
        Tensor delta = c.layout() == Layout.ROWS ? deltaRows : Matrices.transpose(deltaRows);
        return Backprop.backward(c.layout(), p.layers(), pass, delta).grads();
    }

    /** The loss of the network's output, every loss a mean as PyTorch's default reduction (half_sse a sum). */
    private static double loss(Case c, Problem p) {
        Backprop.ForwardPass pass = Backprop.forward(c.layout(), p.layers(), p.x());
        Tensor out = rows(c, pass.output());
        return switch (c.loss()) {
            case MSE -> Losses.mse(out, p.target());
            case HALF_SSE -> Losses.halfSse(out, p.target());
            case BCE -> Losses.bce(out, p.target());
            case BCE_WITH_LOGITS -> Losses.bceWithLogits(out, p.target());
            case SOFTMAX_CROSS_ENTROPY -> Losses.softmaxCrossEntropy(out, p.target());
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
                Tensor b = c.layout() == Layout.COLUMNS ? BackpropTest.RandomTensors.gaussian(r, 1, out, 1) : BackpropTest.RandomTensors.gaussian(r, 1, out);
                layers.add(new Layer(BackpropTest.RandomTensors.gaussian(r, 1, out, widths[l]), b, l == c.depth() - 1 ? output : c.hidden()));
            }
            Tensor x = c.layout() == Layout.COLUMNS ? BackpropTest.RandomTensors.gaussian(r, 1, widths[0], samples)
                    : BackpropTest.RandomTensors.gaussian(r, 1, samples, widths[0]);
            int k = widths[c.depth()];
            Tensor target = switch (c.loss()) {
                case MSE, HALF_SSE -> BackpropTest.RandomTensors.gaussian(r, 1, samples, k);
                case BCE, BCE_WITH_LOGITS -> BackpropTest.RandomTensors.gaussian(r, 1, samples, k).map(v -> r.nextInt(3) == 0 ? r.nextDouble() : r.nextInt(2));
                case SOFTMAX_CROSS_ENTROPY -> BackpropTest.RandomTensors.gaussian(r, 1, samples).map(v -> r.nextInt(k));
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
}

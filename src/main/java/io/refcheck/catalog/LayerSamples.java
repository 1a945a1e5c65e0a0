package io.refcheck.catalog;

import static io.refcheck.catalog.Facts.activation;

import io.refcheck.formulas.Activation;
import io.refcheck.formulas.Layers;
import io.refcheck.formulas.Sums;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Sample generators of §B's entries: binary and real neuron inputs, perceptron data, layers and small networks. */
final class LayerSamples {
    private LayerSamples() {
    }

    static Arbitrary<Tensors> mpSamples() {
        Arbitrary<Tensors> binary = binaryInputs().map(s -> {
            int n = s.get("x").dim(1);
            return s.with("w", Tensor.filled(1, n)).with("theta", n);
        });
        Arbitrary<Tensors> real = Arbitraries.randomValue(r -> {
            int n = 1 + r.nextInt(6);
            Tensor x = r.nextBoolean() ? Samples.vector(r, n, MIXED) : Samples.matrix(r, 1 + r.nextInt(8), n, MIXED);
            return Tensors.of("x", x, "w", Samples.vector(r, n, MIXED), "theta", MIXED.next(r, 0));
        });
        return Arbitraries.frequencyOf(Tuple.of(3, binary), Tuple.of(7, real));
    }

    /** Binary rows x [N, n], N ≤ 2ⁿ, n ≤ 6. */
    static Arbitrary<Tensors> binaryInputs() {
        return Arbitraries.randomValue(r -> {
            int n = 1 + r.nextInt(6);
            return Tensors.of("x", Samples.matrix(r, 1 + r.nextInt(1 << n), n, (rr, i) -> rr.nextInt(2)));
        });
    }

    /** XOR with labels ±1: (0,0) → −1, (0,1) → +1, (1,0) → +1, (1,1) → −1. */
    static final Tensor XOR_POINTS = Tensor.matrix(new double[] {0, 0}, new double[] {0, 1}, new double[] {1, 0}, new double[] {1, 1});

    static final Tensor XOR_LABELS = Tensor.vector(-1, 1, 1, -1);

    static Arbitrary<Tensors> perceptronSamples() {
        Arbitrary<Tensors> mixed = Arbitraries.randomValue(r -> {
            int n = 1 + r.nextInt(12);
            int d = 1 + r.nextInt(4);
            return Tensors.of("X", Samples.matrix(r, n, d, MIXED), "y", Samples.vector(r, n, (rr, i) -> rr.nextBoolean() ? 1 : -1),
                    "w", Samples.vector(r, d, MIXED), "b", MIXED.next(r, 0), "eta", learningRate(r));
        });
        Arbitrary<Tensors> xor = xorWeights().map(s -> s.with("X", XOR_POINTS).with("y", XOR_LABELS));
        Arbitrary<Tensors> separable = separableData().map(s -> s.without("separator"));
        return Arbitraries.frequencyOf(Tuple.of(6, mixed), Tuple.of(2, xor), Tuple.of(2, separable));
    }

    static double learningRate(Random r) {
        return r.nextInt(3) == 0 ? 1.0 : 1e-3 + 2 * r.nextDouble();
    }

    /**
     * (w, b) for the XOR fact, with η: ordinary, huge, tiny, exact zeros, the neighbourhood of the
     * best 3-of-4 separators (w = (1, 1), b = −½ and its mirror images) and points on the decision
     * boundaries of the four XOR points (b = 0, w_i = −b, w₁ + w₂ = −b).
     */
    static Arbitrary<Tensors> xorWeights() {
        return Arbitraries.randomValue(r -> {
            double w1;
            double w2;
            double b;
            switch (r.nextInt(5)) {
                case 0 -> {
                    w1 = MIXED.next(r, 0);
                    w2 = MIXED.next(r, 1);
                    b = MIXED.next(r, 2);
                }
                case 1 -> {
                    double scale = Math.pow(10, -300 + 600 * r.nextDouble());
                    w1 = scale * r.nextGaussian();
                    w2 = scale * r.nextGaussian();
                    b = scale * r.nextGaussian();
                }
                case 2 -> {
                    double sign = r.nextBoolean() ? 1 : -1;
                    w1 = sign * (1 + 1e-9 * r.nextGaussian());
                    w2 = sign * (1 + 1e-9 * r.nextGaussian());
                    b = -sign * (0.5 + 1e-9 * r.nextGaussian());
                }
                case 3 -> {
                    b = -Math.abs(3 * r.nextGaussian());
                    w1 = -b;
                    w2 = r.nextBoolean() ? -b : Math.nextUp(-b);
                }
                default -> {
                    b = r.nextInt(3) == 0 ? 0 : 3 * r.nextGaussian();
                    w1 = 3 * r.nextGaussian();
                    w2 = r.nextBoolean() ? -b - w1 : 0;
                }
            }
            return Tensors.of("w", Tensor.vector(w1, w2), "b", b, "eta", learningRate(r));
        });
    }

    /** One point the current (w, b) gets wrong: y = −sign(w·x + b), or +1 where w·x + b = 0. */
    static Arbitrary<Tensors> mistakenPoint() {
        return Arbitraries.randomValue(r -> {
            int d = 1 + r.nextInt(5);
            Tensor x = Samples.vector(r, d, MIXED);
            Tensor w = Samples.vector(r, d, MIXED);
            double b = MIXED.next(r, 0);
            double z = LayerFacts.affine(w.toArray(), b, x.toArray());
            return Tensors.of("X", x.reshape(1, d), "y", Tensor.vector(z > 0 ? -1 : 1), "w", w, "b", b, "eta", learningRate(r));
        });
    }

    /**
     * Linearly separable points: labels from a random separator (w*, b*), points closer to its
     * hyperplane than 0.1·‖(w*, b*)‖ redrawn; training starts at w = 0, b = 0 as in Novikoff's
     * theorem.
     */
    static Arbitrary<Tensors> separableData() {
        return Arbitraries.randomValue(r -> {
            int d = 1 + r.nextInt(4);
            int n = 2 + r.nextInt(11);
            double[] separator = Samples.vector(r, d + 1, Samples.gaussian(1)).toArray();
            double norm = Math.sqrt(Sums.dot(separator, separator));
            double[] x = new double[n * d];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                double z;
                double[] point = new double[d];
                do {
                    for (int j = 0; j < d; j++) {
                        point[j] = 2 * r.nextDouble() - 1;
                    }
                    z = LayerFacts.affine(Arrays.copyOf(separator, d), separator[d], point);
                } while (Math.abs(z) < 0.1 * norm);
                System.arraycopy(point, 0, x, i * d, d);
                y[i] = z > 0 ? 1 : -1;
            }
            return Tensors.of("X", Tensor.of(new int[] {n, d}, x), "y", Tensor.vector(y), "w", Tensor.zeros(d), "b", 0,
                    "eta", learningRate(r), "separator", Tensor.vector(separator));
        });
    }

    /** W[n1,n0], X[n0,m], b[n1,1] with sizes 1..maxDim (n0 = 2000 for the long-inner entry kind). */
    static Arbitrary<Tensors> columnsSamples(int maxDim, Samples.Entry entry) {
        return Arbitraries.randomValue(r -> {
            int n1 = 1 + r.nextInt(maxDim);
            int n0 = entry == LONG_INNER ? 2000 : 1 + r.nextInt(maxDim);
            int m = 1 + r.nextInt(maxDim);
            return Tensors.of("W", Samples.matrix(r, n1, n0, entry), "X", Samples.matrix(r, n0, m, entry),
                    "b", Samples.matrix(r, n1, 1, entry));
        });
    }

    static Arbitrary<Tensors> rowsSamples(int maxDim, Samples.Entry entry) {
        return Arbitraries.randomValue(r -> {
            int n = 1 + r.nextInt(maxDim);
            int in = entry == LONG_INNER ? 2000 : 1 + r.nextInt(maxDim);
            int out = 1 + r.nextInt(maxDim);
            return Tensors.of("X", Samples.matrix(r, n, in, entry), "W", Samples.matrix(r, in, out, entry),
                    "b", Samples.vector(r, out, entry));
        });
    }

    /**
     * S3's 4 → 5 → 3 network (half the samples) or a random depth 1..4 (2..4 for gradients, so the
     * declared W2, b2 exist) with widths 1..5; any of the four activations. Gradient samples use
     * moderate entries and keep relu pre-activations at least 0.05 from the kink.
     */
    static Arbitrary<Tensors> mlpSamples(boolean forGradient) {
        return Arbitraries.randomValue(r -> {
            while (true) {
                Tensors s = mlpSample(r, forGradient);
                if (!forGradient || awayFromKinks(s)) {
                    return s;
                }
            }
        });
    }

    static Tensors mlpSample(Random r, boolean forGradient) {
        Samples.Entry entry = forGradient ? MODERATE : MIXED;
        int[] widths;
        if (r.nextBoolean()) {
            widths = new int[] {4, 5, 3};
        } else {
            int depth = forGradient ? 2 + r.nextInt(3) : 1 + r.nextInt(4);
            widths = new int[depth + 1];
            for (int l = 0; l <= depth; l++) {
                widths[l] = 1 + r.nextInt(5);
            }
        }
        int rows = 1 + r.nextInt(forGradient ? 3 : 6);
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("X", Samples.matrix(r, rows, widths[0], entry));
        for (int l = 1; l < widths.length; l++) {
            m.put("W" + l, Samples.matrix(r, widths[l - 1], widths[l], entry));
            m.put("b" + l, Samples.vector(r, widths[l], entry));
        }
        m.put("activation", Tensor.scalar(r.nextInt(4)));
        return Tensors.of(m);
    }

    static boolean awayFromKinks(Tensors s) {
        if (activation(s) != Activation.RELU) {
            return true;
        }
        int depth = LayerFacts.depth(s);
        Layers.Forward f = Layers.mlpForward(s.get("X"), LayerFacts.layer(s, "W", depth), LayerFacts.layer(s, "b", depth), Activation.RELU);
        for (int l = 0; l < depth - 1; l++) {
            Tensor z = f.preActivations().get(l);
            for (int i = 0; i < z.size(); i++) {
                if (Math.abs(z.at(i)) < 0.05) {
                    return false;
                }
            }
        }
        return true;
    }

    static Arbitrary<Tensors> collapseSamples(int maxDim, Samples.Entry entry) {
        return Arbitraries.randomValue(r -> {
            int n = 1 + r.nextInt(maxDim);
            int in = 1 + r.nextInt(maxDim);
            int h = 1 + r.nextInt(maxDim);
            int out = 1 + r.nextInt(maxDim);
            return Tensors.of("X", Samples.matrix(r, n, in, entry), "Wh", Samples.matrix(r, in, h, entry),
                    "bh", Samples.vector(r, h, entry), "Wo", Samples.matrix(r, h, out, entry), "bo", Samples.vector(r, out, entry));
        });
    }

    /** S1's shapes: n0 1..4, n1 1..5, n2 2..4, a vector x or 1..3 columns. */
    static Arbitrary<Tensors> s1Samples(Samples.Entry entry) {
        return Arbitraries.randomValue(r -> {
            int n0 = 1 + r.nextInt(4);
            int n1 = 1 + r.nextInt(5);
            int n2 = 2 + r.nextInt(3);
            Tensor x = r.nextBoolean() ? Samples.vector(r, n0, entry) : Samples.matrix(r, n0, 1 + r.nextInt(3), entry);
            return Tensors.of("x", x, "W1", Samples.matrix(r, n1, n0, entry), "b1", Samples.vector(r, n1, entry),
                    "W2", Samples.matrix(r, n2, n1, entry), "b2", Samples.vector(r, n2, entry));
        });
    }

    /** Value samples: mostly N(0, 3²), with ±1000-scale entries, tiny ones and exact zeros mixed in. */
    static final Samples.Entry MIXED = (r, i) -> switch (r.nextInt(10)) {
        case 0 -> 1000 * (2 * r.nextDouble() - 1);
        case 1 -> 1e-8 * r.nextGaussian();
        case 2 -> 0.0;
        default -> 3 * r.nextGaussian();
    };

    /** Gradient samples: uniform on [−2, 2). */
    static final Samples.Entry MODERATE = (r, i) -> 4 * r.nextDouble() - 2;

    /** Long inner dimensions (2000) with N(0, 1) entries: naive summation would lose digits. */
    static final Samples.Entry LONG_INNER = Samples.gaussian(1);

    /** linear_columns' samples: mixed entries, and now and then a long inner dimension. */
    static Arbitrary<Tensors> columnsSampleMix() {
        return Arbitraries.frequencyOf(Tuple.of(9, columnsSamples(6, MIXED)), Tuple.of(1, columnsSamples(1, LONG_INNER)));
    }

    /** linear_rows' samples: mixed entries, and now and then a long inner dimension. */
    static Arbitrary<Tensors> rowsSampleMix() {
        return Arbitraries.frequencyOf(Tuple.of(9, rowsSamples(6, MIXED)), Tuple.of(1, rowsSamples(1, LONG_INNER)));
    }
}

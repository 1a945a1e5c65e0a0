package io.refcheck.catalog;

import io.refcheck.formulas.Activation;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Sample generators and input builders of §G's entries: layer sizes, symmetric and Gaussian nets, dropout inputs. */
final class InitDropoutSamples {
    private InitDropoutSamples() {
    }

    /**
     * zero_init_symmetry's hidden activations, in the order its samples draw them (the Gaussian
     * fact draws from the first two).
     */
    static final List<Activation> HIDDEN = List.of(Activation.TANH, Activation.SIGMOID, Activation.RELU);

    /**
     * gaussian_init's samples: layers of 0–30 rows and columns with σ = 0.01 or log-uniform in [10⁻⁶, 10),
     * and rarely one of 300 × 400 with σ = 0.01; random seeds.
     */
    static Arbitrary<Tensors> gaussianInitSamples() {
        return Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.randomValue(r -> Tensors.of("rows", r.nextInt(31), "cols", r.nextInt(31),
                        "sigma", r.nextBoolean() ? 0.01 : Math.pow(10, -6 + 7 * r.nextDouble()), "seed", r.nextInt()))),
                Tuple.of(1, Arbitraries.randomValue(r -> Tensors.of("rows", 300, "cols", 400, "sigma", 0.01, "seed", r.nextInt()))));
    }

    /** Layers of 10⁵ weights (250 × 400) with σ = 0.01 or log-uniform in [10⁻⁶, 10), random seeds. */
    static Arbitrary<Tensors> bigLayers() {
        return Arbitraries.randomValue(r -> Tensors.of("rows", 250, "cols", 400,
                "sigma", r.nextBoolean() ? 0.01 : Math.pow(10, -6 + 7 * r.nextDouble()), "seed", r.nextInt()));
    }

    /**
     * The worked-example net: X [2, 4], Y = (1, 1, 0, 1), 3 hidden units with all weights {@code c},
     * zero biases, lr = 1, the given number of steps, tanh.
     */
    static Tensors symmetricExample(double c, double steps) {
        return Tensors.of("X", Tensor.matrix(new double[] {0.5, -1, 2, 0.25}, new double[] {1, 3, -0.5, 1}),
                "Y", Tensor.matrix(new double[] {1, 1, 0, 1}),
                "W1", Tensor.filled(c, 3, 2), "b1", Tensor.zeros(3, 1), "W2", Tensor.filled(c, 1, 3), "b2", Tensor.zeros(1, 1),
                "lr", 1.0, "steps", steps, "hidden", Activation.TANH.code());
    }

    /** X [n0, m] ~ N(0, 1) and Y [n2, m]: mostly 0/1 labels, sometimes soft targets in [0, 1]. */
    static Tensors data(Random r, int n0, int m, int n2) {
        boolean soft = r.nextInt(4) == 0;
        return Tensors.of("X", Samples.matrix(r, n0, m, (rr, i) -> rr.nextGaussian()),
                "Y", Samples.matrix(r, n2, m, (rr, i) -> soft ? rr.nextDouble() : rr.nextInt(2)));
    }

    /**
     * Symmetric starts: every row of W1 the same row (all zero, a constant, or one random row), b1
     * constant, every row of W2 constant; b2 anything; any activation, 0–15 steps.
     */
    static Arbitrary<Tensors> symmetricNets() {
        return Arbitraries.randomValue(r -> {
            int n0 = 1 + r.nextInt(4);
            int m = 1 + r.nextInt(12);
            int n1 = 1 + r.nextInt(6);
            int n2 = 1 + r.nextInt(2);
            Tensors data = data(r, n0, m, n2);
            int kind = r.nextInt(3);
            double[] row = new double[n0];
            for (int j = 0; j < n0; j++) {
                row[j] = kind == 0 ? 0 : (kind == 1 ? 0.01 : r.nextGaussian());
            }
            double[] w1 = new double[n1 * n0];
            for (int i = 0; i < n1; i++) {
                System.arraycopy(row, 0, w1, i * n0, n0);
            }
            double b1 = kind == 0 ? 0 : r.nextGaussian();
            double[] w2 = new double[n2 * n1];
            for (int k = 0; k < n2; k++) {
                double c = kind == 0 ? 0 : r.nextGaussian();
                for (int i = 0; i < n1; i++) {
                    w2[k * n1 + i] = c;
                }
            }
            return data.with("W1", Tensor.of(new int[] {n1, n0}, w1)).with("b1", Tensor.filled(b1, n1, 1))
                    .with("W2", Tensor.of(new int[] {n2, n1}, w2)).with("b2", Samples.matrix(r, n2, 1, (rr, i) -> rr.nextGaussian()))
                    .with("lr", 0.01 + 2 * r.nextDouble()).with("steps", r.nextInt(16)).with("hidden", HIDDEN.get(r.nextInt(3)).code());
        });
    }

    /** A valid dropout sample around x: p from {0, 0.2, 0.5, uniform [0, 0.999), 1 − 10⁻¹²}, any mode and flag. */
    static Tensors dropoutSample(Random r, Tensor x) {
        double p = switch (r.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 0.2;
            case 2 -> 0.5;
            case 3 -> 1 - 1e-12;
            default -> 0.999 * r.nextDouble();
        };
        return Tensors.of("x", x, "p", p, "mode", r.nextInt(2), "training", r.nextInt(2), "seed", r.nextInt());
    }

    static Tensors dropoutInputs(Tensor x, double p, double training) {
        return Tensors.of("x", x, "p", p, "mode", 0, "training", training, "seed", 3);
    }

    /** 10⁴ units around a random level a ∈ [−5, 5] (x_i = a + N(0, 1)), p ∈ [0.05, 0.95], either mode. */
    static Arbitrary<Tensors> manyUnits() {
        return Arbitraries.randomValue(r -> {
            double level = -5 + 10 * r.nextDouble();
            return Tensors.of("x", Samples.matrix(r, 100, 100, (rr, i) -> level + rr.nextGaussian()), "p", 0.05 + 0.9 * r.nextDouble(),
                    "mode", r.nextInt(2), "training", 1, "seed", r.nextInt());
        });
    }

    /** A vector of up to 20, a matrix up to 6×6 or a scalar. */
    static Tensor tensorOfRandomShape(Random r, Samples.Entry e) {
        return switch (r.nextInt(5)) {
            case 0 -> Tensor.scalar(e.next(r, 0));
            case 1, 2 -> Samples.vector(r, 1 + r.nextInt(20), e);
            default -> Samples.matrix(r, 1 + r.nextInt(6), 1 + r.nextInt(6), e);
        };
    }

    /** Layers of 1–8 rows and columns, σ = 0.01, random seeds. */
    static Arbitrary<Tensors> smallLayers() {
        return Arbitraries.randomValue(r -> Tensors.of("rows", 1 + r.nextInt(8), "cols", 1 + r.nextInt(8),
                "sigma", 0.01, "seed", r.nextInt()));
    }

    /** Data, 2–6 hidden units, lr in [0.1, 1.1), 1–10 steps, tanh or sigmoid, and a seed for gaussian_init. */
    static Arbitrary<Tensors> gaussianNets() {
        return Arbitraries.randomValue(r -> {
            Tensors data = data(r, 1 + r.nextInt(4), 2 + r.nextInt(10), 1 + r.nextInt(2));
            return data.with("n1", 2 + r.nextInt(5)).with("lr", 0.1 + r.nextDouble()).with("steps", 1 + r.nextInt(10))
                    .with("hidden", HIDDEN.get(r.nextInt(2)).code()).with("seed", r.nextInt(1 << 30));
        });
    }

    /** dropout's samples: tensors of random shape with adversarial values, and rarely one row of {@link Samples#LONG}. */
    static Arbitrary<Tensors> dropoutSamples() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.randomValue(r -> dropoutSample(r, tensorOfRandomShape(r, Samples::adversarial)))),
                Tuple.of(1, Arbitraries.randomValue(r -> dropoutSample(r, Samples.matrix(r, 1, Samples.LONG, (rr, i) -> rr.nextGaussian())))));
    }

    /** Matrices up to 6 × 6 of N(0, 3²) values. */
    static Arbitrary<Tensors> dropoutGradientSamples() {
        return Arbitraries.randomValue(r -> dropoutSample(r,
                Samples.matrix(r, 1 + r.nextInt(6), 1 + r.nextInt(6), (rr, i) -> 3 * rr.nextGaussian())));
    }

    /** Tensors of random shape of N(0, 3²) values, in the given mode (0 inverted, 1 classic). */
    static Arbitrary<Tensors> dropoutsInMode(double mode) {
        return Arbitraries.randomValue(r -> dropoutSample(r, tensorOfRandomShape(r, (rr, i) -> 3 * rr.nextGaussian())).with("mode", mode));
    }

    /** Tensors of random shape of N(0, 1) values, in training. */
    static Arbitrary<Tensors> trainingDropouts() {
        return Arbitraries.randomValue(r -> dropoutSample(r, tensorOfRandomShape(r, (rr, i) -> rr.nextGaussian())).with("training", 1.0));
    }
}

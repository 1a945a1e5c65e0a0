package io.refcheck.catalog;

import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Sample generators and input builders of §F's entries: parameters of any shape, learning rates, batches, Adam states. */
final class OptimisationSamples {
    private OptimisationSamples() {
    }

    /**
     * Samples for the partition facts: grads [N, P] and "batch_of" [N], the batch label of each
     * row in [0, k). Equal: k batches of b rows each; otherwise k batches of random sizes ≥ 1.
     */
    static Arbitrary<Tensors> partitions(boolean equalSizes) {
        return Arbitraries.randomValue(r -> {
            int k = 1 + r.nextInt(8);
            int[] sizes = new int[k];
            int n = 0;
            int b = 1 + r.nextInt(8);
            for (int j = 0; j < k; j++) {
                sizes[j] = equalSizes ? b : 1 + r.nextInt(12);
                n += sizes[j];
            }
            double[] labels = new double[n];
            int at = 0;
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < sizes[j]; i++) {
                    labels[at++] = j;
                }
            }
            shuffle(r, labels);
            Tensor grads = Samples.tensor(r, new int[] {n, 1 + r.nextInt(5)}, (rr, i) -> rr.nextInt(6) == 0
                    ? 1000 * rr.nextGaussian() : rr.nextGaussian());
            return Tensors.of("grads", grads, "batch_of", Tensor.vector(labels));
        });
    }

    /** Weights for the regularisers: any shape, adversarial entries, rarely {@link Samples#LONG} long. */
    static Arbitrary<Tensors> weights() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.randomValue(r -> Tensors.of("w", Samples.tensor(r, shape(r), Samples::adversarial)))),
                Tuple.of(1, Arbitraries.randomValue(r -> Tensors.of("w", Samples.tensor(r, new int[] {Samples.LONG},
                        (rr, i) -> i % 2 == 0 ? 1e8 * rr.nextDouble() : rr.nextDouble())))));
    }

    static Arbitrary<Tensors> scaledWeights() {
        return Arbitraries.randomValue(r -> Tensors.of("w", Samples.tensor(r, shape(r), Samples.gaussian(5)), "c", -4 + 8 * r.nextDouble()));
    }

    static Tensors adamSample(Random r, Tensor w, Tensor g, Tensor m, Tensor v) {
        double t = switch (r.nextInt(6)) {
            case 0 -> 1;
            case 1 -> 1_000_000;
            default -> 1 + r.nextInt(100);
        };
        double beta1 = switch (r.nextInt(5)) {
            case 0 -> 0;
            case 1 -> r.nextDouble();
            default -> 0.9;
        };
        double beta2 = switch (r.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 1 - 1e-12;
            case 2 -> r.nextDouble();
            default -> 0.999;
        };
        double eps = r.nextInt(3) == 0 ? Math.pow(10, -12 + 12 * r.nextDouble()) : 1e-8;
        return Tensors.of("w", w, "g", g, "m", m, "v", v, "t", t, "lr", learningRate(r), "beta1", beta1, "beta2", beta2, "eps", eps);
    }

    /** A valid Adam input with zero moments at step 1 and the defaults of torch.optim.Adam. */
    static Tensors adamInputs(Tensor w, Tensor g) {
        return Tensors.of("w", w, "g", g, "m", Tensor.zeros(w.shape()), "v", Tensor.zeros(w.shape()), "t", 1, "lr", 1e-3,
                "beta1", 0.9, "beta2", 0.999, "eps", 1e-8);
    }

    /** A scalar, a vector of up to 20, a matrix up to 6×6, or a rank-3 tensor up to 3×3×3. */
    static int[] shape(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> new int[0];
            case 1, 2, 3 -> new int[] {1 + r.nextInt(20)};
            case 4, 5, 6 -> new int[] {1 + r.nextInt(6), 1 + r.nextInt(6)};
            default -> new int[] {1 + r.nextInt(3), 1 + r.nextInt(3), 1 + r.nextInt(3)};
        };
    }

    /** A shape of at most 36 elements, for gradient checks. */
    static int[] smallShape(Random r) {
        return r.nextBoolean() ? new int[] {1 + r.nextInt(12)} : new int[] {1 + r.nextInt(6), 1 + r.nextInt(6)};
    }

    /** Learning rates from 1e-6 to 10, mostly ordinary. */
    static double learningRate(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> 1e-6;
            case 1 -> 10 * r.nextDouble() + 1e-9;
            default -> 1e-3 + r.nextDouble();
        };
    }

    static double decay(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 10 * r.nextDouble();
            default -> 0.1 * r.nextDouble();
        };
    }

    /** A random non-empty subset of [0, n) as indices in random order. */
    static Tensor subset(Random r, int n) {
        double[] all = new double[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        shuffle(r, all);
        int size = 1 + r.nextInt(n);
        double[] batch = new double[size];
        System.arraycopy(all, 0, batch, 0, size);
        return Tensor.vector(batch);
    }

    static void shuffle(Random r, double[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            double tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }

    /** gd_step's samples: θ and grad of any shape with adversarial entries, learning rates from 1e-6 to 10. */
    static Arbitrary<Tensors> gdSamples() {
        return Arbitraries.randomValue(r -> {
            int[] shape = shape(r);
            return Tensors.of("theta", Samples.tensor(r, shape, Samples::adversarial),
                    "grad", Samples.tensor(r, shape, Samples::adversarial), "lr", learningRate(r));
        });
    }

    /** Small θ and grad of N(0, 3²) entries, lr in [10⁻³, 1 + 10⁻³). */
    static Arbitrary<Tensors> gdGradientSamples() {
        return Arbitraries.randomValue(r -> {
            int[] shape = smallShape(r);
            return Tensors.of("theta", Samples.tensor(r, shape, Samples.gaussian(3)), "grad", Samples.tensor(r, shape, Samples.gaussian(3)),
                    "lr", 1e-3 + r.nextDouble());
        });
    }

    /** θ and a target θ* of N(0, 2²) entries, lr in [0.05, 1.95). */
    static Arbitrary<Tensors> quadraticStarts() {
        return Arbitraries.randomValue(r -> {
            int[] shape = smallShape(r);
            return Tensors.of("theta", Samples.tensor(r, shape, Samples.gaussian(2)),
                    "target", Samples.tensor(r, shape, Samples.gaussian(2)), "lr", 0.05 + 1.9 * r.nextDouble());
        });
    }

    /** minibatch_gradient's samples: adversarial gradients with a random batch, and rarely a long batch of values 1e8 apart in magnitude. */
    static Arbitrary<Tensors> minibatches() {
        return Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.randomValue(r -> {
                    int n = 1 + r.nextInt(40);
                    return Tensors.of("grads", Samples.tensor(r, new int[] {n, 1 + r.nextInt(6)}, Samples::adversarial),
                            "batch", subset(r, n));
                })),
                Tuple.of(1, Arbitraries.randomValue(r -> {
                    // a long batch of values of very different magnitudes: naive summation loses the small ones
                    int n = Samples.LONG;
                    Tensor grads = Samples.tensor(r, new int[] {n, 1}, (rr, i) -> switch (i % 3) {
                        case 0 -> 1e8 * (1 + rr.nextDouble());
                        case 1 -> -1e8 * (1 + rr.nextDouble());
                        default -> rr.nextGaussian();
                    });
                    return Tensors.of("grads", grads, "batch", subset(r, n));
                })));
    }

    /** Up to 20 rows of N(0, 3²) gradients with a random batch. */
    static Arbitrary<Tensors> minibatchGradientSamples() {
        return Arbitraries.randomValue(r -> {
            int n = 1 + r.nextInt(20);
            return Tensors.of("grads", Samples.tensor(r, new int[] {n, 1 + r.nextInt(5)}, Samples.gaussian(3)), "batch", subset(r, n));
        });
    }

    /** Small weights with 0.05 ≤ |w_i| ≤ 5.05: |w| away from its kink at 0. */
    static Arbitrary<Tensors> weightsAwayFromZero() {
        return Arbitraries.randomValue(r -> Tensors.of("w", Samples.tensor(r, smallShape(r),
                (rr, i) -> (rr.nextBoolean() ? 1 : -1) * (0.05 + 5 * rr.nextDouble()))));
    }

    /** Small weights of N(0, 3²) entries. */
    static Arbitrary<Tensors> smallWeights() {
        return Arbitraries.randomValue(r -> Tensors.of("w", Samples.tensor(r, smallShape(r), Samples.gaussian(3))));
    }

    /** weight_decay_step's samples: w and grad of any shape with adversarial entries, learning rates and decays from 0 to 10. */
    static Arbitrary<Tensors> weightDecaySamples() {
        return Arbitraries.randomValue(r -> {
            int[] shape = shape(r);
            return Tensors.of("w", Samples.tensor(r, shape, Samples::adversarial),
                    "grad", Samples.tensor(r, shape, Samples::adversarial), "lr", learningRate(r), "lambda", decay(r));
        });
    }

    /** Small w and grad of N(0, 3²) entries, lr in [10⁻³, 1 + 10⁻³), λ in [0, 1). */
    static Arbitrary<Tensors> weightDecayGradientSamples() {
        return Arbitraries.randomValue(r -> {
            int[] shape = smallShape(r);
            return Tensors.of("w", Samples.tensor(r, shape, Samples.gaussian(3)), "grad", Samples.tensor(r, shape, Samples.gaussian(3)),
                    "lr", 1e-3 + r.nextDouble(), "lambda", r.nextDouble());
        });
    }

    /** w and grad of any shape with N(0, 3²) entries, learning rates and decays as weight_decay_step's samples. */
    static Arbitrary<Tensors> gaussianWeightDecays() {
        return Arbitraries.randomValue(r -> {
            int[] shape = shape(r);
            return Tensors.of("w", Samples.tensor(r, shape, Samples.gaussian(3)), "grad", Samples.tensor(r, shape, Samples.gaussian(3)),
                    "lr", learningRate(r), "lambda", decay(r));
        });
    }

    /** adam_step's samples: adversarial w and g of any shape, N(0, 1) first moments, second moments squares of N(0, 1) or 0. */
    static Arbitrary<Tensors> adamSamples() {
        return Arbitraries.randomValue(r -> {
            int[] shape = shape(r);
            return adamSample(r, Samples.tensor(r, shape, Samples::adversarial), Samples.tensor(r, shape, Samples::adversarial),
                    Samples.tensor(r, shape, Samples.gaussian(1)), Samples.tensor(r, shape, (rr, i) -> rr.nextInt(5) == 0 ? 0 : Math.pow(rr.nextGaussian(), 2)));
        });
    }

    /** Small Adam inputs with |g| ≥ 0.1 and v ≥ 0.05 (away from √v's infinite slope at 0), t up to 50, β and ε ordinary or default. */
    static Arbitrary<Tensors> adamGradientSamples() {
        return Arbitraries.randomValue(r -> {
            int[] shape = smallShape(r);
            return Tensors.of("w", Samples.tensor(r, shape, Samples.gaussian(2)),
                    "g", Samples.tensor(r, shape, (rr, i) -> (rr.nextBoolean() ? 1 : -1) * (0.1 + 3 * rr.nextDouble())),
                    "m", Samples.tensor(r, shape, Samples.gaussian(1)), "v", Samples.tensor(r, shape, (rr, i) -> 0.05 + 2 * rr.nextDouble()),
                    "t", 1 + r.nextInt(50), "lr", 1e-3 + 0.5 * r.nextDouble(), "beta1", 0.99 * r.nextDouble(),
                    "beta2", r.nextBoolean() ? 0.999 : 0.99 * r.nextDouble(), "eps", r.nextBoolean() ? 1e-8 : 0.1 * r.nextDouble() + 1e-8);
        });
    }

    /** Adam samples at t = 1 with zero moments. */
    static Arbitrary<Tensors> adamFirstSteps() {
        return Arbitraries.randomValue(r -> {
            int[] shape = shape(r);
            Tensor zeros = Tensor.zeros(shape);
            Tensors s = adamSample(r, Samples.tensor(r, shape, Samples::adversarial),
                    Samples.tensor(r, shape, Samples::adversarial), zeros, zeros);
            return s.with("t", 1.0);
        });
    }

    /** Adam inputs with ε = 10⁻³⁰⁰ (negligible) and a scale c = e^u, u uniform in [−7, 7). */
    static Arbitrary<Tensors> adamScalings() {
        return Arbitraries.randomValue(r -> {
            int[] shape = smallShape(r);
            return Tensors.of("w", Samples.tensor(r, shape, Samples.gaussian(2)),
                    "g", Samples.tensor(r, shape, (rr, i) -> (rr.nextBoolean() ? 1 : -1) * (1e-3 + 10 * rr.nextDouble())),
                    "m", Samples.tensor(r, shape, Samples.gaussian(3)), "v", Samples.tensor(r, shape, (rr, i) -> 1e-4 + 100 * rr.nextDouble()),
                    "t", 1 + r.nextInt(1000), "lr", 1e-3 + r.nextDouble(), "beta1", 0.9, "beta2", 0.999,
                    "eps", 1e-300, "c", Math.exp(-7 + 14 * r.nextDouble()));
        });
    }
}

package io.refcheck.catalog;

import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Sample generators of §D's entries: probability tensors, distributions and pairs of them, interior rows for gradients. */
final class InformationSamples {
    private InformationSamples() {
    }

    /** Rows with p_i = 0 = q_i and p_i = 0 < q_i, next to ordinary elements. */
    static final Tensors[] ZERO_PROBABILITY_PAIRS = {
        Tensors.of("p", Tensor.vector(0, 0.5, 0.5), "q", Tensor.vector(0, 0.25, 0.75)),
        Tensors.of("p", Tensor.matrix(new double[] {0, 1}, new double[] {0.5, 0.5}), "q", Tensor.matrix(new double[] {0.5, 0.5}, new double[] {0.25, 0.75})),
    };

    /** Probability tensors of rank 0 to 2: ordinary, within 10⁻¹² of 0 or 1, and exactly 0, 1 or subnormal. */
    static Arbitrary<Tensors> probabilityTensors() {
        return Arbitraries.randomValue(r -> {
            int rank = r.nextInt(3);
            int[] shape = new int[rank];
            for (int k = 0; k < rank; k++) {
                shape[k] = 1 + r.nextInt(6);
            }
            double[] d = new double[Tensor.sizeOf(shape)];
            for (int i = 0; i < d.length; i++) {
                d[i] = switch (r.nextInt(10)) {
                    case 0 -> 1e-12 * r.nextDouble();
                    case 1 -> 1 - 1e-12 * r.nextDouble();
                    case 2 -> new double[] {0, 1, Double.MIN_VALUE, 1e-300, 0.5}[r.nextInt(5)];
                    default -> r.nextDouble();
                };
            }
            return Tensors.of("p", Tensor.of(shape, d));
        });
    }

    /** Pairs p, q of the same shape with entries in [10⁻¹⁰⁰, 1], log-uniform half of the time. */
    static Arbitrary<Tensors> independentEvents() {
        return Arbitraries.randomValue(r -> {
            int n = 1 + r.nextInt(8);
            Samples.Entry entry = (rr, i) -> rr.nextBoolean() ? Math.pow(10, -100 * rr.nextDouble()) : 1 - rr.nextDouble();
            return Tensors.of("p", Samples.vector(r, n, entry), "q", Samples.vector(r, n, entry));
        });
    }

    /**
     * Distributions "p": {@link Samples#distribution} (ordinary, nearly one-hot, with zeros, nearly
     * uniform, 10,000 long) as vectors, and batches of 2 to 4 such rows of 2 to 9 outcomes.
     */
    static Arbitrary<Tensors> distributions() {
        Arbitrary<Tensors> single = Samples.distribution(12).map(p -> Tensors.of("p", p));
        Arbitrary<Tensors> batch = Arbitraries.randomValue(r -> {
            int rows = 2 + r.nextInt(3);
            int n = 2 + r.nextInt(8);
            double[] d = new double[rows * n];
            for (int k = 0; k < rows; k++) {
                System.arraycopy(row(r, n, r.nextInt(4)), 0, d, k * n, n);
            }
            return Tensors.of("p", Tensor.of(new int[] {rows, n}, d));
        });
        return Arbitraries.frequencyOf(Tuple.of(3, single), Tuple.of(1, batch));
    }

    /**
     * One probability row of n outcomes: 0 ordinary (exponential weights), 1 with exact zeros,
     * 2 nearly one-hot (the rest of order 10⁻¹²), 3 nearly uniform (10⁻⁹ relative noise).
     */
    static double[] row(Random r, int n, int kind) {
        double[] d = new double[n];
        int hot = r.nextInt(n);
        for (int i = 0; i < n; i++) {
            d[i] = switch (kind) {
                case 1 -> i == hot ? 0.5 + r.nextDouble() : (r.nextInt(3) == 0 ? 0 : r.nextDouble());
                case 2 -> i == hot ? 1 : 1e-12 * (0.5 + r.nextDouble());
                case 3 -> 1 + 1e-9 * r.nextGaussian();
                default -> -Math.log(1 - r.nextDouble()) + 1e-300;
            };
        }
        return Samples.normalise(d);
    }

    /** Q near P: every entry scaled by 1 + δ·N(0, 1), renormalised, with δ one of 10⁻¹³, 10⁻⁹, 10⁻⁶, 10⁻³. */
    static double[] near(Random r, double[] p) {
        double delta = new double[] {1e-13, 1e-9, 1e-6, 1e-3}[r.nextInt(4)];
        double[] q = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            q[i] = p[i] * (1 + delta * r.nextGaussian());
        }
        return Samples.normalise(q);
    }

    /**
     * Pairs "p", "q" of one shape ([n] or [rows, n]): independent rows of every {@link #row} kind,
     * Q nearly equal to P, P with zeros where Q has mass, both nearly one-hot, rarely 10,000 long
     * and, with {@code withInfinite}, Q with a zero where P has mass (D = H(P,Q) = +∞).
     */
    static Arbitrary<Tensors> pairs(boolean withInfinite) {
        return Arbitraries.randomValue(r -> {
            boolean longRow = r.nextInt(30) == 0;
            int rows = longRow ? 1 : 1 + r.nextInt(3);
            int n = longRow ? Samples.LONG : 2 + r.nextInt(10);
            double[] p = new double[rows * n];
            double[] q = new double[rows * n];
            for (int k = 0; k < rows; k++) {
                double[] pr = row(r, n, r.nextInt(4));
                double[] qr = switch (r.nextInt(withInfinite ? 6 : 5)) {
                    case 0, 1 -> near(r, pr);
                    case 2 -> row(r, n, 0);
                    case 3 -> row(r, n, 2);
                    case 4 -> row(r, n, r.nextInt(4) == 1 ? 1 : 3);
                    default -> {
                        double[] withHole = row(r, n, 0);
                        int hole = argmax(pr);
                        withHole[hole] = 0;
                        yield Samples.normalise(withHole);
                    }
                };
                if (!withInfinite) {
                    qr = withoutZeros(qr);
                }
                System.arraycopy(pr, 0, p, k * n, n);
                System.arraycopy(qr, 0, q, k * n, n);
            }
            int[] shape = rows == 1 && r.nextBoolean() ? new int[] {n} : new int[] {rows, n};
            return Tensors.of("p", Tensor.of(shape, p), "q", Tensor.of(shape, q));
        });
    }

    /** Q rows with zeros replaced by 10⁻³⁰⁰ and renormalised: every D(P‖Q) is finite. */
    static double[] withoutZeros(double[] q) {
        boolean any = false;
        double[] out = q.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                out[i] = 1e-300;
                any = true;
            }
        }
        return any ? Samples.normalise(out) : out;
    }

    /** P and two positive candidates Q₁, Q₂ (independent, or near P at different distances). */
    static Arbitrary<Tensors> candidateTriples() {
        return Arbitraries.randomValue(r -> {
            int n = 2 + r.nextInt(10);
            double[] p = row(r, n, r.nextInt(4));
            double[] q1 = r.nextBoolean() ? near(r, p) : row(r, n, 0);
            double[] q2 = r.nextBoolean() ? near(r, p) : row(r, n, r.nextInt(4) == 1 ? 0 : 3);
            return Tensors.of("p", Tensor.vector(p), "q1", Tensor.vector(withoutZeros(q1)), "q2", Tensor.vector(withoutZeros(q2)));
        });
    }

    /**
     * Interior rows for gradient checks: {@code count} tensors "p" (and "q") of shape [rows, n],
     * rows 1 to 3, n 2 to 5, every entry a normalised weight in [0.05, 1], hence ≥ 0.05/5 = 0.01.
     */
    static Arbitrary<Tensors> interiorRows(int count) {
        return Arbitraries.randomValue(r -> {
            int rows = 1 + r.nextInt(3);
            int n = 2 + r.nextInt(4);
            Tensor p = interior(r, rows, n);
            return count == 1 ? Tensors.of("p", p) : Tensors.of("p", p, "q", interior(r, rows, n));
        });
    }

    static Tensor interior(Random r, int rows, int n) {
        double[] d = new double[rows * n];
        for (int k = 0; k < rows; k++) {
            double[] row = new double[n];
            for (int j = 0; j < n; j++) {
                row[j] = 0.05 + 0.95 * r.nextDouble();
            }
            System.arraycopy(Samples.normalise(row), 0, d, k * n, n);
        }
        return Tensor.of(new int[] {rows, n}, d);
    }

    static int argmax(double[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Probability matrices up to 4 × 5 with entries in [10⁻³, 0.99): cheap samples for gradient checks of self_information. */
    static Arbitrary<Tensors> moderateProbabilities() {
        return Arbitraries.randomValue(r -> Tensors.of("p", Samples.matrix(r, 1 + r.nextInt(4),
                1 + r.nextInt(5), (rr, i) -> 1e-3 + (0.99 - 1e-3) * rr.nextDouble())));
    }
}

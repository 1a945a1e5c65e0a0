package io.refcheck.catalog;

import io.refcheck.formulas.Sums;
import io.refcheck.tensor.Tensor;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Shared sample generators (jqwik Arbitraries) for catalog entries. Each mixes ordinary values
 * with the adversarial ones a careful implementation must survive: logits of ±1000, probabilities
 * within 1e-12 of 0 or 1, nearly equal distributions, and long vectors.
 */
public final class Samples {
    private Samples() {
    }

    /** Longest vector the generators produce; long enough that naive summation loses digits. */
    public static final int LONG = 10_000;

    /**
     * A double uniform on [lo, hi) with full precision. (jqwik's {@code Arbitraries.doubles()} has
     * scale 2 by default, i.e. two decimal places, which would hide rounding problems.)
     */
    public static Arbitrary<Double> uniform(double lo, double hi) {
        return Arbitraries.randomValue(r -> lo + (hi - lo) * r.nextDouble());
    }

    /** A real in an ordinary range, mixed with huge magnitudes (±1000), tiny ones and exact zero. */
    public static Arbitrary<Double> real() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, uniform(-10, 10)),
                Tuple.of(1, uniform(-1000, 1000)),
                Tuple.of(1, Arbitraries.of(1000.0, -1000.0, 0.0, 1e-300, -1e-300, 40.0, -40.0)),
                Tuple.of(1, uniform(-1e-8, 1e-8)));
    }

    /** A real at least {@code gap} away from every kink in {@code kinks} (for gradient checks of piecewise functions). */
    public static Arbitrary<Double> realAwayFrom(double gap, double... kinks) {
        return uniform(-8, 8).filter(x -> {
            for (double k : kinks) {
                if (Math.abs(x - k) < gap) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Draws a vector of length n with entries from {@code entry}. */
    public interface Entry {
        double next(Random r, int index);
    }

    public static Tensor vector(Random r, int n, Entry e) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = e.next(r, i);
        }
        return Tensor.vector(d);
    }

    public static Tensor matrix(Random r, int rows, int cols, Entry e) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = e.next(r, i);
        }
        return Tensor.of(new int[] {rows, cols}, d);
    }

    /** Standard normal entries scaled by {@code sigma}. */
    public static Entry gaussian(double sigma) {
        return (r, i) -> sigma * r.nextGaussian();
    }

    /**
     * Logit rows [rows, classes]: ordinary (N(0, 3²)), huge (±1000 mixed), nearly equal
     * (1 + 1e-9·noise) and, rarely, one long row of {@link #LONG} classes.
     */
    public static Arbitrary<Tensor> logits(int maxRows, int maxClasses) {
        Arbitrary<Tensor> ordinary = Arbitraries.randomValue(r -> matrix(r, 1 + r.nextInt(maxRows), 1 + r.nextInt(maxClasses), gaussian(3)));
        Arbitrary<Tensor> huge = Arbitraries.randomValue(r -> matrix(r, 1 + r.nextInt(maxRows), 2 + r.nextInt(maxClasses),
                (rr, i) -> switch (rr.nextInt(4)) {
                    case 0 -> 1000.0;
                    case 1 -> -1000.0;
                    case 2 -> 1000.0 * rr.nextDouble();
                    default -> rr.nextGaussian();
                }));
        Arbitrary<Tensor> nearlyEqual = Arbitraries.randomValue(r -> matrix(r, 1 + r.nextInt(maxRows), 2 + r.nextInt(maxClasses),
                (rr, i) -> 1 + 1e-9 * rr.nextGaussian()));
        Arbitrary<Tensor> longRow = Arbitraries.randomValue(r -> matrix(r, 1, LONG, gaussian(5)));
        return Arbitraries.frequencyOf(
                Tuple.of(10, ordinary), Tuple.of(3, huge), Tuple.of(2, nearlyEqual), Tuple.of(1, longRow));
    }

    /** Logit rows without the long row and with moderate values: cheap samples for gradient checks. */
    public static Arbitrary<Tensor> smallLogits(int maxRows, int maxClasses) {
        return Arbitraries.randomValue(r -> matrix(r, 1 + r.nextInt(maxRows), 1 + r.nextInt(maxClasses), gaussian(2)));
    }

    /** One probability row of length n, strictly positive entries normalised to sum 1 (compensated). */
    public static Tensor simplexRow(Random r, int n, double concentration) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = -Math.log(1 - r.nextDouble()) * concentration + 1e-300;
        }
        return Tensor.vector(normalise(d));
    }

    static double[] normalise(double[] d) {
        double s = Sums.sum(d);
        for (int i = 0; i < d.length; i++) {
            d[i] /= s;
        }
        return d;
    }

    /**
     * Probability vectors of length 2..maxN: ordinary, nearly one-hot (all but one entry of order
     * 1e-12), with exact zeros, nearly uniform (1/n + 1e-9 noise), and rarely {@link #LONG} long.
     */
    public static Arbitrary<Tensor> distribution(int maxN) {
        Arbitrary<Tensor> ordinary = Arbitraries.randomValue(r -> simplexRow(r, 2 + r.nextInt(maxN - 1), 1));
        Arbitrary<Tensor> nearOneHot = Arbitraries.randomValue(r -> {
            int n = 2 + r.nextInt(maxN - 1);
            double[] d = new double[n];
            int hot = r.nextInt(n);
            for (int i = 0; i < n; i++) {
                d[i] = i == hot ? 1 : 1e-12 * (0.5 + r.nextDouble());
            }
            return Tensor.vector(normalise(d));
        });
        Arbitrary<Tensor> withZeros = Arbitraries.randomValue(r -> {
            int n = 3 + r.nextInt(maxN);
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = r.nextInt(3) == 0 ? 0 : r.nextDouble();
            }
            d[r.nextInt(n)] = 0.5 + r.nextDouble();
            return Tensor.vector(normalise(d));
        });
        Arbitrary<Tensor> nearlyUniform = Arbitraries.randomValue(r -> {
            int n = 2 + r.nextInt(maxN - 1);
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = 1.0 / n * (1 + 1e-9 * r.nextGaussian());
            }
            return Tensor.vector(normalise(d));
        });
        Arbitrary<Tensor> longOne = Arbitraries.randomValue(r -> simplexRow(r, LONG, 1));
        return Arbitraries.frequencyOf(Tuple.of(8, ordinary), Tuple.of(2, nearOneHot), Tuple.of(2, withZeros),
                Tuple.of(2, nearlyUniform), Tuple.of(1, longOne));
    }

    /** A probability in (0, 1), including values within 1e-12 of either end. */
    public static Arbitrary<Double> probability() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, uniform(1e-6, 1 - 1e-6)),
                Tuple.of(1, uniform(1e-13, 1e-12)),
                Tuple.of(1, uniform(1e-13, 1e-12).map(e -> 1 - e)));
    }

    /** A tensor of the given shape with entries from {@code e}, drawn in row-major order. */
    public static Tensor tensor(Random r, int[] shape, Entry e) {
        double[] d = new double[Tensor.sizeOf(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = e.next(r, i);
        }
        return Tensor.of(shape, d);
    }

    /** Ordinary N(0, 3²) values mixed with ±1000, exact zeros and tiny magnitudes. */
    public static double adversarial(Random r, int i) {
        return switch (r.nextInt(10)) {
            case 0 -> (r.nextBoolean() ? 1000 : -1000) * r.nextDouble();
            case 1 -> 0;
            case 2 -> 1e-300 * r.nextGaussian();
            default -> 3 * r.nextGaussian();
        };
    }
}

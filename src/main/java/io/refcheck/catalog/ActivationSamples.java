package io.refcheck.catalog;

import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.Random;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Sample generators of §A's entries: tensors of any shape with floating point's edge values, logits, sigmoid chains. */
final class ActivationSamples {
    private ActivationSamples() {
    }

    /** Values where floating point changes behaviour: signed zeros, subnormals, where exp over- and underflows. */
    static final double[] EDGES = {0.0, -0.0, 1000, -1000, 1e-300, -1e-300, Double.MIN_VALUE, 40, -40, 36.8, -36.8,
        709.8, -709.8, 745.2, -745.2, 355, -372};

    /** A real as {@link Samples#real()}: mostly ordinary, sometimes ±1000-scale, an edge value or tiny. */
    static double real(Random r, int index) {
        return switch (r.nextInt(9)) {
            case 6 -> -1000 + 2000 * r.nextDouble();
            case 7 -> EDGES[r.nextInt(EDGES.length)];
            case 8 -> 1e-8 * (2 * r.nextDouble() - 1);
            default -> -10 + 20 * r.nextDouble();
        };
    }

    /** A tensor of rank 0 to 3 (dimensions 1 to 5), rarely a vector of {@link Samples#LONG} elements. */
    static Tensor anyShape(Random r, Samples.Entry entry) {
        int[] shape;
        if (r.nextInt(40) == 0) {
            shape = new int[] {Samples.LONG};
        } else {
            shape = new int[r.nextInt(4)];
            for (int k = 0; k < shape.length; k++) {
                shape[k] = 1 + r.nextInt(5);
            }
        }
        double[] d = new double[Tensor.sizeOf(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = entry.next(r, i);
        }
        return Tensor.of(shape, d);
    }

    /** Any shape, entries ordinary, huge (±1000), at exp's overflow and underflow edges, tiny or signed zero. */
    static Arbitrary<Tensors> realTensors() {
        return Arbitraries.randomValue(r -> Tensors.of("z", anyShape(r, ActivationSamples::real)));
    }

    /** Up to 25 entries in [−8, 8]: smooth activations, moderate curvature, for finite differences. */
    static Arbitrary<Tensors> smoothTensors() {
        return Arbitraries.randomValue(r -> Tensors.of("z", Samples.matrix(r, 1 + r.nextInt(5), 1 + r.nextInt(5),
                (rr, i) -> -8 + 16 * rr.nextDouble())));
    }

    /** Entries with 0.01 ≤ |z| ≤ 8: relu away from its kink, farther than any finite-difference step (≤ 8·10⁻⁴). */
    static Arbitrary<Tensors> tensorsAwayFromZero() {
        return Arbitraries.randomValue(r -> Tensors.of("z", Samples.matrix(r, 1 + r.nextInt(5), 1 + r.nextInt(5),
                (rr, i) -> (rr.nextBoolean() ? 1 : -1) * (0.01 + 7.99 * rr.nextDouble()))));
    }

    /** Strictly positive z (ordinary, huge, tiny, subnormal) with a cotangent c of the same shape. */
    static Arbitrary<Tensors> positiveTensorsWithCotangent() {
        return Arbitraries.randomValue(r -> {
            Tensor z = anyShape(r, (rr, i) -> switch (rr.nextInt(5)) {
                case 0 -> 1000 * (1 - rr.nextDouble());
                case 1 -> 1e-8 * (1 - rr.nextDouble());
                case 2 -> Double.MIN_VALUE;
                default -> 10 * (1 - rr.nextDouble());
            });
            Tensor c = Samples.vector(r, z.size(), (rr, i) -> -2 + 4 * rr.nextDouble()).reshape(z.shape());
            return Tensors.of("z", z, "c", c);
        });
    }

    /** z (1 to 6 entries in [−6, 6], sometimes exactly 0), a layer count L in 1..12, a cotangent c. */
    static Arbitrary<Tensors> sigmoidChains() {
        return Arbitraries.randomValue(r -> {
            int n = 1 + r.nextInt(6);
            Tensor z = Samples.vector(r, n, (rr, i) -> rr.nextInt(4) == 0 ? 0 : -6 + 12 * rr.nextDouble());
            Tensor c = Samples.vector(r, n, (rr, i) -> -1 + 2 * rr.nextDouble());
            return Tensors.of("z", z, "c", c, "layers", 1 + r.nextInt(12));
        });
    }

    /** A scalar z as {@link #real}. */
    static Arbitrary<Tensors> scalarReals() {
        return Arbitraries.randomValue(r -> Tensors.of("z", real(r, 0)));
    }

    /** {@link Samples#logits} as a sample "z" (ordinary, ±1000, nearly equal, one 10,000 long row). */
    static Arbitrary<Tensors> logitSamples() {
        return Samples.logits(4, 12).map(z -> Tensors.of("z", z));
    }

    /** Logits of rank 1 to 3 for the entries' own samples: matrices as {@link Samples#logits}, vectors and [1, rows, n]. */
    static Arbitrary<Tensors> logitTensors() {
        UnaryOperator<Tensor> toVector = z -> z.reshape(z.size());
        UnaryOperator<Tensor> toRank3 = z -> z.reshape(1, z.dim(0), z.dim(1));
        return Arbitraries.frequencyOf(
                Tuple.of(6, logitSamples()),
                Tuple.of(1, Samples.logits(1, 12).map(z -> Tensors.of("z", toVector.apply(z)))),
                Tuple.of(1, Samples.logits(4, 12).map(z -> Tensors.of("z", toRank3.apply(z)))));
    }

    /** Logits with a constant c: ordinary, ±1000-scale and small integers. */
    static Arbitrary<Tensors> shiftedLogits() {
        Arbitrary<Double> shift = Arbitraries.frequencyOf(
                Tuple.of(2, Samples.uniform(-10, 10)),
                Tuple.of(2, Samples.uniform(-1000, 1000)),
                Tuple.of(1, Arbitraries.of(1.0, -3.0, 100.0)));
        return Combinators.combine(logitSamples(), shift).as((sample, c) -> sample.with("c", c));
    }
}

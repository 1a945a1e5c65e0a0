package io.refcheck.catalog;

import io.refcheck.formulas.Activation;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.function.DoubleFunction;

/**
 * What the catalog's {@link Kink}s share: relu's kink wherever relu is inside a formula, written
 * once as a function of relu'(0), and the masks of the gradients at zero probabilities.
 */
final class Kinks {
    private Kinks() {
    }

    /** Plain Java's relu'(0), and PyTorch's. */
    static final String RELU_REFERENCE = "relu'(0) = 0, as PyTorch (threshold_backward passes the gradient only where z > 0)";

    /** relu'(z) with the given value at z = 0: 1 above, 0 below. */
    static double reluDerivative(double z, double atZero) {
        return z > 0 ? 1 : z == 0 ? atZero : 0;
    }

    /** f'(z) for a catalog activation, relu'(0) = {@code reluAtZero}; the smooth ones as {@link Activation#derivative}. */
    static double derivative(Activation f, double z, double reluAtZero) {
        return f == Activation.RELU ? reluDerivative(z, reluAtZero) : f.derivative(z);
    }

    /**
     * relu's kink inside an entry: {@code vjp} gives the vector–Jacobian product when relu'(0) is
     * its argument, {@code value} (null when relu'(0) does not enter the value) the outputs. The
     * reference is relu'(0) = 0; {@link KinkConvention#RELU_PRIME_ZERO_IS_ONE} the alternative.
     */
    static Kink relu(String name, DoubleFunction<Formula.Vjp> vjp, DoubleFunction<Formula.Compute> value, Tensors... points) {
        return Kink.at(name, points).reference(RELU_REFERENCE, vjp.apply(0))
                .or(KinkConvention.RELU_PRIME_ZERO_IS_ONE, "the gradient passes where z = 0 too", vjp.apply(1),
                        value == null ? null : value.apply(1));
    }

    /** A test of one element of two equally shaped tensors. */
    @FunctionalInterface
    interface ElementTest {
        boolean test(double x, double y);
    }

    /** {@code t} with {@code replacement} wherever {@code where} holds for the elements of {@code x} and {@code y}. */
    static Tensor replaceWhere(Tensor t, double replacement, Tensor x, Tensor y, ElementTest where) {
        double[] d = t.toArray();
        for (int i = 0; i < d.length; i++) {
            if (where.test(x.at(i), y.at(i))) {
                d[i] = replacement;
            }
        }
        return Tensor.wrap(t.shape(), d);
    }

    /** g with each element times the cotangent of its row, for a formula that reduces the last axis of g's shape. */
    static Tensor timesRowCotangent(Tensor g, Tensor c) {
        double[] d = g.toArray();
        int n = g.dim(-1);
        for (int i = 0; i < d.length; i++) {
            d[i] *= c.at(i / n);
        }
        return Tensor.wrap(g.shape(), d);
    }
}

package io.refcheck.catalog;

import io.refcheck.formulas.Matrices;
import io.refcheck.tensor.Tensor;
import java.util.List;

/**
 * Forward-error scales S for {@link Formula.Builder#roundingScale}: an engine rounding each
 * operation to unit roundoff u errs by at most u·S. For a dot product of length n the classical
 * bound is γₙ·Σ|a_i b_i| ≈ n·u·Σ|a_i b_i| (Higham, Accuracy and Stability, §3.1); an added bias
 * and the final rounding add two more.
 */
public final class RoundingScales {
    private RoundingScales() {
    }

    private static Tensor abs(Tensor t) {
        return t.map(Math::abs);
    }

    /** S of A·B: (k + 2)·|A||B| with inner dimension k. */
    public static Tensor product(Tensor a, Tensor b) {
        int k = a.dim(1);
        return Matrices.matmul(abs(a), abs(b)).map(x -> (k + 2) * x);
    }

    /** S of A·B + bias broadcast over rows (bias has one entry per column of the result). */
    public static Tensor affineRows(Tensor a, Tensor b, Tensor bias) {
        int k = a.dim(1);
        return Matrices.addRowVector(Matrices.matmul(abs(a), abs(b)), "bias", abs(bias)).map(x -> (k + 2) * x);
    }

    /** S of A·B + bias broadcast over columns (bias has one entry per row of the result). */
    public static Tensor affineColumns(Tensor a, Tensor b, Tensor bias) {
        int k = a.dim(1);
        return Matrices.addColumnVector(Matrices.matmul(abs(a), abs(b)), "bias", abs(bias)).map(x -> (k + 2) * x);
    }

    /**
     * S of a row-layout network A_l = f(A_(l−1) W_l + b_l): the same network on absolute values with
     * |f(z)| ≤ |z| + 1 (true of identity, sigmoid, tanh and relu, all 1-Lipschitz), times the total
     * number of terms accumulated along any path, Σ_l (n_(l−1) + 2).
     */
    public static Tensor network(Tensor x, List<Tensor> weights, List<Tensor> biases) {
        Tensor a = abs(x);
        int terms = 0;
        for (int l = 0; l < weights.size(); l++) {
            terms += weights.get(l).dim(0) + 2;
            a = Matrices.addRowVector(Matrices.matmul(a, abs(weights.get(l))), "b", abs(biases.get(l)));
            if (l + 1 < weights.size()) {
                a = a.map(v -> v + 1);
            }
        }
        int n = terms;
        return a.map(v -> n * v);
    }
}

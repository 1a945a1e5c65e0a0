package io.refcheck.catalog;

import io.refcheck.formulas.Activation;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;

/**
 * What the families' facts share: the unit roundoff their tolerances are counted in, and small helpers
 * over tensors and samples.
 */
final class Facts {
    private Facts() {
    }

    /** The unit roundoff of double precision, 2⁻⁵³. */
    static final double U = Dtype.FLOAT64.unitRoundoff();

    /** Column j of a matrix, as a matrix [rows, 1]. */
    static Tensor column(Tensor m, int j) {
        double[] c = new double[m.dim(0)];
        for (int i = 0; i < c.length; i++) {
            c[i] = m.get(i, j);
        }
        return Tensor.of(new int[] {c.length, 1}, c);
    }

    /** Whether every element is NaN (true for an empty tensor). */
    static boolean allNaN(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (!Double.isNaN(t.at(i))) {
                return false;
            }
        }
        return true;
    }

    /** The hidden activation of a sample, from its integer code "activation" ({@link Activation#code()}). */
    static Activation activation(Tensors in) {
        return Activation.fromCode("activation", in.get("activation"));
    }
}

package io.refcheck.catalog;

import io.refcheck.tensor.Tensor;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * What the exact forms of several families share: the exact elements of a tensor, sums and means
 * to working precision, rows of logits and per-row reductions, and the shape rules. Conventions:
 * a NaN element makes a reduction NaN, and an infinite element of a reduction's input is not
 * computed ({@link ArithmeticException}: the oracle measures accuracy, the bad-input checks
 * measure IEEE conventions).
 */
final class ExactReductions {
    private ExactReductions() {
    }

    /** The exact elements of a tensor; NaN gives null (the reduction is NaN), ±∞ raises. */
    static Real[] data(RealArithmetic a, Tensor t) {
        Real[] out = new Real[t.size()];
        for (int i = 0; i < out.length; i++) {
            double v = t.at(i);
            if (Double.isInfinite(v)) {
                throw new ArithmeticException("oracle: an infinite input element; reductions are measured on finite inputs only");
            }
            out[i] = Double.isNaN(v) ? null : a.of(v);
        }
        return out;
    }

    /** f of every element; null (NaN) stays null. */
    static Real[] map(Real[] x, UnaryOperator<Real> f) {
        Real[] out = new Real[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] == null ? null : f.apply(x[i]);
        }
        return out;
    }

    /** Σ x_i to working precision; null (NaN) if any term is. */
    static Real sum(RealArithmetic a, Real[] x) {
        Real s = a.zero();
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null) {
                return null;
            }
            // exact additions (no rounding, the expensive part), rounded every 64 terms so the digits
            // stay bounded: 10^6 terms cost 1.6·10^4 roundings of relative error 10^−64 each
            s = s.addExact(x[i]);
            if ((i & 63) == 63) {
                s = s.round();
            }
        }
        return s.round();
    }

    /** (1/N) Σ x_i; NaN over zero elements. */
    static ExactTensor mean(RealArithmetic a, Real[] x) {
        Real s = sum(a, x);
        if (s == null || x.length == 0) {
            return ExactTensor.special(Double.NaN);
        }
        return ExactTensor.scalar(s.div(a.of(x.length)));
    }

    /** The size of the last axis, which must exist and not be empty. */
    static int lastAxis(String name, Tensor z) {
        if (z.rank() < 1 || z.dim(-1) == 0) {
            throw new IllegalArgumentException(name + ": must have rank >= 1 and a non-empty last axis");
        }
        return z.dim(-1);
    }

    /** Class index c_i of row i: an integer in [0, classes). */
    static int label(Tensor labels, int i, int classes) {
        double c = labels.at(i);
        if (!(c >= 0 && c < classes && c == Math.rint(c))) {
            throw new IllegalArgumentException("labels: must be integers in [0, " + classes + "), got " + c);
        }
        return (int) c;
    }

    static void requireSameShape(String name, Tensor t, Tensor reference) {
        if (!t.sameShape(reference)) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(t.shape()) + " must equal the shape "
                    + Arrays.toString(reference.shape()));
        }
    }

    /** A per-row term of {@link #rowReduction}: the contribution of p_j (and q_j, null without q); null is +∞ for the row. */
    interface Term {
        Real apply(Real p, Real q);
    }

    /** Σ_j term(p_j, q_j) over the last axis, per row (q may be null); NaN where a row has NaN, +∞ where a term is null. */
    static ExactTensor rowReduction(RealArithmetic a, Tensor p, Tensor q, Term term) {
        int n = lastAxis("p", p);
        if (q != null && !q.sameShape(p)) {
            throw new IllegalArgumentException("q: shape " + Arrays.toString(q.shape()) + " must equal the shape of p "
                    + Arrays.toString(p.shape()));
        }
        int rows = p.size() / n;
        Real[] out = new Real[rows];
        double[] special = new double[rows];
        for (int r = 0; r < rows; r++) {
            Real sum = a.zero();
            boolean infinite = false;
            boolean nan = false;
            for (int j = 0; j < n; j++) {
                double pj = p.at(r * n + j);
                double qj = q == null ? 0 : q.at(r * n + j);
                if (Double.isNaN(pj) || Double.isNaN(qj)) {
                    nan = true;
                    break;
                }
                Real t = term.apply(a.of(pj), q == null ? null : a.of(qj));
                if (t == null) {
                    infinite = true;
                } else {
                    sum = sum.add(t);
                }
            }
            if (nan || infinite) {
                special[r] = nan ? Double.NaN : Double.POSITIVE_INFINITY;
            } else {
                out[r] = sum;
            }
        }
        return new ExactTensor(Arrays.copyOf(p.shape(), p.rank() - 1), out, special);
    }

    /** A row of logits as exact values (null for −∞), its maximum m and where it is. */
    static final class LogitRow {
        final Real[] values;
        Real max;
        int argmax = -1;
        /** The row has no finite maximum: NaN, +∞ or only −∞. */
        final boolean nan;
        final boolean anyNaN;
        final boolean positiveInfinity;
        private final RealArithmetic arithmetic;

        private LogitRow(RealArithmetic a, Tensor z, int offset, int n) {
            arithmetic = a;
            values = new Real[n];
            double max = Double.NEGATIVE_INFINITY;
            boolean sawNaN = false;
            boolean sawPositiveInfinity = false;
            for (int j = 0; j < n; j++) {
                double v = z.at(offset + j);
                sawNaN |= Double.isNaN(v);
                sawPositiveInfinity |= v == Double.POSITIVE_INFINITY;
                if (Double.isFinite(v)) {
                    values[j] = a.of(v);
                    if (argmax < 0 || v > max) {
                        max = v;
                        argmax = j;
                    }
                }
            }
            anyNaN = sawNaN;
            positiveInfinity = sawPositiveInfinity;
            nan = anyNaN || positiveInfinity || argmax < 0;
            if (!nan) {
                this.max = values[argmax];
            }
        }

        /** The n logits of z from {@code offset}. */
        static LogitRow of(RealArithmetic a, Tensor z, int offset, int n) {
            return new LogitRow(a, z, offset, n);
        }

        /** Σ_{j ≠ argmax} e^(z_j − m), so that Σ_j e^(z_j − m) = 1 + this. */
        Real restOfExpSum() {
            Real rest = arithmetic.zero();
            for (int j = 0; j < values.length; j++) {
                if (j != argmax && values[j] != null) {
                    rest = rest.add(values[j].subExact(max).exp());
                }
            }
            return rest;
        }
    }
}

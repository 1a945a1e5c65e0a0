package io.refcheck.formulas;

import io.refcheck.tensor.Tensor;

/**
 * Activation functions (FORMULAS §A) and their derivatives. Elementwise functions accept any
 * shape; softmax, log_softmax and logsumexp act along the last axis.
 */
public final class Activations {
    private Activations() {
    }

    /**
     * σ(z) = 1 / (1 + e^(−z)), written so that neither branch overflows:
     * for z ≥ 0 it is 1/(1 + e^(−z)); for z &lt; 0 it is e^z/(1 + e^z).
     * σ(NaN) = NaN, σ(+∞) = 1, σ(−∞) = 0 (as torch.sigmoid).
     */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /** σ'(z) = σ(z)(1 − σ(z)), at most 1/4 (at z = 0). Computed as σ(z)·σ(−z) to avoid 1 − σ cancelling. */
    public static double sigmoidDerivative(double z) {
        return sigmoid(z) * sigmoid(-z);
    }

    public static Tensor sigmoid(Tensor z) {
        return z.map(Activations::sigmoid);
    }

    /** tanh(z); tanh(±∞) = ±1, tanh(NaN) = NaN. */
    public static double tanh(double z) {
        return Math.tanh(z);
    }

    /**
     * tanh'(z) = 1 − tanh²(z) = sech²(z), computed as 4e^(−2|z|) / (1 + e^(−2|z|))², which neither
     * cancels (1 − tanh² loses every digit once tanh rounds to ±1, near |z| ≈ 19) nor overflows
     * (1/cosh² overflows cosh² for |z| &gt; 354.9 although sech² is still a positive subnormal
     * up to |z| ≈ 372.5). A few ulp accurate; tanh'(±∞) = 0, tanh'(NaN) = NaN.
     */
    public static double tanhDerivative(double z) {
        double e = Math.exp(-2 * Math.abs(z));
        double onePlusE = 1 + e;
        return 4 * e / (onePlusE * onePlusE);
    }

    public static Tensor tanh(Tensor z) {
        return z.map(Math::tanh);
    }

    /** relu(z) = max(0, z); relu(NaN) = NaN as torch.relu. */
    public static double relu(double z) {
        return z > 0 ? z : (Double.isNaN(z) ? z : 0.0);
    }

    /** relu'(z) = 1 if z &gt; 0 else 0; PyTorch's convention takes 0 at z = 0. */
    public static double reluDerivative(double z) {
        return z > 0 ? 1 : 0;
    }

    public static Tensor relu(Tensor z) {
        return z.map(Activations::relu);
    }

    /** sgn(z) ∈ {−1, 0, 1}; sgn(0) = 0, sgn(NaN) = NaN (as torch.sign). */
    public static double sign(double z) {
        return Math.signum(z);
    }

    public static Tensor sign(Tensor z) {
        return z.map(Math::signum);
    }

    /** step(z) = 1 if z ≥ 0 else 0 (the M-P threshold unit; torch.heaviside(z, 1)); step(NaN) = NaN. */
    public static double step(double z) {
        return Double.isNaN(z) ? z : (z >= 0 ? 1 : 0);
    }

    public static Tensor step(Tensor z) {
        return z.map(Activations::step);
    }

    /**
     * logsumexp(z) = m + log Σ_j e^(z_j − m) with m = max_j z_j, along the last axis; the result
     * drops that axis. Σ is compensated. If m = ±∞ the result is m (torch.logsumexp gives +∞ for a
     * row containing +∞ and −∞ for a row of −∞); NaN anywhere in a row gives NaN.
     */
    public static Tensor logsumexp(Tensor z) {
        Require.rankAtLeast("z", z, 1);
        int n = z.dim(-1);
        Require.that(n > 0, "z", "last axis must not be empty");
        int rows = z.size() / n;
        double[] d = z.toArray();
        double[] out = new double[rows];
        double[] e = new double[n];
        for (int r = 0; r < rows; r++) {
            out[r] = logsumexpRow(d, r * n, n, e);
        }
        int[] shape = z.shape();
        return Tensor.wrap(java.util.Arrays.copyOf(shape, shape.length - 1), out);
    }

    static double logsumexpRow(double[] d, int off, int n, double[] scratch) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            double v = d[off + j];
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            m = Math.max(m, v);
        }
        if (Double.isInfinite(m)) {
            return m;
        }
        return m + logSumShifted(d, off, n, m, scratch);
    }

    /**
     * log Σ_j e^(z_j − m) for a row whose maximum m is attained, written as
     * log1p(Σ_(j ≠ k) e^(z_j − m)) with k the first maximum (its own term is exactly 1): log of the
     * rounded sum 1 + 10⁻³⁰ would be 0, log1p keeps every digit. Each term is {@link #shiftedExp}.
     * Rows without a finite maximum (NaN, ±∞) take log of the plain sum, whose NaN or ∞ is the IEEE answer.
     */
    private static double logSumShifted(double[] d, int off, int n, double m, double[] e) {
        int k = -1;
        for (int j = 0; j < n; j++) {
            e[j] = shiftedExp(d[off + j], m);
            if (k < 0 && d[off + j] == m) {
                k = j;
            }
        }
        if (k < 0 || !Double.isFinite(m)) {
            return Math.log(Sums.sum(e, 0, n));
        }
        e[k] = 0;
        return Math.log1p(Sums.sum(e, 0, n));
    }

    /**
     * e^(z − m), accurate to about an ulp even where z − m rounds. With d = fl(z − m) and its exact
     * rounding error δ = (z − m) − d (Knuth's TwoSum), e^(z − m) = e^d·e^δ = e^d(1 + δ) to within
     * δ² ≤ u²d². Without the correction the absolute rounding error of z − m, up to u·|z − m|,
     * becomes a relative error of e^(z − m) of the same size: 57 ulps at z − m ≈ −69 measured
     * against the oracle engine ({@code check/Accuracy}).
     */
    static double shiftedExp(double z, double m) {
        double d = z - m;
        double e = Math.exp(d);
        if (!Double.isFinite(d) || e == 0) {
            return e;
        }
        double mPart = d - z;
        double delta = (z - (d - mPart)) + (-m - mPart);
        return e + e * delta;
    }

    /**
     * softmax(z)_i = e^(z_i − m) / Σ_j e^(z_j − m), m = max_j z_j, along the last axis (max-shifted
     * so e^(z − m) ≤ 1 never overflows). Rows are on the simplex; NaN in a row gives a NaN row, and
     * a row with +∞ gives NaN where torch.softmax does (∞ − ∞).
     */
    public static Tensor softmax(Tensor z) {
        Require.rankAtLeast("z", z, 1);
        int n = z.dim(-1);
        Require.that(n > 0, "z", "last axis must not be empty");
        int rows = z.size() / n;
        double[] d = z.toArray();
        double[] out = new double[d.length];
        for (int r = 0; r < rows; r++) {
            int off = r * n;
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                m = Math.max(m, d[off + j]);
            }
            for (int j = 0; j < n; j++) {
                out[off + j] = shiftedExp(d[off + j], m);
            }
            double s = Sums.sum(out, off, off + n);
            for (int j = 0; j < n; j++) {
                out[off + j] /= s;
            }
        }
        return Tensor.wrap(z.shape(), out);
    }

    /**
     * log_softmax(z)_i = z_i − logsumexp(z) along the last axis, computed as (z_i − m) − log Σ e^(z_j − m)
     * so that neither large logits overflow nor small probabilities underflow to log 0; the log of
     * the sum is {@link #logSumShifted}, so log_softmax of the maximum stays accurate when the
     * other terms are tiny (−6.5e-273, not 0, for a row whose runner-up is 627 below).
     */
    public static Tensor logSoftmax(Tensor z) {
        Require.rankAtLeast("z", z, 1);
        int n = z.dim(-1);
        Require.that(n > 0, "z", "last axis must not be empty");
        int rows = z.size() / n;
        double[] d = z.toArray();
        double[] out = new double[d.length];
        double[] e = new double[n];
        for (int r = 0; r < rows; r++) {
            int off = r * n;
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                m = Math.max(m, d[off + j]);
            }
            double logS = logSumShifted(d, off, n, m, e);
            for (int j = 0; j < n; j++) {
                out[off + j] = (d[off + j] - m) - logS;
            }
        }
        return Tensor.wrap(z.shape(), out);
    }

    /**
     * The softmax vector–Jacobian product: with J = diag(s) − s sᵀ per row, cᵀJ = s ⊙ (c − (c·s)).
     *
     * @param s softmax(z)
     * @param c the cotangent, same shape
     */
    public static Tensor softmaxVjp(Tensor s, Tensor c) {
        Require.sameShape("s", s, "c", c);
        int n = s.dim(-1);
        int rows = s.size() / n;
        double[] sd = s.toArray();
        double[] cd = c.toArray();
        double[] out = new double[sd.length];
        for (int r = 0; r < rows; r++) {
            int off = r * n;
            double cs = Sums.dot(cd, off, 1, sd, off, 1, n);
            for (int j = 0; j < n; j++) {
                out[off + j] = sd[off + j] * (cd[off + j] - cs);
            }
        }
        return Tensor.wrap(s.shape(), out);
    }

    /**
     * The logsumexp vector–Jacobian product: ∂ logsumexp(z)/∂z_j = softmax(z)_j, so the gradient
     * is c_row·softmax(z)_j, where c has the shape of logsumexp(z) (z without its last axis).
     */
    public static Tensor logsumexpVjp(Tensor z, Tensor c) {
        Tensor s = softmax(z);
        int[] shape = z.shape();
        int[] rowShape = java.util.Arrays.copyOf(shape, shape.length - 1);
        Require.that(java.util.Arrays.equals(c.shape(), rowShape), "c", "shape " + java.util.Arrays.toString(c.shape())
                + " must be the shape of logsumexp(z) " + java.util.Arrays.toString(rowShape));
        int n = z.dim(-1);
        double[] out = s.toArray();
        for (int i = 0; i < out.length; i++) {
            out[i] *= c.at(i / n);
        }
        return Tensor.wrap(shape, out);
    }

    /**
     * The log_softmax vector–Jacobian product: with J = I − 1 sᵀ per row, cᵀJ = c − s·Σ_j c_j.
     *
     * @param s softmax(z)
     * @param c the cotangent, same shape
     */
    public static Tensor logSoftmaxVjp(Tensor s, Tensor c) {
        Require.sameShape("s", s, "c", c);
        int n = s.dim(-1);
        int rows = s.size() / n;
        double[] sd = s.toArray();
        double[] cd = c.toArray();
        double[] out = new double[sd.length];
        for (int r = 0; r < rows; r++) {
            int off = r * n;
            double sum = Sums.sum(cd, off, off + n);
            for (int j = 0; j < n; j++) {
                out[off + j] = cd[off + j] - sd[off + j] * sum;
            }
        }
        return Tensor.wrap(s.shape(), out);
    }
}

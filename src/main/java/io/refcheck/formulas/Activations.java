package io.refcheck.formulas;

import io.refcheck.tensor.Tensor;
import java.util.Arrays;

/**
 * Activation functions (docs/catalog.md §A) and their derivatives. Elementwise functions accept any
 * shape; softmax, log_softmax and logsumexp act along the last axis.
 */
public final class Activations {
    /**
     * The array loops of the Tensor forms: scalar unless {@code -Drefcheck.vector=true}
     * ({@link ElementwiseKernels}); long tensors are split into contiguous blocks over
     * {@code refcheck.threads} threads ({@link RowBlocks}; elementwise, so the result is the same
     * bit for bit at any thread count).
     */
    private static final ElementwiseKernels KERNELS = ElementwiseKernels.selected();

    private Activations() {
    }

    /** Which elementwise kernels this JVM runs ("scalar", or "vector" and the species). */
    public static String kernels() {
        return KERNELS.name();
    }

    /**
     * σ(z) = 1 / (1 + e^(−z)), evaluated with e = e^(−|z|) ∈ [0, 1] so that nothing overflows:
     * σ(|z|) = 1/(1 + e) and σ(−|z|) = e/(1 + e). The denominator 1 + e is held exactly as a
     * double-double (Fast2Sum, since 1 ≥ e) and the quotient is corrected once by its residual
     * ({@link #quotient}), so the only errors left are the final rounding (½ ulp) and that of
     * {@link Math#exp}, damped by 1 − σ ≤ ½ for z ≥ 0: faithfully rounded (≤ 1 ulp) against the
     * oracle on the catalog samples and a 10⁵-point sweep ({@code check/Accuracy}).
     * σ(NaN) = NaN, σ(+∞) = 1, σ(−∞) = 0 (as torch.sigmoid). The numerator, 1 or e, is chosen by
     * arithmetic on the sign bit (exactly 1 or exactly e) rather than by a branch: on inputs of random
     * sign a branch is mispredicted half the time, which doubled the time per element.
     */
    public static double sigmoid(double z) {
        double e = Math.exp(-Math.abs(z));
        double d = 1 + e;
        double dLow = (1 - d) + e;
        double nonNegative = Math.copySign(0.5, z) + 0.5;     // 1 for z ≥ +0, 0 for z ≤ −0, without a branch
        return quotient(nonNegative + (1 - nonNegative) * e, d, dLow);
    }

    /**
     * n / (d + dLow) for a double-double denominator (|dLow| ≤ ulp(d)/2): a first quotient
     * q = n·(1/d), within about an ulp, plus one Newton correction q + r·(1/d) with the residual
     * r = n − q·d − q·dLow, whose n − q·d is exact (an FMA). The result is within about ½ ulp
     * (plus a few units of 2⁻¹⁰⁶) of n/(d + dLow), with one division instead of two.
     */
    private static double quotient(double n, double d, double dLow) {
        double inverse = 1 / d;
        double q = n * inverse;
        double r = Math.fma(-q, d, n) - q * dLow;
        return Math.fma(r, inverse, q);
    }

    /**
     * σ'(z) = σ(z)(1 − σ(z)) = e/(1 + e)² with e = e^(−|z|) (even in z, at most 1/4 at z = 0): no
     * 1 − σ cancels, and (1 + e)² is formed as a double-double (the square of the exact
     * double-double 1 + e, its low part from an FMA) before one corrected quotient, so only
     * Math.exp's error and the final rounding remain. σ'(±∞) = 0, σ'(NaN) = NaN.
     */
    public static double sigmoidDerivative(double z) {
        double e = Math.exp(-Math.abs(z));
        return overSquaredOnePlus(e, e);
    }

    /** n/(1 + e)² with the denominator as a double-double: (d + dLow)² = d² + (fma residual + 2·d·dLow). */
    private static double overSquaredOnePlus(double n, double e) {
        double d = 1 + e;
        double dLow = (1 - d) + e;
        double square = d * d;
        double squareLow = Math.fma(d, d, -square) + 2 * d * dLow;
        return quotient(n, square, squareLow);
    }

    /** σ(z) = 1 / (1 + e^(−z)) elementwise, as {@link #sigmoid(double)}; any shape. */
    public static Tensor sigmoid(Tensor z) {
        double[] d = z.toArray();
        RowBlocks.run(d.length, 32, (from, to) -> KERNELS.sigmoid(d, from, to));
        return Tensor.wrap(z.shape(), d);
    }

    /**
     * tanh(z), faithfully rounded against the oracle ({@code check/Accuracy}) in two ranges.
     * <ul>
     *   <li>|z| ≤ {@value CephesTanh#SPLIT} (Cephes' range, its end included): tanh(z) = z + z·w·P(w)/Q(w) with w = z², Moshier's
     *       Cephes rational approximation (tanh.c; coefficients in {@link CephesTanh}; relative
     *       error 2.5·10⁻¹⁷ on this range). The correction term is at most a tenth of z, so its
     *       own rounding errors reach the result scaled by 0.1 and the final addition's ½ ulp
     *       dominates. ({@link Math#tanh}, fdlibm's expm1 form, errs by 2 ulps here.)</li>
     *   <li>|z| &gt; {@value CephesTanh#SPLIT}: ±(1 − 2e/(1 + e)) with e = e^(−2|z|) (2|z| is exact): the
     *       quotient q = 2e/(1 + e) &lt; ½ is {@link #quotient}-corrected and 1 − q rounded once,
     *       so Math.exp's error reaches the result scaled by 2e/(1 + e)² ≤ 0.35.</li>
     * </ul>
     * tanh(±∞) = ±1, tanh(±0) = ±0, tanh(NaN) = NaN.
     */
    public static double tanh(double z) {
        double a = Math.abs(z);
        if (a <= CephesTanh.SPLIT) {
            double w = a * a;
            double p = (CephesTanh.P0 * w + CephesTanh.P1) * w + CephesTanh.P2;
            double q = ((w + CephesTanh.Q0) * w + CephesTanh.Q1) * w + CephesTanh.Q2;
            return Math.copySign(a + a * (w * p / q), z);   // odd, and tanh(−0) = −0
        }
        double e = Math.exp(-2 * a);
        double d = 1 + e;
        double q = quotient(2 * e, d, (1 - d) + e);
        return Math.copySign(1 - q, z);
    }

    /**
     * tanh'(z) = 1 − tanh²(z) = sech²(z) = 4e/(1 + e)² with e = e^(−2|z|), which neither cancels
     * (1 − tanh² loses every digit once tanh rounds to ±1, near |z| ≈ 19) nor overflows (1/cosh²
     * overflows cosh² for |z| &gt; 354.9 although sech² is still a positive subnormal up to
     * |z| ≈ 372.5); the denominator is a double-double as in {@link #sigmoidDerivative} (indeed
     * tanh'(z) = 4σ'(2z)). tanh'(±∞) = 0, tanh'(NaN) = NaN.
     */
    public static double tanhDerivative(double z) {
        double e = Math.exp(-2 * Math.abs(z));
        if (e < 0x1p-1000) {
            return fourTimesTinyExp(-2 * Math.abs(z));
        }
        return overSquaredOnePlus(4 * e, e);
    }

    /**
     * 4e^x for x &lt; −693, where (1 + e^x)² is 1 to 2⁻¹⁰⁰⁰ and 4e^x is at most a few hundred
     * subnormal ulps above the normal range: 4·e^x would quadruple the rounding error e^x already
     * carries on the subnormal grid (2 ulps measured), so the 4 goes into the exponent instead,
     * e^(x + ln 4), with x + ln 4 as a double-double (TwoSum of x and ln 4's high part, plus its low
     * part) and e^(hi + lo) = e^hi(1 + lo) to within lo² ≈ 10⁻²⁷.
     */
    private static double fourTimesTinyExp(double x) {
        double hi = x + LN4_HIGH;
        double ln4Part = hi - x;
        double lo = (x - (hi - ln4Part)) + (LN4_HIGH - ln4Part) + LN4_LOW;
        double e = Math.exp(hi);
        return e == 0 ? 0 : Math.fma(e, lo, e);   // e = 0 also for x = −∞, where lo is NaN
    }

    private static final double LN4_HIGH = 1.3862943611198906;     // fl(ln 4)
    private static final double LN4_LOW = 4.638093627692599e-17;   // fl(ln 4 − fl(ln 4)), 50-digit decimal

    /** tanh(z) elementwise, as {@link #tanh(double)}; any shape. */
    public static Tensor tanh(Tensor z) {
        double[] d = z.toArray();
        RowBlocks.run(d.length, 32, (from, to) -> KERNELS.tanh(d, from, to));
        return Tensor.wrap(z.shape(), d);
    }

    /** relu(z) = max(0, z); relu(NaN) = NaN as torch.relu, relu(−0) = +0. */
    public static double relu(double z) {
        return Math.max(z, 0.0);
    }

    /** relu'(z) = 1 if z &gt; 0 else 0; PyTorch's convention takes 0 at z = 0. */
    public static double reluDerivative(double z) {
        return z > 0 ? 1 : 0;
    }

    /** relu(z) = max(0, z) elementwise, as {@link #relu(double)}; any shape. */
    public static Tensor relu(Tensor z) {
        double[] d = z.toArray();
        RowBlocks.run(d.length, 4, (from, to) -> KERNELS.relu(d, from, to));
        return Tensor.wrap(z.shape(), d);
    }

    /** sgn(z) ∈ {−1, 0, 1}; sgn(0) = 0, sgn(NaN) = NaN (as torch.sign). */
    public static double sign(double z) {
        return Math.signum(z);
    }

    /** sgn(z) elementwise, as {@link #sign(double)}; any shape. */
    public static Tensor sign(Tensor z) {
        return z.map(Math::signum);
    }

    /** step(z) = 1 if z ≥ 0 else 0 (the M-P threshold unit; torch.heaviside(z, 1)); step(NaN) = NaN. */
    public static double step(double z) {
        return Double.isNaN(z) ? z : (z >= 0 ? 1 : 0);
    }

    /** step(z) elementwise, as {@link #step(double)}; any shape. */
    public static Tensor step(Tensor z) {
        return z.map(Activations::step);
    }

    /**
     * logsumexp(z) = m + log Σ_j e^(z_j − m) with m = max_j z_j, along the last axis; the result
     * drops that axis. Σ is compensated. If m = ±∞ the result is m (torch.logsumexp gives +∞ for a
     * row containing +∞ and −∞ for a row of −∞); NaN anywhere in a row gives NaN.
     *
     * @throws IllegalArgumentException if z has rank 0 or its last axis is empty
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
        return Tensor.wrap(Arrays.copyOf(shape, shape.length - 1), out);
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
     * log Σ_j e^(z_j − m) for the row z[off, off + n) whose maximum m is attained, written as
     * log1p(Σ_(j ≠ k) e^(z_j − m)) with k the first maximum (its own term is exactly 1): log of the
     * rounded sum 1 + 10⁻³⁰ would be 0, log1p keeps every digit. The terms and their compensated
     * sum are {@link ShiftedExp#row}, the one row kernel of softmax, log_softmax, logsumexp and
     * softmax cross-entropy. A row without a finite maximum (NaN, ±∞) gives NaN: e^(z − m) is NaN
     * for the maximum's own term (∞ − ∞) or for every term.
     *
     * @param e scratch of at least n elements; left holding e^(z_j − m) where m is finite
     */
    static double logSumShifted(double[] d, int off, int n, double m, double[] e) {
        if (!Double.isFinite(m)) {
            return Double.NaN;
        }
        int k = 0;
        while (d[off + k] != m) {
            k++;
        }
        return Math.log1p(ShiftedExp.row(d, off, n, m, k, e));
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
        if (!Double.isFinite(e) || e == 0) {   // NaN, overflow (e + e·δ would be ∞ + NaN) or underflow: IEEE as it is
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
     *
     * @throws IllegalArgumentException if z has rank 0 or its last axis is empty
     */
    public static Tensor softmax(Tensor z) {
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
            if (!Double.isFinite(m)) {
                // a maximum of ±∞ or NaN: e^(z_j − m) is NaN for the maximum's own term (∞ − ∞) or for every term
                Arrays.fill(out, off, off + n, Double.NaN);
                continue;
            }
            double s = ShiftedExp.row(d, off, n, m, -1, e);
            for (int j = 0; j < n; j++) {
                out[off + j] = e[j] / s;
            }
        }
        return Tensor.wrap(z.shape(), out);
    }

    /**
     * log_softmax(z)_i = z_i − logsumexp(z) along the last axis, computed as (z_i − m) − log Σ e^(z_j − m)
     * so that neither large logits overflow nor small probabilities underflow to log 0; the log of
     * the sum is {@link #logSumShifted}, so log_softmax of the maximum stays accurate when the
     * other terms are tiny (−6.5e-273, not 0, for a row whose runner-up is 627 below).
     *
     * @throws IllegalArgumentException if z has rank 0 or its last axis is empty
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
     * @throws IllegalArgumentException if c's shape differs from s's, or s has rank 0 or an empty last axis (as softmax(z)
     *         rejects)
     */
    public static Tensor softmaxVjp(Tensor s, Tensor c) {
        Require.sameShape("s", s, "c", c);
        Require.rankAtLeast("s", s, 1);
        int n = s.dim(-1);
        Require.that(n > 0, "s", "last axis must not be empty");
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
     *
     * @throws IllegalArgumentException if z has rank 0 or its last axis is empty, or c's shape is not the shape of
     *         logsumexp(z) (z without its last axis)
     */
    public static Tensor logsumexpVjp(Tensor z, Tensor c) {
        Tensor s = softmax(z);
        int[] shape = z.shape();
        int[] rowShape = Arrays.copyOf(shape, shape.length - 1);
        Require.that(Arrays.equals(c.shape(), rowShape), "c", "shape " + Arrays.toString(c.shape())
                + " must be the shape of logsumexp(z) " + Arrays.toString(rowShape));
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
     * @throws IllegalArgumentException if c's shape differs from s's, or s has rank 0 or an empty last axis (as softmax(z)
     *         rejects)
     */
    public static Tensor logSoftmaxVjp(Tensor s, Tensor c) {
        Require.sameShape("s", s, "c", c);
        Require.rankAtLeast("s", s, 1);
        int n = s.dim(-1);
        Require.that(n > 0, "s", "last axis must not be empty");
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

package io.refcheck.catalog;

import io.refcheck.catalog.ExactReductions.LogitRow;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Exact forms of docs/catalog.md §A (see {@link ExactForm}): the activations as the catalog
 * defines them, on the exact values of the inputs, for the oracle to round once. Where the
 * definition would cancel at any fixed precision (e^(2z) − 1 near 0, log of a sum within rounding
 * of 1) the form says so and takes expm1 or log1p.
 */
final class ActivationExact {
    private ActivationExact() {
    }

    /** The output cotangent of the elementwise activations, and their input. */
    private static final String OUTPUT = "a";
    private static final String INPUT = "z";

    /** σ(z) = 1/(1 + e^(−z)); σ(±∞) = 1, 0. */
    static Map<String, ExactTensor> sigmoid(RealArithmetic a, Tensors in) {
        return Map.of(OUTPUT, ExactTensor.elementwise(a, in.get(INPUT), x -> sigmoidValue(a, x),
                z -> Double.isNaN(z) ? z : (z > 0 ? 1 : 0)));
    }

    /** tanh(z) = (e^(2z) − 1)/(e^(2z) + 1); tanh(±∞) = ±1. */
    static Map<String, ExactTensor> tanh(RealArithmetic a, Tensors in) {
        return Map.of(OUTPUT, ExactTensor.elementwise(a, in.get(INPUT), x -> tanhValue(a, x), z -> Double.isNaN(z) ? z : Math.signum(z)));
    }

    /** relu(z) = max(0, z). */
    static Map<String, ExactTensor> relu(RealArithmetic a, Tensors in) {
        return Map.of(OUTPUT, ExactTensor.elementwise(a, in.get(INPUT), z -> z.signum() > 0 ? z : a.zero(),
                z -> Double.isNaN(z) || z > 0 ? z : 0));
    }

    /** sgn(z) ∈ {−1, 0, 1}; NaN stays NaN. */
    static Map<String, ExactTensor> sign(RealArithmetic a, Tensors in) {
        return Map.of(OUTPUT, ExactTensor.elementwise(a, in.get(INPUT), z -> a.of(z.signum()), Math::signum));
    }

    /** step(z) = 1 where z ≥ 0, else 0. */
    static Map<String, ExactTensor> step(RealArithmetic a, Tensors in) {
        return Map.of(OUTPUT, ExactTensor.elementwise(a, in.get(INPUT), z -> z.signum() >= 0 ? a.one() : a.zero(),
                z -> Double.isNaN(z) ? z : (z > 0 ? 1 : 0)));
    }

    /** softmax_i = e^(z_i − m)/Σ_j e^(z_j − m) along the last axis (see {@link #softmax(RealArithmetic, Tensor, boolean)}). */
    static Map<String, ExactTensor> softmax(RealArithmetic a, Tensors in) {
        return Map.of("s", softmax(a, in.get(INPUT), false));
    }

    /** log_softmax_i = (z_i − m) − log Σ_j e^(z_j − m) along the last axis. */
    static Map<String, ExactTensor> logSoftmax(RealArithmetic a, Tensors in) {
        return Map.of("log_s", softmax(a, in.get(INPUT), true));
    }

    /**
     * logsumexp = m + log(1 + Σ_{j ≠ argmax} e^(z_j − m)) per row; conventions as softmax, and +∞
     * for a row with +∞.
     */
    static Map<String, ExactTensor> logsumexp(RealArithmetic a, Tensors in) {
        Tensor z = in.get(INPUT);
        int n = ExactReductions.lastAxis(INPUT, z);
        int rows = z.size() / n;
        Real[] out = new Real[rows];
        double[] special = new double[rows];
        for (int r = 0; r < rows; r++) {
            LogitRow row = LogitRow.of(a, z, r * n, n);
            if (row.nan) {
                special[r] = row.anyNaN ? Double.NaN : row.positiveInfinity ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                continue;
            }
            out[r] = row.max.add(row.restOfExpSum().log1p());
        }
        return Map.of("lse", new ExactTensor(Arrays.copyOf(z.shape(), z.rank() - 1), out, special));
    }

    /** c·σ'(z), σ'(z) = σ(z)σ(−z): the vector–Jacobian product of sigmoid. */
    static Map<String, ExactTensor> sigmoidVjp(RealArithmetic a, Tensors in, Tensors cotangents) {
        return elementwiseVjp(a, in, cotangents, x -> sigmoidDerivative(a, x));
    }

    /** c·tanh'(z), tanh'(z) = 1 − tanh²(z): the vector–Jacobian product of tanh. */
    static Map<String, ExactTensor> tanhVjp(RealArithmetic a, Tensors in, Tensors cotangents) {
        return elementwiseVjp(a, in, cotangents, x -> tanhDerivative(a, x));
    }

    // ================================================================ scalar functions

    /** σ(x) = 1/(1 + e^(−x)), written as e^x/(1 + e^x) for x &lt; 0 only so that exp never grows. */
    private static Real sigmoidValue(RealArithmetic a, Real x) {
        if (x.signum() >= 0) {
            return a.one().div(a.one().add(x.neg().exp()));
        }
        Real e = x.exp();
        return e.div(a.one().add(e));
    }

    /** σ'(x) = σ(x)σ(−x) = e^(−|x|)/(1 + e^(−|x|))². */
    private static Real sigmoidDerivative(RealArithmetic a, Real x) {
        Real e = x.abs().neg().exp();
        Real d = a.one().add(e);
        return e.div(d.mul(d));
    }

    /** tanh(x) = (e^(2x) − 1)/(e^(2x) + 1), through expm1 for |x| &lt; 1/2 where e^(2x) − 1 would cancel. */
    private static Real tanhValue(RealArithmetic a, Real x) {
        Real two = a.of(2L);
        if (x.abs().compareTo(a.of(0.5)) < 0) {
            Real e = x.mulExact(two).expm1();
            return e.div(e.add(two));
        }
        Real t = x.abs().mulExact(two).neg().exp();
        Real magnitude = a.one().sub(t).div(a.one().add(t));
        return x.signum() < 0 ? magnitude.neg() : magnitude;
    }

    /** tanh'(x) = sech²(x) = 4e^(−2|x|)/(1 + e^(−2|x|))². */
    private static Real tanhDerivative(RealArithmetic a, Real x) {
        Real t = x.abs().mulExact(a.of(2L)).neg().exp();
        Real d = a.one().add(t);
        return a.of(4L).mulExact(t).div(d.mul(d));
    }

    /**
     * c·f'(z) elementwise, f' exact: NaN where z is NaN or c is not finite, c·0 where z is ±∞
     * (both derivatives vanish there).
     */
    private static Map<String, ExactTensor> elementwiseVjp(RealArithmetic a, Tensors in, Tensors cotangents,
                                                           UnaryOperator<Real> derivative) {
        Tensor z = in.get(INPUT);
        Tensor c = cotangents.get(OUTPUT);
        if (!z.sameShape(c)) {
            throw new IllegalArgumentException(OUTPUT + ": cotangent shape " + Arrays.toString(c.shape())
                    + " must equal the shape of z " + Arrays.toString(z.shape()));
        }
        Real[] v = new Real[z.size()];
        double[] special = new double[z.size()];
        for (int i = 0; i < v.length; i++) {
            double zi = z.at(i);
            double ci = c.at(i);
            if (Double.isNaN(zi) || !Double.isFinite(ci)) {
                special[i] = Double.NaN;
            } else if (Double.isInfinite(zi)) {
                special[i] = ci * 0.0;
            } else {
                v[i] = a.of(ci).mul(derivative.apply(a.of(zi)));
            }
        }
        return Map.of(INPUT, new ExactTensor(z.shape(), v, special));
    }

    // ================================================================ along the last axis

    /**
     * softmax_i = e^(z_i − m)/Σ_j e^(z_j − m) and log_softmax_i = (z_i − m) − log Σ_j e^(z_j − m), with
     * m the row's maximum and the log of the sum taken as log1p of the sum without the maximum's 1.
     * Conventions: −∞ entries have probability 0 (log −∞) beside a finite maximum; a row with NaN or
     * +∞, or of only −∞, is NaN.
     */
    private static ExactTensor softmax(RealArithmetic a, Tensor z, boolean log) {
        int n = ExactReductions.lastAxis(INPUT, z);
        int rows = z.size() / n;
        Real[] out = new Real[z.size()];
        double[] special = new double[z.size()];
        for (int r = 0; r < rows; r++) {
            LogitRow row = LogitRow.of(a, z, r * n, n);
            if (row.nan) {
                Arrays.fill(special, r * n, r * n + n, Double.NaN);
                continue;
            }
            Real[] e = new Real[n];
            for (int j = 0; j < n; j++) {
                e[j] = row.values[j] == null ? a.zero() : row.values[j].subExact(row.max).exp();
            }
            Real rest = a.zero();
            for (int j = 0; j < n; j++) {
                if (j != row.argmax) {
                    rest = rest.add(e[j]);
                }
            }
            Real logSum = rest.log1p();
            Real sum = a.one().add(rest);
            for (int j = 0; j < n; j++) {
                int at = r * n + j;
                if (row.values[j] == null) {
                    special[at] = log ? Double.NEGATIVE_INFINITY : 0;
                } else {
                    out[at] = log ? row.values[j].subExact(row.max).sub(logSum) : e[j].div(sum);
                }
            }
        }
        return new ExactTensor(z.shape(), out, special);
    }
}

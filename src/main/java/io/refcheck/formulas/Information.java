package io.refcheck.formulas;

import io.refcheck.tensor.Tensor;
import java.util.Arrays;

/**
 * Information theory (docs/catalog.md §D): self-information, entropy, cross-entropy and KL divergence of
 * discrete distributions. Distributions are rows along the last axis (a tensor of rank ≥ 1 whose
 * rows lie on the probability simplex); reductions drop that axis, so a batch [N, n] gives [N].
 *
 * <p>Conventions, as in information theory and PyTorch ({@code torch.special.entr},
 * {@code torch.special.xlogy}, {@code F.kl_div}): 0·log 0 = 0, so an outcome of probability
 * p_i = 0 contributes nothing whatever q_i is; p_i &gt; 0 = q_i contributes +∞. Probabilities are
 * validated as {@code torch.distributions} does with {@code validate_args}: NaN, ±∞, negative
 * entries, entries above 1 and rows that do not sum to 1 (within {@link Require#SIMPLEX_TOLERANCE})
 * raise IllegalArgumentException naming the argument. Every reduction is compensated ({@link Sums}).
 */
public final class Information {
    private Information() {
    }

    /**
     * Self-information I(p) = −log p, elementwise (any shape): the surprise, in nats, of an event
     * of probability p. I(1) = 0, I(0) = +∞ (as {@code -torch.log(0)}).
     *
     * @param p probabilities in [0, 1]
     * @throws IllegalArgumentException if an element of p is not a probability in [0, 1], NaN included
     */
    public static Tensor selfInformation(Tensor p) {
        Require.probabilities("p", p);
        return p.map(v -> 0.0 - Math.log(v));
    }

    /**
     * The vector–Jacobian product of I: ∂I/∂p = −1/p, so the gradient is −c/p (−∞·c at p = 0).
     *
     * @throws IllegalArgumentException if an element of p is not a probability in [0, 1] (NaN included), or c's shape
     *         differs from p's
     */
    public static Tensor selfInformationVjp(Tensor p, Tensor c) {
        Require.probabilities("p", p);
        Require.sameShape("p", p, "c", c);
        return c.zip(p, (ci, pi) -> -ci / pi);
    }

    /**
     * Entropy H(P) = −Σ_i p_i log p_i along the last axis, with 0·log 0 = 0. Every term is ≥ 0, so
     * the compensated sum has relative error of a few ulp; 0 ≤ H(P) ≤ log n.
     *
     * @param p rows on the probability simplex, rank ≥ 1, last axis not empty
     * @throws IllegalArgumentException if p has rank 0, its last axis is empty, or a row of p is not on the probability
     *         simplex (an element outside [0, 1], NaN included, or a sum off 1)
     */
    public static Tensor entropy(Tensor p) {
        requireDistributions("p", p);
        int n = p.dim(-1);
        double[] pd = p.toArray();
        double[] out = new double[pd.length / n];
        double[] terms = new double[n];
        for (int r = 0; r < out.length; r++) {
            for (int j = 0; j < n; j++) {
                double pi = pd[r * n + j];
                terms[j] = pi == 0 ? 0 : -pi * Math.log(pi);
            }
            out[r] = Sums.sum(terms);
        }
        return Tensor.wrap(rowShape(p), out);
    }

    /**
     * The vector–Jacobian product of H on the unconstrained p (every p_i a free variable):
     * ∂H/∂p_i = −(log p_i + 1), so the gradient is −c_row·(log p_i + 1); +∞·c at p_i = 0.
     *
     * @param c the cotangent, one value per row (the shape of H)
     * @throws IllegalArgumentException if p has rank 0, its last axis is empty, or a row of p is not on the probability
     *         simplex (an element outside [0, 1], NaN included, or a sum off 1), or c's shape is not the row shape of p
     *         (p without its last axis)
     */
    public static Tensor entropyVjp(Tensor p, Tensor c) {
        requireDistributions("p", p);
        requireRowCotangent(p, c);
        int n = p.dim(-1);
        double[] pd = p.toArray();
        double[] out = new double[pd.length];
        for (int i = 0; i < pd.length; i++) {
            out[i] = -c.at(i / n) * (Math.log(pd[i]) + 1);
        }
        return Tensor.wrap(p.shape(), out);
    }

    /**
     * Cross-entropy H(P, Q) = −Σ_i p_i log q_i along the last axis. A term with p_i = 0 is 0 (even
     * where q_i = 0); p_i &gt; 0 = q_i gives +∞. Every term is ≥ 0 (q_i ≤ 1), so the compensated sum
     * has relative error of a few ulp.
     *
     * @param p rows on the probability simplex, rank ≥ 1, last axis not empty
     * @param q rows on the probability simplex, the shape of p
     * @throws IllegalArgumentException if p or q has rank 0, an empty last axis, or a row off the probability simplex
     *         (an element outside [0, 1], NaN included, or a sum off 1), or q's shape differs from p's
     */
    public static Tensor crossEntropy(Tensor p, Tensor q) {
        requirePair(p, q);
        int n = p.dim(-1);
        double[] pd = p.toArray();
        double[] qd = q.toArray();
        double[] out = new double[pd.length / n];
        double[] terms = new double[n];
        for (int r = 0; r < out.length; r++) {
            for (int j = 0; j < n; j++) {
                double pi = pd[r * n + j];
                terms[j] = pi == 0 ? 0 : -pi * Math.log(qd[r * n + j]);
            }
            out[r] = Sums.sum(terms);
        }
        return Tensor.wrap(rowShape(p), out);
    }

    /**
     * ∂H(P,Q)/∂p_i = −log q_i: the gradient w.r.t. p is −c_row·log q_i (+∞·c where q_i = 0).
     *
     * @throws IllegalArgumentException if p or q has rank 0, an empty last axis, or a row off the probability simplex
     *         (an element outside [0, 1], NaN included, or a sum off 1), or q's shape differs from p's, or c's shape is
     *         not the row shape of p (p without its last axis)
     */
    public static Tensor crossEntropyVjpP(Tensor p, Tensor q, Tensor c) {
        requirePair(p, q);
        requireRowCotangent(p, c);
        int n = p.dim(-1);
        double[] qd = q.toArray();
        double[] out = new double[qd.length];
        for (int i = 0; i < qd.length; i++) {
            out[i] = -c.at(i / n) * Math.log(qd[i]);
        }
        return Tensor.wrap(p.shape(), out);
    }

    /**
     * ∂H(P,Q)/∂q_i = −p_i/q_i: the gradient w.r.t. q is −c_row·p_i/q_i, 0 where p_i = 0 (the term is identically 0).
     *
     * @throws IllegalArgumentException if p or q has rank 0, an empty last axis, or a row off the probability simplex
     *         (an element outside [0, 1], NaN included, or a sum off 1), or q's shape differs from p's, or c's shape is
     *         not the row shape of p (p without its last axis)
     */
    public static Tensor crossEntropyVjpQ(Tensor p, Tensor q, Tensor c) {
        requirePair(p, q);
        requireRowCotangent(p, c);
        return ratioGradient(p, q, c);
    }

    /**
     * KL divergence D(P‖Q) = Σ_i p_i (log p_i − log q_i) along the last axis; a term is 0 where
     * p_i = 0 and +∞ where p_i &gt; 0 = q_i.
     *
     * <p><b>Keeping the digits.</b> For nearly equal P and Q the terms p_i log(p_i/q_i) are of
     * first order in p − q with both signs, while D is of second order (D ≈ ½ Σ (p_i − q_i)²/q_i):
     * the relative condition number of the plain sum, Σ_i |p_i log(p_i/q_i)| / D, is about
     * 2/‖P − Q‖₁, so at ‖P − Q‖₁ ≈ 10⁻⁹ a naive sum keeps about 7 digits and at 10⁻¹⁶ none.
     * Here every outcome with p_i/q_i ∈ [3/4, 5/4] (that is, |d_i| ≤ 1/4 for
     * d_i = (p_i − q_i)/q_i; at the ends the series is the more accurate) is rewritten as
     * <pre>  p_i log(p_i/q_i) = q_i φ(d_i) + (p_i − q_i),   φ(d) = (1 + d) log(1 + d) − d ≥ 0,</pre>
     * with φ summed from its series Σ_{k≥2} (−d)^k / (k(k−1)) (no cancellation) and p_i − q_i exact
     * (Sterbenz: q_i/2 ≤ p_i ≤ 2q_i). The other outcomes contribute p_i·log(p_i/q_i), or
     * p_i·(log p_i − log q_i) where p_i/q_i leaves the normal range; such a term is within a factor
     * 10 of its own non-negative part q_i φ(d_i), and q_i φ(d_i) ≥ 0.11·|p_i − q_i| there. Since
     * D = Σ q_i φ(d_i) + Σ (p_i − q_i) over the outcomes with p_i &gt; 0, the compensated sum cancels
     * only the exact differences p_i − q_i: its error is a few tens of ulp of D plus a few ulp of
     * |Σ p_i − Σ q_i|, the rounding already present in rows that sum to 1 only to the last bit.
     * D(P‖P) is exactly 0.
     *
     * <p>The function itself is ill-conditioned near P = Q: relative input perturbations of size ε
     * change D by up to about 2ε in absolute terms (κ_rel ≈ Σ_i p_i(|log(p_i/q_i) + 1| + 1)/D), so
     * engines that differ in the last bit of their inputs legitimately differ by ~u, not by ~u·D.
     *
     * @param p rows on the probability simplex, rank ≥ 1, last axis not empty
     * @param q rows on the probability simplex, the shape of p
     * @throws IllegalArgumentException if p or q has rank 0, an empty last axis, or a row off the probability simplex
     *         (an element outside [0, 1], NaN included, or a sum off 1), or q's shape differs from p's
     */
    public static Tensor klDivergence(Tensor p, Tensor q) {
        requirePair(p, q);
        int n = p.dim(-1);
        double[] pd = p.toArray();
        double[] qd = q.toArray();
        double[] out = new double[pd.length / n];
        double[] parts = new double[2 * n];
        for (int r = 0; r < out.length; r++) {
            int k = 0;
            for (int j = 0; j < n; j++) {
                double pi = pd[r * n + j];
                double qi = qd[r * n + j];
                if (pi == 0) {
                    continue;
                }
                double d = (pi - qi) / qi;
                if (Math.abs(d) <= NEAR) {
                    parts[k++] = qi * phi(d);
                    parts[k++] = pi - qi;
                } else {
                    parts[k++] = pi * logRatio(pi, qi);
                }
            }
            out[r] = Sums.sum(parts, 0, k);
        }
        return Tensor.wrap(rowShape(p), out);
    }

    /**
     * ∂D/∂p_i = log(p_i/q_i) + 1: the gradient w.r.t. p is c_row·(log(p_i/q_i) + 1); where p_i = 0
     * this is the one-sided −∞ of p log p (NaN where also q_i = 0).
     *
     * @throws IllegalArgumentException if p or q has rank 0, an empty last axis, or a row off the probability simplex
     *         (an element outside [0, 1], NaN included, or a sum off 1), or q's shape differs from p's, or c's shape is
     *         not the row shape of p (p without its last axis)
     */
    public static Tensor klDivergenceVjpP(Tensor p, Tensor q, Tensor c) {
        requirePair(p, q);
        requireRowCotangent(p, c);
        int n = p.dim(-1);
        double[] pd = p.toArray();
        double[] qd = q.toArray();
        double[] out = new double[pd.length];
        for (int i = 0; i < pd.length; i++) {
            double d = (pd[i] - qd[i]) / qd[i];
            double logRatio = Math.abs(d) < NEAR ? Math.log1p(d) : logRatio(pd[i], qd[i]);
            out[i] = c.at(i / n) * (logRatio + 1);
        }
        return Tensor.wrap(p.shape(), out);
    }

    /**
     * ∂D/∂q_i = −p_i/q_i: the gradient w.r.t. q is −c_row·p_i/q_i, 0 where p_i = 0.
     *
     * @throws IllegalArgumentException if p or q has rank 0, an empty last axis, or a row off the probability simplex
     *         (an element outside [0, 1], NaN included, or a sum off 1), or q's shape differs from p's, or c's shape is
     *         not the row shape of p (p without its last axis)
     */
    public static Tensor klDivergenceVjpQ(Tensor p, Tensor q, Tensor c) {
        requirePair(p, q);
        requireRowCotangent(p, c);
        return ratioGradient(p, q, c);
    }

    /** |d| below which p log(p/q) is rewritten through φ(d); φ's series then converges like 4^(−k). */
    private static final double NEAR = 0.25;

    /** Terms k = 2..SERIES_END of φ's series; the first omitted one is below 10⁻¹⁸·φ(d) for |d| &lt; 1/4. */
    private static final int SERIES_END = 30;

    /**
     * φ(d) = (1 + d) log(1 + d) − d = Σ_{k≥2} (−d)^k / (k(k−1)) for |d| &lt; 1/4, by Horner's rule
     * from the smallest term up: d²/2 − d³/6 + d⁴/12 − …, relative error a few ulp.
     */
    static double phi(double d) {
        double s = 0;
        for (int k = SERIES_END; k >= 2; k--) {
            s = s * -d + 1.0 / ((double) k * (k - 1));
        }
        return d * d * s;
    }

    /** log(p/q) for p &gt; 0: through the ratio while it is a normal double, else as log p − log q (+∞ if q = 0). */
    private static double logRatio(double p, double q) {
        double r = p / q;
        if (r >= Double.MIN_NORMAL && r <= Double.MAX_VALUE) {
            return Math.log(r);
        }
        return Math.log(p) - Math.log(q);
    }

    private static Tensor ratioGradient(Tensor p, Tensor q, Tensor c) {
        int n = p.dim(-1);
        double[] pd = p.toArray();
        double[] qd = q.toArray();
        double[] out = new double[pd.length];
        for (int i = 0; i < pd.length; i++) {
            out[i] = pd[i] == 0 ? 0 : -c.at(i / n) * pd[i] / qd[i];
        }
        return Tensor.wrap(p.shape(), out);
    }

    /** Rank ≥ 1, a non-empty last axis, rows on the simplex. */
    private static void requireDistributions(String name, Tensor t) {
        Require.rankAtLeast(name, t, 1);
        Require.that(t.dim(-1) > 0, name, "last axis must not be empty (a distribution needs at least one outcome), shape "
                + Arrays.toString(t.shape()));
        Require.simplexRows(name, t);
    }

    private static void requirePair(Tensor p, Tensor q) {
        requireDistributions("p", p);
        Require.sameShape("p", p, "q", q);
        requireDistributions("q", q);
    }

    private static void requireRowCotangent(Tensor p, Tensor c) {
        int[] expected = rowShape(p);
        Require.that(Arrays.equals(c.shape(), expected), "c",
                "shape " + Arrays.toString(c.shape()) + " must be the row shape " + Arrays.toString(expected));
    }

    /** The shape without its last axis. */
    private static int[] rowShape(Tensor t) {
        int[] s = t.shape();
        return Arrays.copyOf(s, s.length - 1);
    }
}

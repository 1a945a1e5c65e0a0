package io.refcheck.formulas;

import io.refcheck.tensor.Tensor;
import java.util.Arrays;

/**
 * Losses (docs/catalog.md §C) and their gradients. Argument order is PyTorch's: (prediction, target),
 * like {@code torch.nn.functional.mse_loss(input, target)}; a shape mismatch is reported against
 * the second argument. Every reduction is compensated ({@link Sums}), so a 10,000-element batch
 * keeps its digits.
 *
 * <p>NaN and ±∞ follow PyTorch: they propagate through the regression losses and through the
 * logit-based losses; inputs PyTorch rejects (probabilities outside [0, 1] for bce, class indices
 * outside [0, C)) and inputs off the formula's domain (probability rows off the simplex, p &lt; 1)
 * raise {@link IllegalArgumentException} naming the argument. A mean over zero elements is NaN, as
 * {@code torch.nn.functional.mse_loss} of empty tensors; a sum over zero elements is 0.
 */
public final class Losses {
    private Losses() {
    }

    /**
     * The floor PyTorch puts under both logarithms of binary cross-entropy
     * ({@code torch.nn.functional.binary_cross_entropy}): "BCELoss clamps its log function outputs to
     * be greater than or equal to −100", so bce(ŷ = 0, y = 1) = 100, not +∞.
     */
    public static final double BCE_LOG_FLOOR = -100;

    /**
     * The floor PyTorch's bce backward puts under ŷ(1 − ŷ): ATen's {@code constexpr float EPSILON = 1e-12},
     * a float, so 9.999999960041972e-13 in every dtype (PyTorch 1.13 in float64: ∂bce/∂ŷ at ŷ = 1e-15,
     * y = 0 is 1.0000000039958e-3, not 1e-3). The PyTorch golden sets found the double 1e-12 used before.
     */
    public static final double BCE_GRADIENT_EPSILON = (double) 1e-12f;

    /** Operations per logit of the softmax cross-entropy kernels, for {@link RowBlocks}. */
    private static final long ROW_WORK_PER_CLASS = 40;

    /** Cost and objective of {@link #costObjective}. */
    public record CostObjective(double cost, double objective) {
    }

    // ---------------------------------------------------------------- regression losses

    /**
     * mse = (1/N) Σ_i (y_i − ŷ_i)², the mean over ALL N elements (as {@code torch.nn.functional.mse_loss}
     * with reduction 'mean'). NaN propagates; mse of empty tensors is NaN (0/0, as PyTorch).
     *
     * @param prediction ŷ, any shape
     * @param target     y, the shape of ŷ (never broadcast)
     * @throws IllegalArgumentException if target's shape differs from prediction's
     */
    public static double mse(Tensor prediction, Tensor target) {
        double[] d = differences(prediction, target);
        return Sums.dot(d, d) / d.length;
    }

    /**
     * ∂mse/∂ŷ_i = 2(ŷ_i − y_i)/N. (∂mse/∂y is its negative.)
     *
     * @throws IllegalArgumentException if target's shape differs from prediction's
     */
    public static Tensor mseGradient(Tensor prediction, Tensor target) {
        double[] d = differences(prediction, target);
        double scale = 2.0 / d.length;
        for (int i = 0; i < d.length; i++) {
            d[i] *= scale;
        }
        return Tensor.wrap(prediction.shape(), d);
    }

    /**
     * half_sse = ½ Σ_i (y_i − a_i)², the loss whose gradient a − y is S2's output delta. A sum, not a
     * mean: half_sse = N·mse/2, and half_sse of empty tensors is 0.
     *
     * @param prediction a, any shape
     * @param target     y, the shape of a
     * @throws IllegalArgumentException if target's shape differs from prediction's
     */
    public static double halfSse(Tensor prediction, Tensor target) {
        double[] d = differences(prediction, target);
        return 0.5 * Sums.dot(d, d);
    }

    /**
     * ∂half_sse/∂a_i = a_i − y_i.
     *
     * @throws IllegalArgumentException if target's shape differs from prediction's
     */
    public static Tensor halfSseGradient(Tensor prediction, Tensor target) {
        return Tensor.wrap(prediction.shape(), differences(prediction, target));
    }

    /**
     * mae = (1/N) Σ_i |y_i − ŷ_i| (as {@code torch.nn.functional.l1_loss}). NaN propagates; mae of
     * empty tensors is NaN.
     *
     * @throws IllegalArgumentException if target's shape differs from prediction's
     */
    public static double mae(Tensor prediction, Tensor target) {
        double[] d = differences(prediction, target);
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(d[i]);
        }
        return Sums.sum(d) / d.length;
    }

    /**
     * ∂mae/∂ŷ_i = sgn(ŷ_i − y_i)/N, with the subgradient 0 where ŷ_i = y_i (PyTorch's l1_loss
     * backward is sign(input − target)·grad/N, and sign(0) = 0).
     *
     * @throws IllegalArgumentException if target's shape differs from prediction's
     */
    public static Tensor maeGradient(Tensor prediction, Tensor target) {
        double[] d = differences(prediction, target);
        double n = d.length;
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.signum(d[i]) / n;
        }
        return Tensor.wrap(prediction.shape(), d);
    }

    // ---------------------------------------------------------------- Lp

    /**
     * ‖x‖_p = (Σ_i |x_i|^p)^(1/p) for p ≥ 1, and ‖x‖_∞ = max_i |x_i|, over all elements of x (as
     * {@code torch.linalg.vector_norm(x, p)}).
     *
     * <p>Computed as m·(Σ_i (|x_i|/m)^p)^(1/p) with m = max_i |x_i|, so no power overflows or
     * underflows on the way: ‖[1e200, 1e200]‖₂ = √2·1e200 and ‖[1e-300]‖₂ = 1e-300, where the naive
     * form gives +∞ and 0. p = 1 and p = 2 take compensated fast paths (Σ|x_i| and a compensated
     * Σ(x_i/m)²).
     *
     * <p>NaN anywhere gives NaN; otherwise an infinite element gives +∞. The norm of an empty x is 0
     * for finite p (the empty sum, as PyTorch); for p = ∞ it is rejected, as PyTorch raises ("the
     * operation does not have an identity").
     *
     * @param p the order: p ≥ 1, or {@link Double#POSITIVE_INFINITY}
     * @throws IllegalArgumentException if p is not &gt;= 1 (NaN included; +∞ is allowed), or x is empty and p = +∞
     */
    public static double lpNorm(Tensor x, double p) {
        requireOrder(p);
        if (x.isEmpty()) {
            Require.that(p != Double.POSITIVE_INFINITY, "x", "must not be empty for p = ∞ (the maximum of nothing is undefined)");
            return 0;
        }
        double[] a = x.toArray();
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.abs(a[i]);
            m = Math.max(m, a[i]); // NaN anywhere makes m NaN, and every return below NaN with it
        }
        if (m == 0 || m == Double.POSITIVE_INFINITY || p == Double.POSITIVE_INFINITY) {
            return m;
        }
        if (p == 1) {
            return Sums.sum(a);
        }
        for (int i = 0; i < a.length; i++) {
            a[i] /= m;
        }
        if (p == 2) {
            return m * Math.sqrt(Sums.dot(a, a));
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.pow(a[i], p);
        }
        return m * Math.pow(Sums.sum(a), 1 / p);
    }

    /**
     * ∂‖x‖_p/∂x_i = sgn(x_i)·(|x_i|/‖x‖_p)^(p−1) for 1 ≤ p &lt; ∞ (at p = 1 this is sgn(x_i), 0 at
     * x_i = 0); for p = ∞ it is sgn(x_i)/k on the k elements where |x_i| = max_j |x_j| and 0
     * elsewhere (PyTorch's convention for ties). At x = 0 the gradient is 0 (PyTorch masks the
     * division by a zero norm).
     *
     * @throws IllegalArgumentException if p is not &gt;= 1 (NaN included; +∞ is allowed), or x is empty and p = +∞
     */
    public static Tensor lpNormGradient(Tensor x, double p) {
        double norm = lpNorm(x, p);
        double[] g = x.toArray();
        if (norm == 0) {
            return Tensor.zeros(x.shape());
        }
        if (p == Double.POSITIVE_INFINITY) {
            int ties = 0;
            for (double v : g) {
                ties += Math.abs(v) == norm ? 1 : 0;
            }
            for (int i = 0; i < g.length; i++) {
                g[i] = Math.abs(g[i]) == norm ? Math.signum(g[i]) / ties : 0;
            }
        } else {
            for (int i = 0; i < g.length; i++) {
                g[i] = Math.signum(g[i]) * Math.pow(Math.abs(g[i]) / norm, p - 1);
            }
        }
        return Tensor.wrap(x.shape(), g);
    }

    /**
     * lp_loss = ‖y − ŷ‖_p^p = Σ_i |y_i − ŷ_i|^p for finite p ≥ 1 (the p-th power removes the root;
     * p = 1 is N·mae, p = 2 is N·mse). A sum: 0 for empty tensors. NaN propagates.
     *
     * @throws IllegalArgumentException if p is not &gt;= 1 (NaN included) or is +∞ (p must be finite), or target's
     *         shape differs from prediction's
     */
    public static double lpLoss(Tensor prediction, Tensor target, double p) {
        requireFiniteOrder(p);
        double[] d = differences(prediction, target);
        if (p == 2) {
            return Sums.dot(d, d);
        }
        for (int i = 0; i < d.length; i++) {
            d[i] = p == 1 ? Math.abs(d[i]) : Math.pow(Math.abs(d[i]), p);
        }
        return Sums.sum(d);
    }

    /**
     * ∂lp_loss/∂ŷ_i = p·|ŷ_i − y_i|^(p−1)·sgn(ŷ_i − y_i), 0 where ŷ_i = y_i (also at p = 1).
     *
     * @throws IllegalArgumentException if p is not &gt;= 1 (NaN included) or is +∞ (p must be finite), or target's
     *         shape differs from prediction's
     */
    public static Tensor lpLossGradient(Tensor prediction, Tensor target, double p) {
        requireFiniteOrder(p);
        double[] d = differences(prediction, target);
        for (int i = 0; i < d.length; i++) {
            d[i] = p * Math.signum(d[i]) * Math.pow(Math.abs(d[i]), p - 1);
        }
        return Tensor.wrap(prediction.shape(), d);
    }

    // ---------------------------------------------------------------- binary cross-entropy

    /**
     * bce = −(1/N) Σ_i [y_i log ŷ_i + (1 − y_i) log(1 − ŷ_i)], the mean over all N elements, exactly
     * as {@code torch.nn.functional.binary_cross_entropy} computes it:
     * (y − 1)·max(log1p(−ŷ), −100) − y·max(log ŷ, −100). The clamp at {@link #BCE_LOG_FLOOR}
     * keeps the loss finite (bce(0, 1) = 100) and makes 0·log 0 = 0 automatic.
     *
     * @param prediction ŷ, every element in [0, 1] (PyTorch raises otherwise, NaN included)
     * @param target     y, the shape of ŷ, every element in [0, 1] (hard or soft labels)
     * @throws IllegalArgumentException if target's shape differs from prediction's, or an element of prediction or
     *         target is not a probability in [0, 1], NaN included
     */
    public static double bce(Tensor prediction, Tensor target) {
        requireBceInputs(prediction, target);
        double[] terms = new double[prediction.size()];
        for (int i = 0; i < terms.length; i++) {
            double yHat = prediction.at(i);
            double y = target.at(i);
            terms[i] = (y - 1) * Math.max(Math.log1p(-yHat), BCE_LOG_FLOOR) - y * Math.max(Math.log(yHat), BCE_LOG_FLOOR);
        }
        return Sums.sum(terms) / terms.length;
    }

    /**
     * ∂bce/∂ŷ_i = (ŷ_i − y_i) / (N·max(ŷ_i(1 − ŷ_i), 1e-12)), PyTorch's backward: exact where
     * ŷ(1 − ŷ) ≥ 1e-12, bounded (instead of ±∞) within about 1e-12 of 0 and 1.
     *
     * @throws IllegalArgumentException if target's shape differs from prediction's, or an element of prediction or
     *         target is not a probability in [0, 1], NaN included
     */
    public static Tensor bceGradient(Tensor prediction, Tensor target) {
        requireBceInputs(prediction, target);
        double[] g = new double[prediction.size()];
        double n = g.length;
        for (int i = 0; i < g.length; i++) {
            double yHat = prediction.at(i);
            g[i] = (yHat - target.at(i)) / Math.max((1 - yHat) * yHat, BCE_GRADIENT_EPSILON) / n;
        }
        return Tensor.wrap(prediction.shape(), g);
    }

    /**
     * bce_with_logits = (1/N) Σ_i [max(z_i, 0) − z_i y_i + log(1 + e^(−|z_i|))], which is bce(σ(z), y)
     * without ever forming σ(z). Evaluated as the sum of three non-negative terms
     * (1 − y)·max(z, 0) + y·max(−z, 0) + log1p(e^(−|z|)), so nothing cancels for |z| = 1000.
     *
     * <p>NaN logits propagate. Infinite logits give PyTorch's IEEE results ({@link #bceWithLogitsTerm}):
     * at z = +∞ the term is +∞ for y &lt; 1 and NaN (0·∞) for y = 1; at z = −∞ it is NaN for every y.
     *
     * @param logits z, any shape
     * @param target y, the shape of z, every element in [0, 1] (PyTorch does not check; off the domain here)
     * @throws IllegalArgumentException if target's shape differs from logits', or an element of target is not a
     *         probability in [0, 1], NaN included
     */
    public static double bceWithLogits(Tensor logits, Tensor target) {
        requireLogitInputs(logits, target);
        double[] terms = new double[logits.size()];
        for (int i = 0; i < terms.length; i++) {
            terms[i] = bceWithLogitsTerm(logits.at(i), target.at(i));
        }
        return Sums.sum(terms) / terms.length;
    }

    /**
     * One element of binary cross-entropy on a logit, −[y log σ(z) + (1 − y) log(1 − σ(z))], as the
     * sum of three non-negative terms (1 − y)·max(z, 0) + y·max(−z, 0) + log1p(e^(−|z|)): no overflow,
     * no log 0, nothing cancels at |z| = 1000.
     *
     * <p>At infinite z it gives what PyTorch's (1 − y)·z − log σ(z) gives: +∞ at z = +∞ for y &lt; 1,
     * NaN at z = +∞ for y = 1 (0·∞), and NaN at z = −∞ for every y ((1 − y)·(−∞) + ∞, or 0·(−∞)).
     * The limit at z = −∞ with y &gt; 0 would be +∞; PyTorch's NaN is kept, because a bad input gets
     * PyTorch's IEEE result (measured by {@code golden check}: PyTorch itself on the catalog's bad
     * inputs), and refcheck never makes a number where PyTorch gives NaN.
     */
    static double bceWithLogitsTerm(double z, double y) {
        if (z == Double.NEGATIVE_INFINITY) {
            return Double.NaN;
        }
        return (1 - y) * Math.max(z, 0) + y * Math.max(-z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /**
     * ∂bce_with_logits/∂z_i = (σ(z_i) − y_i)/N.
     *
     * @throws IllegalArgumentException if target's shape differs from logits', or an element of target is not a
     *         probability in [0, 1], NaN included
     */
    public static Tensor bceWithLogitsGradient(Tensor logits, Tensor target) {
        requireLogitInputs(logits, target);
        double[] g = new double[logits.size()];
        double n = g.length;
        for (int i = 0; i < g.length; i++) {
            g[i] = (Activations.sigmoid(logits.at(i)) - target.at(i)) / n;
        }
        return Tensor.wrap(logits.shape(), g);
    }

    // ---------------------------------------------------------------- multi-class cross-entropy

    /**
     * one_hot: class c ∈ [0, M) → e_c ∈ {0, 1}^M. The result has the shape of {@code labels} with one
     * more axis of length M (as {@code torch.nn.functional.one_hot(labels, M)}); empty labels give an
     * empty result of shape [0, M].
     *
     * @param labels  integer-valued class indices in [0, classes)
     * @param classes M ≥ 1
     * @throws IllegalArgumentException if classes &lt; 1, or an element of labels is not an integer in [0, classes)
     */
    public static Tensor oneHot(Tensor labels, int classes) {
        Require.that(classes >= 1, "classes", "must be >= 1, got " + classes);
        Require.labels("labels", labels, classes);
        int[] shape = Arrays.copyOf(labels.shape(), labels.rank() + 1);
        shape[labels.rank()] = classes;
        double[] e = new double[Tensor.sizeOf(shape)];
        for (int i = 0; i < labels.size(); i++) {
            e[i * classes + (int) labels.at(i)] = 1;
        }
        return Tensor.wrap(shape, e);
    }

    /**
     * The class count M given as a scalar tensor (as catalog samples carry it): a positive integer.
     *
     * @throws IllegalArgumentException if classes is not a scalar, or its value is not a positive integer (at most
     *         2^31-1)
     */
    public static int classCount(Tensor classes) {
        Require.scalar("classes", classes);
        double m = classes.item();
        Require.that(m >= 1 && m == Math.rint(m) && m <= Integer.MAX_VALUE, "classes",
                "must be a positive integer, got " + m);
        return (int) m;
    }

    /**
     * cross_entropy_onehot = −(1/N) Σ_i Σ_j y_ij log ŷ_ij over N rows, with 0·log ŷ = 0 where
     * y_ij = 0 (also at ŷ_ij = 0, as {@code torch.special.xlogy}); +∞ where y_ij &gt; 0 = ŷ_ij. The
     * targets may be one-hot rows or any distributions (soft labels): −Σ_j y_j log ŷ_j is the
     * cross-entropy H(y, ŷ) of the two rows either way. The mean over zero rows is NaN.
     *
     * @param probabilities ŷ [N, C], rows on the probability simplex
     * @param oneHotTargets y [N, C], rows on the probability simplex (one-hot rows in the classic use)
     * @throws IllegalArgumentException if probabilities does not have rank 2 with at least one class (column),
     *         oneHotTargets' shape differs from it, or a row of either is not on the probability simplex (an element
     *         outside [0, 1], NaN included, or a sum off 1)
     */
    public static double crossEntropyOneHot(Tensor probabilities, Tensor oneHotTargets) {
        requireDistributionPair(probabilities, oneHotTargets);
        double[] terms = new double[probabilities.size()];
        for (int i = 0; i < terms.length; i++) {
            double y = oneHotTargets.at(i);
            terms[i] = y == 0 ? 0 : -y * Math.log(probabilities.at(i));
        }
        return Sums.sum(terms) / probabilities.dim(0);
    }

    /**
     * ∂cross_entropy_onehot/∂ŷ_ij = −y_ij/(N ŷ_ij), and 0 where y_ij = 0.
     *
     * @throws IllegalArgumentException if probabilities does not have rank 2 with at least one class (column),
     *         oneHotTargets' shape differs from it, or a row of either is not on the probability simplex (an element
     *         outside [0, 1], NaN included, or a sum off 1)
     */
    public static Tensor crossEntropyOneHotGradient(Tensor probabilities, Tensor oneHotTargets) {
        requireDistributionPair(probabilities, oneHotTargets);
        double[] g = new double[probabilities.size()];
        double n = probabilities.dim(0);
        for (int i = 0; i < g.length; i++) {
            double y = oneHotTargets.at(i);
            g[i] = y == 0 ? 0 : -y / (n * probabilities.at(i));
        }
        return Tensor.wrap(probabilities.shape(), g);
    }

    /**
     * cross_entropy_index = −(1/N) Σ_i log ŷ_(i, c_i), the same loss as cross_entropy_onehot with
     * one-hot targets, addressed by class index (as {@code torch.nn.functional.nll_loss(log ŷ, c)});
     * +∞ where ŷ_(i, c_i) = 0. The mean over zero rows is NaN.
     *
     * @param probabilities ŷ [N, C], rows on the probability simplex
     * @param labels        c [N], integer-valued class indices in [0, C)
     * @throws IllegalArgumentException if probabilities does not have rank 2 with at least one class (column), labels
     *         does not have rank 1 with one label per row of probabilities, a label is not an integer in [0, C), or a
     *         row of probabilities is not on the probability simplex (an element outside [0, 1], NaN included, or a sum
     *         off 1)
     */
    public static double crossEntropyIndex(Tensor probabilities, Tensor labels) {
        requireIndexPair("probabilities", probabilities, labels);
        Require.simplexRows("probabilities", probabilities);
        int n = probabilities.dim(0);
        int classes = probabilities.dim(1);
        double[] negativeLogs = new double[n];
        for (int i = 0; i < n; i++) {
            negativeLogs[i] = -Math.log(probabilities.at(i * classes + (int) labels.at(i)));
        }
        return Sums.sum(negativeLogs) / n;
    }

    /**
     * ∂cross_entropy_index/∂ŷ_ij = −1/(N ŷ_ij) where j = c_i, 0 elsewhere.
     *
     * @throws IllegalArgumentException if probabilities does not have rank 2 with at least one class (column), labels
     *         does not have rank 1 with one label per row of probabilities, a label is not an integer in [0, C), or a
     *         row of probabilities is not on the probability simplex (an element outside [0, 1], NaN included, or a sum
     *         off 1)
     */
    public static Tensor crossEntropyIndexGradient(Tensor probabilities, Tensor labels) {
        requireIndexPair("probabilities", probabilities, labels);
        Require.simplexRows("probabilities", probabilities);
        int n = probabilities.dim(0);
        int classes = probabilities.dim(1);
        double[] g = new double[probabilities.size()];
        for (int i = 0; i < n; i++) {
            int at = i * classes + (int) labels.at(i);
            g[at] = -1 / (n * probabilities.at(at));
        }
        return Tensor.wrap(probabilities.shape(), g);
    }

    /**
     * softmax_cross_entropy = −(1/N) Σ_i log_softmax(z_i)[c_i], which is cross_entropy_index(softmax(z), c)
     * computed without forming softmax: per row, with m = max_j z_j attained first at k,
     * −log_softmax(z)[c] = log1p(Σ_(j≠k) e^(z_j − m)) − (z_c − m), so logits of ±1000 give finite,
     * accurate losses (2000 for the label at −1000 beside a logit of +1000) and a row whose other
     * terms are tiny keeps them (log1p, not log of a sum rounded to 1). Each term is
     * {@link ShiftedExp} (z − m with its rounding error, within an ulp, in vectorised loops); the sum
     * over the row and the mean over the rows are compensated. One pass over a row finds m and k,
     * the others stay within two row-sized scratch arrays; nothing of the size of z is allocated. This is
     * {@code torch.nn.functional.cross_entropy(z, c)} without ignore_index: every label must lie in
     * [0, C) (PyTorch would silently skip rows labelled −100).
     *
     * <p>NaN in a row gives NaN; a row with +∞ gives NaN (∞ − ∞ in the shift, as PyTorch); a label
     * at a logit of −∞ beside finite logits costs +∞. The mean over zero rows is NaN.
     *
     * @param logits z [N, C]
     * @param labels c [N], integer-valued class indices in [0, C)
     * @throws IllegalArgumentException if logits does not have rank 2 with at least one class (column), labels does not
     *         have rank 1 with one label per row of logits, or a label is not an integer in [0, C)
     */
    public static double softmaxCrossEntropy(Tensor logits, Tensor labels) {
        requireIndexPair("logits", logits, labels);
        int n = logits.dim(0);
        int classes = logits.dim(1);
        double[] rowLosses = new double[n];
        RowBlocks.run(n, ROW_WORK_PER_CLASS * classes, (from, to) -> {
            double[] row = new double[classes];
            double[] e = new double[classes];
            for (int i = from; i < to; i++) {
                int label = (int) labels.at(i);
                double m = copyRowFindMaximum(logits, i * classes, classes, row);
                // a row whose maximum is ±∞ or NaN has a NaN log-softmax in every entry (∞ − ∞, or NaN), as logSoftmax gives
                rowLosses[i] = Double.isFinite(m) ? Activations.logSumShifted(row, 0, classes, m, e) - (row[label] - m) : Double.NaN;
            }
        });
        return Sums.sum(rowLosses) / n;
    }

    /**
     * ∂softmax_cross_entropy/∂z = (softmax(z) − onehot(c))/N. Per row, with e_j = e^(z_j − m)
     * ({@link ShiftedExp}) and R = Σ_(j≠c) e_j compensated: ∂/∂z_j = e_j/(N·S) for
     * j ≠ c and ∂/∂z_c = −R/(N·S), where S = R + e_c; the label's entry softmax_c − 1 = −R/S is
     * formed without the cancellation of softmax_c − 1 when softmax_c is near 1. Per row: its
     * maximum, the exponentials ({@link ShiftedExp#row}), and one scaling pass into the result.
     * Rows with NaN or ±∞ follow {@link Activations#softmax} (NaN where torch gives NaN).
     *
     * @throws IllegalArgumentException if logits does not have rank 2 with at least one class (column), labels does not
     *         have rank 1 with one label per row of logits, or a label is not an integer in [0, C)
     */
    public static Tensor softmaxCrossEntropyGradient(Tensor logits, Tensor labels) {
        requireIndexPair("logits", logits, labels);
        int n = logits.dim(0);
        int classes = logits.dim(1);
        double[] g = new double[logits.size()];
        RowBlocks.run(n, ROW_WORK_PER_CLASS * classes, (from, to) -> {
            double[] row = new double[classes];
            double[] e = new double[classes];
            for (int i = from; i < to; i++) {
                int off = i * classes;
                int label = (int) labels.at(i);
                double m = copyRowFindMaximum(logits, off, classes, row);
                if (!Double.isFinite(m)) {
                    // the softmax of a row whose maximum is ±∞ or NaN is NaN in every entry (∞ − ∞, or NaN), so is softmax − 1
                    Arrays.fill(g, off, off + classes, Double.NaN);
                    continue;
                }
                double rest = ShiftedExp.row(row, classes, m, label, e);
                double scale = 1 / ((rest + e[label]) * n);
                for (int j = 0; j < classes; j++) {
                    g[off + j] = e[j] * scale;
                }
                g[off + label] = 0 - rest * scale; // +0, not −0, for a one-class row (softmax − 1 = 1 − 1)
            }
        });
        return Tensor.wrap(logits.shape(), g);
    }

    /**
     * Copies z[off, off + n) to {@code row} and returns its maximum, NaN if the row holds NaN (whose
     * loss and gradient are then NaN, as they would be through the NaN term).
     */
    private static double copyRowFindMaximum(Tensor z, int off, int n, double[] row) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            row[j] = z.at(off + j);
            m = Math.max(m, row[j]);
        }
        return m;
    }

    // ---------------------------------------------------------------- cost and objective

    /**
     * S3's loss → cost → objective: cost = (1/N) Σ_i loss_i, the mean of the per-sample losses over
     * the training set; objective = cost + regularisation, where the regularisation term (λ‖w‖², λΣ|w|,
     * …) is computed by the caller. NaN and ±∞ propagate; the cost of no samples is NaN.
     *
     * @param losses         per-sample losses loss_i = f(ŷ_i, y_i), shape [N]
     * @param regularisation the penalty term, ≥ 0 (a penalty never rewards; NaN and +∞ propagate)
     * @throws IllegalArgumentException if losses does not have rank 1, or regularisation &lt; 0
     */
    public static CostObjective costObjective(Tensor losses, double regularisation) {
        Require.rank("losses", losses, 1);
        Require.that(!(regularisation < 0), "regularisation", "must be >= 0 (a penalty), got " + regularisation);
        double cost = Sums.mean(losses.toArray());
        return new CostObjective(cost, cost + regularisation);
    }

    /**
     * ∂cost/∂loss_i = ∂objective/∂loss_i = 1/N for each of the N per-sample losses
     * (∂objective/∂regularisation = 1, ∂cost/∂regularisation = 0).
     *
     * @throws IllegalArgumentException if losses does not have rank 1
     */
    public static Tensor costGradient(Tensor losses) {
        Require.rank("losses", losses, 1);
        return Tensor.filled(1.0 / losses.size(), losses.shape());
    }

    // ---------------------------------------------------------------- preconditions

    /** ŷ − y elementwise, after checking that target has the shape of prediction. */
    private static double[] differences(Tensor prediction, Tensor target) {
        Require.sameShape("prediction", prediction, "target", target);
        double[] d = prediction.toArray();
        for (int i = 0; i < d.length; i++) {
            d[i] -= target.at(i);
        }
        return d;
    }

    private static void requireOrder(double p) {
        Require.that(p >= 1, "p", "must be >= 1 (or +∞) for a norm, got " + p);
    }

    private static void requireFiniteOrder(double p) {
        requireOrder(p);
        Require.that(p != Double.POSITIVE_INFINITY, "p", "must be finite for lp_loss (‖d‖_∞^∞ is undefined), got " + p);
    }

    private static void requireBceInputs(Tensor prediction, Tensor target) {
        Require.sameShape("prediction", prediction, "target", target);
        Require.probabilities("prediction", prediction);
        Require.probabilities("target", target);
    }

    private static void requireLogitInputs(Tensor logits, Tensor target) {
        Require.sameShape("logits", logits, "target", target);
        Require.probabilities("target", target);
    }

    private static void requireDistributionPair(Tensor probabilities, Tensor targets) {
        requireRows("probabilities", probabilities);
        Require.sameShape("probabilities", probabilities, "targets", targets);
        Require.simplexRows("probabilities", probabilities);
        Require.simplexRows("targets", targets);
    }

    /** name [N, C] with C ≥ 1, labels [N] integer-valued in [0, C). */
    private static void requireIndexPair(String name, Tensor rows, Tensor labels) {
        requireRows(name, rows);
        Require.rank("labels", labels, 1);
        Require.that(labels.dim(0) == rows.dim(0), "labels",
                "must have one label per row of " + name + " (" + rows.dim(0) + "), shape " + Arrays.toString(labels.shape()));
        Require.labels("labels", labels, rows.dim(1));
    }

    private static void requireRows(String name, Tensor rows) {
        Require.rank(name, rows, 2);
        Require.that(rows.dim(1) >= 1, name, "must have at least one class (column), shape " + Arrays.toString(rows.shape()));
    }
}

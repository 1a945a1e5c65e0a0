package io.refcheck.formulas;

import io.refcheck.tensor.Tensor;
import java.util.Arrays;

/**
 * Optimisation (docs/catalog.md §F): a gradient-descent step, the mini-batch gradient, L1 and L2
 * regularisation, the weight-decay step and one Adam step, each with its vector–Jacobian product.
 *
 * <p>NaN and ±∞ in weights, gradients and optimiser state propagate the IEEE way, as in
 * {@code torch.optim}; hyperparameters off their domain (a learning rate ≤ 0, β outside [0, 1),
 * ε ≤ 0, a step number that is not an integer ≥ 1) are rejected with a message that names them.
 * {@code torch.optim} itself accepts lr = 0 and ε = 0; a step that cannot move, or that divides
 * by zero when v = 0, is treated here as off the formula's domain.
 */
public final class Optimisers {
    private Optimisers() {
    }

    /**
     * One gradient-descent step θ ← θ − α ∂L/∂θ.
     *
     * <p>{@code torch.optim.SGD} (no momentum, no weight decay) computes θ + (−α)·g, the same
     * double. An empty θ gives an empty result.
     *
     * @param theta parameters θ, any shape
     * @param grad  ∂L/∂θ, the shape of θ
     * @param lr    learning rate α &gt; 0
     * @throws IllegalArgumentException if grad's shape differs from theta's, or lr is not &gt; 0 and finite
     */
    public static Tensor gdStep(Tensor theta, Tensor grad, double lr) {
        Require.sameShape("theta", theta, "grad", grad);
        Require.positive("lr", lr);
        return theta.zip(grad, (t, g) -> t - lr * g);
    }

    /** The gradient-descent step's vjp: ∂/∂θ = c, ∂/∂g = −α c, for the cotangent c of the new θ. */
    public static StepGradients gdStepVjp(Tensor cotangent, double lr) {
        return new StepGradients(cotangent, cotangent.map(c -> -lr * c));
    }

    /** Gradients of a step with respect to its parameters and to the gradient fed to it. */
    public record StepGradients(Tensor parameters, Tensor gradient) {
    }

    /**
     * The mini-batch gradient ∇L ≈ (1/|B|) Σ_(i∈B) ∇L_i: the mean of the per-example gradients
     * (rows of {@code grads}) over the batch B, compensated per coordinate.
     *
     * <p>An empty batch gives NaN in every coordinate, as {@code grads[idx].mean(0)} does in
     * PyTorch for an empty index; NaN in a row of the batch propagates to the result, NaN in a row
     * outside it does not.
     *
     * @param grads per-example gradients ∇L_i, shape [N, P]
     * @param batch the batch B: distinct integer row indices in [0, N), shape [|B|]
     * @return the batch-mean gradient, shape [P]
     * @throws IllegalArgumentException if grads does not have rank 2, batch does not have rank 1, or batch's indices
     *         are not distinct integers in [0, N)
     */
    public static Tensor minibatchGradient(Tensor grads, Tensor batch) {
        Require.rank("grads", grads, 2);
        int[] rows = batchIndices(batch, grads.dim(0));
        int p = grads.dim(1);
        double[] g = grads.toArray();
        double[] mean = new double[p];
        double[] column = new double[rows.length];
        for (int j = 0; j < p; j++) {
            for (int k = 0; k < rows.length; k++) {
                column[k] = g[rows[k] * p + j];
            }
            mean[j] = Sums.sum(column) / rows.length;
        }
        return Tensor.wrap(new int[] {p}, mean);
    }

    /**
     * The mini-batch gradient's vjp: ∂/∂grads[i, j] = c_j / |B| for i ∈ B, 0 otherwise.
     *
     * @throws IllegalArgumentException if grads does not have rank 2, batch does not have rank 1, batch's indices are
     *         not distinct integers in [0, N), or cotangent does not have P entries (one per column of grads)
     */
    public static Tensor minibatchGradientVjp(Tensor grads, Tensor batch, Tensor cotangent) {
        Require.rank("grads", grads, 2);
        int[] rows = batchIndices(batch, grads.dim(0));
        int p = grads.dim(1);
        Require.that(cotangent.size() == p, "cotangent", "must have " + p + " entries, shape " + Arrays.toString(cotangent.shape()));
        double[] d = new double[grads.size()];
        for (int i : rows) {
            for (int j = 0; j < p; j++) {
                d[i * p + j] = cotangent.at(j) / rows.length;
            }
        }
        return Tensor.wrap(grads.shape(), d);
    }

    private static int[] batchIndices(Tensor batch, int n) {
        Require.rank("batch", batch, 1);
        int[] rows = new int[batch.size()];
        boolean[] seen = new boolean[n];
        for (int k = 0; k < rows.length; k++) {
            double v = batch.at(k);
            if (!(v >= 0 && v < n) || v != Math.rint(v)) {
                throw new IllegalArgumentException("batch: every index must be an integer in [0, " + n + "), element "
                        + k + " is " + v);
            }
            rows[k] = (int) v;
            if (seen[rows[k]]) {
                throw new IllegalArgumentException("batch: indices must be distinct (B is a set), index " + rows[k]
                        + " appears twice");
            }
            seen[rows[k]] = true;
        }
        return rows;
    }

    /**
     * L1 regularisation Σ |w_i|, compensated. The empty sum is 0 (torch.sum of an empty tensor);
     * NaN propagates and ±∞ gives +∞.
     */
    public static double l1Regularization(Tensor w) {
        return Sums.sum(w.map(Math::abs).toArray());
    }

    /**
     * The L1 vjp c·sign(w): the subgradient sign(w) with sign(0) = 0, as PyTorch's backward of
     * {@code abs} (and sign(NaN) = NaN).
     */
    public static Tensor l1RegularizationVjp(Tensor w, double cotangent) {
        return w.map(x -> cotangent * Math.signum(x));
    }

    /** L2 regularisation Σ w_i², a compensated dot product of w with itself (empty sum 0). */
    public static double l2Regularization(Tensor w) {
        double[] d = w.toArray();
        return Sums.dot(d, d);
    }

    /** The L2 vjp 2c·w. */
    public static Tensor l2RegularizationVjp(Tensor w, double cotangent) {
        return w.map(x -> 2 * cotangent * x);
    }

    /**
     * One gradient step on the objective J(w) = L(w) + (λ/2) Σ w²:
     * w ← w − α(∂L/∂w + λ w) = w(1 − αλ) − α ∂L/∂w.
     *
     * <p>Computed as w − α·(g + λ·w), the order of {@code torch.optim.SGD(lr=α, weight_decay=λ)}
     * (which adds λ·w to the gradient, then steps); the factored form w(1 − αλ) − α g is the same
     * real number and differs by a rounding or two. S3 writes w(1 − λ) − ∂Loss/∂w, which drops the
     * learning rate (docs/catalog.md §I.4).
     *
     * @param w      weights, any shape
     * @param grad   ∂L/∂w of the loss alone (not of the objective), the shape of w
     * @param lr     learning rate α &gt; 0
     * @param lambda decay coefficient λ ≥ 0 (torch rejects a negative weight_decay)
     * @throws IllegalArgumentException if grad's shape differs from w's, lr is not &gt; 0 and finite, or lambda is not
     *         &gt;= 0 and finite
     */
    public static Tensor weightDecayStep(Tensor w, Tensor grad, double lr, double lambda) {
        Require.sameShape("w", w, "grad", grad);
        Require.positive("lr", lr);
        Require.nonNegative("lambda", lambda);
        return w.zip(grad, (x, g) -> x - lr * (g + lambda * x));
    }

    /** The weight-decay step's vjp: ∂/∂w = c(1 − αλ), ∂/∂grad = −α c. */
    public static StepGradients weightDecayStepVjp(Tensor cotangent, double lr, double lambda) {
        return new StepGradients(cotangent.map(c -> c * (1 - lr * lambda)), cotangent.map(c -> -lr * c));
    }

    /**
     * The bias-correction factor 1 − β^t, computed as −expm1(t·log β) so that it keeps its
     * relative accuracy when β^t is close to 1 (β = 0.999, t small; or β = 1 − 10⁻¹²), where
     * {@code 1 - Math.pow(beta, t)} cancels. β = 0 gives 1 (log 0 = −∞, expm1(−∞) = −1).
     */
    public static double biasCorrection(double beta, double t) {
        return -Math.expm1(t * Math.log(beta));
    }

    /** The state after one Adam step: new weights, first moment m and second moment v. */
    public record AdamState(Tensor w, Tensor m, Tensor v) {
    }

    /**
     * One Adam step (Kingma &amp; Ba; {@code torch.optim.Adam} without weight decay or amsgrad):
     * <pre>
     * m ← β1 m + (1−β1) g
     * v ← β2 v + (1−β2) g²
     * w ← w − α m̂ / (√v̂ + ε),   m̂ = m/(1−β1^t),  v̂ = v/(1−β2^t)
     * </pre>
     *
     * <p>Order of operations, as {@code torch.optim.Adam}'s single-tensor path: m' = β1·m + (1−β1)·g,
     * v' = β2·v + ((1−β2)·g)·g, step size s = α/(1−β1^t), denominator D = √v'/√(1−β2^t) + ε and
     * w' = w − (s·m')/D. So ε is added to √v̂ after bias correction, outside the root (not
     * √(v̂ + ε), and not the paper's "ε̂" form √v' + ε̂). √v'/√(1−β2^t) equals √v̂ = √(v'/(1−β2^t))
     * in real arithmetic; in doubles the two differ by at most about one rounding (1.5 ulp).
     * Differences from torch that are within a few ulp: torch ≥ 2.1 updates m by
     * {@code lerp(m, g, 1−β1)} = m + (1−β1)(g − m), the same real number; torch's vectorised
     * kernels may fuse multiply–adds; and torch computes 1 − β^t as {@code 1 - beta ** t}, which
     * loses up to ~10⁻¹³ relative accuracy for β2 = 0.999, where {@link #biasCorrection} does not.
     *
     * <p>Domain: 0 ≤ β1, β2 &lt; 1 (torch's range), ε &gt; 0, α &gt; 0, t an integer ≥ 1 (the step
     * number after incrementing, so t = 1 on the first step), v ≥ 0 elementwise (a running mean of
     * squares). NaN and ±∞ in w, g, m, v propagate (an infinite g gives m'/D = ∞/∞ = NaN, as torch).
     *
     * @param w weights; g, m, v must have the same shape
     * @throws IllegalArgumentException if g, m or v differs in shape from w, lr or eps is not &gt; 0 and finite, beta1
     *         or beta2 does not lie in [0, 1), t is not an integer &gt;= 1, or an element of v is negative
     */
    public static AdamState adamStep(Tensor w, Tensor g, Tensor m, Tensor v, double t, double lr, double beta1,
                                     double beta2, double eps) {
        checkAdam(w, g, m, v, t, lr, beta1, beta2, eps);
        AdamTerms a = AdamTerms.of(t, lr, beta1, beta2);
        return adamUpdate(w, g, m, v, a.stepSize, a.sqrtBc2, beta1, beta2, eps);
    }

    /**
     * The arithmetic of one Adam update with its step-dependent scalars given, shared by
     * {@link #adamStep} (s = α/(1−β1^t), c = √(1−β2^t)) and by update rules that schedule those
     * scalars differently, such as ONNX's {@code ai.onnx.preview.training} Adam (no bias correction
     * at T = 0, ε added to √H before the correction):
     * <pre>
     * m' = β1 m + (1−β1) g
     * v' = β2 v + ((1−β2) g) g
     * w' = w − (s·m') / (√v'/c + ε)
     * </pre>
     * Only the shapes are checked: the caller owns the domain of s, c, β1, β2 and ε.
     *
     * @param stepSize s, the learning rate over the first-moment bias correction
     * @param sqrtBiasCorrection2 c, the square root of the second-moment bias correction
     * @throws IllegalArgumentException if g, m or v differs in shape from w
     */
    public static AdamState adamUpdate(Tensor w, Tensor g, Tensor m, Tensor v, double stepSize,
                                       double sqrtBiasCorrection2, double beta1, double beta2, double eps) {
        Require.sameShape("w", w, "g", g);
        Require.sameShape("w", w, "m", m);
        Require.sameShape("w", w, "v", v);
        int n = w.size();
        double[] w1 = new double[n];
        double[] m1 = new double[n];
        double[] v1 = new double[n];
        for (int i = 0; i < n; i++) {
            double gi = g.at(i);
            m1[i] = beta1 * m.at(i) + (1 - beta1) * gi;
            v1[i] = beta2 * v.at(i) + ((1 - beta2) * gi) * gi;
            double denominator = Math.sqrt(v1[i]) / sqrtBiasCorrection2 + eps;
            w1[i] = w.at(i) - (stepSize * m1[i]) / denominator;
        }
        int[] shape = w.shape();
        return new AdamState(Tensor.wrap(shape, w1), Tensor.wrap(shape, m1), Tensor.wrap(shape, v1));
    }

    /** Gradients of an Adam step with respect to w, g, m and v. */
    public record AdamGradients(Tensor w, Tensor g, Tensor m, Tensor v) {
    }

    /**
     * The vjp of {@link #adamStep}: given cotangents (c_w, c_m, c_v) of the new (w, m, v), the
     * gradient of c_w·w' + c_m·m' + c_v·v' with respect to w, g, m, v, by the chain rule through the
     * same intermediate values: with D = √v'/√(1−β2^t) + ε and s = α/(1−β1^t),
     * <pre>
     * ∂/∂m' = c_m − c_w s/D
     * ∂/∂v' = c_v + (c_w s m'/D²) / (√(1−β2^t) · 2√v')
     * ∂/∂w = c_w,  ∂/∂g = (1−β1) ∂/∂m' + 2(1−β2) g ∂/∂v',  ∂/∂m = β1 ∂/∂m',  ∂/∂v = β2 ∂/∂v'
     * </pre>
     * At v' = 0 the derivative of √v' is infinite: where m' = 0 too the v-gradient is 0/0 = NaN,
     * which is also what PyTorch's autograd gives (sqrt's backward divides by 2√v').
     *
     * @throws IllegalArgumentException if g, m or v differs in shape from w, lr or eps is not &gt; 0 and finite, beta1
     *         or beta2 does not lie in [0, 1), t is not an integer &gt;= 1, an element of v is negative, or cw, cm or
     *         cv differs in shape from w
     */
    public static AdamGradients adamStepVjp(Tensor w, Tensor g, Tensor m, Tensor v, double t, double lr,
                                            double beta1, double beta2, double eps, Tensor cw, Tensor cm, Tensor cv) {
        checkAdam(w, g, m, v, t, lr, beta1, beta2, eps);
        Require.sameShape("w", w, "cw", cw);
        Require.sameShape("w", w, "cm", cm);
        Require.sameShape("w", w, "cv", cv);
        AdamTerms a = AdamTerms.of(t, lr, beta1, beta2);
        int n = w.size();
        double[] gg = new double[n];
        double[] gm = new double[n];
        double[] gv = new double[n];
        for (int i = 0; i < n; i++) {
            double gi = g.at(i);
            double m1 = beta1 * m.at(i) + (1 - beta1) * gi;
            double v1 = beta2 * v.at(i) + ((1 - beta2) * gi) * gi;
            double root = Math.sqrt(v1);
            double denominator = root / a.sqrtBc2 + eps;
            double dm1 = cm.at(i) - cw.at(i) * a.stepSize / denominator;
            double dDenominator = cw.at(i) * a.stepSize * m1 / (denominator * denominator);
            double dv1 = cv.at(i) + (dDenominator / a.sqrtBc2) / (2 * root);
            gg[i] = (1 - beta1) * dm1 + 2 * (1 - beta2) * gi * dv1;
            gm[i] = beta1 * dm1;
            gv[i] = beta2 * dv1;
        }
        int[] shape = w.shape();
        return new AdamGradients(cw, Tensor.wrap(shape, gg), Tensor.wrap(shape, gm), Tensor.wrap(shape, gv));
    }

    /** The step-dependent scalars of one Adam step. */
    private record AdamTerms(double stepSize, double sqrtBc2) {
        static AdamTerms of(double t, double lr, double beta1, double beta2) {
            return new AdamTerms(lr / biasCorrection(beta1, t), Math.sqrt(biasCorrection(beta2, t)));
        }
    }

    private static void checkAdam(Tensor w, Tensor g, Tensor m, Tensor v, double t, double lr, double beta1,
                                  double beta2, double eps) {
        Require.sameShape("w", w, "g", g);
        Require.sameShape("w", w, "m", m);
        Require.sameShape("w", w, "v", v);
        Require.positive("lr", lr);
        beta("beta1", beta1);
        beta("beta2", beta2);
        Require.positive("eps", eps);
        if (!(t >= 1) || t != Math.rint(t) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("t: must be an integer >= 1 (the step number, 1 on the first step), got " + t);
        }
        for (int i = 0; i < v.size(); i++) {
            if (v.at(i) < 0) {
                throw new IllegalArgumentException("v: every element must be >= 0 (a running mean of squared gradients), element "
                        + i + " is " + v.at(i));
            }
        }
    }

    private static void beta(String name, double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException(name + ": must lie in [0, 1), got " + beta);
        }
    }
}

package io.refcheck.formulas;

import io.refcheck.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Back-propagation (docs/catalog.md §E): the chain rule, the output and hidden deltas, the parameter
 * gradients, S4's vectorised two-layer gradients and S1's one-hidden-layer network.
 *
 * <p>One general back-propagation ({@link #forward} caching every Z and A, {@link #backward}
 * walking the deltas) is built from exactly the functions the catalog ids name
 * ({@link #deltaOutput}, {@link #deltaHidden}, {@link #paramGrads}); {@link #twoLayerVectorized}
 * and {@link #s1Backprop} are that same code on fixed two-layer networks.
 *
 * <p>Layouts. {@link Layout#COLUMNS} (S0, S4): W[n_l, n_(l−1)], A[n_(l−1), m], b[n_l, 1],
 * Z = W A + b, one sample per column. {@link Layout#ROWS} (PyTorch): W[out, in], X[N, in],
 * b[out], Z = X Wᵀ + b, one sample per row. The catalog ids delta_hidden and param_grads use
 * columns, as the sources write them.
 *
 * <p>Reductions. A delta δ = ∂L/∂Z is the gradient of whatever scalar L the caller means; the
 * closed-form output deltas of {@link #deltaOutput(OutputCase, Tensor, Tensor)} are those of the
 * loss summed over the samples (per-sample deltas, as S2 writes them). For a mean over m samples
 * divide the output delta by m before back-propagating, which is exactly where S4's (1/m) factors
 * come from; {@link #paramGrads} then sums over the samples.
 *
 * <p>NaN and ±Inf propagate through every formula as they do through PyTorch's autograd;
 * shapes, unknown codes and targets off their domain are rejected naming the argument.
 */
public final class Backprop {
    private Backprop() {
    }

    // ------------------------------------------------------------------------------------------
    // Codes

    /** Where the samples are: one per column (S0, S4) or one per row (PyTorch). */
    public enum Layout { ROWS, COLUMNS }

    /**
     * The three closed-form output deltas of delta_output, with their catalog codes:
     * half_sse + sigmoid 0, bce + sigmoid 1, softmax_cross_entropy 2.
     */
    public enum OutputCase {
        HALF_SSE_SIGMOID("half_sse + sigmoid"), BCE_SIGMOID("bce + sigmoid"), SOFTMAX_CROSS_ENTROPY("softmax_cross_entropy");

        private final String label;

        OutputCase(String label) {
            this.label = label;
        }

        /** The label of docs/catalog.md, such as "bce + sigmoid". */
        public String label() {
            return label;
        }

        /** The catalog code: 0, 1 or 2. */
        public int code() {
            return ordinal();
        }

        /**
         * The case with catalog code {@code code} (a scalar tensor named {@code argument}).
         *
         * @throws IllegalArgumentException if code is not a scalar, or its value is not 0, 1 or 2
         */
        public static OutputCase fromCode(String argument, Tensor code) {
            Require.scalar(argument, code);
            double c = code.item();
            for (OutputCase o : values()) {
                if (c == o.code()) {
                    return o;
                }
            }
            throw new IllegalArgumentException(argument + ": unknown output case code " + c
                    + "; expected 0 (half_sse + sigmoid), 1 (bce + sigmoid) or 2 (softmax_cross_entropy)");
        }
    }

    // ------------------------------------------------------------------------------------------
    // chain_rule

    /** y = f(g(x)), elementwise, for activations f (outer) and g (inner). */
    public static Tensor compose(Activation outer, Activation inner, Tensor x) {
        return outer.apply(inner.apply(x));
    }

    /**
     * The chain rule dy/dx = dy/du · du/dx for y = f(u), u = g(x), elementwise:
     * dy/dx = f'(g(x)) · g'(x).
     */
    public static Tensor chainRule(Activation outer, Activation inner, Tensor x) {
        Tensor u = inner.apply(x);
        return Matrices.hadamard(outer.derivative(u), inner.derivative(x));
    }

    // ------------------------------------------------------------------------------------------
    // delta_output

    /**
     * The general output delta δ_L = ∂L/∂a_L ⊙ f'(z_L) for an elementwise output activation f.
     *
     * @param lossGradient ∂L/∂a_L, the gradient of the loss with respect to the layer's output
     * @param z            the pre-activation z_L, same shape
     * @throws IllegalArgumentException if lossGradient's shape differs from z's
     */
    public static Tensor deltaOutput(Tensor lossGradient, Tensor z, Activation f) {
        Require.sameShape("z", z, "lossGradient", lossGradient);
        return Matrices.hadamard(lossGradient, f.derivative(z));
    }

    /**
     * The closed-form output deltas δ = ∂L/∂z of the loss L summed over all samples (per-sample
     * deltas; for a mean over N samples divide by N), z and y of shape [N, C]:
     * <ul>
     * <li>half_sse + sigmoid, L = ½ Σ (y − a)², a = σ(z): δ = (a − y) ⊙ a(1 − a), with a(1 − a)
     * computed as σ(z)σ(−z) (S2's delta);</li>
     * <li>bce + sigmoid, L = −Σ [y log a + (1 − y) log(1 − a)]: δ = a − y, y in [0, 1];</li>
     * <li>softmax_cross_entropy, L = −Σ_i Σ_j y_ij log softmax(z_i)_j with every row y_i on the
     * simplex (one-hot rows are the index form): δ = softmax(z) − y, along the last axis.</li>
     * </ul>
     *
     * @throws IllegalArgumentException if z does not have rank 2, y's shape differs from z's, or y is off the case's
     *         domain: for bce + sigmoid an element of y below 0 or above 1; for softmax_cross_entropy z has no class
     *         (column), or a row of y is not on the probability simplex (an element below 0 or above 1, or a sum off 1)
     */
    public static Tensor deltaOutput(OutputCase c, Tensor z, Tensor y) {
        requireOutputCase(c, z, y);
        return switch (c) {
            case HALF_SSE_SIGMOID -> z.zip(y, (zi, yi) -> sigmoidMinus(zi, yi) * Activations.sigmoidDerivative(zi));
            case BCE_SIGMOID -> z.zip(y, Backprop::sigmoidMinus);
            case SOFTMAX_CROSS_ENTROPY -> softmaxMinus(z, y);
        };
    }

    /** σ(z) − y, as −σ(−z) when y = 1 so that a saturated σ(z) does not cancel to 0. */
    private static double sigmoidMinus(double z, double y) {
        return y == 1 ? -Activations.sigmoid(-z) : Activations.sigmoid(z) - y;
    }

    /**
     * softmax(z) − y by rows; where y_ij = 1 (a one-hot row) the entry is −Σ_(k≠j) softmax(z)_ik,
     * so that a confident softmax(z)_ij ≈ 1 does not cancel.
     */
    private static Tensor softmaxMinus(Tensor z, Tensor y) {
        int n = z.dim(1);
        double[] s = Activations.softmax(z).toArray();
        double[] yd = y.toArray();
        double[] out = new double[s.length];
        double[] others = new double[n];
        for (int row = 0; row < z.dim(0); row++) {
            int off = row * n;
            for (int j = 0; j < n; j++) {
                if (yd[off + j] == 1) {
                    for (int k = 0; k < n; k++) {
                        others[k] = k == j ? 0 : s[off + k];
                    }
                    out[off + j] = -Sums.sum(others, 0, n);
                } else {
                    out[off + j] = s[off + j] - yd[off + j];
                }
            }
        }
        return Tensor.wrap(z.shape(), out);
    }

    /**
     * The loss whose gradient {@link #deltaOutput(OutputCase, Tensor, Tensor)} is, summed over all
     * elements (all samples): ½ Σ (y − σ(z))² ({@link Losses#halfSse} of σ(z)); −Σ [y log σ(z) +
     * (1 − y) log(1 − σ(z))] computed from the logit without overflow or log 0, term by term as
     * {@link Losses#bceWithLogits}; −Σ y ⊙ log_softmax(z). The empty sum is 0.
     *
     * <p>The last two are sums over soft-target rows (PyTorch's reduction='sum'), where
     * {@link Losses#bceWithLogits} and {@link Losses#softmaxCrossEntropy} are means and the latter takes
     * class indices. At infinite logits they give PyTorch's IEEE results: bce's term is NaN at z = +∞
     * with y = 1 and at z = −∞; a −∞ logit of weight y_ij = 0 gives 0·(−∞) = NaN, as
     * {@code F.cross_entropy} with probability targets does.
     *
     * @throws IllegalArgumentException if z does not have rank 2, y's shape differs from z's, or y is off the case's
     *         domain: for bce + sigmoid an element of y below 0 or above 1; for softmax_cross_entropy z has no class
     *         (column), or a row of y is not on the probability simplex (an element below 0 or above 1, or a sum off 1)
     */
    public static double outputLoss(OutputCase c, Tensor z, Tensor y) {
        requireOutputCase(c, z, y);
        return switch (c) {
            case HALF_SSE_SIGMOID -> Losses.halfSse(Activations.sigmoid(z), y);
            case BCE_SIGMOID -> Sums.sum(z.zip(y, Losses::bceWithLogitsTerm).toArray());
            case SOFTMAX_CROSS_ENTROPY -> Sums.sum(Activations.logSoftmax(z).zip(y, (l, yi) -> -yi * l).toArray());
        };
    }

    /**
     * The vector–Jacobian product of delta_output with respect to z: for cotangents c_δ (shape of
     * z) and c_L (of the scalar loss), c_L·δ + J_δᵀ c_δ where J_δ = ∂δ/∂z is the Hessian of the
     * loss: diagonal p² + (a − y) p (1 − 2a) with p = a(1 − a) for half_sse + sigmoid; diagonal p
     * for bce + sigmoid; per row diag(s) − s sᵀ for softmax_cross_entropy.
     *
     * @throws IllegalArgumentException if deltaCotangent's shape differs from z's, z does not have rank 2, y's shape
     *         differs from z's, or y is off the case's domain: for bce + sigmoid an element of y below 0 or above 1;
     *         for softmax_cross_entropy z has no class (column), or a row of y is not on the probability simplex (an
     *         element below 0 or above 1, or a sum off 1)
     */
    public static Tensor deltaOutputVjp(OutputCase c, Tensor z, Tensor y, Tensor deltaCotangent, double lossCotangent) {
        Require.sameShape("z", z, "deltaCotangent", deltaCotangent);
        Tensor delta = deltaOutput(c, z, y); // checks z and y
        Tensor throughDelta = switch (c) {
            case HALF_SSE_SIGMOID -> {
                double[] zd = z.toArray();
                double[] yd = y.toArray();
                double[] cd = deltaCotangent.toArray();
                double[] out = new double[zd.length];
                for (int i = 0; i < zd.length; i++) {
                    double p = Activations.sigmoidDerivative(zd[i]);
                    double oneMinusTwoA = Activations.sigmoid(-zd[i]) - Activations.sigmoid(zd[i]);
                    out[i] = cd[i] * (p * p + sigmoidMinus(zd[i], yd[i]) * p * oneMinusTwoA);
                }
                yield Tensor.wrap(z.shape(), out);
            }
            case BCE_SIGMOID -> Matrices.hadamard(deltaCotangent, Activation.SIGMOID.derivative(z));
            case SOFTMAX_CROSS_ENTROPY -> Activations.softmaxVjp(Activations.softmax(z), deltaCotangent);
        };
        return Matrices.add(throughDelta, Matrices.scale(delta, lossCotangent));
    }

    private static void requireOutputCase(OutputCase c, Tensor z, Tensor y) {
        Require.rank("z", z, 2);
        Require.sameShape("z", z, "y", y);
        switch (c) {
            case HALF_SSE_SIGMOID -> {
                // any real target
            }
            case BCE_SIGMOID -> {
                for (int i = 0; i < y.size(); i++) {
                    double v = y.at(i);
                    if (v < 0 || v > 1) {
                        throw new IllegalArgumentException("y: every bce target must lie in [0, 1], element " + i + " is " + v);
                    }
                }
            }
            case SOFTMAX_CROSS_ENTROPY -> {
                Require.that(z.dim(1) > 0, "z", "must have at least one class (column), shape " + Arrays.toString(z.shape()));
                requireTargetRows("y", y);
            }
        }
    }

    /**
     * Every row of y is a probability vector (one-hot or soft labels): entries in [0, 1] summing
     * to 1 within {@link Require#SIMPLEX_TOLERANCE}. A row holding NaN is let through so that NaN
     * propagates as in PyTorch: its sum is NaN, which no comparison finds off the simplex.
     */
    private static void requireTargetRows(String name, Tensor y) {
        int n = y.dim(1);
        double[] d = y.toArray();
        for (int row = 0; row < y.dim(0); row++) {
            for (int j = 0; j < n; j++) {
                double v = d[row * n + j];
                if (v < 0 || v > 1) {
                    throw new IllegalArgumentException(name + ": every target row must lie on the probability simplex, row "
                            + row + " has element " + v);
                }
            }
            double s = Sums.sum(d, row * n, row * n + n);
            if (Math.abs(s - 1) > Require.SIMPLEX_TOLERANCE) {
                throw new IllegalArgumentException(name + ": every target row must lie on the probability simplex (sum to 1), row "
                        + row + " sums to " + s);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // delta_hidden

    /**
     * δ_l = W_(l+1)ᵀ δ_(l+1) ⊙ f'(z_l). Columns: W_next[n_(l+1), n_l], deltaNext[n_(l+1), m],
     * z[n_l, m]. Rows: deltaNext[N, n_(l+1)], z[N, n_l], and the product reads δ_(l+1) W_(l+1).
     *
     * @throws IllegalArgumentException if W_next, delta_next or z does not have rank 2, delta_next's unit dimension (0
     *         for COLUMNS, 1 for ROWS) differs from W_next's rows, z's unit dimension differs from W_next's columns, or
     *         z's sample dimension differs from delta_next's
     */
    public static Tensor deltaHidden(Layout layout, Tensor wNext, Tensor deltaNext, Tensor z, Activation f) {
        requireDeltaHidden(layout, wNext, deltaNext, z);
        Tensor back = layout == Layout.COLUMNS
                ? Matrices.matmulTransposedA("W_next", wNext, "delta_next", deltaNext)
                : Matrices.matmul("delta_next", deltaNext, "W_next", wNext);
        return Matrices.hadamard(back, f.derivative(z));
    }

    /** The parts of delta_hidden's vector–Jacobian product (column layout). */
    public record DeltaHiddenVjp(Tensor wNext, Tensor deltaNext, Tensor z) {
    }

    /**
     * The vector–Jacobian product of δ = (Wᵀ δ_n) ⊙ f'(z) (column layout) for a cotangent c of
     * δ's shape: with g = c ⊙ f'(z), ∂/∂W = δ_n gᵀ, ∂/∂δ_n = W g, ∂/∂z = c ⊙ (Wᵀ δ_n) ⊙ f''(z).
     *
     * @throws IllegalArgumentException if W_next, delta_next or z does not have rank 2, delta_next's rows (units)
     *         differ from W_next's rows, z's rows differ from W_next's columns, z's columns (samples) differ from
     *         delta_next's, or cotangent's shape differs from z's
     */
    public static DeltaHiddenVjp deltaHiddenVjp(Tensor wNext, Tensor deltaNext, Tensor z, Activation f, Tensor cotangent) {
        requireDeltaHidden(Layout.COLUMNS, wNext, deltaNext, z);
        Require.sameShape("z", z, "cotangent", cotangent);
        Tensor g = Matrices.hadamard(cotangent, f.derivative(z));
        Tensor back = Matrices.matmulTransposedA("W_next", wNext, "delta_next", deltaNext);
        return new DeltaHiddenVjp(
                Matrices.matmulTransposedB("delta_next", deltaNext, "g", g),
                Matrices.matmul(wNext, g),
                Matrices.hadamard(Matrices.hadamard(cotangent, back), f.secondDerivative(z)));
    }

    private static void requireDeltaHidden(Layout layout, Tensor wNext, Tensor deltaNext, Tensor z) {
        Require.rank("W_next", wNext, 2);
        Require.rank("delta_next", deltaNext, 2);
        Require.rank("z", z, 2);
        int unitsNext = wNext.dim(0);
        int units = wNext.dim(1);
        int unitAxis = layout == Layout.COLUMNS ? 0 : 1;
        int sampleAxis = 1 - unitAxis;
        Require.dim("delta_next", deltaNext, unitAxis, unitsNext, "units of layer l+1 = rows of W_next");
        Require.dim("z", z, unitAxis, units, "units of layer l = columns of W_next");
        Require.dim("z", z, sampleAxis, deltaNext.dim(sampleAxis), "samples, as in delta_next");
    }

    // ------------------------------------------------------------------------------------------
    // param_grads

    /** ∂L/∂W and ∂L/∂b of one layer, shaped as W and b. */
    public record ParamGrads(Tensor dW, Tensor db) {
    }

    /**
     * ∂L/∂W_l = δ_l a_(l−1)ᵀ and ∂L/∂b_l = δ_l, summed over the samples of a batch. Columns:
     * delta[n_l, m], aPrev[n_(l−1), m] → dW[n_l, n_(l−1)] = δ aᵀ, db[n_l, 1] = Σ_columns δ. Rows:
     * delta[N, n_l], aPrev[N, n_(l−1)] → dW[n_l, n_(l−1)] = δᵀ a, db[n_l] = Σ_rows δ. For a
     * mean loss pass the delta of the mean (per-sample deltas divided by m). With no samples
     * both gradients are zero (the empty sum).
     *
     * @throws IllegalArgumentException if delta or aPrev does not have rank 2, or aPrev's sample dimension (1 for
     *         COLUMNS, 0 for ROWS) differs from delta's
     */
    public static ParamGrads paramGrads(Layout layout, Tensor delta, Tensor aPrev) {
        requireParamGrads(layout, delta, aPrev);
        if (layout == Layout.COLUMNS) {
            return new ParamGrads(Matrices.matmulTransposedB("delta", delta, "a_prev", aPrev),
                    Matrices.sumColumns(delta));
        }
        return new ParamGrads(Matrices.matmulTransposedA("delta", delta, "a_prev", aPrev),
                Matrices.sumRows(delta));
    }

    /** The parts of param_grads' vector–Jacobian product (column layout). */
    public record ParamGradsVjp(Tensor delta, Tensor aPrev) {
    }

    /**
     * The vector–Jacobian product of (dW, db) = (δ aᵀ, Σ_columns δ) for cotangents C_W[n_l, n_(l−1)]
     * and c_b[n_l, 1]: ∂/∂δ = C_W a + c_b 1ᵀ, ∂/∂a = C_Wᵀ δ.
     *
     * @throws IllegalArgumentException if delta or aPrev does not have rank 2, aPrev's columns (samples) differ from
     *         delta's, dWCotangent does not have shape [n_l, n_(l−1)] (the rows of delta and of aPrev), or dbCotangent
     *         does not have shape [n_l, 1]
     */
    public static ParamGradsVjp paramGradsVjp(Tensor delta, Tensor aPrev, Tensor dWCotangent, Tensor dbCotangent) {
        requireParamGrads(Layout.COLUMNS, delta, aPrev);
        Require.shape("dWCotangent", dWCotangent, delta.dim(0), aPrev.dim(0));
        Require.shape("dbCotangent", dbCotangent, delta.dim(0), 1);
        Tensor dDelta = Matrices.addColumnVector(Matrices.matmul(dWCotangent, aPrev), "dbCotangent", dbCotangent);
        return new ParamGradsVjp(dDelta, Matrices.matmulTransposedA("dWCotangent", dWCotangent, "delta", delta));
    }

    private static void requireParamGrads(Layout layout, Tensor delta, Tensor aPrev) {
        Require.rank("delta", delta, 2);
        Require.rank("a_prev", aPrev, 2);
        int sampleAxis = layout == Layout.COLUMNS ? 1 : 0;
        Require.dim("a_prev", aPrev, sampleAxis, delta.dim(sampleAxis), "samples, as in delta");
    }

    // ------------------------------------------------------------------------------------------
    // The general back-propagation

    /** One fully connected layer: Z = W A + b (columns) or Z = A Wᵀ + b (rows), then f(Z). */
    public record Layer(Tensor W, Tensor b, Activation activation) {
    }

    /**
     * The cached forward pass: {@code z.get(l)} is layer l's pre-activation, {@code a.get(l)} the
     * input of layer l ({@code a.get(0)} is X) and {@code a.get(L)} the network's output.
     */
    public record ForwardPass(List<Tensor> z, List<Tensor> a) {
        /** The network's output A_L. */
        public Tensor output() {
            return a.get(a.size() - 1);
        }

        /** The output layer's pre-activation Z_L. */
        public Tensor outputPreActivation() {
            return z.get(z.size() - 1);
        }
    }

    /** The backward pass: {@code delta.get(l)} = ∂L/∂Z_l and the parameter gradients of layer l. */
    public record BackwardPass(List<Tensor> delta, List<ParamGrads> grads) {
    }

    /**
     * Z = W A + b with b[n, 1] (columns) or Z = A Wᵀ + b with b[n] (rows).
     *
     * @throws IllegalArgumentException if W or A does not have rank 2, A does not have one row (COLUMNS) or column
     *         (ROWS) per column of W, or b does not have shape [n, 1] (COLUMNS) or [n] (ROWS), n the rows of W
     */
    public static Tensor linear(Layout layout, Tensor w, Tensor aPrev, Tensor b) {
        Require.rank("W", w, 2); // before w.dim(0); the products check A's rank, naming it
        if (layout == Layout.COLUMNS) {
            Require.shape("b", b, w.dim(0), 1);
            return Matrices.addColumnVector(Matrices.matmul("W", w, "A", aPrev), "b", b);
        }
        Require.shape("b", b, w.dim(0));
        return Matrices.addRowVector(Matrices.matmulTransposedB("A", aPrev, "W", w), "b", b);
    }

    /**
     * Runs the layers on X and caches every Z and A for {@link #backward}.
     *
     * @throws IllegalArgumentException if layers is empty, X does not have rank 2, a layer's W does not have rank 2
     *         with one column per unit of the layer before (for the first layer, X's dimension 0 for COLUMNS or 1 for
     *         ROWS), or a layer's b does not have shape [n, 1] (COLUMNS) or [n] (ROWS), n the rows of its W
     */
    public static ForwardPass forward(Layout layout, List<Layer> layers, Tensor x) {
        requireNetwork(layout, layers, x);
        List<Tensor> zs = new ArrayList<>();
        List<Tensor> as = new ArrayList<>();
        as.add(x);
        for (Layer layer : layers) {
            Tensor z = linear(layout, layer.W(), as.get(as.size() - 1), layer.b());
            zs.add(z);
            as.add(layer.activation().apply(z));
        }
        return new ForwardPass(Collections.unmodifiableList(zs), Collections.unmodifiableList(as));
    }

    /**
     * Back-propagation from the output delta δ_L = ∂L/∂Z_L (from {@link #deltaOutput}): for
     * l = L … 1, (∂L/∂W_l, ∂L/∂b_l) = {@link #paramGrads}(δ_l, A_(l−1)) and
     * δ_(l−1) = {@link #deltaHidden}(W_l, δ_l, Z_(l−1), f_(l−1)).
     *
     * @throws IllegalArgumentException if outputDelta's shape differs from pass.outputPreActivation()'s, or layers and
     *         pass do not fit each other as {@link #forward}'s result does (the shape rules of {@link #paramGrads} and
     *         {@link #deltaHidden})
     */
    public static BackwardPass backward(Layout layout, List<Layer> layers, ForwardPass pass, Tensor outputDelta) {
        Require.sameShape("outputPreActivation", pass.outputPreActivation(), "outputDelta", outputDelta);
        int depth = layers.size();
        Tensor[] deltas = new Tensor[depth];
        ParamGrads[] grads = new ParamGrads[depth];
        deltas[depth - 1] = outputDelta;
        for (int l = depth - 1; l >= 0; l--) {
            grads[l] = paramGrads(layout, deltas[l], pass.a().get(l));
            if (l > 0) {
                deltas[l - 1] = deltaHidden(layout, layers.get(l).W(), deltas[l], pass.z().get(l - 1), layers.get(l - 1).activation());
            }
        }
        return new BackwardPass(List.of(deltas), List.of(grads));
    }

    private static void requireNetwork(Layout layout, List<Layer> layers, Tensor x) {
        Require.that(!layers.isEmpty(), "layers", "must hold at least one layer");
        Require.rank("X", x, 2);
        int unitAxis = layout == Layout.COLUMNS ? 0 : 1;
        int units = x.dim(unitAxis);
        String previous = "X";
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            String w = "layers[" + l + "].W";
            Require.rank(w, layer.W(), 2);
            Require.dim(w, layer.W(), 1, units, "units of " + previous);
            int n = layer.W().dim(0);
            if (layout == Layout.COLUMNS) {
                Require.shape("layers[" + l + "].b", layer.b(), n, 1);
            } else {
                Require.shape("layers[" + l + "].b", layer.b(), n);
            }
            units = n;
            previous = "layers[" + l + "]";
        }
    }

    // ------------------------------------------------------------------------------------------
    // two_layer_vectorized (S4)

    /** The gradients of S4's two-layer net, and its forward activations A1 = g(Z1), A2 = σ(Z2). */
    public record TwoLayerGradients(Tensor dW1, Tensor db1, Tensor dW2, Tensor db2, Tensor A1, Tensor A2) {
    }

    /** The parameters of S4's two-layer net (or anything shaped like them, such as their gradients). */
    public record TwoLayerParameters(Tensor W1, Tensor b1, Tensor W2, Tensor b2) {
    }

    /**
     * S4, column layout: X[n0, m], Y[n2, m] with targets in [0, 1] (n2 = 1 typical), W1[n1, n0],
     * b1[n1, 1], W2[n2, n1], b2[n2, 1]; hidden g ∈ {tanh, sigmoid, relu}; sigmoid output; cost the
     * mean over the m samples of the binary cross-entropy (summed over the n2 outputs).
     * <pre>
     * Z1 = W1 X + b1, A1 = g(Z1), Z2 = W2 A1 + b2, A2 = σ(Z2)
     * dZ2 = A2 − Y
     * dW2 = (1/m) dZ2 A1ᵀ,  db2 = (1/m) Σ_cols dZ2
     * dZ1 = W2ᵀ dZ2 ⊙ g'(Z1)
     * dW1 = (1/m) dZ1 Xᵀ,   db1 = (1/m) Σ_cols dZ1
     * </pre>
     * Computed by {@link #forward} and {@link #backward} from the output delta (1/m)(A2 − Y),
     * delta_output's bce + sigmoid case divided by m.
     *
     * @throws IllegalArgumentException if hidden is not tanh, sigmoid or relu; X does not have rank 2 with at least one
     *         sample (column); W1 does not have rank 2 with one column per row of X; b1 does not have shape [n1, 1] (n1
     *         the rows of W1); W2 does not have rank 2 with one column per row of W1; b2 does not have shape [n2, 1]
     *         (n2 the rows of W2); Y does not have shape [n2, m]; or an element of Y lies below 0 or above 1
     */
    public static TwoLayerGradients twoLayerVectorized(Tensor X, Tensor Y, Tensor W1, Tensor b1, Tensor W2, Tensor b2, String hidden) {
        List<Layer> net = twoLayerNet(X, Y, W1, b1, W2, b2, hidden);
        ForwardPass pass = forward(Layout.COLUMNS, net, X);
        int m = X.dim(1);
        Tensor dZ2 = deltaOutput(OutputCase.BCE_SIGMOID, pass.outputPreActivation(), Y);
        BackwardPass back = backward(Layout.COLUMNS, net, pass, Matrices.scale(dZ2, 1.0 / m));
        return new TwoLayerGradients(back.grads().get(0).dW(), back.grads().get(0).db(),
                back.grads().get(1).dW(), back.grads().get(1).db(), pass.a().get(1), pass.a().get(2));
    }

    /**
     * S4's cost J = −(1/m) Σ [Y log A2 + (1 − Y) log(1 − A2)] of the same net, computed from the
     * logits Z2 (delta_output's bce + sigmoid loss divided by m).
     *
     * @throws IllegalArgumentException if hidden is not tanh, sigmoid or relu; X does not have rank 2 with at least one
     *         sample (column); W1 does not have rank 2 with one column per row of X; b1 does not have shape [n1, 1] (n1
     *         the rows of W1); W2 does not have rank 2 with one column per row of W1; b2 does not have shape [n2, 1]
     *         (n2 the rows of W2); Y does not have shape [n2, m]; or an element of Y lies below 0 or above 1
     */
    public static double twoLayerCost(Tensor X, Tensor Y, Tensor W1, Tensor b1, Tensor W2, Tensor b2, String hidden) {
        List<Layer> net = twoLayerNet(X, Y, W1, b1, W2, b2, hidden);
        ForwardPass pass = forward(Layout.COLUMNS, net, X);
        return outputLoss(OutputCase.BCE_SIGMOID, pass.outputPreActivation(), Y) / X.dim(1);
    }

    private static List<Layer> twoLayerNet(Tensor X, Tensor Y, Tensor W1, Tensor b1, Tensor W2, Tensor b2, String hidden) {
        Activation g = Activation.fromName("hidden", hidden);
        Require.that(g != Activation.IDENTITY, "hidden", "must be tanh, sigmoid or relu, got identity");
        requireTwoLayer("X", X, "Y", Y, W1, b1, W2, b2, 2);
        for (int i = 0; i < Y.size(); i++) {
            double v = Y.at(i);
            if (v < 0 || v > 1) {
                throw new IllegalArgumentException("Y: every target must lie in [0, 1] (binary cross-entropy), element " + i + " is " + v);
            }
        }
        return List.of(new Layer(W1, b1, g), new Layer(W2, b2, Activation.SIGMOID));
    }

    /**
     * Shapes of a two-layer column-layout net: X[n0, m] with m ≥ 1, W1[n1, n0], W2[n2, n1],
     * Y[n2, m], and biases b1[n1, 1], b2[n2, 1] (biasRank 2, S4) or b1[n1], b2[n2] (biasRank 1, S1).
     */
    private static void requireTwoLayer(String xName, Tensor X, String yName, Tensor Y, Tensor W1, Tensor b1, Tensor W2, Tensor b2,
                                        int biasRank) {
        Require.rank(xName, X, 2);
        Require.that(X.dim(1) > 0, xName, "must hold at least one sample (column), shape " + Arrays.toString(X.shape()));
        Require.rank("W1", W1, 2);
        Require.dim("W1", W1, 1, X.dim(0), "input features = rows of " + xName);
        Require.shape("b1", b1, biasRank == 2 ? new int[] {W1.dim(0), 1} : new int[] {W1.dim(0)});
        Require.rank("W2", W2, 2);
        Require.dim("W2", W2, 1, W1.dim(0), "hidden units = rows of W1");
        Require.shape("b2", b2, biasRank == 2 ? new int[] {W2.dim(0), 1} : new int[] {W2.dim(0)});
        Require.shape(yName, Y, W2.dim(0), X.dim(1));
    }

    /**
     * Gradient descent θ ← θ − α ∂J/∂θ ({@link Optimisers#gdStep}) on the four parameters,
     * {@code iterations} times, with gradients from {@code gradient} (parameters → gradients shaped
     * like them).
     *
     * @throws IllegalArgumentException if learningRate is not &gt; 0 and finite, iterations &lt; 0, or a gradient from
     *         {@code gradient} differs in shape from its parameter
     */
    public static TwoLayerParameters trainTwoLayer(TwoLayerParameters start, double learningRate, int iterations,
                                                   UnaryOperator<TwoLayerParameters> gradient) {
        Require.positive("learningRate", learningRate);
        Require.that(iterations >= 0, "iterations", "must be >= 0, got " + iterations);
        TwoLayerParameters p = start;
        for (int t = 0; t < iterations; t++) {
            TwoLayerParameters g = gradient.apply(p);
            p = new TwoLayerParameters(Optimisers.gdStep(p.W1(), g.W1(), learningRate), Optimisers.gdStep(p.b1(), g.b1(), learningRate),
                    Optimisers.gdStep(p.W2(), g.W2(), learningRate), Optimisers.gdStep(p.b2(), g.b2(), learningRate));
        }
        return p;
    }

    /**
     * {@link #trainTwoLayer(TwoLayerParameters, double, int, UnaryOperator)} with {@link #twoLayerVectorized}'s
     * gradients.
     *
     * @throws IllegalArgumentException if learningRate is not &gt; 0 and finite or iterations &lt; 0; when iterations
     *         ≥ 1, also if X, Y, start or hidden break the rules of {@link #twoLayerVectorized}
     */
    public static TwoLayerParameters trainTwoLayer(Tensor X, Tensor Y, TwoLayerParameters start, String hidden,
                                                   double learningRate, int iterations) {
        return trainTwoLayer(start, learningRate, iterations, p -> {
            TwoLayerGradients g = twoLayerVectorized(X, Y, p.W1(), p.b1(), p.W2(), p.b2(), hidden);
            return new TwoLayerParameters(g.dW1(), g.db1(), g.dW2(), g.db2());
        });
    }

    // ------------------------------------------------------------------------------------------
    // s1_backprop (S1)

    /** S1's network under MSE: the loss, the deltas ∂L/∂Z2 and ∂L/∂Z1, and the parameter gradients. */
    public record S1Gradients(double loss, Tensor delta2, Tensor delta1, Tensor dW1, Tensor db1, Tensor dW2, Tensor db2) {
    }

    /**
     * S1's one-hidden-layer net, column layout as s1_network (x[n0, m], target[n2, m], W1[n1, n0],
     * b1[n1], W2[n2, n1], b2[n2], biases added to every column), under the mean squared error over
     * all n2·m outputs ({@link Losses#mse}, the mse id); db1 and db2 come back shaped as b1 and b2:
     * <pre>
     * h = tanh(W1 x + b1),  o = softmax(W2 h + b2)   (softmax down each column)
     * L = (1/(n2 m)) Σ (o − t)²
     * δ2 = ∂L/∂z2 = (diag(o) − o oᵀ) (2/(n2 m))(o − t)   per column (the softmax Jacobian)
     * δ1 = ∂L/∂z1 = W2ᵀ δ2 ⊙ (1 − h²)
     * ∂L/∂W2 = δ2 hᵀ, ∂L/∂b2 = Σ_cols δ2, ∂L/∂W1 = δ1 xᵀ, ∂L/∂b1 = Σ_cols δ1
     * </pre>
     * (S1 writes δ2 = o(1 − o)(t − o) and δ1 = δ2 · W1ᵀ · input; both are wrong, docs/catalog.md §I.1–2.)
     *
     * @throws IllegalArgumentException if x does not have rank 2 with at least one sample (column); W1 does not have
     *         rank 2 with one column per row of x; b1 does not have shape [n1] (the rows of W1); W2 does not have rank
     *         2 with one column per row of W1, or has no row (output unit); b2 does not have shape [n2] (the rows of
     *         W2); or target does not have shape [n2, m]
     */
    public static S1Gradients s1Backprop(Tensor x, Tensor target, Tensor W1, Tensor b1, Tensor W2, Tensor b2) {
        requireTwoLayer("x", x, "target", target, W1, b1, W2, b2, 1);
        Require.that(W2.dim(0) > 0, "W2", "must have at least one row (output unit) for the softmax, shape " + Arrays.toString(W2.shape()));
        List<Layer> net = List.of(new Layer(W1, b1.reshape(b1.size(), 1), Activation.TANH),
                new Layer(W2, b2.reshape(b2.size(), 1), Activation.IDENTITY));
        ForwardPass pass = forward(Layout.COLUMNS, net, x);
        Tensor o = softmaxColumns(pass.outputPreActivation());
        Tensor lossGradient = Losses.mseGradient(o, target);
        Tensor delta2 = Matrices.transpose(Activations.softmaxVjp(Matrices.transpose(o), Matrices.transpose(lossGradient)));
        BackwardPass back = backward(Layout.COLUMNS, net, pass, delta2);
        return new S1Gradients(Losses.mse(o, target), delta2, back.delta().get(0), back.grads().get(0).dW(),
                back.grads().get(0).db().reshape(b1.size()), back.grads().get(1).dW(), back.grads().get(1).db().reshape(b2.size()));
    }

    private static Tensor softmaxColumns(Tensor z) {
        return Matrices.transpose(Activations.softmax(Matrices.transpose(z)));
    }
}

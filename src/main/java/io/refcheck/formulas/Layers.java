package io.refcheck.formulas;

import io.refcheck.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;

/**
 * Neurons, layers and small networks (docs/catalog.md §B): the M-P threshold unit, the perceptron and its
 * learning rule, affine layers in the column layout of S0/S4 and the row layout of S3, a stack of
 * affine layers with activations (S3's MLP), the collapse of stacked affine layers without
 * activations, and S1's one-hidden-layer softmax network.
 *
 * <p>Layouts. Column layout (S0, S4, S1): W[n1,n0], X[n0,m], one sample per column. Row layout
 * as S3 writes it: X[N,in], W[in,out], one sample per row (PyTorch's nn.Linear stores the
 * transpose, W[out,in]). Every matrix product goes through {@link Matrices} (A B, and Aᵀ B or
 * A Bᵀ with the transposed operand read in place), each entry summed in a fixed order with the
 * classical error bound γ_k·|A||B| (Higham §3.1).
 *
 * <p>IEEE policy, as torch.matmul: NaN propagates through every product it enters, ±∞ gives ±∞ or
 * NaN (∞ − ∞, ∞·0) by IEEE rules, and empty dimensions give empty results; an empty inner
 * dimension is the empty sum 0 (torch.matmul of [n,0] by [0,m] is zeros(n, m)). Shapes that do not
 * fit are rejected with a message naming the argument.
 */
public final class Layers {
    private Layers() {
    }

    // ---------------------------------------------------------------- M-P neuron

    /**
     * The McCulloch–Pitts neuron: y = step(Σ_i w_i x_i − θ), step(z) = 1 if z ≥ 0 else 0, so the
     * unit fires when the weighted input reaches the threshold (torch.heaviside(z, 1)).
     *
     * <p>The weighted sum and −θ are accumulated in one compensated dot product, so the comparison
     * with θ is decided correctly unless |Σ w_i x_i − θ| is below about n²·10⁻³²·(Σ|w_i x_i| + |θ|):
     * w = (0.1, 0.2) at x = (1, 1) sums to just below θ = 0.30000000000000004 and does not fire,
     * though the rounded sum 0.1 + 0.2 equals that θ. Not differentiable: step has derivative 0 away from the threshold and
     * none at it. NaN propagates (step(NaN) = NaN); n = 0 is the empty sum, y = step(−θ).
     *
     * @param x     inputs [n] (one sample) or [N, n] (one sample per row)
     * @param w     weights [n]
     * @param theta the threshold θ
     * @return y: a scalar for x [n], [N] for x [N, n]; each 0 or 1 (NaN where the sum is NaN)
     * @throws IllegalArgumentException if x does not have rank 1 or 2, w does not have rank 1, or w's size differs from
     *         x's last dimension (one weight per input)
     */
    public static Tensor mpNeuron(Tensor x, Tensor w, double theta) {
        requireRank1or2("x", x, "[n] or [N, n]");
        Require.rank("w", w, 1);
        int n = x.dim(-1);
        if (w.size() != n) {
            throw new IllegalArgumentException("w: has " + w.size() + " entries but x has " + n
                    + " features; one weight per input is needed");
        }
        int rows = x.rank() == 1 ? 1 : x.dim(0);
        double[] weightsAndTheta = Arrays.copyOf(w.toArray(), n + 1);
        weightsAndTheta[n] = theta;
        double[] xd = x.toArray();
        double[] inputAndMinusOne = new double[n + 1];
        inputAndMinusOne[n] = -1;
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(xd, i * n, inputAndMinusOne, 0, n);
            y[i] = Activations.step(Sums.dot(weightsAndTheta, inputAndMinusOne));
        }
        return x.rank() == 1 ? Tensor.scalar(y[0]) : Tensor.wrap(new int[] {rows}, y);
    }

    // ---------------------------------------------------------------- perceptron

    /** One pass of the perceptron rule: the predictions before it, (w, b) after it, and the number of updates. */
    public record PerceptronPass(Tensor prediction, Tensor w, double b, int mistakes) {
    }

    /** The outcome of training: the final (w, b), whether a pass without mistakes was reached, and the passes made. */
    public record PerceptronFit(Tensor w, double b, boolean converged, int epochs) {
    }

    /**
     * The perceptron's prediction f(x) = sign(w·x + b) ∈ {−1, 0, 1} for every row of X, with
     * sign(0) = 0 and sign(NaN) = NaN (torch.sign). w·x + b is one compensated dot product.
     *
     * @param X points [N, d], one per row
     * @param w weights [d]
     * @param b bias
     * @return [N]
     * @throws IllegalArgumentException if X does not have rank 2, w does not have rank 1, or w's size differs from X's
     *         columns (one weight per feature)
     */
    public static Tensor perceptronPredict(Tensor X, Tensor w, double b) {
        requirePoints(X, w);
        int n = X.dim(0);
        int d = X.dim(1);
        double[] wb = withLast(w.toArray(), b);
        double[] x1 = new double[d + 1];
        double[] xd = X.toArray();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Activations.sign(affine(wb, xd, i, x1));
        }
        return Tensor.wrap(new int[] {n}, out);
    }

    /**
     * One pass (epoch) of Rosenblatt's perceptron rule over the rows of X in order: for each point
     * whose prediction is wrong, w ← w + η yᵢ xᵢ and b ← b + η yᵢ; later points see the updated
     * (w, b). A point is a mistake unless yᵢ(w·xᵢ + b) &gt; 0: z = 0 is a mistake (sign 0 is
     * neither label), and so is z = NaN, which then carries the NaN into (w, b). A single step is
     * a pass over one point.
     *
     * @param X   points [N, d], one per row
     * @param y   labels [N], each −1 or +1
     * @param w   weights [d] before the pass
     * @param b   bias before the pass
     * @param eta learning rate η &gt; 0
     * @return the predictions of the given (w, b) on every row, (w, b) after the pass, and the number of updates
     * @throws IllegalArgumentException if X does not have rank 2, w does not have rank 1, or w's size differs from X's
     *         columns (one weight per feature), y does not have rank 1 with one label per row of X, a label is not -1
     *         or +1, or eta is not &gt; 0 and finite
     */
    public static PerceptronPass perceptronPass(Tensor X, Tensor y, Tensor w, double b, double eta) {
        requireTrainingData(X, y, w, eta);
        Tensor prediction = perceptronPredict(X, w, b);
        int n = X.dim(0);
        int d = X.dim(1);
        double[] wb = withLast(w.toArray(), b);
        double[] x1 = new double[d + 1];
        double[] xd = X.toArray();
        int mistakes = 0;
        for (int i = 0; i < n; i++) {
            double label = y.at(i);
            if (!(label * affine(wb, xd, i, x1) > 0)) {
                double step = Math.copySign(eta, label);   // η·y_i for a label of ±1
                for (int j = 0; j <= d; j++) {
                    wb[j] += step * x1[j];
                }
                mistakes++;
            }
        }
        return new PerceptronPass(prediction, Tensor.wrap(new int[] {d}, Arrays.copyOf(wb, d)), wb[d], mistakes);
    }

    /**
     * Trains a perceptron from w = 0, b = 0 (Rosenblatt's start) by repeated {@link #perceptronPass
     * passes} until a pass makes no mistake or {@code epochs} passes are done. On linearly separable
     * data with margin γ and radius R = max‖(xᵢ, 1)‖ it converges after at most (R/γ)² updates
     * (Novikoff); on XOR it never does.
     *
     * @throws IllegalArgumentException if X does not have rank 2, epochs &lt; 1, y does not have rank 1 with one label
     *         per row of X, a label is not -1 or +1, or eta is not &gt; 0 and finite
     */
    public static PerceptronFit trainPerceptron(Tensor X, Tensor y, double eta, int epochs) {
        Require.rank("X", X, 2);
        return trainPerceptron(X, y, Tensor.zeros(X.dim(1)), 0, eta, epochs);
    }

    /**
     * As {@link #trainPerceptron(Tensor, Tensor, double, int)} from the initial weights w0 and bias b0.
     *
     * @throws IllegalArgumentException if epochs &lt; 1, X does not have rank 2, w0 does not have rank 1, or w0's size
     *         differs from X's columns (one weight per feature), y does not have rank 1 with one label per row of X, a
     *         label is not -1 or +1, or eta is not &gt; 0 and finite
     */
    public static PerceptronFit trainPerceptron(Tensor X, Tensor y, Tensor w0, double b0, double eta, int epochs) {
        // X, y, w0 and eta are checked by the first pass
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs: must be >= 1, got " + epochs);
        }
        Tensor w = w0;
        double b = b0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            PerceptronPass pass = perceptronPass(X, y, w, b, eta);
            w = pass.w();
            b = pass.b();
            if (pass.mistakes() == 0) {
                return new PerceptronFit(w, b, true, epoch);
            }
        }
        return new PerceptronFit(w, b, false, epochs);
    }

    private static void requirePoints(Tensor X, Tensor w) {
        Require.rank("X", X, 2);
        Require.rank("w", w, 1);
        if (w.size() != X.dim(1)) {
            throw new IllegalArgumentException("w: has " + w.size() + " entries but X has " + X.dim(1)
                    + " columns (features); one weight per feature is needed");
        }
    }

    private static void requireTrainingData(Tensor X, Tensor y, Tensor w, double eta) {
        requirePoints(X, w);
        Require.rank("y", y, 1);
        if (y.size() != X.dim(0)) {
            throw new IllegalArgumentException("y: has " + y.size() + " labels but X has " + X.dim(0) + " rows (points)");
        }
        for (int i = 0; i < y.size(); i++) {
            if (y.at(i) != 1 && y.at(i) != -1) {
                throw new IllegalArgumentException("y: every label must be -1 or +1, element " + i + " is " + y.at(i));
            }
        }
        Require.positive("eta", eta);
    }

    /** w·xᵢ + b as one compensated dot product of (w, b) with (xᵢ, 1); leaves (xᵢ, 1) in {@code x1}. */
    private static double affine(double[] wb, double[] xd, int row, double[] x1) {
        int d = x1.length - 1;
        System.arraycopy(xd, row * d, x1, 0, d);
        x1[d] = 1;
        return Sums.dot(wb, x1);
    }

    private static double[] withLast(double[] v, double last) {
        double[] out = Arrays.copyOf(v, v.length + 1);
        out[v.length] = last;
        return out;
    }

    // ---------------------------------------------------------------- affine layers

    /** The gradient of Σ c ⊙ (affine layer) with respect to its weights, its input and its bias. */
    public record LinearGradient(Tensor dW, Tensor dX, Tensor db) {
    }

    /**
     * An affine layer in the column layout of S0 and S4: Z = W X + b, with W[n1,n0], X[n0,m] (one
     * sample per column) and b[n1,1] added to every column. b must be [n1,1]: a rank-1 b[n1] is
     * rejected because array broadcasting (NumPy, PyTorch) would add it along the rows instead.
     *
     * @return Z [n1, m]
     * @throws IllegalArgumentException if W or X does not have rank 2, X's rows differ from W's columns, or b does not
     *         have shape [n1, 1] (n1 the rows of W)
     */
    public static Tensor linearColumns(Tensor W, Tensor X, Tensor b) {
        Require.rank("W", W, 2); // before W.dim(0); the product checks X's rank, naming it
        int n1 = W.dim(0);
        if (b.rank() != 2 || b.dim(0) != n1 || b.dim(1) != 1) {
            throw new IllegalArgumentException("b: must have shape [n1, 1] = [" + n1 + ", 1] (one bias per row of W, "
                    + "added to every column), shape " + Arrays.toString(b.shape()));
        }
        return Matrices.addColumnVector(Matrices.matmul("W", W, "X", X), "b", b);
    }

    /**
     * The vector–Jacobian product of {@link #linearColumns}: for the cotangent C[n1,m] of Z,
     * ∂/∂W = C Xᵀ, ∂/∂X = Wᵀ C, ∂/∂b = Σ_columns C as [n1,1].
     *
     * @throws IllegalArgumentException if W, X or c does not have rank 2, c and X differ in their number of columns, or
     *         c and W differ in their number of rows
     */
    public static LinearGradient linearColumnsVjp(Tensor W, Tensor X, Tensor c) {
        return new LinearGradient(
                Matrices.matmulTransposedB("C", c, "X", X),
                Matrices.matmulTransposedA("W", W, "C", c),
                Matrices.sumColumns(c));
    }

    /**
     * An affine layer in S3's row layout: H = X W + b, with X[N,in] (one sample per row),
     * W[in,out] and b[out] added to every row.
     *
     * @return H [N, out]
     * @throws IllegalArgumentException if X or W does not have rank 2, X's columns differ from W's rows, or b does not
     *         have shape [out] (out the columns of W)
     */
    public static Tensor linearRows(Tensor X, Tensor W, Tensor b) {
        return linearRows("X", X, "W", W, "b", b);
    }

    private static Tensor linearRows(String xName, Tensor X, String wName, Tensor W, String bName, Tensor b) {
        Require.rank(wName, W, 2); // before W.dim(1); the product checks X's rank, naming it
        int out = W.dim(1);
        if (b.rank() != 1 || b.size() != out) {
            throw new IllegalArgumentException(bName + ": must have shape [out] = [" + out + "] (one bias per column of "
                    + wName + "), shape " + Arrays.toString(b.shape()));
        }
        return Matrices.addRowVector(Matrices.matmul(xName, X, wName, W), bName, b);
    }

    /**
     * The vector–Jacobian product of {@link #linearRows}: for the cotangent C[N,out] of H,
     * ∂/∂W = Xᵀ C, ∂/∂X = C Wᵀ, ∂/∂b = Σ_rows C as [out].
     *
     * @throws IllegalArgumentException if X, W or c does not have rank 2, c and X differ in their number of rows, or c
     *         and W differ in their number of columns
     */
    public static LinearGradient linearRowsVjp(Tensor X, Tensor W, Tensor c) {
        return new LinearGradient(weightGradientRows(X, c), inputGradientRows(c, W), Matrices.sumRows(c));
    }

    /** ∂/∂W of a row-layout layer: Xᵀ C, X read in place. */
    private static Tensor weightGradientRows(Tensor X, Tensor c) {
        return Matrices.matmulTransposedA("X", X, "C", c);
    }

    /** ∂/∂X of a row-layout layer: C Wᵀ, W read in place. */
    private static Tensor inputGradientRows(Tensor c, Tensor W) {
        return Matrices.matmulTransposedB("C", c, "W", W);
    }

    // ---------------------------------------------------------------- multilayer perceptron

    /**
     * The values a forward pass leaves for back-propagation: the input X = A₀, the pre-activations
     * Z_l = A_(l−1) W_l + b_l and the activations A_l = f(Z_l) for l = 1..L (list index l − 1);
     * the output layer is affine, A_L = Z_L.
     */
    public record Forward(Tensor input, List<Tensor> preActivations, List<Tensor> activations) {
        /** The lists are copied, unmodifiable. */
        public Forward {
            preActivations = List.copyOf(preActivations);
            activations = List.copyOf(activations);
        }

        /** The network's output A_L. */
        public Tensor output() {
            return activations.get(activations.size() - 1);
        }

        /** The number of layers L. */
        public int depth() {
            return activations.size();
        }
    }

    /**
     * The gradients of Σ C ⊙ output with respect to X and every W_l, b_l (list index l − 1).
     *
     * <p>The input gradient ∂/∂X = δ₁W₁ᵀ costs as much as the first layer's forward product and a
     * training step never uses it (PyTorch computes no gradient for an input that does not require
     * one), so it is formed on the first call of {@link #dX()} and kept; the parameter gradients
     * are formed at once.
     */
    public static final class Backward {
        private final List<Tensor> dW;
        private final List<Tensor> db;
        private final Supplier<Tensor> inputGradient;
        private Tensor dX;

        Backward(Supplier<Tensor> inputGradient, List<Tensor> dW, List<Tensor> db) {
            this.inputGradient = inputGradient;
            this.dW = List.copyOf(dW);
            this.db = List.copyOf(db);
        }

        /**
         * ∂/∂X, formed on first use.
         *
         * @throws IllegalArgumentException if W_1, as given to mlpBackward, does not have rank 2 with as many columns
         *         as δ_1 (one per unit of layer 1)
         */
        public synchronized Tensor dX() {
            if (dX == null) {
                dX = inputGradient.get();
            }
            return dX;
        }

        /** ∂/∂W_l for l = 1..L (list index l − 1). */
        public List<Tensor> dW() {
            return dW;
        }

        /** ∂/∂b_l for l = 1..L (list index l − 1). */
        public List<Tensor> db() {
            return db;
        }
    }

    /**
     * A multilayer perceptron in S3's row layout: A₀ = X, Z_l = A_(l−1) W_l + b_l, A_l = f(Z_l) for
     * the hidden layers l = 1..L−1, and an affine output layer O = A_L = Z_L (S3: H = σ(XW⁽¹⁾ + b⁽¹⁾),
     * O = HW⁽²⁾ + b⁽²⁾; its figure is 4 → 5 → 3). Depth L ≥ 1; L = 1 is one affine layer.
     *
     * @param X       [N, n₀]
     * @param weights W_1..W_L, W_l [n_(l−1), n_l]
     * @param biases  b_1..b_L, b_l [n_l]
     * @param hidden  f, the activation of every hidden layer
     * @return every layer's pre-activation and activation
     * @throws IllegalArgumentException if X does not have rank 2, weights is empty, biases and weights differ in
     *         number, a W_l does not have rank 2 with one row per column of X (l = 1) or of W_(l−1), or a b_l does not
     *         have shape [n_l] (n_l the columns of W_l)
     */
    public static Forward mlpForward(Tensor X, List<Tensor> weights, List<Tensor> biases, Activation hidden) {
        Require.rank("X", X, 2);
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("W1: missing; a network needs at least one layer");
        }
        if (biases.size() != weights.size()) {
            throw new IllegalArgumentException("b" + (Math.min(weights.size(), biases.size()) + 1)
                    + ": expected one bias per layer, got " + biases.size() + " biases for " + weights.size() + " layers");
        }
        String previous = "X";
        int width = X.dim(1);
        for (int l = 1; l <= weights.size(); l++) {
            Tensor W = weights.get(l - 1);
            Require.rank("W" + l, W, 2);
            if (W.dim(0) != width) {
                throw new IllegalArgumentException("W" + l + ": has " + W.dim(0) + " rows but " + previous + " has " + width
                        + " columns; layer " + l + " must take one input per " + (l == 1 ? "feature" : "unit of layer " + (l - 1)));
            }
            previous = "W" + l;
            width = W.dim(1);
        }
        List<Tensor> pre = new ArrayList<>();
        List<Tensor> act = new ArrayList<>();
        Tensor a = X;
        String input = "X";
        for (int l = 1; l <= weights.size(); l++) {
            Tensor z = linearRows(input, a, "W" + l, weights.get(l - 1), "b" + l, biases.get(l - 1));
            a = l == weights.size() ? z : hidden.apply(z);
            pre.add(z);
            act.add(a);
            input = "A" + l;
        }
        return new Forward(X, pre, act);
    }

    /**
     * Back-propagation through {@link #mlpForward}: with δ_L = C (the cotangent of the affine
     * output), for l = L..1: ∂/∂W_l = A_(l−1)ᵀ δ_l, ∂/∂b_l = Σ_rows δ_l, and
     * δ_(l−1) = (δ_l W_lᵀ) ⊙ f'(Z_(l−1)); finally ∂/∂X = δ_1 W_1ᵀ, formed only when asked for
     * ({@link Backward#dX()}). The transposed operands are read in place.
     *
     * @param forward the forward pass of the same X, weights and activation
     * @param weights W_1..W_L
     * @param hidden  the hidden activation f
     * @param c       the cotangent of the output, shape of {@code forward.output()}
     * @throws IllegalArgumentException if c's shape differs from that of forward.output(), or weights are not the
     *         forward pass's: one W_l per layer, each of shape [width of A_(l−1), width of Z_l]
     */
    public static Backward mlpBackward(Forward forward, List<Tensor> weights, Activation hidden, Tensor c) {
        return mlpBackward(forward, weights, hidden::derivative, c);
    }

    /**
     * {@link #mlpBackward(Forward, List, Activation, Tensor)} with the hidden activation's
     * derivative given as a function: where a convention at a kink differs from {@link Activation}'s
     * (relu'(0) = 1 instead of 0), the same back-propagation under that convention.
     *
     * @throws IllegalArgumentException if c's shape differs from that of forward.output(), or weights are not the
     *         forward pass's: one W_l per layer, each of shape [width of A_(l−1), width of Z_l]
     */
    public static Backward mlpBackward(Forward forward, List<Tensor> weights, DoubleUnaryOperator derivative, Tensor c) {
        Require.sameShape("output", forward.output(), "c", c);
        int depth = forward.depth();
        Require.that(weights.size() == depth, "weights", "expected the forward pass's " + depth + " layers, got " + weights.size());
        for (int l = 1; l <= depth; l++) {
            Tensor input = l == 1 ? forward.input() : forward.activations().get(l - 2);
            int[] expected = {input.dim(-1), forward.preActivations().get(l - 1).dim(-1)};
            Require.that(Arrays.equals(weights.get(l - 1).shape(), expected), "W" + l, "must have the forward pass's shape "
                    + Arrays.toString(expected) + ", got " + Arrays.toString(weights.get(l - 1).shape()));
        }
        Tensor[] dW = new Tensor[depth];
        Tensor[] db = new Tensor[depth];
        Tensor delta = c;
        for (int l = depth; l >= 1; l--) {
            Tensor input = l == 1 ? forward.input() : forward.activations().get(l - 2);
            dW[l - 1] = weightGradientRows(input, delta);
            db[l - 1] = Matrices.sumRows(delta);
            if (l > 1) {
                delta = timesDerivative(inputGradientRows(delta, weights.get(l - 1)), forward.preActivations().get(l - 2), derivative);
            }
        }
        Tensor delta1 = delta;
        Tensor w1 = weights.get(0);
        return new Backward(() -> inputGradientRows(delta1, w1), Arrays.asList(dW), Arrays.asList(db));
    }

    /** upstream ⊙ f'(z), elementwise. */
    private static Tensor timesDerivative(Tensor upstream, Tensor z, DoubleUnaryOperator derivative) {
        double[] out = new double[upstream.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = upstream.at(i) * derivative.applyAsDouble(z.at(i));
        }
        return Tensor.wrap(upstream.shape(), out);
    }

    // ---------------------------------------------------------------- linear collapse

    /** Both sides of the collapse identity. */
    public record Collapse(Tensor stacked, Tensor collapsed) {
    }

    /**
     * Two affine layers without an activation collapse into one (S3):
     * stacked = (X W_h + b_h) W_o + b_o, collapsed = X (W_h W_o) + (b_h W_o + b_o).
     * Both are evaluated as written; they agree up to rounding, since they associate the same
     * products differently.
     *
     * @param X  [N, in]
     * @param Wh [in, h]
     * @param bh [h]
     * @param Wo [h, out]
     * @param bo [out]
     * @throws IllegalArgumentException if X, Wh or Wo does not have rank 2, X's columns differ from Wh's rows, Wo's
     *         rows differ from Wh's columns, bh does not have shape [h] (the columns of Wh), or bo does not have shape
     *         [out] (the columns of Wo)
     */
    public static Collapse linearCollapse(Tensor X, Tensor Wh, Tensor bh, Tensor Wo, Tensor bo) {
        Require.rank("Wh", Wh, 2);
        Require.rank("Wo", Wo, 2);
        if (Wo.dim(0) != Wh.dim(1)) {
            throw new IllegalArgumentException("Wo: has " + Wo.dim(0) + " rows but Wh has " + Wh.dim(1)
                    + " columns; the output layer must take one input per hidden unit");
        }
        Tensor hiddenLayer = linearRows("X", X, "Wh", Wh, "bh", bh);
        Tensor stacked = linearRows("H", hiddenLayer, "Wo", Wo, "bo", bo);
        Tensor weight = Matrices.matmul("Wh", Wh, "Wo", Wo);
        Tensor bias = linearRows("bh", bh.reshape(1, bh.size()), "Wo", Wo, "bo", bo).reshape(bo.size());
        Tensor collapsed = linearRows("X", X, "Wh·Wo", weight, "bh·Wo + bo", bias);
        return new Collapse(stacked, collapsed);
    }

    /**
     * The vector–Jacobian product of {@link #linearCollapse}. The two outputs are one function of
     * the inputs, so the gradient of Σ C_s ⊙ stacked + Σ C_c ⊙ collapsed is the back-propagation
     * of C_s + C_c through the stacked form.
     *
     * @throws IllegalArgumentException if X, Wh or Wo does not have rank 2, X's columns differ from Wh's rows, Wo's
     *         rows differ from Wh's columns, bh does not have shape [h] (the columns of Wh), bo does not have shape
     *         [out] (the columns of Wo), cCollapsed's shape differs from cStacked's, or theirs is not the output's, [N,
     *         out]
     */
    public static Backward linearCollapseVjp(Tensor X, Tensor Wh, Tensor bh, Tensor Wo, Tensor bo,
                                             Tensor cStacked, Tensor cCollapsed) {
        List<Tensor> weights = List.of(Wh, Wo);
        Forward f = mlpForward(X, weights, List.of(bh, bo), Activation.IDENTITY);
        return mlpBackward(f, weights, Activation.IDENTITY, Matrices.add(cStacked, cCollapsed));
    }

    // ---------------------------------------------------------------- S1's network

    /** The gradients of Σ C ⊙ s1Network with respect to x and every parameter, in S1's shapes. */
    public record S1Gradient(Tensor dx, Tensor dW1, Tensor db1, Tensor dW2, Tensor db2) {
    }

    /**
     * S1's network, output = softmax(W2 tanh(W1 x + b1) + b2), in S1's column layout: x[n0] is
     * one sample (a column vector) or X[n0,m] holds one sample per column; W1[n1,n0], b1[n1],
     * W2[n2,n1], b2[n2], the biases added to every column; softmax runs down each column (over the
     * n2 classes). Computed as the transposed row-layout {@link #mlpForward} with tanh, whose
     * logits then go through the one max-shifted {@link Activations#softmax}. An empty output
     * (n2 = 0 or m = 0) is empty, as torch.softmax of an empty tensor.
     *
     * @return [n2] for x[n0], [n2, m] for X[n0, m]; every column on the simplex
     * @throws IllegalArgumentException if x does not have rank 1 or 2, W1 or W2 does not have rank 2, x's rows differ
     *         from W1's columns, W2's columns differ from W1's rows, or b1 or b2 does not have shape [n1] or [n2] (the
     *         rows of W1, W2)
     */
    public static Tensor s1Network(Tensor x, Tensor W1, Tensor b1, Tensor W2, Tensor b2) {
        Forward f = s1Forward(x, W1, b1, W2, b2);
        Tensor s = softmaxRows(f.output());
        return fromRows(s, x);
    }

    /**
     * The vector–Jacobian product of {@link #s1Network}: the softmax VJP s ⊙ (c − c·s) per column,
     * then back-propagation through the tanh layer ({@link #mlpBackward}).
     *
     * @throws IllegalArgumentException if x does not have rank 1 or 2, W1 or W2 does not have rank 2, x's rows differ
     *         from W1's columns, W2's columns differ from W1's rows, b1 or b2 does not have shape [n1] or [n2] (the
     *         rows of W1, W2), or a non-empty output's c is not shaped as the output ([n2, m] for X[n0, m]; n2 elements
     *         of any shape for a vector x)
     */
    public static S1Gradient s1NetworkVjp(Tensor x, Tensor W1, Tensor b1, Tensor W2, Tensor b2, Tensor c) {
        Forward f = s1Forward(x, W1, b1, W2, b2);
        Tensor s = softmaxRows(f.output());
        Tensor cRows = Matrices.transpose(x.rank() == 1 ? c.reshape(c.size(), 1) : c);
        Tensor dLogits = s.isEmpty() ? s : Activations.softmaxVjp(s, cRows);
        Backward g = mlpBackward(f, List.of(Matrices.transpose(W1), Matrices.transpose(W2)), Activation.TANH, dLogits);
        return new S1Gradient(fromRows(g.dX(), x), Matrices.transpose(g.dW().get(0)), g.db().get(0),
                Matrices.transpose(g.dW().get(1)), g.db().get(1));
    }

    private static Forward s1Forward(Tensor x, Tensor W1, Tensor b1, Tensor W2, Tensor b2) {
        requireRank1or2("x", x, "[n0] (one sample) or [n0, m] (one sample per column)");
        Require.rank("W1", W1, 2);
        Require.rank("W2", W2, 2);
        if (x.dim(0) != W1.dim(1)) {
            throw new IllegalArgumentException("x: has " + x.dim(0) + " rows but W1 has " + W1.dim(1)
                    + " columns; W1 must have one column per input");
        }
        if (W2.dim(1) != W1.dim(0)) {
            throw new IllegalArgumentException("W2: has " + W2.dim(1) + " columns but W1 has " + W1.dim(0)
                    + " rows; W2 must have one column per hidden unit");
        }
        requireVector("b1", b1, W1.dim(0), "one bias per row of W1");
        requireVector("b2", b2, W2.dim(0), "one bias per row of W2");
        Tensor rows = Matrices.transpose(x.rank() == 1 ? x.reshape(x.size(), 1) : x);
        return mlpForward(rows, List.of(Matrices.transpose(W1), Matrices.transpose(W2)), List.of(b1, b2), Activation.TANH);
    }

    private static Tensor softmaxRows(Tensor logits) {
        return logits.isEmpty() ? logits : Activations.softmax(logits);
    }

    /** A row-layout result [m, k] back in the layout of x: [k] for a vector x, [k, m] for a matrix. */
    private static Tensor fromRows(Tensor rows, Tensor x) {
        Tensor columns = Matrices.transpose(rows);
        return x.rank() == 1 ? columns.reshape(columns.size()) : columns;
    }

    private static void requireRank1or2(String name, Tensor t, String shapes) {
        if (t.rank() != 1 && t.rank() != 2) {
            throw new IllegalArgumentException(name + ": must have rank 1 or 2, " + shapes + ", shape "
                    + Arrays.toString(t.shape()));
        }
    }

    private static void requireVector(String name, Tensor t, int n, String why) {
        if (t.rank() != 1 || t.size() != n) {
            throw new IllegalArgumentException(name + ": must have shape [" + n + "] (" + why + "), shape "
                    + Arrays.toString(t.shape()));
        }
    }
}

package io.refcheck.catalog;

import static io.refcheck.catalog.Facts.U;
import static io.refcheck.catalog.Facts.activation;
import static io.refcheck.catalog.Facts.column;

import io.refcheck.formulas.Activation;
import io.refcheck.formulas.Activations;
import io.refcheck.formulas.Layers;
import io.refcheck.formulas.Matrices;
import io.refcheck.formulas.Require;
import io.refcheck.formulas.Sums;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facts of §B's entries (docs/catalog.md), the input decoders the entries and facts share, kink
 * references and rounding scales.
 *
 * <p>Where a fact compares two evaluations of the same sums done in different orders (two layouts,
 * batch against single sample, stacked against collapsed), its tolerance is the rounding bound for
 * any summation order in double precision: two evaluations of a sum of n terms differ by at most
 * 2γ_n·Σ|terms|, γ_n = n·u/(1 − n·u), u = 2⁻⁵³ (Higham, Accuracy and Stability of Numerical
 * Algorithms, §3.1), so engines that use other kernels (BLAS, FMA) are held to the same bound.
 */
final class LayerFacts {
    private LayerFacts() {
    }

    /**
     * Novikoff: from (w, b) = 0, the perceptron makes at most (R/γ)² updates, R = max‖(xᵢ, 1)‖,
     * γ = minᵢ yᵢ(w*·xᵢ + b*)/‖(w*, b*)‖ for any separator (w*, b*). Passes run through the engine
     * until one makes no mistake.
     */
    static Verdict novikoffVerdict(Evaluator engine, Tensors s) {
        Tensor X = s.get("X");
        Tensor y = s.get("y");
        int n = X.dim(0);
        int d = X.dim(1);
        double[] separator = s.get("separator").toArray();
        double norm = Math.sqrt(Sums.dot(separator, separator));
        double radius2 = 0;
        double margin = Double.POSITIVE_INFINITY;
        double[] xd = X.toArray();
        for (int i = 0; i < n; i++) {
            double[] point = Arrays.copyOfRange(xd, i * d, i * d + d);
            radius2 = Math.max(radius2, Sums.dot(point, point) + 1);
            margin = Math.min(margin, y.at(i) * affine(Arrays.copyOf(separator, d), separator[d], point) / norm);
        }
        double bound = radius2 / (margin * margin) * (1 + 1e-9);
        Tensors state = s.without("separator");
        long updates = 0;
        for (int pass = 0; pass <= bound + 1; pass++) {
            Tensors out = engine.evaluate("perceptron", state);
            double mistakes = out.scalar("mistakes");
            if (mistakes == 0) {
                return Verdict.when(updates <= bound, "converged after %d updates, above Novikoff's bound %.3f", updates, bound);
            }
            updates += (long) mistakes;
            state = state.with("w", out.get("w_next")).with("b", out.get("b_next"));
        }
        return Verdict.fails("no pass without mistakes after %d updates; Novikoff's bound is %.3f", updates, bound);
    }

    static double affine(double[] w, double b, double[] x) {
        double[] wb = Arrays.copyOf(w, w.length + 1);
        wb[w.length] = b;
        double[] x1 = Arrays.copyOf(x, x.length + 1);
        x1[x.length] = 1;
        return Sums.dot(wb, x1);
    }

    /** Per element of Z = WX + b: 2γ_(n0+1)·(|W||X| + |b|), the gap allowed between two evaluations. */
    static Tensor columnsBound(Tensor W, Tensor X, Tensor b) {
        Tensor magnitude = Matrices.addColumnVector(Matrices.matmul(abs(W), abs(X)), "b", abs(b));
        return sumBound(magnitude, W.dim(1) + 1);
    }

    /** Per element of H = XW + b: 2γ_(in+1)·(|X||W| + |b|). */
    static Tensor rowsBound(Tensor X, Tensor W, Tensor b) {
        Tensor magnitude = Matrices.addRowVector(Matrices.matmul(abs(X), abs(W)), "b", abs(b));
        return sumBound(magnitude, X.dim(1) + 1);
    }

    static final Pattern LAYER_NAME = Pattern.compile("([Wb])([0-9]+)");

    /** mlp_forward's vector–Jacobian product, with the hidden activation's derivative {@code derivative}. */
    static Tensors mlpVjp(Tensors in, Tensors c, DoubleUnaryOperator derivative) {
        int depth = depth(in);
        List<Tensor> weights = layer(in, "W", depth);
        Layers.Forward forward = Layers.mlpForward(in.get("X"), weights, layer(in, "b", depth), activation(in));
        Layers.Backward g = Layers.mlpBackward(forward, weights, derivative, c.get("O"));
        Map<String, Tensor> grads = new LinkedHashMap<>();
        grads.put("X", g.dX());
        for (int l = 1; l <= depth; l++) {
            grads.put("W" + l, g.dW().get(l - 1));
            grads.put("b" + l, g.db().get(l - 1));
        }
        return Tensors.of(grads);
    }

    /** The depth L: W1..WL present without gaps, each with its bias; extra layer names are rejected. */
    static int depth(Tensors in) {
        int depth = 0;
        while (in.has("W" + (depth + 1))) {
            depth++;
        }
        for (String name : in.names()) {
            Matcher m = LAYER_NAME.matcher(name);
            if (m.matches() && Integer.parseInt(m.group(2)) > depth) {
                throw new IllegalArgumentException("W" + (depth + 1) + ": missing; " + name
                        + " is given, and layers are numbered 1..L without gaps");
            }
        }
        if (depth == 0) {
            throw new IllegalArgumentException("W1: missing; a network needs at least one layer");
        }
        for (int l = 1; l <= depth; l++) {
            if (!in.has("b" + l)) {
                throw new IllegalArgumentException("b" + l + ": missing; layer " + l + " has W" + l + " but no bias");
            }
        }
        return depth;
    }

    static List<Tensor> layer(Tensors in, String prefix, int depth) {
        List<Tensor> out = new ArrayList<>();
        for (int l = 1; l <= depth; l++) {
            out.add(in.get(prefix + l));
        }
        return out;
    }

    /**
     * Twice the forward error bound of one evaluation of the MLP in any summation order: with
     * E₁ = γ_(n₀+1)(|X||W₁| + |b₁|) and, through each 1-Lipschitz activation (σ' ≤ ¼, tanh' ≤ 1,
     * relu' ≤ 1) that adds 2 ulps of its value, E_l = γ_(n+1)(|A_(l−1)||W_l| + |b_l|)
     * + (E_(l−1) + 4u|A_(l−1)|)|W_l|. The magnitudes |A_l| come from the plain-Java forward pass.
     */
    static Tensor mlpBound(Tensors s) {
        int depth = depth(s);
        List<Tensor> weights = layer(s, "W", depth);
        List<Tensor> biases = layer(s, "b", depth);
        Layers.Forward f = Layers.mlpForward(s.get("X"), weights, biases, activation(s));
        Tensor input = s.get("X");
        Tensor error = Tensor.zeros(input.shape());
        for (int l = 1; l <= depth; l++) {
            Tensor W = abs(weights.get(l - 1));
            Tensor magnitude = Matrices.addRowVector(Matrices.matmul(abs(input), W), "b", abs(biases.get(l - 1)));
            Tensor inherited = Matrices.matmul(l == 1 ? error : Matrices.add(error, Matrices.scale(abs(input), 4 * U)), W);
            error = Matrices.add(sumBound(magnitude, W.dim(0) + 1).map(e -> e / 2), inherited);
            input = f.activations().get(l - 1);
        }
        return Matrices.scale(error, 2);
    }

    /**
     * Both sides are evaluations of the same sum of products; each lies within γ_(in+h+2)·T of the
     * exact value, T = (|X||W_h| + |b_h|)|W_o| + |b_o| the sum of the absolute terms, in any
     * association and summation order (first-order terms; γ_a + γ_b + γ_aγ_b ≤ γ_(a+b)).
     */
    static Tensor collapseBound(Tensors s) {
        Tensor hidden = Matrices.addRowVector(Matrices.matmul(abs(s.get("X")), abs(s.get("Wh"))), "bh", abs(s.get("bh")));
        Tensor magnitude = Matrices.addRowVector(Matrices.matmul(hidden, abs(s.get("Wo"))), "bo", abs(s.get("bo")));
        return sumBound(magnitude, s.get("X").dim(1) + s.get("Wh").dim(1) + 2);
    }

    static double scalarInput(Tensors in, String name) {
        Tensor t = in.get(name);
        Require.scalar(name, t);
        return t.item();
    }

    /** γ_n = n·u/(1 − n·u). */
    static double gamma(int n) {
        return n * U / (1 - n * U);
    }

    /** 2γ_n·magnitude per element, plus n half-subnormals for products that underflowed. */
    static Tensor sumBound(Tensor magnitude, int n) {
        double g = 2 * gamma(n);
        return magnitude.map(m -> g * m + n * Double.MIN_VALUE);
    }

    /** Element i of actual within bound i of expected (NaN matches NaN, ±∞ itself). */
    static Verdict within(String what, Tensor actual, Tensor expected, Tensor bound) {
        if (!actual.sameShape(expected)) {
            return Verdict.fails("%s: shape %s, expected %s", what, Arrays.toString(actual.shape()),
                    Arrays.toString(expected.shape()));
        }
        return Verdict.forEvery(actual.size(), i -> Verdict.close(what + " element " + i, actual.at(i), expected.at(i), bound.at(i), 0));
    }

    static Tensor abs(Tensor t) {
        return t.map(Math::abs);
    }

    static double[] abs(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.abs(v[i]);
        }
        return out;
    }

    static Tensor row(Tensor m, int i) {
        double[] r = new double[m.dim(1)];
        for (int j = 0; j < r.length; j++) {
            r[j] = m.get(i, j);
        }
        return Tensor.of(new int[] {1, r.length}, r);
    }

    static boolean shapeIs(Tensor t, int... shape) {
        return Arrays.equals(t.shape(), shape);
    }

    /** A threshold unit's output on NaN: NaN by IEEE (plain Java), 0 by PyTorch's heaviside, which compares with 0. */
    static boolean nanOrZero(double y) {
        return Double.isNaN(y) || y == 0;
    }

    static boolean allFinite(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (!Double.isFinite(t.at(i))) {
                return false;
            }
        }
        return true;
    }

    /** With unit weights the neuron fires at θ = n exactly when every input is 1 (AND), at θ = 1 when any is (OR). */
    static Verdict unitWeightsAreAndOr(Evaluator engine, Tensors s) {
        Tensor x = s.get("x");
        int n = x.dim(1);
        Tensor w = Tensor.filled(1, n);
        Tensor and = engine.evaluate("mp_neuron", Tensors.of("x", x, "w", w, "theta", n), "y");
        Tensor or = engine.evaluate("mp_neuron", Tensors.of("x", x, "w", w, "theta", 1), "y");
        for (int i = 0; i < x.dim(0); i++) {
            double all = 1;
            double any = 0;
            for (int j = 0; j < n; j++) {
                all = Math.min(all, x.get(i, j));
                any = Math.max(any, x.get(i, j));
            }
            if (and.at(i) != all || or.at(i) != any) {
                return Verdict.fails("row %d: AND %s (expected %s), OR %s (expected %s)",
                        i, and.at(i), all, or.at(i), any);
            }
        }
        return Verdict.holds();
    }

    /** No (w, b) classifies all four XOR points: at most three predictions match the labels. */
    static Verdict xorNotSeparable(Evaluator engine, Tensors s) {
        Tensor prediction = engine.evaluate("perceptron", Tensors.of("X", LayerSamples.XOR_POINTS, "y", LayerSamples.XOR_LABELS,
                "w", s.get("w"), "b", s.get("b"), "eta", 1), "prediction");
        int correct = 0;
        for (int i = 0; i < 4; i++) {
            correct += prediction.at(i) == LayerSamples.XOR_LABELS.at(i) ? 1 : 0;
        }
        return Verdict.when(correct < 4, "all four XOR points classified correctly by w = %s, b = %s",
                s.get("w"), s.get("b"));
    }

    /** One update on a mistaken point raises y(w·x + b) by η(‖x‖² + 1), within 4γ_(d+2) of the terms' magnitudes. */
    static Verdict updateRaisesMargin(Evaluator engine, Tensors s) {
        Tensors out = engine.evaluate("perceptron", s);
        double[] x = s.get("X").toArray();
        double label = s.get("y").item();
        double eta = s.scalar("eta");
        double before = label * affine(s.get("w").toArray(), s.scalar("b"), x);
        double after = label * affine(out.get("w_next").toArray(), out.scalar("b_next"), x);
        double gain = eta * (Sums.dot(x, x) + 1);
        // each affine value carries ≤ γ_(d+1) of its terms' magnitudes; w_next rounds once per entry
        double magnitude = Sums.dot(abs(s.get("w").toArray()), abs(x)) + Math.abs(s.scalar("b")) + gain;
        double bound = 4 * gamma(x.length + 2) * magnitude;
        return Verdict.when(out.scalar("mistakes") == 1, "a misclassified point made %s updates",
                out.scalar("mistakes"))
                .and(Verdict.close("margin gain", after - before, gain, bound, 0));
    }

    /** Each column of Z, evaluated alone, equals that column of the batch within the summation bound. */
    static Verdict columnsAreIndependent(Evaluator engine, Tensors s) {
        Tensor W = s.get("W");
        Tensor X = s.get("X");
        Tensor b = s.get("b");
        Tensor Z = engine.evaluate("linear_columns", s, "Z");
        Tensor bound = columnsBound(W, X, b);
        Verdict v = Verdict.holds();
        for (int j = 0; j < X.dim(1); j++) {
            Tensor zj = engine.evaluate("linear_columns", s.with("X", column(X, j)), "Z");
            v = v.and(within("column " + j, zj, column(Z, j), column(bound, j)));
        }
        return v;
    }

    /** H = XW + b against (Wᵀ Xᵀ + b)ᵀ from linear_columns, within the summation bound. */
    static Verdict rowsAreTransposedColumns(Evaluator engine, Tensors s) {
        Tensor X = s.get("X");
        Tensor W = s.get("W");
        Tensor b = s.get("b");
        Tensor H = engine.evaluate("linear_rows", s, "H");
        Tensor Z = engine.evaluate("linear_columns", Tensors.of("W", Matrices.transpose(W),
                "X", Matrices.transpose(X), "b", b.reshape(b.size(), 1)), "Z");
        return within("H against Zᵀ", H, Matrices.transpose(Z), rowsBound(X, W, b));
    }

    /** mlp_forward's vjp with relu'(0) = {@code atZero}. */
    static Formula.Vjp mlpVjpWithReluAtZero(double atZero) {
        return (in, c) -> mlpVjp(in, c, z -> Kinks.reluDerivative(z, atZero));
    }

    /** mlp_forward with identity activations against linear_collapse's collapsed output, within the collapse bound. */
    static Verdict identityMlpIsCollapsed(Evaluator engine, Tensors s) {
        Tensor O = engine.evaluate("mlp_forward", Tensors.of("X", s.get("X"), "W1", s.get("Wh"), "b1", s.get("bh"),
                "W2", s.get("Wo"), "b2", s.get("bo"), "activation", Activation.IDENTITY.code()), "O");
        Tensor collapsed = engine.evaluate("linear_collapse", s, "collapsed");
        return within("O against X(W_hW_o) + (b_hW_o + b_o)", O, collapsed, collapseBound(s));
    }

    /** Each row of O, evaluated alone, equals that row of the batch within the network's summation bound. */
    static Verdict mlpRowsAreIndependent(Evaluator engine, Tensors s) {
        Tensor X = s.get("X");
        Tensor O = engine.evaluate("mlp_forward", s, "O");
        Tensor bound = mlpBound(s);
        Verdict v = Verdict.holds();
        for (int i = 0; i < X.dim(0); i++) {
            Tensor oi = engine.evaluate("mlp_forward", s.with("X", row(X, i)), "O");
            v = v.and(within("row " + i, oi, row(O, i), row(bound, i)));
        }
        return v;
    }

    /** The rounding scale of the whole network on absolute values. */
    static Tensors mlpRoundingScale(Tensors in) {
        return Tensors.of("O", RoundingScales.network(in.get("X"), layer(in, "W", depth(in)), layer(in, "b", depth(in))));
    }

    /** stacked against collapsed, within the collapse bound. */
    static Verdict stackedIsCollapsed(Evaluator engine, Tensors s) {
        Tensors out = engine.evaluate("linear_collapse", s);
        return within("stacked against collapsed", out.get("stacked"), out.get("collapsed"), collapseBound(s));
    }

    /** Row 0 NaN on both sides, row 1 = 58.5 on both. */
    static boolean firstRowNaNSecondFinite(Tensors out) {
        return Double.isNaN(out.get("stacked").at(0)) && Double.isNaN(out.get("collapsed").at(0))
                && out.get("stacked").at(1) == 58.5 && out.get("collapsed").at(1) == 58.5;
    }

    /** Both sides equal b_o = 0.5 in both rows. */
    static boolean bothAreOutputBias(Tensors out) {
        return out.get("stacked").equals(Tensor.matrix(new double[] {0.5}, new double[] {0.5}))
                && out.get("collapsed").equals(out.get("stacked"));
    }

    /** Both association orders are bounded by the network on absolute values with every inner dimension counted. */
    static Tensors collapseRoundingScale(Tensors in) {
        // Both association orders are bounded by the network on absolute values with every inner dimension counted.
        Tensor s = RoundingScales.network(in.get("X"), List.of(in.get("Wh"), in.get("Wo")), List.of(in.get("bh"), in.get("bo")));
        return Tensors.of("stacked", s, "collapsed", s);
    }

    /** Every output column lies in [0, 1] and sums to 1 within 2(n2 + 4)u. */
    static Verdict columnsAreDistributions(Evaluator engine, Tensors s) {
        Tensor out = engine.evaluate("s1_network", s, "output");
        Tensor columns = out.rank() == 1 ? out.reshape(out.size(), 1) : out;
        int classes = columns.dim(0);
        // each s_i = e_i / S carries ≤ (n2 + 2) ulps (one exp, an n2-term sum, one division); ulp = 2u
        double tol = 2 * (classes + 4) * U;
        Verdict v = Verdict.holds();
        for (int j = 0; j < columns.dim(1); j++) {
            Tensor col = column(columns, j);
            for (int i = 0; i < classes; i++) {
                v = v.and(Verdict.when(col.at(i) >= 0 && col.at(i) <= 1, "column %d entry %d is %s", j, i, col.at(i)));
            }
            v = v.and(Verdict.close("column " + j + " sum", Sums.sum(col.toArray()), 1, tol, 0));
        }
        return v;
    }

    /** s1_network against softmax(mlp_forward(xᵀ) with tanh)ᵀ, to 10⁻¹¹ relative. */
    static Verdict s1IsSoftmaxOfMlp(Evaluator engine, Tensors s) {
        Tensor x = s.get("x");
        Tensor rows = Matrices.transpose(x.rank() == 1 ? x.reshape(x.size(), 1) : x);
        Tensor logits = engine.evaluate("mlp_forward", Tensors.of("X", rows, "W1", Matrices.transpose(s.get("W1")),
                "b1", s.get("b1"), "W2", Matrices.transpose(s.get("W2")), "b2", s.get("b2"),
                "activation", Activation.TANH.code()), "O");
        Tensor expected = Matrices.transpose(Activations.softmax(logits));
        Tensor out = engine.evaluate("s1_network", s, "output");
        Tensor actual = out.rank() == 1 ? out.reshape(out.size(), 1) : out;
        // moderate samples: |logits| ≤ 30, so two engines' logits differ by ≤ 1e-13 and softmax
        // (relative condition ≤ 2 max|Δz|) by a relative 1e-12; rtol 1e-11 leaves a factor 10
        return within("output against softmax(mlp_forward)ᵀ", actual, expected, expected.map(p -> 1e-11 * p + 1e-300));
    }
}

package io.refcheck.catalog;

import static io.refcheck.catalog.Facts.activation;
import static io.refcheck.catalog.Facts.column;

import io.refcheck.formulas.Activation;
import io.refcheck.formulas.Activations;
import io.refcheck.formulas.Backprop;
import io.refcheck.formulas.Backprop.Layout;
import io.refcheck.formulas.Backprop.OutputCase;
import io.refcheck.formulas.Backprop.TwoLayerParameters;
import io.refcheck.formulas.FiniteDifferences;
import io.refcheck.formulas.Matrices;
import io.refcheck.formulas.Sums;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * The facts of §E's entries (docs/catalog.md): gradients against central differences through the engine,
 * identities between the entries, the errata's evidence, kink references and rounding scales.
 */
final class BackpropFacts {
    private BackpropFacts() {
    }

    static final double GRAD_ATOL = Formula.Tolerance.GRADIENT.atol();

    static final double GRAD_RTOL = Formula.Tolerance.GRADIENT.rtol();

    /**
     * Tries of the finite-difference facts: each try costs four evaluations per differentiated
     * element (up to 150 whole-network passes, each with autograd on PyTorch, a few ms there). The
     * same back-propagation code is checked on 600 random networks by RandomMlpGradientTest, and
     * delta_output's delta against its loss by the generic gradient check as well.
     */
    static final int FINITE_DIFFERENCE_TRIES = 20;

    static final int DELTA_OUTPUT_DIFFERENCE_TRIES = 50;

    /** c ⊙ f'(g(x))·g'(x) with relu'(0) = {@code reluAtZero}. */
    static Formula.Vjp chainRuleWithReluAtZero(double reluAtZero) {
        return (in, ct) -> {
            Activation f = outer(in);
            Activation g = inner(in);
            Tensor x = in.get("x");
            return Tensors.of("x", ct.get("y").zip(x, (c, xi) -> c * Kinks.derivative(f, g.apply(xi), reluAtZero)
                    * Kinks.derivative(g, xi, reluAtZero)));
        };
    }

    /**
     * §I.3: S2's output delta (a − y) ⊙ a(1 − a) applied to bce + sigmoid and to
     * softmax_cross_entropy, against central differences of those losses.
     */
    static Erratum.Evidence s2OutputDeltaEvidence() {
        Random r = new Random(20260301L);
        double sourceError = Double.POSITIVE_INFINITY;
        double correctedError = 0;
        for (int draw = 0; draw < 20; draw++) {
            for (OutputCase c : OutputCase.values()) {
                Tensor z = Samples.matrix(r, 3, 4, Samples.gaussian(2));
                Tensor y = BackpropSamples.targetRows(r, c, 3, 4);
                Tensor numeric = FiniteDifferences.gradient(zz -> Backprop.outputLoss(c, zz, y), z);
                correctedError = Math.max(correctedError, FiniteDifferences.relativeError(Backprop.deltaOutput(c, z, y), numeric));
                if (c != OutputCase.HALF_SSE_SIGMOID) {
                    Tensor a = c == OutputCase.BCE_SIGMOID ? Activations.sigmoid(z) : Activations.softmax(z);
                    Tensor s2Delta = a.zip(y, (ai, yi) -> (ai - yi) * ai * (1 - ai));
                    sourceError = Math.min(sourceError, FiniteDifferences.relativeError(s2Delta, numeric));
                }
            }
        }
        return new Erratum.Evidence("normwise relative error ‖δ − ∂L/∂z‖∞ / ‖∂L/∂z‖∞ against central differences "
                + "(Richardson) on 20 seeded 3×4 batches: seed = the smallest over the bce + sigmoid and softmax "
                + "cross-entropy cases, corrected = the largest over all three cases", sourceError, correctedError, 0.1, 1e-6);
    }

    static Tensor identity(int n) {
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) {
            d[i * n + i] = 1;
        }
        return Tensor.of(new int[] {n, n}, d);
    }

    /** A vector [n] as a column [n, 1]. */
    static Tensor asColumn(Tensor v) {
        return v.reshape(v.size(), 1);
    }

    static Tensor sumOf(List<double[]> parts, int[] shape) {
        int n = Tensor.sizeOf(shape);
        double[] out = new double[n];
        double[] terms = new double[parts.size()];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < parts.size(); k++) {
                terms[k] = parts.get(k)[i];
            }
            out[i] = Sums.sum(terms);
        }
        return Tensor.of(shape, out);
    }

    static Backprop.S1Gradients s1(Tensors s) {
        return Backprop.s1Backprop(s.get("x"), s.get("target"), s.get("W1"), s.get("b1"), s.get("W2"), s.get("b2"));
    }

    /** The sample without its target: s1_network's inputs. */
    static Tensors s1NetworkInputs(Tensors s) {
        return s.without("target");
    }

    /** S1's forward pass o = softmax(W2 tanh(W1 x + b1) + b2), softmax down each column. */
    static Tensor s1Output(Tensors s) {
        List<Backprop.Layer> net = List.of(new Backprop.Layer(s.get("W1"), asColumn(s.get("b1")), Activation.TANH),
                new Backprop.Layer(s.get("W2"), asColumn(s.get("b2")), Activation.IDENTITY));
        Tensor z2 = Backprop.forward(Layout.COLUMNS, net, s.get("x")).outputPreActivation();
        return Matrices.transpose(Activations.softmax(Matrices.transpose(z2)));
    }

    /** With one sample, ∂L/∂z = ∂L/∂b for the layer's bias: central differences of the loss in b. */
    static Tensor lossGradientIn(Tensors s, String bias) {
        return asColumn(FiniteDifferences.gradient(b -> s1(s.with(bias, b)).loss(), s.get(bias)));
    }

    /**
     * §I.1: S1's δ2 = o(1 − o)(t − o) as written against central differences of the MSE in z2,
     * on 20 seeded single-sample nets 3 → 4 → 3.
     */
    static Erratum.Evidence s1OutputDeltaEvidence() {
        Random r = new Random(20260302L);
        double sourceError = Double.POSITIVE_INFINITY;
        double correctedError = 0;
        for (int draw = 0; draw < 20; draw++) {
            Tensors s = BackpropSamples.s1Net(r, 3, 4, 3, 1, 1);
            Tensor numeric = lossGradientIn(s, "b2");
            Tensor o = s1Output(s);
            Tensor seed = o.zip(s.get("target"), (oi, ti) -> oi * (1 - oi) * (ti - oi));
            sourceError = Math.min(sourceError, FiniteDifferences.relativeError(seed, numeric));
            correctedError = Math.max(correctedError, FiniteDifferences.relativeError(s1(s).delta2(), numeric));
        }
        return new Erratum.Evidence("normwise relative error ‖δ2 − ∂L/∂z2‖∞ / ‖∂L/∂z2‖∞ against central differences "
                + "(Richardson) of the MSE on 20 seeded single-sample 3→4→3 nets: seed = the smallest, corrected = the largest",
                sourceError, correctedError, 0.1, 1e-6);
    }

    /**
     * §I.2: S1's δ1 = δ2 * W1ᵀ * input, evaluated with the correct δ2 as δ2 ⊙ (W1ᵀ x) on square
     * 3 → 3 → 3 nets (no other shapes give it a shape), against central differences of the MSE in z1.
     */
    static Erratum.Evidence s1HiddenDeltaEvidence() {
        Random r = new Random(20260303L);
        double sourceError = Double.POSITIVE_INFINITY;
        double correctedError = 0;
        for (int draw = 0; draw < 20; draw++) {
            Tensors s = BackpropSamples.s1Net(r, 3, 3, 3, 1, 1);
            Backprop.S1Gradients g = s1(s);
            Tensor numeric = lossGradientIn(s, "b1");
            Tensor seed = Matrices.hadamard(g.delta2(), Matrices.matmul(Matrices.transpose(s.get("W1")), s.get("x")));
            sourceError = Math.min(sourceError, FiniteDifferences.relativeError(seed, numeric));
            correctedError = Math.max(correctedError, FiniteDifferences.relativeError(g.delta1(), numeric));
        }
        return new Erratum.Evidence("normwise relative error ‖δ1 − ∂L/∂z1‖∞ / ‖∂L/∂z1‖∞ against central differences "
                + "(Richardson) of the MSE on 20 seeded single-sample 3→3→3 nets, both with the correct δ2: seed = the "
                + "smallest, corrected = the largest", sourceError, correctedError, 0.1, 1e-6);
    }

    /** Central differences of a scalar output of {@code id} with respect to input {@code port}, through the engine. */
    static Tensor numericalGradient(Evaluator engine, String id, Tensors s, String port, String output) {
        return FiniteDifferences.gradient(x -> engine.evaluate(id, s.with(port, x), output).item(), s.get(port));
    }

    /**
     * The outputs dW1, db1, dW2, db2 of a two-layer id against central differences of its scalar
     * output {@code loss} with respect to the inputs W1, b1, W2, b2, all through the engine.
     */
    static Verdict parameterGradientsMatchDifferences(Evaluator engine, String id, Tensors s, String loss) {
        Tensors out = engine.evaluate(id, s);
        Verdict v = Verdict.holds();
        for (String p : List.of("W1", "b1", "W2", "b2")) {
            v = v.and(closeAll("d" + p, out.get("d" + p), numericalGradient(engine, id, s, p, loss), GRAD_ATOL, GRAD_RTOL));
        }
        return v;
    }

    /** Every element |a − e| ≤ atol + rtol·|e| (NaN equal to NaN); the verdict names the first element that fails. */
    static Verdict closeAll(String what, Tensor actual, Tensor expected, double atol, double rtol) {
        if (!actual.sameShape(expected)) {
            return Verdict.fails("%s: shape %s, expected %s", what, Arrays.toString(actual.shape()), Arrays.toString(expected.shape()));
        }
        for (int i = 0; i < actual.size(); i++) {
            double a = actual.at(i);
            double e = expected.at(i);
            boolean ok = a == e || (Double.isNaN(a) && Double.isNaN(e)) || Math.abs(a - e) <= atol + rtol * Math.abs(e);
            if (!ok) {
                return Verdict.fails("%s[%d]: got %s, expected %s (atol %s, rtol %s)", what, i, a, e, atol, rtol);
            }
        }
        return Verdict.holds();
    }

    static Activation outer(Tensors in) {
        return Activation.fromCode("outer", in.get("outer"));
    }

    static Activation inner(Tensors in) {
        return Activation.fromCode("inner", in.get("inner"));
    }

    static OutputCase outputCase(Tensors in) {
        return OutputCase.fromCode("case", in.get("case"));
    }

    /** dy/dx from the engine's vjp (cotangent 1) against central differences of Σ f(g(x)). */
    static Verdict chainRuleMatchesDifferences(Evaluator engine, Tensors s) {
        Tensor dydx = engine.vjp("chain_rule", s, Tensors.of("y", Tensor.filled(1, s.get("x").shape())))
                .get("x");
        Tensor numeric = FiniteDifferences.gradient(
                x -> Sums.sum(engine.evaluate("chain_rule", s.with("x", x), "y").toArray()), s.get("x"));
        return closeAll("dy/dx", dydx, numeric, GRAD_ATOL, GRAD_RTOL);
    }

    /** dy/dx = f'(g(x))·g'(x), each factor from a vjp of chain_rule with the other activation the identity; to 10⁻¹⁵ relative. */
    static Verdict chainRuleIsProduct(Evaluator engine, Tensors s) {
        Tensor x = s.get("x");
        Tensor ones = Tensor.filled(1, x.shape());
        Tensors innerOnly = s.with("outer", Activation.IDENTITY.code());
        Tensor u = engine.evaluate("chain_rule", innerOnly, "y");
        Tensors outerOnly = s.with("x", u).with("inner", Activation.IDENTITY.code());
        Tensor dydu = engine.vjp("chain_rule", outerOnly, Tensors.of("y", ones)).get("x");
        Tensor dudx = engine.vjp("chain_rule", innerOnly, Tensors.of("y", ones)).get("x");
        Tensor dydx = engine.vjp("chain_rule", s, Tensors.of("y", ones)).get("x");
        return closeAll("dy/dx against dy/du · du/dx", dydx, Matrices.hadamard(dydu, dudx), 0, 1e-15);
    }

    /** |dy/dx| ≤ 1/16 (with 10⁻¹² relative slack) through two sigmoids, each with σ' ≤ 1/4. */
    static Verdict sigmoidChainAtMostSixteenth(Evaluator engine, Tensors s) {
        Tensor dydx = engine.vjp("chain_rule", s, Tensors.of("y", Tensor.filled(1, s.get("x").shape()))).get("x");
        for (int i = 0; i < dydx.size(); i++) {
            if (!(Math.abs(dydx.at(i)) <= (1 + 1e-12) / 16)) {
                return Verdict.fails("|dy/dx| = %s > 1/16 at x = %s", Math.abs(dydx.at(i)), s.get("x").at(i));
            }
        }
        return Verdict.holds();
    }

    /** Each case's delta against central differences of its loss output with respect to z. */
    static Verdict deltaMatchesLossDifferences(Evaluator engine, Tensors s) {
        Tensor delta = engine.evaluate("delta_output", s, "delta");
        Tensor numeric = numericalGradient(engine, "delta_output", s, "z", "loss");
        return closeAll("delta of case " + outputCase(s).label(), delta, numeric, GRAD_ATOL, GRAD_RTOL);
    }

    /** Every row of softmax(z) − y sums to 0 within 10⁻¹²·n, y on the simplex. */
    static Verdict softmaxDeltaRowsSumToZero(Evaluator engine, Tensors s) {
        Tensor delta = engine.evaluate("delta_output", s, "delta");
        int n = delta.dim(1);
        for (int row = 0; row < delta.dim(0); row++) {
            double sum = Sums.sum(delta.toArray(), row * n, row * n + n);
            if (!(Math.abs(sum) <= 1e-12 * n)) {
                return Verdict.fails("row %d of the delta sums to %s", row, sum);
            }
        }
        return Verdict.holds();
    }

    /** half_sse's delta (a − y)·a(1 − a) against bce's delta a − y times a(1 − a), a recovered as bce's delta + y. */
    static Verdict halfSseDeltaIsBceDeltaTimesSlope(Evaluator engine, Tensors s) {
        Tensor bce = engine.evaluate("delta_output", s, "delta");
        Tensor halfSse = engine.evaluate("delta_output", s.with("case", OutputCase.HALF_SSE_SIGMOID.code()), "delta");
        Tensor a = Matrices.add(bce, s.get("y"));
        Tensor expected = Matrices.hadamard(bce, a.map(ai -> ai * (1 - ai)));
        return closeAll("half_sse delta", halfSse, expected, 1e-15, 1e-9);
    }

    /** δ_l against central differences of ⟨δ_(l+1), W_(l+1) f(z_l)⟩ with respect to z_l, f through chain_rule. */
    static Verdict hiddenDeltaMatchesDifferences(Evaluator engine, Tensors s) {
        Tensor delta = engine.evaluate("delta_hidden", s, "delta");
        Tensor wNext = s.get("W_next");
        Tensor deltaNext = s.get("delta_next");
        ToDoubleFunction<Tensor> downstream = z -> {
            Tensor a = engine.evaluate("chain_rule", Tensors.of("x", z, "outer", s.get("activation"),
                    "inner", Activation.IDENTITY.code()), "y");
            return Sums.dot(deltaNext.toArray(), Matrices.matmul(wNext, a).toArray());
        };
        return closeAll("δ_l", delta, FiniteDifferences.gradient(downstream, s.get("z")), GRAD_ATOL, GRAD_RTOL);
    }

    /** Through L sigmoid layers with identity weights, |δ| ≤ 4^(−L)·|δ_(l+1)| (with 10⁻¹² relative slack per layer). */
    static Verdict sigmoidLayersShrinkDelta(Evaluator engine, Tensors s) {
        Tensor delta0 = s.get("delta_next");
        int n = delta0.dim(0);
        int m = delta0.dim(1);
        int layers = (int) s.scalar("layers");
        Tensor identity = identity(n);
        Tensor delta = delta0;
        for (int l = 0; l < layers; l++) {
            Tensor z = Tensor.of(new int[] {n, m}, Arrays.copyOfRange(s.get("z").toArray(), l * n * m, (l + 1) * n * m));
            delta = engine.evaluate("delta_hidden", Tensors.of("W_next", identity, "delta_next", delta, "z", z,
                    "activation", Activation.SIGMOID.code()), "delta");
        }
        double bound = Math.pow((1 + 1e-12) / 4, layers);
        for (int i = 0; i < delta.size(); i++) {
            if (!(Math.abs(delta.at(i)) <= bound * Math.abs(delta0.at(i)))) {
                return Verdict.fails("after %d layers |δ| = %s > 4^-%d · %s", layers, Math.abs(delta.at(i)),
                        layers, Math.abs(delta0.at(i)));
            }
        }
        return Verdict.holds();
    }

    /** With z > 0 the relu layer's delta equals the identity layer's, exactly. */
    static Verdict reluPassesDeltaOnPositiveSide(Evaluator engine, Tensors s) {
        Tensor relu = engine.evaluate("delta_hidden", s, "delta");
        Tensor linear = engine.evaluate("delta_hidden", s.with("activation", Activation.IDENTITY.code()), "delta");
        return closeAll("relu delta against identity delta", relu, linear, 0, 0);
    }

    /** delta_hidden's vjp for relu with relu'(0) = {@code atZero}; z gets no gradient (relu' is piecewise constant). */
    static Formula.Vjp hiddenVjpWithReluAtZero(double atZero) {
        return (in, ct) -> {
            Tensor g = Matrices.hadamard(ct.get("delta"), in.get("z").map(z -> Kinks.reluDerivative(z, atZero)));
            return Tensors.of("W_next", Matrices.matmul(in.get("delta_next"), Matrices.transpose(g)),
                    "delta_next", Matrices.matmul(in.get("W_next"), g), "z", Tensor.zeros(in.get("z").shape()));
        };
    }

    /** δ_l = W_(l+1)ᵀ δ_(l+1) ⊙ relu'(z_l) with relu'(0) = {@code atZero}. */
    static Formula.Compute hiddenDeltaWithReluAtZero(double atZero) {
        return in -> Tensors.of("delta", Matrices.hadamard(
                Matrices.matmul(Matrices.transpose(in.get("W_next")), in.get("delta_next")),
                in.get("z").map(z -> Kinks.reluDerivative(z, atZero))));
    }

    /** The rounding scale of δ_l: that of the product W_(l+1)ᵀ δ_(l+1), times |f'(z_l)|. */
    static Tensors hiddenRoundingScale(Tensors in) {
        return Tensors.of("delta", Matrices.hadamard(
                RoundingScales.product(Matrices.transpose(in.get("W_next")), in.get("delta_next")),
                activation(in).derivative(in.get("z")).map(Math::abs)));
    }

    /** dW and db against central differences of ⟨δ, W a_prev + b⟩ with respect to W and b. */
    static Verdict paramGradsMatchDifferences(Evaluator engine, Tensors s) {
        Tensors grads = engine.evaluate("param_grads", Tensors.of("delta", s.get("delta"), "a_prev", s.get("a_prev")));
        double[] delta = s.get("delta").toArray();
        Tensor aPrev = s.get("a_prev");
        ToDoubleFunction<Tensor> byW = w -> Sums.dot(delta,
                Matrices.addColumnVector(Matrices.matmul(w, aPrev), "b", s.get("b")).toArray());
        ToDoubleFunction<Tensor> byB = b -> Sums.dot(delta,
                Matrices.addColumnVector(Matrices.matmul(s.get("W"), aPrev), "b", b).toArray());
        return closeAll("dW", grads.get("dW"), FiniteDifferences.gradient(byW, s.get("W")), GRAD_ATOL, GRAD_RTOL)
                .and(closeAll("db", grads.get("db"), FiniteDifferences.gradient(byB, s.get("b")), GRAD_ATOL, GRAD_RTOL));
    }

    /** param_grads of a batch against the compensated sum of the per-sample (per-column) param_grads. */
    static Verdict batchIsSumOfSamples(Evaluator engine, Tensors s) {
        Tensors batch = engine.evaluate("param_grads", s);
        Tensor delta = s.get("delta");
        Tensor aPrev = s.get("a_prev");
        int m = delta.dim(1);
        List<double[]> dW = new ArrayList<>();
        List<double[]> db = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            Tensors one = engine.evaluate("param_grads", Tensors.of("delta", column(delta, j), "a_prev", column(aPrev, j)));
            dW.add(one.get("dW").toArray());
            db.add(one.get("db").toArray());
        }
        return closeAll("batched dW", batch.get("dW"), sumOf(dW, batch.get("dW").shape()), 1e-14, 1e-12)
                .and(closeAll("batched db", batch.get("db"), sumOf(db, batch.get("db").shape()), 1e-14, 1e-12));
    }

    /** The rounding scales of δ a_prevᵀ and of δ·1, the column sums. */
    static Tensors paramRoundingScale(Tensors in) {
        Tensor delta = in.get("delta");
        return Tensors.of("dW", RoundingScales.product(delta, Matrices.transpose(in.get("a_prev"))),
                "db", RoundingScales.product(delta, Tensor.filled(1, delta.dim(1), 1)));
    }

    /** dW1, db1, dW2, db2 against central differences of the cost. */
    static Verdict twoLayerGradientsMatchDifferences(Evaluator engine, Tensors s) {
        return parameterGradientsMatchDifferences(engine, "two_layer_vectorized", s, "cost");
    }

    /** Every sample twice: the cost and the gradients, means over m, agree to 10⁻¹² relative. */
    static Verdict repeatedSamplesChangeNothing(Evaluator engine, Tensors s) {
        Tensors once = engine.evaluate("two_layer_vectorized", s);
        Tensors twice = engine.evaluate("two_layer_vectorized",
                s.with("X", BackpropSamples.repeatColumns(s.get("X"))).with("Y", BackpropSamples.repeatColumns(s.get("Y"))));
        Verdict v = Verdict.close("cost", twice.scalar("cost"), once.scalar("cost"), 1e-15, 1e-12);
        for (String g : List.of("dW1", "db1", "dW2", "db2")) {
            v = v.and(closeAll(g, twice.get(g), once.get(g), 1e-15, 1e-12));
        }
        return v;
    }

    /** Trained by gradient descent on the engine's gradients, the net classifies all four XOR points (A2 > 1/2 exactly where Y = 1). */
    static Verdict xorLearned(Evaluator engine, Tensors s) {
        TwoLayerParameters start = new TwoLayerParameters(s.get("W1"), s.get("b1"), s.get("W2"), s.get("b2"));
        TwoLayerParameters end = Backprop.trainTwoLayer(start, BackpropSamples.XOR_LEARNING_RATE, BackpropSamples.XOR_ITERATIONS, p -> {
            Tensors g = engine.evaluate("two_layer_vectorized", BackpropSamples.withParameters(s, p));
            return new TwoLayerParameters(g.get("dW1"), g.get("db1"), g.get("dW2"), g.get("db2"));
        });
        Tensor a2 = engine.evaluate("two_layer_vectorized", BackpropSamples.withParameters(s, end), "A2");
        int correct = 0;
        for (int j = 0; j < 4; j++) {
            correct += (a2.at(j) > 0.5 ? 1 : 0) == s.get("Y").at(j) ? 1 : 0;
        }
        return Verdict.when(correct == 4, "%d of 4 XOR points right after %d steps, A2 = %s",
                correct, BackpropSamples.XOR_ITERATIONS, Arrays.toString(a2.toArray()));
    }

    /** dW1, db1, dW2, db2 against central differences of the MSE loss. */
    static Verdict s1GradientsMatchDifferences(Evaluator engine, Tensors s) {
        return parameterGradientsMatchDifferences(engine, "s1_backprop", s, "loss");
    }

    /** Every column of δ2 sums to 0 within 10⁻¹⁴ + 10⁻¹²·Σ|δ2|. */
    static Verdict s1OutputDeltaSumsToZero(Evaluator engine, Tensors s) {
        Tensor delta2 = engine.evaluate("s1_backprop", s, "delta2");
        for (int j = 0; j < delta2.dim(1); j++) {
            double sum = 0;
            double size = 0;
            for (int k = 0; k < delta2.dim(0); k++) {
                sum += delta2.get(k, j);
                size += Math.abs(delta2.get(k, j));
            }
            // 1ᵀ δ2 = (g·o)(1 − Σ o) with |g| ≤ 1 for targets in [0, 1]: a few ulp of 1 at most
            if (!(Math.abs(sum) <= 1e-14 + 1e-12 * size)) {
                return Verdict.fails("column %d of δ2 sums to %s (Σ|δ2| = %s)", j, sum, size);
            }
        }
        return Verdict.holds();
    }

    /** The loss output against the mean of (o − t)² over s1_network's output o. */
    static Verdict s1LossIsMse(Evaluator engine, Tensors s) {
        Tensor o = engine.evaluate("s1_network", s1NetworkInputs(s), "output");
        double mse = Sums.mean(o.zip(s.get("target"), (oi, ti) -> (oi - ti) * (oi - ti)).toArray());
        return Verdict.close("loss", engine.evaluate("s1_backprop", s, "loss").item(), mse, 1e-15, 1e-12);
    }

    /** The gradients against s1_network's vjp with the MSE's cotangent 2(o − t)/(n2·m). */
    static Verdict s1GradientsAreNetworkVjp(Evaluator engine, Tensors s) {
        Tensors in = s1NetworkInputs(s);
        Tensor o = engine.evaluate("s1_network", in, "output");
        double n = o.size();
        Tensors vjp = engine.vjp("s1_network", in,
                Tensors.of("output", o.zip(s.get("target"), (oi, ti) -> 2 * (oi - ti) / n)));
        Tensors out = engine.evaluate("s1_backprop", s);
        Verdict v = Verdict.holds();
        for (String p : List.of("W1", "b1", "W2", "b2")) {
            v = v.and(closeAll("d" + p, out.get("d" + p), vjp.get(p), 1e-14, 1e-10));
        }
        return v;
    }
}

package io.refcheck.catalog;

import ai.djl.ndarray.NDArray;
import io.refcheck.catalog.BadInput.Category;
import io.refcheck.formulas.Activation;
import io.refcheck.formulas.Activations;
import io.refcheck.formulas.Layers;
import io.refcheck.formulas.Matrices;
import io.refcheck.formulas.Require;
import io.refcheck.formulas.Sums;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * docs/catalog.md §B, neurons, layers, networks: mp_neuron, perceptron, linear_columns, linear_rows,
 * mlp_forward, linear_collapse, s1_network. The maths lives in {@link Layers}; this class only
 * declares each id.
 *
 * <p>Where a fact compares two evaluations of the same sums done in different orders (two layouts,
 * batch against single sample, stacked against collapsed), its tolerance is the rounding bound for
 * any summation order in double precision: two evaluations of a sum of n terms differ by at most
 * 2γ_n·Σ|terms|, γ_n = n·u/(1 − n·u), u = 2⁻⁵³ (Higham, Accuracy and Stability of Numerical
 * Algorithms, §3.1), so engines that use other kernels (BLAS, FMA) are held to the same bound.
 */
final class LayerEntries {
    private LayerEntries() {
    }

    private static final double U = Dtype.FLOAT64.unitRoundoff();

    static List<Formula> entries() {
        return List.of(mpNeuron(), perceptron(), linearColumns(), linearRows(), mlpForward(), linearCollapse(), s1Network());
    }

    // ================================================================ mp_neuron

    private static Formula mpNeuron() {
        Tensor gateInputs = Tensor.matrix(new double[] {0, 0}, new double[] {0, 1}, new double[] {1, 0}, new double[] {1, 1});
        Tensor unit2 = Tensor.vector(1, 1);
        return Formula.define("mp_neuron", Family.LAYER).sources("S3")
                .formula("y = step(Σ w_i x_i − θ)")
                .input(Port.fixed("x", "[N?, n]", "inputs [n] (one sample) or [N, n] (one per row); S3's are binary, any real is allowed"))
                .input(Port.fixed("w", "[n]", "weights"))
                .input(Port.fixed("theta", "[]", "threshold θ, a scalar"))
                .output("y", "[N?]", Port.Kind.INTEGER, "1 where Σ w_i x_i ≥ θ, else 0: a scalar for x [n], [N] for x [N, n]")
                .compute(in -> Tensors.of("y", Layers.mpNeuron(in.get("x"), in.get("w"), scalarInput(in, "theta"))))
                .samples(mpSamples())
                .convention("step has derivative 0 away from the threshold and none at it, so no gradient is checked")
                .convention("step(0) = 1: the unit fires when the weighted sum equals θ (torch.heaviside(z, 1))")
                .convention("plain Java decides Σ w_i x_i ≥ θ on one compensated sum, so within an ulp of θ it can differ from an "
                        + "engine that rounds Σ w_i x_i first: w = (0.1, 0.2), x = (1, 1) sums to just below θ = 0.30000000000000004 "
                        + "(no fire), which torch's rounded x·w equals (fires)")
                .fact(Fact.definitional("an M-P neuron with unit weights computes AND at θ = n and OR at θ = 1", binaryInputs(),
                        (engine, s) -> {
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
                        }))
                .example("S3's AND gate: w = (1, 1), θ = 2 fires only on (1, 1), where the sum equals θ",
                        Tensors.of("x", gateInputs, "w", unit2, "theta", 2), Tensors.of("y", Tensor.vector(0, 0, 0, 1)), 0)
                .example("OR gate: w = (1, 1), θ = 1 fires when any input is 1",
                        Tensors.of("x", gateInputs, "w", unit2, "theta", 1), Tensors.of("y", Tensor.vector(0, 1, 1, 1)), 0)
                .example("NOT gate: an inhibitory weight w = −1 with θ = 0 fires only on input 0",
                        Tensors.of("x", Tensor.matrix(new double[] {0}, new double[] {1}), "w", Tensor.vector(-1), "theta", 0),
                        Tensors.of("y", Tensor.vector(1, 0)), 0)
                .bad(BadInput.ieee(Category.NAN, "NaN in one row of x",
                        Tensors.of("x", Tensor.matrix(new double[] {Double.NaN, 1}, new double[] {1, 1}), "w", unit2, "theta", 2),
                        "NaN in that row here (IEEE: the step of NaN is NaN), 0 in PyTorch (torch.heaviside(nan, 1) = 0: it "
                                + "compares z with 0, as step's entry says); either, and the other rows unaffected",
                        out -> nanOrZero(out.get("y").at(0)) && out.get("y").at(1) == 1))
                .bad(BadInput.ieee(Category.NAN, "θ = NaN",
                        Tensors.of("x", gateInputs, "w", unit2, "theta", Double.NaN),
                        "every z − NaN is NaN: NaN everywhere here, 0 everywhere in PyTorch (heaviside compares with 0); either",
                        out -> Arrays.stream(out.get("y").toArray()).allMatch(LayerEntries::nanOrZero)))
                .bad(BadInput.ieee(Category.INFINITY, "x = (+∞, 0) with w = (1, 1)",
                        Tensors.of("x", Tensor.vector(Double.POSITIVE_INFINITY, 0), "w", unit2, "theta", 5),
                        "fires: ∞ − 5 = ∞ ≥ 0", out -> out.get("y").item() == 1))
                .bad(BadInput.ieee(Category.INFINITY, "x = (+∞, 1) with w = (0, 1)",
                        Tensors.of("x", Tensor.vector(Double.POSITIVE_INFINITY, 1), "w", Tensor.vector(0, 1), "theta", 0),
                        "0·∞ is NaN by IEEE: NaN here, 0 in PyTorch (torch.heaviside(nan, 1) = 0); either",
                        out -> nanOrZero(out.get("y").item())))
                .bad(BadInput.ieee(Category.EMPTY, "no rows: x [0, 2]",
                        Tensors.of("x", Tensor.zeros(0, 2), "w", unit2, "theta", 1),
                        "an empty y [0], as torch on an empty batch", out -> shapeIs(out.get("y"), 0))
                        .deviatesOn(BadInput.Deviation.onnxRuntimeRaises("ONNX Runtime's MatMul refuses x [0, 2] times w [2] "
                                + "('left operand cannot broadcast on dim 0', onnxruntime issue #11895)")))
                .bad(BadInput.ieee(Category.EMPTY, "no inputs: x [2, 0], w [0], θ = 0",
                        Tensors.of("x", Tensor.zeros(2, 0), "w", Tensor.zeros(0), "theta", 0),
                        "the empty sum is 0 (torch.mv of [2,0] by [0] is zeros), so y = step(0 − 0) = 1",
                        out -> out.get("y").equals(Tensor.vector(1, 1)))
                        .deviatesOn(BadInput.Deviation.onnxRuntime("ONNX Runtime's float MatMul with inner dimension 0 leaves its "
                                + "output unwritten (onnxruntime PR #21803 proposes the missing K = 0 check; the double kernel gives zeros), "
                                + "so y steps whatever that memory held", out -> OnnxRuntimeDeviations.stepsOf(out, "y", 2)).only(Dtype.FLOAT32)))
                .bad(BadInput.rejects(Category.SHAPE, "three weights for two inputs",
                        Tensors.of("x", gateInputs, "w", Tensor.vector(1, 1, 1), "theta", 2), "w", "one weight per input"))
                .bad(BadInput.rejects(Category.SHAPE, "θ given as a vector",
                        Tensors.of("x", gateInputs, "w", unit2, "theta", Tensor.vector(1, 2)), "theta", "must be a scalar"))
                .bad(BadInput.rejects(Category.SHAPE, "x of rank 3",
                        Tensors.of("x", Tensor.zeros(1, 2, 2), "w", unit2, "theta", 1), "x", "rank 1 or 2"))
                .bad(BadInput.notApplicable(Category.DOMAIN, "every real x, w and θ is admissible: the unit thresholds a "
                        + "weighted sum and nothing restricts its arguments (S3's binary inputs are its usual case, not a rule)"))
                .pytorch("torch.heaviside(x @ w - theta, x.new_ones(()))",
                        TorchForm.single("y", in -> Torch.heaviside(in.get("x").matMul(in.get("w")).sub(TorchForm.scalar(in.get("theta"))))))
                .onnx("Cast(GreaterOrEqual(Sub(MatMul(x, w), theta), 0)) (ONNX has no Heaviside operator)",
                        g -> g.output("y", g.step(g.sub(g.matmul(g.input("x"), g.input("w")), g.input("theta")))))
                .build();
    }

    private static Arbitrary<Tensors> mpSamples() {
        Arbitrary<Tensors> binary = binaryInputs().map(s -> {
            int n = s.get("x").dim(1);
            return s.with("w", Tensor.filled(1, n)).with("theta", n);
        });
        Arbitrary<Tensors> real = Arbitraries.randomValue(r -> {
            int n = 1 + r.nextInt(6);
            Tensor x = r.nextBoolean() ? Samples.vector(r, n, MIXED) : Samples.matrix(r, 1 + r.nextInt(8), n, MIXED);
            return Tensors.of("x", x, "w", Samples.vector(r, n, MIXED), "theta", MIXED.next(r, 0));
        });
        return Arbitraries.frequencyOf(Tuple.of(3, binary), Tuple.of(7, real));
    }

    /** Binary rows x [N, n], N ≤ 2ⁿ, n ≤ 6. */
    private static Arbitrary<Tensors> binaryInputs() {
        return Arbitraries.randomValue(r -> {
            int n = 1 + r.nextInt(6);
            return Tensors.of("x", Samples.matrix(r, 1 + r.nextInt(1 << n), n, (rr, i) -> rr.nextInt(2)));
        });
    }

    // ================================================================ perceptron

    /** XOR with labels ±1: (0,0) → −1, (0,1) → +1, (1,0) → +1, (1,1) → −1. */
    private static final Tensor XOR_POINTS = Tensor.matrix(new double[] {0, 0}, new double[] {0, 1}, new double[] {1, 0}, new double[] {1, 1});
    private static final Tensor XOR_LABELS = Tensor.vector(-1, 1, 1, -1);

    /**
     * The perceptron as one catalog entry: its prediction with the given (w, b) and one pass of the
     * learning rule over the rows in order (a step is a pass over one point).
     *
     * <p>The §H fact "a perceptron never classifies all four XOR points correctly" holds for every
     * (w, b) ∈ ℝ² × ℝ: if sign(w·x + b) matched every label, then b &lt; 0 and w₁ + w₂ + b &lt; 0
     * would sum to w₁ + w₂ + 2b &lt; 0, while w₁ + b &gt; 0 and w₂ + b &gt; 0 sum to
     * w₁ + w₂ + 2b &gt; 0. Rounding cannot rescue it either: the signs of b, w₁ + b and w₂ + b are
     * exact in floating point (a rounded sum of two terms keeps the sign of the exact one), and
     * then w₁ + w₂ + b &gt; w₂ &gt; −b &gt; 0 has condition number at most 3, so its computed
     * sign is right and (1, 1) is classified +1.
     */
    private static Formula perceptron() {
        Tensor twoPoints = Tensor.matrix(new double[] {1, 0}, new double[] {0, 1});
        return Formula.define("perceptron", Family.LAYER).sources("S3")
                .formula("f(x) = sign(w·x + b); learning rule w ← w + η y x, b ← b + η y on a mistake")
                .input(Port.fixed("X", "[N, d]", "points, one per row"))
                .input(Port.integers("y", "[N]", "labels, each −1 or +1"))
                .input(Port.fixed("w", "[d]", "weights before the pass"))
                .input(Port.fixed("b", "[]", "bias before the pass, a scalar"))
                .input(Port.hyperparameter("eta", "learning rate η > 0"))
                .output("prediction", "[N]", Port.Kind.INTEGER, "sign(X w + b) ∈ {−1, 0, 1} per row, with the given (w, b)")
                .output("w_next", "[d]", "w after one pass of the rule over the rows in order")
                .output("b_next", "[]", "b after the same pass")
                .output("mistakes", "[]", Port.Kind.INTEGER, "how many points the pass updated on")
                .compute(in -> {
                    Layers.PerceptronPass p = Layers.perceptronPass(in.get("X"), in.get("y"), in.get("w"),
                            scalarInput(in, "b"), scalarInput(in, "eta"));
                    return Tensors.of("prediction", p.prediction(), "w_next", p.w(), "b_next", p.b(), "mistakes", p.mistakes());
                })
                .samples(perceptronSamples())
                .convention("sign is piecewise constant and the rule branches on mistakes, so no gradient is checked")
                .convention("one pass visits the rows in order and later points see the updated (w, b); a single step is a pass over one point")
                .convention("a point is a mistake unless y(w·x + b) > 0: w·x + b = 0 is a mistake (sign 0 is neither label), as is NaN")
                .fact(Fact.sourceFact("a perceptron never classifies all four XOR points correctly", xorWeights(), (engine, s) -> {
                    Tensor prediction = engine.evaluate("perceptron", Tensors.of("X", XOR_POINTS, "y", XOR_LABELS,
                            "w", s.get("w"), "b", s.get("b"), "eta", 1), "prediction");
                    int correct = 0;
                    for (int i = 0; i < 4; i++) {
                        correct += prediction.at(i) == XOR_LABELS.at(i) ? 1 : 0;
                    }
                    return Verdict.when(correct < 4, "all four XOR points classified correctly by w = %s, b = %s",
                            s.get("w"), s.get("b"));
                }))
                .fact(Fact.definitional("a perceptron update raises the mistaken point's margin by η(‖x‖² + 1)", mistakenPoint(),
                        (engine, s) -> {
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
                        }))
                .fact(Fact.definitional("the perceptron makes at most (R/γ)² updates on linearly separable data (Novikoff)",
                        separableData(), LayerEntries::novikoffVerdict).withTries(50))
                .example("from w = 0, b = 0 both points are mistakes (sign 0 is neither label); the second update sees the first",
                        Tensors.of("X", twoPoints, "y", Tensor.vector(1, -1), "w", Tensor.vector(0, 0), "b", 0, "eta", 1),
                        Tensors.of("prediction", Tensor.vector(0, 0), "w_next", Tensor.vector(1, -1), "b_next", 0, "mistakes", 2), 0)
                .example("a correctly classified point leaves (w, b) unchanged: w·x + b = 2 + 1 − 1 = 2 > 0 for y = +1",
                        Tensors.of("X", Tensor.matrix(new double[] {2, 1}), "y", Tensor.vector(1), "w", Tensor.vector(1, 1),
                                "b", -1, "eta", 0.5),
                        Tensors.of("prediction", Tensor.vector(1), "w_next", Tensor.vector(1, 1), "b_next", -1, "mistakes", 0), 0)
                .example("η = 0.5 on a mistake: w·x + b = 1 for y = −1, so w ← (1, 1) − 0.5·(2, −1) = (0, 1.5), b ← 0 − 0.5",
                        Tensors.of("X", Tensor.matrix(new double[] {2, -1}), "y", Tensor.vector(-1), "w", Tensor.vector(1, 1),
                                "b", 0, "eta", 0.5),
                        Tensors.of("prediction", Tensor.vector(1), "w_next", Tensor.vector(0, 1.5), "b_next", -0.5, "mistakes", 1), 0)
                .bad(BadInput.ieee(Category.NAN, "NaN in the first point",
                        Tensors.of("X", Tensor.matrix(new double[] {Double.NaN, 1}, new double[] {1, 1}), "y", Tensor.vector(1, 1),
                                "w", Tensor.vector(1, 1), "b", 0, "eta", 1),
                        "a NaN prediction (torch.sign(nan) = nan), counted a mistake, whose update carries the NaN into w",
                        out -> Double.isNaN(out.get("prediction").at(0)) && out.get("prediction").at(1) == 1
                                && Double.isNaN(out.get("w_next").at(0))))
                .bad(BadInput.ieee(Category.INFINITY, "a point at +∞ with the wrong label",
                        Tensors.of("X", Tensor.matrix(new double[] {Double.POSITIVE_INFINITY, 1}), "y", Tensor.vector(-1),
                                "w", Tensor.vector(1, 1), "b", 0, "eta", 1),
                        "prediction +1 (w·x = ∞), a mistake, so w₁ ← 1 − ∞ = −∞ and b ← −1 by IEEE",
                        out -> out.get("prediction").at(0) == 1 && out.get("w_next").at(0) == Double.NEGATIVE_INFINITY
                                && out.get("w_next").at(1) == 0 && out.scalar("b_next") == -1))
                .bad(BadInput.rejects(Category.INFINITY, "η = +∞",
                        Tensors.of("X", twoPoints, "y", Tensor.vector(1, -1), "w", Tensor.vector(0, 0), "b", 0,
                                "eta", Double.POSITIVE_INFINITY), "eta", "must be > 0 and finite"))
                .bad(BadInput.ieee(Category.EMPTY, "no points: X [0, 2]",
                        Tensors.of("X", Tensor.zeros(0, 2), "y", Tensor.zeros(0), "w", Tensor.vector(3, 4), "b", 5, "eta", 1),
                        "an empty prediction and (w, b) unchanged after a pass over nothing",
                        out -> shapeIs(out.get("prediction"), 0) && out.get("w_next").equals(Tensor.vector(3, 4))
                                && out.scalar("b_next") == 5 && out.scalar("mistakes") == 0))
                .bad(BadInput.rejects(Category.SHAPE, "three weights for two features",
                        Tensors.of("X", twoPoints, "y", Tensor.vector(1, -1), "w", Tensor.vector(0, 0, 0), "b", 0, "eta", 1),
                        "w", "one weight per feature"))
                .bad(BadInput.rejects(Category.SHAPE, "one label for two points",
                        Tensors.of("X", twoPoints, "y", Tensor.vector(1), "w", Tensor.vector(0, 0), "b", 0, "eta", 1),
                        "y", "labels but X has 2 rows"))
                .bad(BadInput.rejects(Category.SHAPE, "b given as a vector",
                        Tensors.of("X", twoPoints, "y", Tensor.vector(1, -1), "w", Tensor.vector(0, 0), "b", Tensor.vector(0, 0),
                                "eta", 1), "b", "must be a scalar"))
                .bad(BadInput.rejects(Category.DOMAIN, "labels 0/1 instead of ±1",
                        Tensors.of("X", twoPoints, "y", Tensor.vector(1, 0), "w", Tensor.vector(0, 0), "b", 0, "eta", 1),
                        "y", "must be -1 or +1"))
                .bad(BadInput.rejects(Category.DOMAIN, "η = 0",
                        Tensors.of("X", twoPoints, "y", Tensor.vector(1, -1), "w", Tensor.vector(0, 0), "b", 0, "eta", 0),
                        "eta", "must be > 0"))
                .bad(BadInput.rejects(Category.DOMAIN, "η < 0",
                        Tensors.of("X", twoPoints, "y", Tensor.vector(1, -1), "w", Tensor.vector(0, 0), "b", 0, "eta", -0.1),
                        "eta", "must be > 0"))
                .bad(BadInput.rejects(Category.NAN, "η = NaN",
                        Tensors.of("X", twoPoints, "y", Tensor.vector(1, -1), "w", Tensor.vector(0, 0), "b", 0, "eta", Double.NaN),
                        "eta", "must be > 0"))
                .noPytorch("the perceptron rule is a sequential pass with a data-dependent branch per point; PyTorch has no op for it "
                        + "(torch.sign(X @ w + b) alone covers only the prediction output)")
                .noOnnx("a sequential pass over the rows with a data-dependent update on each mistake: ONNX can say that only with Loop "
                        + "and If control flow around a body graph, not as a graph of standard operators (Sign(X w + b) alone is only the prediction output)")
                .build();
    }

    private static Arbitrary<Tensors> perceptronSamples() {
        Arbitrary<Tensors> mixed = Arbitraries.randomValue(r -> {
            int n = 1 + r.nextInt(12);
            int d = 1 + r.nextInt(4);
            return Tensors.of("X", Samples.matrix(r, n, d, MIXED), "y", Samples.vector(r, n, (rr, i) -> rr.nextBoolean() ? 1 : -1),
                    "w", Samples.vector(r, d, MIXED), "b", MIXED.next(r, 0), "eta", learningRate(r));
        });
        Arbitrary<Tensors> xor = xorWeights().map(s -> s.with("X", XOR_POINTS).with("y", XOR_LABELS));
        Arbitrary<Tensors> separable = separableData().map(s -> s.without("separator"));
        return Arbitraries.frequencyOf(Tuple.of(6, mixed), Tuple.of(2, xor), Tuple.of(2, separable));
    }

    private static double learningRate(Random r) {
        return r.nextInt(3) == 0 ? 1.0 : 1e-3 + 2 * r.nextDouble();
    }

    /**
     * (w, b) for the XOR fact, with η: ordinary, huge, tiny, exact zeros, the neighbourhood of the
     * best 3-of-4 separators (w = (1, 1), b = −½ and its mirror images) and points on the decision
     * boundaries of the four XOR points (b = 0, w_i = −b, w₁ + w₂ = −b).
     */
    private static Arbitrary<Tensors> xorWeights() {
        return Arbitraries.randomValue(r -> {
            double w1;
            double w2;
            double b;
            switch (r.nextInt(5)) {
                case 0 -> {
                    w1 = MIXED.next(r, 0);
                    w2 = MIXED.next(r, 1);
                    b = MIXED.next(r, 2);
                }
                case 1 -> {
                    double scale = Math.pow(10, -300 + 600 * r.nextDouble());
                    w1 = scale * r.nextGaussian();
                    w2 = scale * r.nextGaussian();
                    b = scale * r.nextGaussian();
                }
                case 2 -> {
                    double sign = r.nextBoolean() ? 1 : -1;
                    w1 = sign * (1 + 1e-9 * r.nextGaussian());
                    w2 = sign * (1 + 1e-9 * r.nextGaussian());
                    b = -sign * (0.5 + 1e-9 * r.nextGaussian());
                }
                case 3 -> {
                    b = -Math.abs(3 * r.nextGaussian());
                    w1 = -b;
                    w2 = r.nextBoolean() ? -b : Math.nextUp(-b);
                }
                default -> {
                    b = r.nextInt(3) == 0 ? 0 : 3 * r.nextGaussian();
                    w1 = 3 * r.nextGaussian();
                    w2 = r.nextBoolean() ? -b - w1 : 0;
                }
            }
            return Tensors.of("w", Tensor.vector(w1, w2), "b", b, "eta", learningRate(r));
        });
    }

    /** One point the current (w, b) gets wrong: y = −sign(w·x + b), or +1 where w·x + b = 0. */
    private static Arbitrary<Tensors> mistakenPoint() {
        return Arbitraries.randomValue(r -> {
            int d = 1 + r.nextInt(5);
            Tensor x = Samples.vector(r, d, MIXED);
            Tensor w = Samples.vector(r, d, MIXED);
            double b = MIXED.next(r, 0);
            double z = affine(w.toArray(), b, x.toArray());
            return Tensors.of("X", x.reshape(1, d), "y", Tensor.vector(z > 0 ? -1 : 1), "w", w, "b", b, "eta", learningRate(r));
        });
    }

    /**
     * Linearly separable points: labels from a random separator (w*, b*), points closer to its
     * hyperplane than 0.1·‖(w*, b*)‖ redrawn; training starts at w = 0, b = 0 as in Novikoff's
     * theorem.
     */
    private static Arbitrary<Tensors> separableData() {
        return Arbitraries.randomValue(r -> {
            int d = 1 + r.nextInt(4);
            int n = 2 + r.nextInt(11);
            double[] separator = Samples.vector(r, d + 1, Samples.gaussian(1)).toArray();
            double norm = Math.sqrt(Sums.dot(separator, separator));
            double[] x = new double[n * d];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                double z;
                double[] point = new double[d];
                do {
                    for (int j = 0; j < d; j++) {
                        point[j] = 2 * r.nextDouble() - 1;
                    }
                    z = affine(Arrays.copyOf(separator, d), separator[d], point);
                } while (Math.abs(z) < 0.1 * norm);
                System.arraycopy(point, 0, x, i * d, d);
                y[i] = z > 0 ? 1 : -1;
            }
            return Tensors.of("X", Tensor.of(new int[] {n, d}, x), "y", Tensor.vector(y), "w", Tensor.zeros(d), "b", 0,
                    "eta", learningRate(r), "separator", Tensor.vector(separator));
        });
    }

    /**
     * Novikoff: from (w, b) = 0, the perceptron makes at most (R/γ)² updates, R = max‖(xᵢ, 1)‖,
     * γ = minᵢ yᵢ(w*·xᵢ + b*)/‖(w*, b*)‖ for any separator (w*, b*). Passes run through the engine
     * until one makes no mistake.
     */
    private static Verdict novikoffVerdict(Evaluator engine, Tensors s) {
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

    private static double affine(double[] w, double b, double[] x) {
        double[] wb = Arrays.copyOf(w, w.length + 1);
        wb[w.length] = b;
        double[] x1 = Arrays.copyOf(x, x.length + 1);
        x1[x.length] = 1;
        return Sums.dot(wb, x1);
    }

    // ================================================================ linear_columns

    private static Formula linearColumns() {
        Tensor weights = Tensor.matrix(new double[] {1, 2}, new double[] {3, 4});
        Tensor bColumn = Tensor.matrix(new double[] {1}, new double[] {-1});
        return Formula.define("linear_columns", Family.LAYER).sources("S0", "S4")
                .formula("Z = W X + b (W[n1,n0], X[n0,m], b[n1,1] broadcast over columns)")
                .input(Port.differentiable("W", "[n1, n0]", "weights"))
                .input(Port.differentiable("X", "[n0, m]", "inputs, one sample per column"))
                .input(Port.differentiable("b", "[n1, 1]", "bias, added to every column"))
                .output("Z", "[n1, m]", "Z = W X + b")
                .compute(in -> Tensors.of("Z", Layers.linearColumns(in.get("W"), in.get("X"), in.get("b"))))
                .vjp((in, c) -> {
                    Layers.LinearGradient g = Layers.linearColumnsVjp(in.get("W"), in.get("X"), c.get("Z"));
                    return Tensors.of("W", g.dW(), "X", g.dX(), "b", g.db());
                })
                .samples(Arbitraries.frequencyOf(Tuple.of(9, columnsSamples(6, MIXED)), Tuple.of(1, columnsSamples(1, LONG_INNER))))
                .gradientSamples(columnsSamples(5, MODERATE))
                .convention("b is [n1, 1]; a rank-1 b[n1] is rejected, because array broadcasting would add it along the rows")
                .fact(Fact.definitional("each column of linear_columns depends only on its own input column", columnsSamples(6, MIXED),
                        (engine, s) -> {
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
                        }))
                .example("Z = [[1·5 + 2·6 + 1], [3·5 + 4·6 − 1]] = [[18], [38]]",
                        Tensors.of("W", weights, "X", Tensor.matrix(new double[] {5}, new double[] {6}), "b", bColumn),
                        Tensors.of("Z", Tensor.matrix(new double[] {18}, new double[] {38})), 0)
                .example("two columns, each its own sample: X = I gives Z = W + b",
                        Tensors.of("W", weights, "X", Tensor.matrix(new double[] {1, 0}, new double[] {0, 1}), "b", bColumn),
                        Tensors.of("Z", Tensor.matrix(new double[] {2, 3}, new double[] {2, 3})), 0)
                .bad(BadInput.ieee(Category.NAN, "NaN in the first column of X",
                        Tensors.of("W", weights, "X", Tensor.matrix(new double[] {Double.NaN, 1}, new double[] {1, 1}), "b", bColumn),
                        "column 0 of Z all NaN, column 1 finite: torch.matmul propagates NaN through every product it enters",
                        out -> allNaN(column(out.get("Z"), 0)) && allFinite(column(out.get("Z"), 1))))
                .bad(BadInput.ieee(Category.INFINITY, "X = [[+∞], [1]]",
                        Tensors.of("W", Tensor.matrix(new double[] {1, 2}, new double[] {-1, 1}),
                                "X", Tensor.matrix(new double[] {Double.POSITIVE_INFINITY}, new double[] {1}), "b", bColumn),
                        "Z = [[+∞], [−∞]]: ±∞ times a nonzero weight is ±∞",
                        out -> out.get("Z").at(0) == Double.POSITIVE_INFINITY && out.get("Z").at(1) == Double.NEGATIVE_INFINITY))
                .bad(BadInput.ieee(Category.INFINITY, "X = [[+∞], [+∞]] with weights of opposite sign",
                        Tensors.of("W", Tensor.matrix(new double[] {1, -1}),
                                "X", Tensor.matrix(new double[] {Double.POSITIVE_INFINITY}, new double[] {Double.POSITIVE_INFINITY}),
                                "b", Tensor.matrix(new double[] {0})),
                        "NaN: ∞ − ∞", out -> Double.isNaN(out.get("Z").item())))
                .bad(BadInput.ieee(Category.EMPTY, "no samples: X [2, 0]",
                        Tensors.of("W", weights, "X", Tensor.zeros(2, 0), "b", bColumn),
                        "an empty Z [2, 0], as torch.matmul", out -> shapeIs(out.get("Z"), 2, 0)))
                .bad(BadInput.ieee(Category.EMPTY, "no inputs: W [2, 0], X [0, 3]",
                        Tensors.of("W", Tensor.zeros(2, 0), "X", Tensor.zeros(0, 3), "b", bColumn),
                        "the empty product is zeros (torch.matmul of [2,0] by [0,3]), so Z = b in every column",
                        out -> out.get("Z").equals(Tensor.matrix(new double[] {1, 1, 1}, new double[] {-1, -1, -1}))))
                .bad(BadInput.rejects(Category.SHAPE, "X with 3 rows for W with 2 columns",
                        Tensors.of("W", weights, "X", Tensor.zeros(3, 1), "b", bColumn), "X", "has 3 rows but W has 2 columns"))
                .bad(BadInput.rejects(Category.SHAPE, "rank-1 bias b[2]",
                        Tensors.of("W", weights, "X", Tensor.zeros(2, 2), "b", Tensor.vector(1, -1)), "b", "must have shape [n1, 1]"))
                .bad(BadInput.rejects(Category.SHAPE, "bias with 3 rows for 2 units",
                        Tensors.of("W", weights, "X", Tensor.zeros(2, 2), "b", Tensor.zeros(3, 1)), "b", "must have shape [n1, 1]"))
                .bad(BadInput.notApplicable(Category.DOMAIN, "an affine map takes every real W, X and b"))
                .pytorch("W @ X + b", TorchForm.single("Z", in -> in.get("W").matMul(in.get("X")).add(in.get("b"))))
                .roundingScale(in -> Tensors.of("Z", RoundingScales.affineColumns(in.get("W"), in.get("X"), in.get("b"))))
                .onnx("Add(MatMul(W, X), b)", g -> g.output("Z", g.add(g.matmul(g.input("W"), g.input("X")), g.input("b"))))
                .build();
    }

    /** W[n1,n0], X[n0,m], b[n1,1] with sizes 1..maxDim (n0 = 2000 for the long-inner entry kind). */
    private static Arbitrary<Tensors> columnsSamples(int maxDim, Samples.Entry entry) {
        return Arbitraries.randomValue(r -> {
            int n1 = 1 + r.nextInt(maxDim);
            int n0 = entry == LONG_INNER ? 2000 : 1 + r.nextInt(maxDim);
            int m = 1 + r.nextInt(maxDim);
            return Tensors.of("W", Samples.matrix(r, n1, n0, entry), "X", Samples.matrix(r, n0, m, entry),
                    "b", Samples.matrix(r, n1, 1, entry));
        });
    }

    /** Per element of Z = WX + b: 2γ_(n0+1)·(|W||X| + |b|), the gap allowed between two evaluations. */
    private static Tensor columnsBound(Tensor W, Tensor X, Tensor b) {
        Tensor magnitude = Matrices.addColumnVector(Matrices.matmul(abs(W), abs(X)), "b", abs(b));
        return sumBound(magnitude, W.dim(1) + 1);
    }

    // ================================================================ linear_rows

    private static Formula linearRows() {
        Tensor weights = Tensor.matrix(new double[] {1, 0, -1}, new double[] {2, 1, 0});
        Tensor bias = Tensor.vector(0.5, 0, 1);
        return Formula.define("linear_rows", Family.LAYER).sources("S3")
                .formula("H = X W + b (X[N,in], W[in,out])")
                .input(Port.differentiable("X", "[N, in]", "inputs, one sample per row"))
                .input(Port.differentiable("W", "[in, out]", "weights (S3's layout; torch.nn.Linear stores the transpose)"))
                .input(Port.differentiable("b", "[out]", "bias, added to every row"))
                .output("H", "[N, out]", "H = X W + b")
                .compute(in -> Tensors.of("H", Layers.linearRows(in.get("X"), in.get("W"), in.get("b"))))
                .vjp((in, c) -> {
                    Layers.LinearGradient g = Layers.linearRowsVjp(in.get("X"), in.get("W"), c.get("H"));
                    return Tensors.of("X", g.dX(), "W", g.dW(), "b", g.db());
                })
                .samples(Arbitraries.frequencyOf(Tuple.of(9, rowsSamples(6, MIXED)), Tuple.of(1, rowsSamples(1, LONG_INNER))))
                .gradientSamples(rowsSamples(5, MODERATE))
                .fact(Fact.definitional("linear_rows on transposed inputs is the transpose of linear_columns", rowsSamples(6, MIXED),
                        (engine, s) -> {
                            Tensor X = s.get("X");
                            Tensor W = s.get("W");
                            Tensor b = s.get("b");
                            Tensor H = engine.evaluate("linear_rows", s, "H");
                            Tensor Z = engine.evaluate("linear_columns", Tensors.of("W", Matrices.transpose(W),
                                    "X", Matrices.transpose(X), "b", b.reshape(b.size(), 1)), "Z");
                            return within("H against Zᵀ", H, Matrices.transpose(Z), rowsBound(X, W, b));
                        }))
                .example("H = [1·1 + 2·2 + 0.5, 1·0 + 2·1 + 0, 1·(−1) + 2·0 + 1] = [5.5, 2, 0]",
                        Tensors.of("X", Tensor.matrix(new double[] {1, 2}), "W", weights, "b", bias),
                        Tensors.of("H", Tensor.matrix(new double[] {5.5, 2, 0})), 0)
                .example("rows are samples: X = 0 gives b in every row",
                        Tensors.of("X", Tensor.zeros(2, 2), "W", weights, "b", bias),
                        Tensors.of("H", Tensor.matrix(new double[] {0.5, 0, 1}, new double[] {0.5, 0, 1})), 0)
                .bad(BadInput.ieee(Category.NAN, "NaN in the first row of X",
                        Tensors.of("X", Tensor.matrix(new double[] {Double.NaN, 1}, new double[] {1, 1}),
                                "W", Tensor.matrix(new double[] {1, 2}, new double[] {3, 4}), "b", Tensor.vector(0, 0)),
                        "row 0 of H all NaN, row 1 finite, as torch.matmul",
                        out -> allNaN(row(out.get("H"), 0)) && allFinite(row(out.get("H"), 1))))
                .bad(BadInput.ieee(Category.INFINITY, "X = [[−∞, 1]]",
                        Tensors.of("X", Tensor.matrix(new double[] {Double.NEGATIVE_INFINITY, 1}), "W", weights, "b", bias),
                        "H = [−∞, NaN, +∞]: −∞·1 = −∞, −∞·0 = NaN and −∞·(−1) = +∞ by IEEE, as torch.matmul",
                        out -> out.get("H").at(0) == Double.NEGATIVE_INFINITY && Double.isNaN(out.get("H").at(1))
                                && out.get("H").at(2) == Double.POSITIVE_INFINITY))
                .bad(BadInput.ieee(Category.EMPTY, "no samples: X [0, 2]",
                        Tensors.of("X", Tensor.zeros(0, 2), "W", weights, "b", bias),
                        "an empty H [0, 3], as torch.matmul", out -> shapeIs(out.get("H"), 0, 3)))
                .bad(BadInput.ieee(Category.EMPTY, "no inputs: X [2, 0], W [0, 3]",
                        Tensors.of("X", Tensor.zeros(2, 0), "W", Tensor.zeros(0, 3), "b", bias),
                        "the empty product is zeros, so H = b in every row",
                        out -> out.get("H").equals(Tensor.matrix(new double[] {0.5, 0, 1}, new double[] {0.5, 0, 1}))))
                .bad(BadInput.rejects(Category.SHAPE, "W with 3 rows for X with 2 columns",
                        Tensors.of("X", Tensor.zeros(1, 2), "W", Tensor.zeros(3, 3), "b", bias), "W", "has 3 rows but X has 2 columns"))
                .bad(BadInput.rejects(Category.SHAPE, "bias with 2 entries for 3 outputs",
                        Tensors.of("X", Tensor.zeros(1, 2), "W", weights, "b", Tensor.vector(1, 2)), "b", "must have shape [out]"))
                .bad(BadInput.notApplicable(Category.DOMAIN, "an affine map takes every real X, W and b"))
                .pytorch("F.linear(X, W.T, b)",
                        TorchForm.single("H", in -> in.get("X").matMul(in.get("W")).add(in.get("b"))))
                .roundingScale(in -> Tensors.of("H", RoundingScales.affineRows(in.get("X"), in.get("W"), in.get("b"))))
                .onnx("Add(MatMul(X, W), b)", g -> g.output("H", g.add(g.matmul(g.input("X"), g.input("W")), g.input("b"))))
                .build();
    }

    private static Arbitrary<Tensors> rowsSamples(int maxDim, Samples.Entry entry) {
        return Arbitraries.randomValue(r -> {
            int n = 1 + r.nextInt(maxDim);
            int in = entry == LONG_INNER ? 2000 : 1 + r.nextInt(maxDim);
            int out = 1 + r.nextInt(maxDim);
            return Tensors.of("X", Samples.matrix(r, n, in, entry), "W", Samples.matrix(r, in, out, entry),
                    "b", Samples.vector(r, out, entry));
        });
    }

    /** Per element of H = XW + b: 2γ_(in+1)·(|X||W| + |b|). */
    private static Tensor rowsBound(Tensor X, Tensor W, Tensor b) {
        Tensor magnitude = Matrices.addRowVector(Matrices.matmul(abs(X), abs(W)), "b", abs(b));
        return sumBound(magnitude, X.dim(1) + 1);
    }

    // ================================================================ mlp_forward

    private static final Pattern LAYER_NAME = Pattern.compile("([Wb])([0-9]+)");

    /**
     * S3's multilayer perceptron. A sample names its layers W1, b1, …, WL, bL (depth L = the
     * number of consecutive W's from W1) and carries the hidden activation as the scalar
     * "activation": 0 identity, 1 sigmoid, 2 tanh, 3 relu ({@link Activation}). The output layer
     * is affine. The declared ports are S3's two layers (4 → 5 → 3 by default); deeper samples
     * carry W3, b3, W4, b4 too, whose gradients reach the check through X, W1, b1, W2 and b2.
     */
    private static Formula mlpForward() {
        Tensor W1 = Tensor.matrix(new double[] {1, 0, 0, 0, 0}, new double[] {0, 1, 0, 0, 0},
                new double[] {0, 0, 1, 0, 0}, new double[] {0, 0, 0, 1, 0});
        Tensor W2 = Tensor.matrix(new double[] {1, 0, 0}, new double[] {0, 1, 0}, new double[] {0, 0, 1},
                new double[] {1, 1, 1}, new double[] {7, 7, 7});
        Tensor b1 = Tensor.vector(0, 0, 0, 0, -1);
        Tensor b2 = Tensor.vector(0, 0, -10);
        Tensors s3 = Tensors.of("X", Tensor.matrix(new double[] {1, 2, 3, 4}), "W1", W1, "b1", b1, "W2", W2, "b2", b2);
        return Formula.define("mlp_forward", Family.LAYER).sources("S3")
                .formula("stack of linear + activation; the 4→5→3 example of S3")
                .input(Port.differentiable("X", "[N, n0]", "inputs, one sample per row"))
                .input(Port.differentiable("W1", "[n0, n1]", "first layer"))
                .input(Port.differentiable("b1", "[n1]", "first-layer bias"))
                .input(Port.differentiable("W2", "[n1, n2]", "second layer; a sample may stop at depth 1 or go on with W3, b3, W4, b4").optionally())
                .input(Port.differentiable("b2", "[n2]", "second-layer bias").optionally())
                .input(Port.differentiable("W3", "[n2, n3]", "third layer").optionally())
                .input(Port.differentiable("b3", "[n3]", "third-layer bias").optionally())
                .input(Port.differentiable("W4", "[n3, n4]", "fourth layer").optionally())
                .input(Port.differentiable("b4", "[n4]", "fourth-layer bias").optionally())
                .input(Port.integerHyperparameter("activation", "hidden activation code: 0 identity, 1 sigmoid, 2 tanh, 3 relu"))
                .output("O", "[N, nL]", "Z_l = A_(l−1) W_l + b_l, A_l = f(Z_l) for hidden layers, O = Z_L (affine output)")
                .compute(in -> {
                    int depth = depth(in);
                    return Tensors.of("O", Layers.mlpForward(in.get("X"), layer(in, "W", depth), layer(in, "b", depth),
                            activation(in)).output());
                })
                .vjp((in, c) -> mlpVjp(in, c, activation(in)::derivative))
                .samples(mlpSamples(false))
                .gradientSamples(mlpSamples(true))
                .convention("the output layer is affine (S3: O = HW⁽²⁾ + b⁽²⁾); the activation applies to hidden layers only")
                .convention("relu'(0) = 0, as PyTorch")
                .kink(Kinks.relu("relu'(0) of a hidden unit at Z = 0",
                        atZero -> (in, c) -> mlpVjp(in, c, z -> Kinks.reluDerivative(z, atZero)), null,
                        // Z1 = (0, 1) in the first row
                        Tensors.of("X", Tensor.matrix(new double[] {1, -1}, new double[] {2, 0.5}),
                                "W1", Tensor.matrix(new double[] {1, 2}, new double[] {1, 1}), "b1", Tensor.vector(0, 0),
                                "W2", Tensor.matrix(new double[] {2}, new double[] {3}), "b2", Tensor.vector(0.5), "activation", Activation.RELU.code()),
                        // Z1 = (1, −1), Z2 = 1 − 1 = 0: the kink in the second hidden layer
                        Tensors.of("X", Tensor.matrix(new double[] {1}), "W1", Tensor.matrix(new double[] {1, -1}), "b1", Tensor.vector(0, 0),
                                "W2", Tensor.matrix(new double[] {1}, new double[] {5}), "b2", Tensor.vector(-1),
                                "W3", Tensor.matrix(new double[] {2, -1}), "b3", Tensor.vector(0.5, 0), "activation", Activation.RELU.code())))
                .convention("depth is the number of layers W1..WL given; the gradient check covers the declared ports X, W1, b1, W2, b2")
                .fact(Fact.definitional("an MLP without activations equals the collapsed single affine layer", collapseSamples(5, MIXED),
                        (engine, s) -> {
                            Tensor O = engine.evaluate("mlp_forward", Tensors.of("X", s.get("X"), "W1", s.get("Wh"), "b1", s.get("bh"),
                                    "W2", s.get("Wo"), "b2", s.get("bo"), "activation", Activation.IDENTITY.code()), "O");
                            Tensor collapsed = engine.evaluate("linear_collapse", s, "collapsed");
                            return within("O against X(W_hW_o) + (b_hW_o + b_o)", O, collapsed, collapseBound(s));
                        }))
                .fact(Fact.definitional("each row of mlp_forward's output depends only on its own input row", mlpSamples(false),
                        (engine, s) -> {
                            Tensor X = s.get("X");
                            Tensor O = engine.evaluate("mlp_forward", s, "O");
                            Tensor bound = mlpBound(s);
                            Verdict v = Verdict.holds();
                            for (int i = 0; i < X.dim(0); i++) {
                                Tensor oi = engine.evaluate("mlp_forward", s.with("X", row(X, i)), "O");
                                v = v.and(within("row " + i, oi, row(O, i), row(bound, i)));
                            }
                            return v;
                        }))
                .example("S3's 4 → 5 → 3 with relu: Z1 = (1, 2, 3, 4, −1), relu kills unit 5 and its weights 7; "
                                + "O = (1 + 4, 2 + 4, 3 + 4 − 10)",
                        s3.with("activation", Activation.RELU.code()), Tensors.of("O", Tensor.matrix(new double[] {5, 6, -3})), 0)
                .example("4 → 5 → 3 with sigmoid at X = 0, b1 = 0: every hidden unit is σ(0) = ½, so O = 5·½·1 + b2",
                        Tensors.of("X", Tensor.zeros(1, 4), "W1", Tensor.filled(1, 4, 5), "b1", Tensor.zeros(5),
                                "W2", Tensor.filled(1, 5, 3), "b2", Tensor.vector(0, 1, 2), "activation", Activation.SIGMOID.code()),
                        Tensors.of("O", Tensor.matrix(new double[] {2.5, 3.5, 4.5})), 0)
                .example("depth 3 with tanh: W2 = 0 and b2 = 0 make the second hidden layer tanh(0) = 0, so O = b3 in every row",
                        Tensors.of("X", Tensor.matrix(new double[] {2}, new double[] {-3}), "W1", Tensor.matrix(new double[] {1}),
                                "b1", Tensor.vector(-2), "W2", Tensor.matrix(new double[] {0}), "b2", Tensor.vector(0),
                                "W3", Tensor.matrix(new double[] {4, -1}), "b3", Tensor.vector(1, 1),
                                "activation", Activation.TANH.code()),
                        Tensors.of("O", Tensor.matrix(new double[] {1, 1}, new double[] {1, 1})), 0)
                .bad(BadInput.ieee(Category.NAN, "NaN in the first row of X",
                        s3.with("X", Tensor.matrix(new double[] {Double.NaN, 1, 1, 1}, new double[] {1, 1, 1, 1}))
                                .with("W1", Tensor.filled(0.5, 4, 5)).with("W2", Tensor.filled(-0.5, 5, 3))
                                .with("activation", Activation.RELU.code()),
                        "row 0 of O all NaN (relu(nan) = nan in torch), row 1 finite",
                        out -> allNaN(row(out.get("O"), 0)) && allFinite(row(out.get("O"), 1))))
                .bad(BadInput.ieee(Category.INFINITY, "X = (+∞, 2, 3, 4), W1 = ½ everywhere, sigmoid hidden units",
                        s3.with("X", Tensor.matrix(new double[] {Double.POSITIVE_INFINITY, 2, 3, 4}))
                                .with("W1", Tensor.filled(0.5, 4, 5)).with("activation", Activation.SIGMOID.code()),
                        "finite: Z1 = +∞ and torch.sigmoid(inf) = 1, so O = (column sums of W2) + b2 = (9, 9, −1)",
                        out -> out.get("O").equals(Tensor.matrix(new double[] {9, 9, -1}))))
                .bad(BadInput.ieee(Category.INFINITY, "the same with W1 = (1, 0, …) (S3's example weights)",
                        s3.with("X", Tensor.matrix(new double[] {Double.POSITIVE_INFINITY, 2, 3, 4}))
                                .with("activation", Activation.SIGMOID.code()),
                        "all NaN: ∞ meets W1's zero weights, 0·∞ = NaN in every hidden unit but the first, as torch.matmul",
                        out -> allNaN(out.get("O"))))
                .bad(BadInput.ieee(Category.EMPTY, "no samples: X [0, 4]",
                        s3.with("X", Tensor.zeros(0, 4)).with("activation", Activation.RELU.code()),
                        "an empty O [0, 3], as torch on an empty batch", out -> shapeIs(out.get("O"), 0, 3)))
                .bad(BadInput.rejects(Category.SHAPE, "W1 with 4 rows for X with 3 columns",
                        s3.with("X", Tensor.zeros(1, 3)).with("activation", 3), "W1", "has 4 rows but X has 3 columns"))
                .bad(BadInput.rejects(Category.SHAPE, "W2 with 4 rows after a 5-unit layer",
                        s3.with("W2", Tensor.zeros(4, 3)).with("activation", 3), "W2", "has 4 rows but W1 has 5 columns"))
                .bad(BadInput.rejects(Category.SHAPE, "b1 with 4 entries for 5 units",
                        s3.with("b1", Tensor.zeros(4)).with("activation", 3), "b1", "must have shape [out] = [5]"))
                .bad(BadInput.rejects(Category.SHAPE, "W3 given without W2",
                        s3.without("W2").without("b2").with("W3", W2).with("b3", b2).with("activation", 3), "W2", "missing"))
                .bad(BadInput.rejects(Category.SHAPE, "W2 without b2",
                        s3.without("b2").with("activation", 3), "b2", "missing"))
                .bad(BadInput.rejects(Category.DOMAIN, "activation code 7",
                        s3.with("activation", 7), "activation", "must be one of 0 (identity)"))
                .bad(BadInput.rejects(Category.DOMAIN, "activation code 1.5",
                        s3.with("activation", 1.5), "activation", "must be one of"))
                .pytorch("f = (lambda v: v, torch.sigmoid, torch.tanh, torch.relu)[int(activation)]; "
                        + "layers = [(W, b) for W, b in ((W2, b2), (W3, b3), (W4, b4)) if W is not None]; "
                        + "functools.reduce(lambda A, Wb: f(A) @ Wb[0] + Wb[1], layers, X @ W1 + b1)",
                        TorchForm.single("O", in -> {
                            int code = Torch.code(in.get("activation"));
                            NDArray a = in.get("X");
                            for (int l = 1; in.containsKey("W" + l); l++) {
                                a = a.matMul(in.get("W" + l)).add(in.get("b" + l));
                                if (in.containsKey("W" + (l + 1))) {
                                    a = Torch.activation(code, a);
                                }
                            }
                            return a;
                        }))
                .roundingScale(in -> Tensors.of("O", RoundingScales.network(in.get("X"), layer(in, "W", depth(in)), layer(in, "b", depth(in)))))
                .onnx("per layer Add(MatMul(A, W_l), b_l), hidden layers through Identity, Sigmoid, Tanh or Relu picked by "
                        + "Where(Equal(activation, k), …)", OnnxForms::mlpForward)
                .build();
    }

    /** mlp_forward's vector–Jacobian product, with the hidden activation's derivative {@code derivative}. */
    private static Tensors mlpVjp(Tensors in, Tensors c, DoubleUnaryOperator derivative) {
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
    private static int depth(Tensors in) {
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

    private static List<Tensor> layer(Tensors in, String prefix, int depth) {
        List<Tensor> out = new ArrayList<>();
        for (int l = 1; l <= depth; l++) {
            out.add(in.get(prefix + l));
        }
        return out;
    }

    private static Activation activation(Tensors in) {
        return Activation.fromCode("activation", in.get("activation"));
    }

    /**
     * S3's 4 → 5 → 3 network (half the samples) or a random depth 1..4 (2..4 for gradients, so the
     * declared W2, b2 exist) with widths 1..5; any of the four activations. Gradient samples use
     * moderate entries and keep relu pre-activations at least 0.05 from the kink.
     */
    private static Arbitrary<Tensors> mlpSamples(boolean forGradient) {
        return Arbitraries.randomValue(r -> {
            while (true) {
                Tensors s = mlpSample(r, forGradient);
                if (!forGradient || awayFromKinks(s)) {
                    return s;
                }
            }
        });
    }

    private static Tensors mlpSample(Random r, boolean forGradient) {
        Samples.Entry entry = forGradient ? MODERATE : MIXED;
        int[] widths;
        if (r.nextBoolean()) {
            widths = new int[] {4, 5, 3};
        } else {
            int depth = forGradient ? 2 + r.nextInt(3) : 1 + r.nextInt(4);
            widths = new int[depth + 1];
            for (int l = 0; l <= depth; l++) {
                widths[l] = 1 + r.nextInt(5);
            }
        }
        int rows = 1 + r.nextInt(forGradient ? 3 : 6);
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("X", Samples.matrix(r, rows, widths[0], entry));
        for (int l = 1; l < widths.length; l++) {
            m.put("W" + l, Samples.matrix(r, widths[l - 1], widths[l], entry));
            m.put("b" + l, Samples.vector(r, widths[l], entry));
        }
        m.put("activation", Tensor.scalar(r.nextInt(4)));
        return Tensors.of(m);
    }

    private static boolean awayFromKinks(Tensors s) {
        if (activation(s) != Activation.RELU) {
            return true;
        }
        int depth = depth(s);
        Layers.Forward f = Layers.mlpForward(s.get("X"), layer(s, "W", depth), layer(s, "b", depth), Activation.RELU);
        for (int l = 0; l < depth - 1; l++) {
            Tensor z = f.preActivations().get(l);
            for (int i = 0; i < z.size(); i++) {
                if (Math.abs(z.at(i)) < 0.05) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Twice the forward error bound of one evaluation of the MLP in any summation order: with
     * E₁ = γ_(n₀+1)(|X||W₁| + |b₁|) and, through each 1-Lipschitz activation (σ' ≤ ¼, tanh' ≤ 1,
     * relu' ≤ 1) that adds 2 ulps of its value, E_l = γ_(n+1)(|A_(l−1)||W_l| + |b_l|)
     * + (E_(l−1) + 4u|A_(l−1)|)|W_l|. The magnitudes |A_l| come from the plain-Java forward pass.
     */
    private static Tensor mlpBound(Tensors s) {
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

    // ================================================================ linear_collapse

    private static Formula linearCollapse() {
        Tensors example = Tensors.of("X", Tensor.matrix(new double[] {1, 2}), "Wh", Tensor.matrix(new double[] {1, 0}, new double[] {0, 1}),
                "bh", Tensor.vector(1, 1), "Wo", Tensor.matrix(new double[] {2}, new double[] {3}), "bo", Tensor.vector(1));
        Tensors base = Tensors.of("X", Tensor.matrix(new double[] {1, 2}, new double[] {3, 4}),
                "Wh", Tensor.matrix(new double[] {1, 2, 3}, new double[] {4, 5, 6}), "bh", Tensor.vector(1, 0, -1),
                "Wo", Tensor.matrix(new double[] {1}, new double[] {-1}, new double[] {2}), "bo", Tensor.vector(0.5));
        return Formula.define("linear_collapse", Family.LAYER).sources("S3")
                .formula("without activations (XW_h + b_h)W_o + b_o = X(W_hW_o) + (b_hW_o + b_o)")
                .input(Port.differentiable("X", "[N, in]", "inputs, one sample per row"))
                .input(Port.differentiable("Wh", "[in, h]", "hidden weights"))
                .input(Port.differentiable("bh", "[h]", "hidden bias"))
                .input(Port.differentiable("Wo", "[h, out]", "output weights"))
                .input(Port.differentiable("bo", "[out]", "output bias"))
                .output("stacked", "[N, out]", "(XW_h + b_h)W_o + b_o")
                .output("collapsed", "[N, out]", "X(W_hW_o) + (b_hW_o + b_o)")
                .compute(in -> {
                    Layers.Collapse c = Layers.linearCollapse(in.get("X"), in.get("Wh"), in.get("bh"), in.get("Wo"), in.get("bo"));
                    return Tensors.of("stacked", c.stacked(), "collapsed", c.collapsed());
                })
                .vjp((in, c) -> {
                    Layers.Backward g = Layers.linearCollapseVjp(in.get("X"), in.get("Wh"), in.get("bh"), in.get("Wo"), in.get("bo"),
                            c.get("stacked"), c.get("collapsed"));
                    return Tensors.of("X", g.dX(), "Wh", g.dW().get(0), "bh", g.db().get(0), "Wo", g.dW().get(1), "bo", g.db().get(1));
                })
                .samples(collapseSamples(6, MIXED))
                .gradientSamples(collapseSamples(4, MODERATE))
                .fact(Fact.definitional("stacked and collapsed affine layers agree within rounding", collapseSamples(6, MIXED),
                        (engine, s) -> {
                            Tensors out = engine.evaluate("linear_collapse", s);
                            return within("stacked against collapsed", out.get("stacked"), out.get("collapsed"), collapseBound(s));
                        }))
                .example("W_h = I: H = (2, 3), stacked = 2·2 + 3·3 + 1 = 14; collapsed = 1·2 + 2·3 + (2 + 3 + 1) = 14", example,
                        Tensors.of("stacked", Tensor.matrix(new double[] {14}), "collapsed", Tensor.matrix(new double[] {14})), 0)
                .example("W_hW_o = (5, 11)ᵀ, b_hW_o + b_o = −0.5; rows (1, 2) → 26.5 and (3, 4) → 58.5 on both sides", base,
                        Tensors.of("stacked", Tensor.matrix(new double[] {26.5}, new double[] {58.5}),
                                "collapsed", Tensor.matrix(new double[] {26.5}, new double[] {58.5})), 0)
                .bad(BadInput.ieee(Category.NAN, "NaN in the first row of X", base.with("X", Tensor.matrix(new double[] {Double.NaN, 2},
                                new double[] {3, 4})),
                        "row 0 NaN on both sides, row 1 finite, as torch.matmul",
                        out -> Double.isNaN(out.get("stacked").at(0)) && Double.isNaN(out.get("collapsed").at(0))
                                && out.get("stacked").at(1) == 58.5 && out.get("collapsed").at(1) == 58.5))
                .bad(BadInput.ieee(Category.INFINITY, "X = (+∞, 0)",
                        base.with("X", Tensor.matrix(new double[] {Double.POSITIVE_INFINITY, 0})),
                        "stacked is NaN (H = (∞, ∞, ∞) meets W_o's −1: ∞ − ∞) while collapsed is ∞·5 = +∞: "
                                + "the identity fails at ∞, as in torch",
                        out -> Double.isNaN(out.get("stacked").item()) && out.get("collapsed").item() == Double.POSITIVE_INFINITY))
                .bad(BadInput.ieee(Category.EMPTY, "no samples: X [0, 2]", base.with("X", Tensor.zeros(0, 2)),
                        "empty [0, 1] on both sides", out -> shapeIs(out.get("stacked"), 0, 1) && shapeIs(out.get("collapsed"), 0, 1)))
                .bad(BadInput.ieee(Category.EMPTY, "no hidden units: W_h [2, 0], b_h [0], W_o [0, 1]",
                        base.with("Wh", Tensor.zeros(2, 0)).with("bh", Tensor.zeros(0)).with("Wo", Tensor.zeros(0, 1)),
                        "the empty products are zeros: both sides equal b_o",
                        out -> out.get("stacked").equals(Tensor.matrix(new double[] {0.5}, new double[] {0.5}))
                                && out.get("collapsed").equals(out.get("stacked"))))
                .bad(BadInput.rejects(Category.SHAPE, "W_o with 2 rows after 3 hidden units",
                        base.with("Wo", Tensor.zeros(2, 1)), "Wo", "has 2 rows but Wh has 3 columns"))
                .bad(BadInput.rejects(Category.SHAPE, "W_h with 3 rows for X with 2 columns",
                        base.with("Wh", Tensor.zeros(3, 3)), "Wh", "has 3 rows but X has 2 columns"))
                .bad(BadInput.rejects(Category.SHAPE, "b_h with 2 entries for 3 hidden units",
                        base.with("bh", Tensor.zeros(2)), "bh", "must have shape [out] = [3]"))
                .bad(BadInput.notApplicable(Category.DOMAIN, "affine maps take every real input, weight and bias"))
                .pytorch("{'stacked': (X @ Wh + bh) @ Wo + bo, 'collapsed': X @ (Wh @ Wo) + (bh @ Wo + bo)}", in -> {
                    Map<String, NDArray> out = new LinkedHashMap<>();
                    out.put("stacked", in.get("X").matMul(in.get("Wh")).add(in.get("bh")).matMul(in.get("Wo")).add(in.get("bo")));
                    out.put("collapsed", in.get("X").matMul(in.get("Wh").matMul(in.get("Wo")))
                            .add(in.get("bh").matMul(in.get("Wo")).add(in.get("bo"))));
                    return out;
                })
                .roundingScale(in -> {
                    // Both association orders are bounded by the network on absolute values with every inner dimension counted.
                    Tensor s = RoundingScales.network(in.get("X"), List.of(in.get("Wh"), in.get("Wo")), List.of(in.get("bh"), in.get("bo")));
                    return Tensors.of("stacked", s, "collapsed", s);
                })
                .onnx("Add(MatMul(Add(MatMul(X, Wh), bh), Wo), bo) and Add(MatMul(X, MatMul(Wh, Wo)), Add(MatMul(bh, Wo), bo))",
                        OnnxForms::linearCollapse)
                .build();
    }

    private static Arbitrary<Tensors> collapseSamples(int maxDim, Samples.Entry entry) {
        return Arbitraries.randomValue(r -> {
            int n = 1 + r.nextInt(maxDim);
            int in = 1 + r.nextInt(maxDim);
            int h = 1 + r.nextInt(maxDim);
            int out = 1 + r.nextInt(maxDim);
            return Tensors.of("X", Samples.matrix(r, n, in, entry), "Wh", Samples.matrix(r, in, h, entry),
                    "bh", Samples.vector(r, h, entry), "Wo", Samples.matrix(r, h, out, entry), "bo", Samples.vector(r, out, entry));
        });
    }

    /**
     * Both sides are evaluations of the same sum of products; each lies within γ_(in+h+2)·T of the
     * exact value, T = (|X||W_h| + |b_h|)|W_o| + |b_o| the sum of the absolute terms, in any
     * association and summation order (first-order terms; γ_a + γ_b + γ_aγ_b ≤ γ_(a+b)).
     */
    private static Tensor collapseBound(Tensors s) {
        Tensor hidden = Matrices.addRowVector(Matrices.matmul(abs(s.get("X")), abs(s.get("Wh"))), "bh", abs(s.get("bh")));
        Tensor magnitude = Matrices.addRowVector(Matrices.matmul(hidden, abs(s.get("Wo"))), "bo", abs(s.get("bo")));
        return sumBound(magnitude, s.get("X").dim(1) + s.get("Wh").dim(1) + 2);
    }

    // ================================================================ s1_network

    private static Formula s1Network() {
        double halfLog3 = Math.log(3) / 2;
        double e = Math.E;
        Tensors batch = Tensors.of("x", Tensor.matrix(new double[] {halfLog3, 0}), "W1", Tensor.matrix(new double[] {1}),
                "b1", Tensor.vector(0), "W2", Tensor.matrix(new double[] {2}, new double[] {0}), "b2", Tensor.vector(0, 0));
        return Formula.define("s1_network", Family.LAYER).sources("S1")
                .formula("softmax(W2 tanh(W1 x + b1) + b2)")
                .input(Port.differentiable("x", "[n0, m?]", "input [n0] (one column vector) or [n0, m] (one sample per column)"))
                .input(Port.differentiable("W1", "[n1, n0]", "hidden weights"))
                .input(Port.differentiable("b1", "[n1]", "hidden bias, added to every column"))
                .input(Port.differentiable("W2", "[n2, n1]", "output weights"))
                .input(Port.differentiable("b2", "[n2]", "output bias, added to every column"))
                .output("output", "[n2, m?]", "[n2] or [n2, m]: every column on the probability simplex (softmax over the n2 classes)")
                .compute(in -> Tensors.of("output", Layers.s1Network(in.get("x"), in.get("W1"), in.get("b1"), in.get("W2"), in.get("b2"))))
                .vjp((in, c) -> {
                    Layers.S1Gradient g = Layers.s1NetworkVjp(in.get("x"), in.get("W1"), in.get("b1"), in.get("W2"), in.get("b2"),
                            c.get("output"));
                    return Tensors.of("x", g.dx(), "W1", g.dW1(), "b1", g.db1(), "W2", g.dW2(), "b2", g.db2());
                })
                .samples(s1Samples(MIXED))
                .gradientSamples(s1Samples(MODERATE))
                .convention("S1's column layout: samples are columns and softmax runs down each column; PyTorch code usually "
                        + "takes rows, so an engine transposes")
                .fact(Fact.definitional("every column of s1_network's output is a probability vector", s1Samples(MIXED),
                        (engine, s) -> {
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
                        }))
                .fact(Fact.definitional("s1_network is the softmax of the tanh mlp_forward in the transposed layout", s1Samples(MODERATE),
                        (engine, s) -> {
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
                        }))
                .example("S1's network with W1 x = 0: the hidden layer is tanh(0) = 0, so the output is softmax(b2) = (¼, ¾) for b2 = (0, ln 3)",
                        Tensors.of("x", Tensor.vector(1, -2), "W1", Tensor.matrix(new double[] {2, 1}, new double[] {1, 0.5}, new double[] {0, 0}),
                                "b1", Tensor.vector(0, 0, 0), "W2", Tensor.matrix(new double[] {1, 2, 3}, new double[] {4, 5, 6}),
                                "b2", Tensor.vector(0, Math.log(3))),
                        Tensors.of("output", Tensor.vector(0.25, 0.75)), 1e-15)
                .example("two columns: tanh(ln 3 / 2) = ½ gives logits (1, 0) → (e/(e+1), 1/(e+1)); the zero column gives (½, ½)",
                        batch, Tensors.of("output", Tensor.matrix(new double[] {e / (e + 1), 0.5}, new double[] {1 / (e + 1), 0.5})), 1e-15)
                .bad(BadInput.ieee(Category.NAN, "NaN in the first column of x",
                        batch.with("x", Tensor.matrix(new double[] {Double.NaN, 0})),
                        "column 0 NaN (tanh and softmax propagate NaN in torch), column 1 = (½, ½)",
                        out -> allNaN(column(out.get("output"), 0)) && out.get("output").get(0, 1) == 0.5))
                .bad(BadInput.ieee(Category.INFINITY, "x = +∞",
                        batch.with("x", Tensor.matrix(new double[] {Double.POSITIVE_INFINITY, 0})),
                        "finite: torch.tanh(inf) = 1, so logits (2, 0) give (e²/(e²+1), 1/(e²+1))",
                        out -> Math.abs(out.get("output").get(0, 0) - e * e / (e * e + 1)) < 1e-15))
                .bad(BadInput.ieee(Category.INFINITY, "b2 = (+∞, 0)",
                        batch.with("b2", Tensor.vector(Double.POSITIVE_INFINITY, 0)),
                        "all NaN: the max shift computes ∞ − ∞ and the normaliser is NaN, as torch.softmax([inf, 0]) = [nan, nan]",
                        out -> allNaN(out.get("output"))))
                .bad(BadInput.ieee(Category.EMPTY, "no samples: x [1, 0]", batch.with("x", Tensor.zeros(1, 0)),
                        "an empty output [2, 0], as torch on an empty batch", out -> shapeIs(out.get("output"), 2, 0)))
                .bad(BadInput.ieee(Category.EMPTY, "no classes: W2 [0, 1], b2 [0]",
                        batch.with("W2", Tensor.zeros(0, 1)).with("b2", Tensor.zeros(0)),
                        "an empty output [0, 2], as torch.softmax of an empty tensor", out -> shapeIs(out.get("output"), 0, 2)))
                .bad(BadInput.rejects(Category.SHAPE, "x with 2 rows for W1 with 1 column",
                        batch.with("x", Tensor.zeros(2, 2)), "x", "has 2 rows but W1 has 1 columns"))
                .bad(BadInput.rejects(Category.SHAPE, "W2 with 2 columns after 1 hidden unit",
                        batch.with("W2", Tensor.zeros(2, 2)), "W2", "has 2 columns but W1 has 1 rows"))
                .bad(BadInput.rejects(Category.SHAPE, "b1 as a column [1, 1]",
                        batch.with("b1", Tensor.zeros(1, 1)), "b1", "must have shape [1]"))
                .bad(BadInput.notApplicable(Category.DOMAIN, "every real input and parameter is admissible; softmax maps any logits to the simplex"))
                .pytorch("col = (lambda b: b[:, None]) if x.dim() == 2 else (lambda b: b); "
                        + "torch.softmax(W2 @ torch.tanh(W1 @ x + col(b1)) + col(b2), dim=0)",
                        TorchForm.single("output", in -> {
                            NDArray x = in.get("x");
                            boolean columns = x.getShape().dimension() == 2;
                            NDArray b1 = columns ? in.get("b1").expandDims(1) : in.get("b1");
                            NDArray b2 = columns ? in.get("b2").expandDims(1) : in.get("b2");
                            return in.get("W2").matMul(in.get("W1").matMul(x).add(b1).tanh()).add(b2).softmax(0);
                        }))
                .onnx("Softmax(Add(MatMul(W2, Tanh(Add(MatMul(W1, x), b1))), b2), axis=0), biases Unsqueeze(b, 1) to columns for a batch",
                        OnnxForms::s1Network)
                .build();
    }

    /** S1's shapes: n0 1..4, n1 1..5, n2 2..4, a vector x or 1..3 columns. */
    private static Arbitrary<Tensors> s1Samples(Samples.Entry entry) {
        return Arbitraries.randomValue(r -> {
            int n0 = 1 + r.nextInt(4);
            int n1 = 1 + r.nextInt(5);
            int n2 = 2 + r.nextInt(3);
            Tensor x = r.nextBoolean() ? Samples.vector(r, n0, entry) : Samples.matrix(r, n0, 1 + r.nextInt(3), entry);
            return Tensors.of("x", x, "W1", Samples.matrix(r, n1, n0, entry), "b1", Samples.vector(r, n1, entry),
                    "W2", Samples.matrix(r, n2, n1, entry), "b2", Samples.vector(r, n2, entry));
        });
    }

    // ================================================================ shared helpers

    /** Value samples: mostly N(0, 3²), with ±1000-scale entries, tiny ones and exact zeros mixed in. */
    private static final Samples.Entry MIXED = (r, i) -> switch (r.nextInt(10)) {
        case 0 -> 1000 * (2 * r.nextDouble() - 1);
        case 1 -> 1e-8 * r.nextGaussian();
        case 2 -> 0.0;
        default -> 3 * r.nextGaussian();
    };

    /** Gradient samples: uniform on [−2, 2). */
    private static final Samples.Entry MODERATE = (r, i) -> 4 * r.nextDouble() - 2;

    /** Long inner dimensions (2000) with N(0, 1) entries: naive summation would lose digits. */
    private static final Samples.Entry LONG_INNER = Samples.gaussian(1);

    private static double scalarInput(Tensors in, String name) {
        Tensor t = in.get(name);
        Require.scalar(name, t);
        return t.item();
    }

    /** γ_n = n·u/(1 − n·u). */
    private static double gamma(int n) {
        return n * U / (1 - n * U);
    }

    /** 2γ_n·magnitude per element, plus n half-subnormals for products that underflowed. */
    private static Tensor sumBound(Tensor magnitude, int n) {
        double g = 2 * gamma(n);
        return magnitude.map(m -> g * m + n * Double.MIN_VALUE);
    }

    /** Element i of actual within bound i of expected (NaN matches NaN, ±∞ itself). */
    private static Verdict within(String what, Tensor actual, Tensor expected, Tensor bound) {
        if (!actual.sameShape(expected)) {
            return Verdict.fails("%s: shape %s, expected %s", what, Arrays.toString(actual.shape()),
                    Arrays.toString(expected.shape()));
        }
        for (int i = 0; i < actual.size(); i++) {
            Verdict v = Verdict.close(what + " element " + i, actual.at(i), expected.at(i), bound.at(i), 0);
            if (!v.ok()) {
                return v;
            }
        }
        return Verdict.holds();
    }

    private static Tensor abs(Tensor t) {
        return t.map(Math::abs);
    }

    private static double[] abs(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.abs(v[i]);
        }
        return out;
    }

    private static Tensor column(Tensor m, int j) {
        double[] c = new double[m.dim(0)];
        for (int i = 0; i < c.length; i++) {
            c[i] = m.get(i, j);
        }
        return Tensor.of(new int[] {c.length, 1}, c);
    }

    private static Tensor row(Tensor m, int i) {
        double[] r = new double[m.dim(1)];
        for (int j = 0; j < r.length; j++) {
            r[j] = m.get(i, j);
        }
        return Tensor.of(new int[] {1, r.length}, r);
    }

    private static boolean shapeIs(Tensor t, int... shape) {
        return Arrays.equals(t.shape(), shape);
    }

    /** A threshold unit's output on NaN: NaN by IEEE (plain Java), 0 by PyTorch's heaviside, which compares with 0. */
    private static boolean nanOrZero(double y) {
        return Double.isNaN(y) || y == 0;
    }

    private static boolean allNaN(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (!Double.isNaN(t.at(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allFinite(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (!Double.isFinite(t.at(i))) {
                return false;
            }
        }
        return true;
    }
}

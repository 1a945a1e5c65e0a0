package io.refcheck.catalog;

import static io.refcheck.catalog.Facts.activation;
import static io.refcheck.catalog.Facts.allNaN;
import static io.refcheck.catalog.Facts.column;
import static io.refcheck.catalog.LayerFacts.allFinite;
import static io.refcheck.catalog.LayerFacts.depth;
import static io.refcheck.catalog.LayerFacts.layer;
import static io.refcheck.catalog.LayerFacts.mlpVjp;
import static io.refcheck.catalog.LayerFacts.nanOrZero;
import static io.refcheck.catalog.LayerFacts.row;
import static io.refcheck.catalog.LayerFacts.scalarInput;
import static io.refcheck.catalog.LayerFacts.shapeIs;
import static io.refcheck.catalog.LayerSamples.MIXED;
import static io.refcheck.catalog.LayerSamples.MODERATE;
import static io.refcheck.catalog.LayerSamples.binaryInputs;
import static io.refcheck.catalog.LayerSamples.collapseSamples;
import static io.refcheck.catalog.LayerSamples.columnsSampleMix;
import static io.refcheck.catalog.LayerSamples.columnsSamples;
import static io.refcheck.catalog.LayerSamples.mistakenPoint;
import static io.refcheck.catalog.LayerSamples.mlpSamples;
import static io.refcheck.catalog.LayerSamples.mpSamples;
import static io.refcheck.catalog.LayerSamples.perceptronSamples;
import static io.refcheck.catalog.LayerSamples.rowsSampleMix;
import static io.refcheck.catalog.LayerSamples.rowsSamples;
import static io.refcheck.catalog.LayerSamples.s1Samples;
import static io.refcheck.catalog.LayerSamples.separableData;
import static io.refcheck.catalog.LayerSamples.xorWeights;

import io.refcheck.catalog.BadInput.Category;
import io.refcheck.formulas.Activation;
import io.refcheck.formulas.Layers;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.Arrays;
import java.util.List;

/**
 * docs/catalog.md §B, neurons, layers, networks: mp_neuron, perceptron, linear_columns, linear_rows,
 * mlp_forward, linear_collapse, s1_network. The maths lives in {@link Layers}; this class only
 * declares each id, with its facts in {@link LayerFacts}, samples in {@link LayerSamples} and forms in
 * {@link LayerForms}.
 */
final class LayerEntries {
    private LayerEntries() {
    }

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
                        LayerFacts::unitWeightsAreAndOr))
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
                        out -> Arrays.stream(out.get("y").toArray()).allMatch(LayerFacts::nanOrZero)))
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

    // ================================================================ perceptron

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
                .compute(LayerEntries::computePerceptron)
                .samples(perceptronSamples())
                .convention("sign is piecewise constant and the rule branches on mistakes, so no gradient is checked")
                .convention("one pass visits the rows in order and later points see the updated (w, b); a single step is a pass over one point")
                .convention("a point is a mistake unless y(w·x + b) > 0: w·x + b = 0 is a mistake (sign 0 is neither label), as is NaN")
                .fact(Fact.sourceFact("a perceptron never classifies all four XOR points correctly", xorWeights(), LayerFacts::xorNotSeparable))
                .fact(Fact.definitional("a perceptron update raises the mistaken point's margin by η(‖x‖² + 1)", mistakenPoint(),
                        LayerFacts::updateRaisesMargin))
                .fact(Fact.definitional("the perceptron makes at most (R/γ)² updates on linearly separable data (Novikoff)",
                        separableData(), LayerFacts::novikoffVerdict).withTries(50))
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

    /** sign(X w + b) with the given (w, b), and (w, b) and the mistake count after one pass of the rule over the rows. */
    private static Tensors computePerceptron(Tensors in) {
        Layers.PerceptronPass p = Layers.perceptronPass(in.get("X"), in.get("y"), in.get("w"),
                scalarInput(in, "b"), scalarInput(in, "eta"));
        return Tensors.of("prediction", p.prediction(), "w_next", p.w(), "b_next", p.b(), "mistakes", p.mistakes());
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
                .vjp(LayerEntries::linearColumnsVjp)
                .samples(columnsSampleMix())
                .gradientSamples(columnsSamples(5, MODERATE))
                .convention("b is [n1, 1]; a rank-1 b[n1] is rejected, because array broadcasting would add it along the rows")
                .fact(Fact.definitional("each column of linear_columns depends only on its own input column", columnsSamples(6, MIXED),
                        LayerFacts::columnsAreIndependent))
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

    /** ∂W = c Xᵀ, ∂X = Wᵀ c, ∂b = c summed along each row, for the cotangent c of Z = W X + b. */
    private static Tensors linearColumnsVjp(Tensors in, Tensors c) {
        Layers.LinearGradient g = Layers.linearColumnsVjp(in.get("W"), in.get("X"), c.get("Z"));
        return Tensors.of("W", g.dW(), "X", g.dX(), "b", g.db());
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
                .vjp(LayerEntries::linearRowsVjp)
                .samples(rowsSampleMix())
                .gradientSamples(rowsSamples(5, MODERATE))
                .fact(Fact.definitional("linear_rows on transposed inputs is the transpose of linear_columns", rowsSamples(6, MIXED),
                        LayerFacts::rowsAreTransposedColumns))
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

    /** ∂X = c Wᵀ, ∂W = Xᵀ c, ∂b = c summed down each column, for the cotangent c of H = X W + b. */
    private static Tensors linearRowsVjp(Tensors in, Tensors c) {
        Layers.LinearGradient g = Layers.linearRowsVjp(in.get("X"), in.get("W"), c.get("H"));
        return Tensors.of("X", g.dX(), "W", g.dW(), "b", g.db());
    }

    // ================================================================ mlp_forward

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
                .compute(LayerEntries::computeMlpForward)
                .vjp((in, c) -> mlpVjp(in, c, activation(in)::derivative))
                .samples(mlpSamples(false))
                .gradientSamples(mlpSamples(true))
                .convention("the output layer is affine (S3: O = HW⁽²⁾ + b⁽²⁾); the activation applies to hidden layers only")
                .convention("relu'(0) = 0, as PyTorch")
                .kink(Kinks.relu("relu'(0) of a hidden unit at Z = 0",
                        LayerFacts::mlpVjpWithReluAtZero, null,
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
                        LayerFacts::identityMlpIsCollapsed))
                .fact(Fact.definitional("each row of mlp_forward's output depends only on its own input row", mlpSamples(false),
                        LayerFacts::mlpRowsAreIndependent))
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
                        TorchForm.single("O", LayerForms::torchMlp))
                .roundingScale(LayerFacts::mlpRoundingScale)
                .onnx("per layer Add(MatMul(A, W_l), b_l), hidden layers through Identity, Sigmoid, Tanh or Relu picked by "
                        + "Where(Equal(activation, k), …)", LayerForms::mlpForward)
                .build();
    }

    /** O = Z_L of the layers W1, b1, …, WL, bL the sample carries, the hidden activation picked by its code. */
    private static Tensors computeMlpForward(Tensors in) {
        int depth = depth(in);
        return Tensors.of("O", Layers.mlpForward(in.get("X"), layer(in, "W", depth), layer(in, "b", depth),
                activation(in)).output());
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
                .compute(LayerEntries::computeLinearCollapse)
                .vjp(LayerEntries::linearCollapseVjp)
                .samples(collapseSamples(6, MIXED))
                .gradientSamples(collapseSamples(4, MODERATE))
                .fact(Fact.definitional("stacked and collapsed affine layers agree within rounding", collapseSamples(6, MIXED),
                        LayerFacts::stackedIsCollapsed))
                .example("W_h = I: H = (2, 3), stacked = 2·2 + 3·3 + 1 = 14; collapsed = 1·2 + 2·3 + (2 + 3 + 1) = 14", example,
                        Tensors.of("stacked", Tensor.matrix(new double[] {14}), "collapsed", Tensor.matrix(new double[] {14})), 0)
                .example("W_hW_o = (5, 11)ᵀ, b_hW_o + b_o = −0.5; rows (1, 2) → 26.5 and (3, 4) → 58.5 on both sides", base,
                        Tensors.of("stacked", Tensor.matrix(new double[] {26.5}, new double[] {58.5}),
                                "collapsed", Tensor.matrix(new double[] {26.5}, new double[] {58.5})), 0)
                .bad(BadInput.ieee(Category.NAN, "NaN in the first row of X", base.with("X", Tensor.matrix(new double[] {Double.NaN, 2},
                                new double[] {3, 4})),
                        "row 0 NaN on both sides, row 1 finite, as torch.matmul",
                        LayerFacts::firstRowNaNSecondFinite))
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
                        LayerFacts::bothAreOutputBias))
                .bad(BadInput.rejects(Category.SHAPE, "W_o with 2 rows after 3 hidden units",
                        base.with("Wo", Tensor.zeros(2, 1)), "Wo", "has 2 rows but Wh has 3 columns"))
                .bad(BadInput.rejects(Category.SHAPE, "W_h with 3 rows for X with 2 columns",
                        base.with("Wh", Tensor.zeros(3, 3)), "Wh", "has 3 rows but X has 2 columns"))
                .bad(BadInput.rejects(Category.SHAPE, "b_h with 2 entries for 3 hidden units",
                        base.with("bh", Tensor.zeros(2)), "bh", "must have shape [out] = [3]"))
                .bad(BadInput.notApplicable(Category.DOMAIN, "affine maps take every real input, weight and bias"))
                .pytorch("{'stacked': (X @ Wh + bh) @ Wo + bo, 'collapsed': X @ (Wh @ Wo) + (bh @ Wo + bo)}", LayerForms::torchLinearCollapse)
                .roundingScale(LayerFacts::collapseRoundingScale)
                .onnx("Add(MatMul(Add(MatMul(X, Wh), bh), Wo), bo) and Add(MatMul(X, MatMul(Wh, Wo)), Add(MatMul(bh, Wo), bo))",
                        LayerForms::linearCollapse)
                .build();
    }

    /** stacked = (X W_h + b_h) W_o + b_o and collapsed = X (W_h W_o) + (b_h W_o + b_o). */
    private static Tensors computeLinearCollapse(Tensors in) {
        Layers.Collapse c = Layers.linearCollapse(in.get("X"), in.get("Wh"), in.get("bh"), in.get("Wo"), in.get("bo"));
        return Tensors.of("stacked", c.stacked(), "collapsed", c.collapsed());
    }

    /** The gradients of ⟨C_s, stacked⟩ + ⟨C_c, collapsed⟩ with respect to X, W_h, b_h, W_o, b_o; C_s, C_c the cotangents. */
    private static Tensors linearCollapseVjp(Tensors in, Tensors c) {
        Layers.Backward g = Layers.linearCollapseVjp(in.get("X"), in.get("Wh"), in.get("bh"), in.get("Wo"), in.get("bo"),
                c.get("stacked"), c.get("collapsed"));
        return Tensors.of("X", g.dX(), "Wh", g.dW().get(0), "bh", g.db().get(0), "Wo", g.dW().get(1), "bo", g.db().get(1));
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
                .vjp(LayerEntries::s1NetworkVjp)
                .samples(s1Samples(MIXED))
                .gradientSamples(s1Samples(MODERATE))
                .convention("S1's column layout: samples are columns and softmax runs down each column; PyTorch code usually "
                        + "takes rows, so an engine transposes")
                .fact(Fact.definitional("every column of s1_network's output is a probability vector", s1Samples(MIXED),
                        LayerFacts::columnsAreDistributions))
                .fact(Fact.definitional("s1_network is the softmax of the tanh mlp_forward in the transposed layout", s1Samples(MODERATE),
                        LayerFacts::s1IsSoftmaxOfMlp))
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
                        TorchForm.single("output", LayerForms::torchS1Network))
                .onnx("Softmax(Add(MatMul(W2, Tanh(Add(MatMul(W1, x), b1))), b2), axis=0), biases Unsqueeze(b, 1) to columns for a batch",
                        LayerForms::s1Network)
                .build();
    }

    /** The gradients of x, W1, b1, W2 and b2 for the cotangent of softmax(W2 tanh(W1 x + b1) + b2). */
    private static Tensors s1NetworkVjp(Tensors in, Tensors c) {
        Layers.S1Gradient g = Layers.s1NetworkVjp(in.get("x"), in.get("W1"), in.get("b1"), in.get("W2"), in.get("b2"),
                c.get("output"));
        return Tensors.of("x", g.dx(), "W1", g.dW1(), "b1", g.db1(), "W2", g.dW2(), "b2", g.db2());
    }
}

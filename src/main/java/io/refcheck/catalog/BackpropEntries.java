package io.refcheck.catalog;

import static io.refcheck.catalog.BackpropFacts.DELTA_OUTPUT_DIFFERENCE_TRIES;
import static io.refcheck.catalog.BackpropFacts.FINITE_DIFFERENCE_TRIES;
import static io.refcheck.catalog.BackpropFacts.inner;
import static io.refcheck.catalog.BackpropFacts.outer;
import static io.refcheck.catalog.BackpropFacts.outputCase;
import static io.refcheck.catalog.BackpropForms.torchDerivative;
import static io.refcheck.catalog.BackpropSamples.chainAtZero;
import static io.refcheck.catalog.BackpropSamples.chainSamples;
import static io.refcheck.catalog.BackpropSamples.hiddenSamples;
import static io.refcheck.catalog.BackpropSamples.moderateLogits;
import static io.refcheck.catalog.BackpropSamples.outputSamples;
import static io.refcheck.catalog.BackpropSamples.paramSamples;
import static io.refcheck.catalog.BackpropSamples.paramSamplesWithLayer;
import static io.refcheck.catalog.BackpropSamples.positiveReluLayers;
import static io.refcheck.catalog.BackpropSamples.s1Example;
import static io.refcheck.catalog.BackpropSamples.s1Samples;
import static io.refcheck.catalog.BackpropSamples.sigmoidChains;
import static io.refcheck.catalog.BackpropSamples.sigmoidOutputs;
import static io.refcheck.catalog.BackpropSamples.sigmoidStacks;
import static io.refcheck.catalog.BackpropSamples.softmaxCases;
import static io.refcheck.catalog.BackpropSamples.twoLayerExample;
import static io.refcheck.catalog.BackpropSamples.twoLayerSamples;
import static io.refcheck.catalog.BackpropSamples.xorStarts;
import static io.refcheck.catalog.Facts.activation;

import io.refcheck.catalog.BadInput.Category;
import io.refcheck.formulas.Activation;
import io.refcheck.formulas.Activations;
import io.refcheck.formulas.Backprop;
import io.refcheck.formulas.Backprop.Layout;
import io.refcheck.formulas.Backprop.OutputCase;
import io.refcheck.formulas.Matrices;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.Arrays;
import java.util.List;

/**
 * Back-propagation (docs/catalog.md §E): chain_rule, delta_output, delta_hidden, param_grads,
 * two_layer_vectorized, s1_backprop, with the errata §I.1–3.
 *
 * <p>Codes in samples (scalars): activations identity 0, sigmoid 1, tanh 2, relu 3
 * ({@link Activation#code()}, as mlp_forward and the PyTorch forms); output cases half_sse + sigmoid 0, bce + sigmoid 1,
 * softmax_cross_entropy 2 ({@link OutputCase#code()}).
 *
 * <p>The ids whose outputs are themselves gradients of a cost (two_layer_vectorized, s1_backprop)
 * carry the cost as an output and a fact that compares the gradients with central differences of
 * that cost through the engine; they have no vjp (it would be a Hessian–vector product), so their
 * parameters are fixed ports.
 */
final class BackpropEntries {
    private BackpropEntries() {
    }

    private static final double SIGMOID_1 = 1 / (1 + Math.exp(-1));
    private static final int IDENTITY = Activation.IDENTITY.code();
    private static final int SIGMOID = Activation.SIGMOID.code();
    private static final int TANH = Activation.TANH.code();
    private static final int RELU = Activation.RELU.code();

    static List<Formula> entries() {
        return List.of(chainRule(), deltaOutput(), deltaHidden(), paramGrads(), twoLayerVectorized(), s1Backprop());
    }

    // ------------------------------------------------------------------------------------------
    // chain_rule

    private static Formula chainRule() {
        return Formula.define("chain_rule", Family.BACKPROP).sources("S3")
                .formula("dy/dx = dy/du · du/dx")
                .input(Port.differentiable("x", "[...]", "any real tensor"))
                .input(Port.integerHyperparameter("outer", "activation code of f: 0 identity, 1 sigmoid, 2 tanh, 3 relu"))
                .input(Port.integerHyperparameter("inner", "activation code of g: 0 identity, 1 sigmoid, 2 tanh, 3 relu"))
                .output("y", "[...]", "y = f(g(x)) elementwise, shape of x")
                .compute(in -> Tensors.of("y", Backprop.compose(outer(in), inner(in), in.get("x"))))
                .vjp((in, ct) -> Tensors.of("x",
                        Matrices.hadamard(ct.get("y"), Backprop.chainRule(outer(in), inner(in), in.get("x")))))
                .samples(chainSamples(Samples.real()))
                .gradientSamples(chainSamples(Samples.realAwayFrom(0.05, 0)))
                .fact(Fact.definitional("the chain rule's dy/dx equals central differences of f(g(x))",
                        chainSamples(Samples.realAwayFrom(0.05, 0)), BackpropFacts::chainRuleMatchesDifferences))
                .fact(Fact.definitional("the derivative of f(g(x)) is f'(g(x)) times g'(x), each from its own vjp",
                        chainSamples(Samples.real()), BackpropFacts::chainRuleIsProduct))
                .fact(Fact.sourceFact("sigmoid' ≤ 1/4, so through two sigmoids dy/dx is at most 4^(−2) (vanishing gradient)",
                        sigmoidChains(), BackpropFacts::sigmoidChainAtMostSixteenth))
                .bad(BadInput.ieee(Category.NAN, "x = [NaN, 1], σ(tanh x)",
                        Tensors.of("x", Tensor.vector(Double.NaN, 1), "outer", SIGMOID, "inner", TANH),
                        "torch.sigmoid(torch.tanh(nan)) = nan; other elements are unaffected",
                        out -> Double.isNaN(out.get("y").at(0)) && out.get("y").at(1) == 1 / (1 + Math.exp(-Math.tanh(1)))))
                .bad(BadInput.ieee(Category.INFINITY, "x = [+∞, −∞], tanh(σ x)",
                        Tensors.of("x", Tensor.vector(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY), "outer", TANH, "inner", SIGMOID),
                        "torch.tanh(torch.sigmoid(±inf)) = tanh(1), tanh(0) = 0",
                        out -> out.get("y").at(0) == Activations.tanh(1) && out.get("y").at(1) == 0))
                .bad(BadInput.ieee(Category.EMPTY, "x of shape [0]",
                        Tensors.of("x", Tensor.zeros(0), "outer", SIGMOID, "inner", TANH),
                        "elementwise torch functions map an empty tensor to an empty tensor",
                        out -> Arrays.equals(out.get("y").shape(), new int[] {0})))
                .bad(BadInput.rejects(Category.SHAPE, "outer is a vector, not a scalar code",
                        Tensors.of("x", Tensor.vector(1), "outer", Tensor.vector(0, 1), "inner", TANH), "outer", "must be a scalar"))
                .bad(BadInput.rejects(Category.DOMAIN, "inner code 7 names no activation",
                        Tensors.of("x", Tensor.vector(1), "outer", SIGMOID, "inner", 7), "inner", "must be one of 0 (identity)"))
                .bad(BadInput.rejects(Category.DOMAIN, "outer code 0.5 is not an integer code",
                        Tensors.of("x", Tensor.vector(1), "outer", 0.5, "inner", TANH), "outer", "must be one of 0 (identity)"))
                .example("σ(tanh 0) = σ(0) = 1/2",
                        Tensors.of("x", Tensor.vector(0), "outer", SIGMOID, "inner", TANH), Tensors.of("y", Tensor.vector(0.5)), 0)
                .example("tanh(σ(0)) = tanh(1/2) = (e − 1)/(e + 1)",
                        Tensors.of("x", Tensor.vector(0), "outer", TANH, "inner", SIGMOID),
                        Tensors.of("y", Tensor.vector((Math.E - 1) / (Math.E + 1))), 1e-15)
                .example("relu ∘ identity is relu: [−2, 3] ↦ [0, 3]",
                        Tensors.of("x", Tensor.vector(-2, 3), "outer", RELU, "inner", IDENTITY), Tensors.of("y", Tensor.vector(0, 3)), 0)
                .convention("relu'(0) = 0 as in PyTorch; gradient samples keep x at least 0.05 from 0")
                .kink(Kinks.relu("relu'(0) in f(g(x)) at x = 0", BackpropFacts::chainRuleWithReluAtZero, null,
                        chainAtZero(RELU, IDENTITY), chainAtZero(IDENTITY, RELU), chainAtZero(SIGMOID, RELU),
                        chainAtZero(RELU, TANH), chainAtZero(RELU, RELU)))
                .pytorch("f = (lambda v: v, torch.sigmoid, torch.tanh, torch.relu); f[int(outer)](f[int(inner)](x))",
                        TorchForm.single("y", in -> Torch.activation(Torch.code(in.get("outer")),
                                Torch.activation(Torch.code(in.get("inner")), in.get("x")))))
                .onnx("f(g(x)), f and g each Identity, Sigmoid, Tanh or Relu picked by Where(Equal(code, k), …)",
                        g -> g.output("y", g.activation(g.scalarDouble("outer"), g.activation(g.scalarDouble("inner"), g.input("x")))))
                .build();
    }

    // ------------------------------------------------------------------------------------------
    // delta_output

    private static Formula deltaOutput() {
        return Formula.define("delta_output", Family.BACKPROP).sources("S0", "S2", "S4")
                .formula("δ_L = ∂L/∂a_L ⊙ f'(z_L); cases: half_sse + sigmoid → (a−y)⊙a(1−a); bce + sigmoid → a − y; "
                        + "softmax_cross_entropy → softmax(z) − onehot")
                .input(Port.differentiable("z", "[N, C]", "output pre-activations (logits), any reals"))
                .input(Port.fixed("y", "[N, C]", "targets: any reals (half_sse), in [0, 1] (bce), rows on the simplex "
                        + "(softmax_cross_entropy; one-hot rows are class labels)"))
                .input(Port.integerHyperparameter("case", "0 half_sse + sigmoid, 1 bce + sigmoid, 2 softmax_cross_entropy"))
                .output("delta", "[N, C]", "δ_L = ∂loss/∂z, shape of z (per-sample deltas)")
                .output("loss", "[]", "the case's loss summed over all samples (scalar)")
                .compute(BackpropEntries::computeDeltaOutput)
                .vjp((in, ct) -> Tensors.of("z", Backprop.deltaOutputVjp(outputCase(in), in.get("z"), in.get("y"),
                        ct.get("delta"), ct.get("loss").item())))
                .samples(outputSamples(Samples.logits(4, 5)))
                .gradientSamples(outputSamples(Samples.smallLogits(3, 4)))
                .fact(Fact.definitional("every case's delta equals central differences of its loss with respect to z",
                        outputSamples(moderateLogits()), BackpropFacts::deltaMatchesLossDifferences).withTries(DELTA_OUTPUT_DIFFERENCE_TRIES))
                .fact(Fact.definitional("softmax cross-entropy deltas sum to zero along every row",
                        softmaxCases(), BackpropFacts::softmaxDeltaRowsSumToZero))
                .fact(Fact.definitional("with a sigmoid output, half_sse's delta is bce's delta a − y times a(1 − a)",
                        sigmoidOutputs(), BackpropFacts::halfSseDeltaIsBceDeltaTimesSlope))
                .erratum(new Erratum(3, "S2", "δ_L = (a − y) ⊙ a(1 − a) for the output layer",
                        "δ_L = ∂L/∂a ⊙ f'(z): (a − y) ⊙ a(1 − a) only for half_sse with a sigmoid output; a − y for bce with "
                                + "a sigmoid output; softmax(z) − onehot for softmax_cross_entropy",
                        BackpropFacts::s2OutputDeltaEvidence))
                .bad(BadInput.ieee(Category.NAN, "z = [[NaN, 0]], bce + sigmoid, y = [[1, 0]]",
                        Tensors.of("z", Tensor.matrix(new double[] {Double.NaN, 0}), "y", Tensor.matrix(new double[] {1, 0}), "case", 1),
                        "torch.sigmoid(nan) = nan, so that delta element and the loss are nan; the other element is σ(0) − 0 = 1/2",
                        out -> Double.isNaN(out.get("delta").at(0)) && out.get("delta").at(1) == 0.5 && Double.isNaN(out.scalar("loss"))))
                .bad(BadInput.ieee(Category.NAN, "z = [[NaN, 0]], softmax_cross_entropy, y = [[1, 0]]",
                        Tensors.of("z", Tensor.matrix(new double[] {Double.NaN, 0}), "y", Tensor.matrix(new double[] {1, 0}), "case", 2),
                        "torch.softmax of a row holding nan is nan in every element",
                        out -> Double.isNaN(out.get("delta").at(0)) && Double.isNaN(out.get("delta").at(1)) && Double.isNaN(out.scalar("loss"))))
                .bad(BadInput.ieee(Category.INFINITY, "z = [[+∞, −∞]], half_sse + sigmoid, y = [[0.25, 0.25]]",
                        Tensors.of("z", Tensor.matrix(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}),
                                "y", Tensor.matrix(new double[] {0.25, 0.25}), "case", 0),
                        "torch.sigmoid(±inf) = 1, 0 and σ'(±inf) = 0: the delta is 0 and the loss ½(0.75² + 0.25²) = 0.3125",
                        out -> out.get("delta").at(0) == 0 && out.get("delta").at(1) == 0 && out.scalar("loss") == 0.3125))
                .bad(BadInput.ieee(Category.INFINITY, "z = [[+∞, −∞]], bce + sigmoid, y = [[1, 0]]",
                        Tensors.of("z", Tensor.matrix(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}),
                                "y", Tensor.matrix(new double[] {1, 0}), "case", 1),
                        "σ(±inf) − y = 0 for the delta; PyTorch's binary_cross_entropy_with_logits is nan at z = +inf with y = 1 "
                                + "(0·inf) and at z = −inf, so the loss is nan (the limit, 0, is not what PyTorch gives)",
                        out -> out.get("delta").at(0) == 0 && out.get("delta").at(1) == 0 && Double.isNaN(out.scalar("loss"))))
                .bad(BadInput.ieee(Category.INFINITY, "z = [[−∞, 0]], softmax_cross_entropy, y = [[0, 1]]",
                        Tensors.of("z", Tensor.matrix(new double[] {Double.NEGATIVE_INFINITY, 0}),
                                "y", Tensor.matrix(new double[] {0, 1}), "case", 2),
                        "softmax(z) − y = (0, 0) for the delta; the loss −Σ y·log_softmax(z) has 0·(−inf) = nan, as F.cross_entropy "
                                + "with probability targets gives",
                        out -> out.get("delta").at(0) == 0 && out.get("delta").at(1) == 0 && Double.isNaN(out.scalar("loss")))
                        .deviatesOn(BadInput.Deviation.onnxRuntime("the ONNX form takes 0·log p as 0 (Where(Equal(y, 0), 0, "
                                + "y·LogSoftmax(z)), as xlogy does), so the loss is −0 where PyTorch multiplies 0 by −inf",
                                out -> out.get("delta").at(0) == 0 && out.get("delta").at(1) == 0 && out.scalar("loss") == 0)))
                .bad(BadInput.ieee(Category.EMPTY, "an empty batch z, y of shape [0, 3]",
                        Tensors.of("z", Tensor.zeros(0, 3), "y", Tensor.zeros(0, 3), "case", 2),
                        "reduction='sum' over an empty batch is 0 and the delta is an empty [0, 3] tensor",
                        out -> Arrays.equals(out.get("delta").shape(), new int[] {0, 3}) && out.scalar("loss") == 0))
                .bad(BadInput.rejects(Category.SHAPE, "y of shape [1, 3] against z of shape [1, 2]",
                        Tensors.of("z", Tensor.zeros(1, 2), "y", Tensor.zeros(1, 3), "case", 0), "y", "must equal the shape of z"))
                .bad(BadInput.rejects(Category.SHAPE, "z is a vector, not [N, C]",
                        Tensors.of("z", Tensor.zeros(2), "y", Tensor.zeros(2), "case", 0), "z", "must have rank 2"))
                .bad(BadInput.rejects(Category.DOMAIN, "case code 3 names no output case",
                        Tensors.of("z", Tensor.zeros(1, 2), "y", Tensor.zeros(1, 2), "case", 3), "case", "unknown output case code"))
                .bad(BadInput.rejects(Category.DOMAIN, "bce target 1.5 outside [0, 1] (torch raises)",
                        Tensors.of("z", Tensor.zeros(1, 2), "y", Tensor.matrix(new double[] {1.5, 0}), "case", 1), "y", "[0, 1]"))
                .bad(BadInput.rejects(Category.DOMAIN, "softmax target row [0.5, 0.25] off the simplex",
                        Tensors.of("z", Tensor.zeros(1, 2), "y", Tensor.matrix(new double[] {0.5, 0.25}), "case", 2), "y", "simplex"))
                .example("half_sse + sigmoid at z = 0, y = 1: a = 1/2, δ = (1/2 − 1)(1/2)(1/2) = −1/8, loss ½(1/2)² = 1/8",
                        Tensors.of("z", Tensor.matrix(new double[] {0}), "y", Tensor.matrix(new double[] {1}), "case", 0),
                        Tensors.of("delta", Tensor.matrix(new double[] {-0.125}), "loss", 0.125), 1e-16)
                .example("bce + sigmoid at z = [0, 0], y = [1, 0]: δ = [−1/2, 1/2], loss 2 log 2",
                        Tensors.of("z", Tensor.matrix(new double[] {0, 0}), "y", Tensor.matrix(new double[] {1, 0}), "case", 1),
                        Tensors.of("delta", Tensor.matrix(new double[] {-0.5, 0.5}), "loss", 2 * Math.log(2)), 1e-15)
                .example("softmax_cross_entropy of equal logits [0, 0] with label 0: δ = [1/2 − 1, 1/2], loss log 2",
                        Tensors.of("z", Tensor.matrix(new double[] {0, 0}), "y", Tensor.matrix(new double[] {1, 0}), "case", 2),
                        Tensors.of("delta", Tensor.matrix(new double[] {-0.5, 0.5}), "loss", Math.log(2)), 1e-15)
                .convention("the loss output is summed over all samples and the delta is per sample; for a mean over N "
                        + "samples divide both by N (two_layer_vectorized's 1/m)")
                .convention("bce is computed from the logit (as binary_cross_entropy_with_logits), so there is no clamp of "
                        + "log at −100 as in torch.nn.BCELoss")
                .pytorch("a = torch.sigmoid(z); "
                        + "{'delta': (a - y) * a * (1 - a), 'loss': 0.5 * ((a - y) ** 2).sum()} if case == 0 "
                        + "else {'delta': a - y, 'loss': F.binary_cross_entropy_with_logits(z, y, reduction='sum')} if case == 1 "
                        + "else {'delta': torch.softmax(z, 1) - y, 'loss': -(y * torch.log_softmax(z, 1)).sum()}",
                        BackpropForms::torchDeltaOutput)
                .onnx("all three cases, picked by Where(Equal(case, k), …): Sigmoid, Softmax(axis=1), LogSoftmax(axis=1), ReduceSum "
                        + "and the bce terms Relu, Exp, Log", BackpropForms::deltaOutput)
                .build();
    }

    /** δ_L = ∂loss/∂z and the loss summed over the samples, for the output case the sample's code names. */
    private static Tensors computeDeltaOutput(Tensors in) {
        OutputCase c = outputCase(in);
        return Tensors.of("delta", Backprop.deltaOutput(c, in.get("z"), in.get("y")),
                "loss", Backprop.outputLoss(c, in.get("z"), in.get("y")));
    }

    // ------------------------------------------------------------------------------------------
    // delta_hidden

    private static Formula deltaHidden() {
        return Formula.define("delta_hidden", Family.BACKPROP).sources("S2", "S3")
                .formula("δ_l = W_(l+1)ᵀ δ_(l+1) ⊙ f'(z_l)")
                .input(Port.differentiable("W_next", "[n_next, n]", "weights of layer l+1"))
                .input(Port.differentiable("delta_next", "[n_next, m]", "δ_(l+1) (one sample per column)"))
                .input(Port.differentiable("z", "[n, m]", "pre-activations of layer l"))
                .input(Port.integerHyperparameter("activation", "code of f: 0 identity, 1 sigmoid, 2 tanh, 3 relu"))
                .output("delta", "[n, m]", "δ_l")
                .compute(in -> Tensors.of("delta", Backprop.deltaHidden(Layout.COLUMNS, in.get("W_next"), in.get("delta_next"),
                        in.get("z"), activation(in))))
                .vjp(BackpropEntries::deltaHiddenVjp)
                .samples(hiddenSamples(Samples.real(), 30))
                .gradientSamples(hiddenSamples(Samples.realAwayFrom(0.05, 0), 4))
                .fact(Fact.definitional("δ_l equals central differences of ⟨δ_(l+1), W_(l+1) f(z_l)⟩ with respect to z_l",
                        hiddenSamples(Samples.realAwayFrom(0.05, 0), 4), BackpropFacts::hiddenDeltaMatchesDifferences))
                .fact(Fact.sourceFact("through L sigmoid layers with identity weights a delta shrinks by at least 4^L (vanishing gradient)",
                        sigmoidStacks(), BackpropFacts::sigmoidLayersShrinkDelta))
                .fact(Fact.sourceFact("relu' = 1 on the positive side: a relu layer with positive z passes W_(l+1)ᵀ δ_(l+1) through unchanged",
                        positiveReluLayers(), BackpropFacts::reluPassesDeltaOnPositiveSide))
                .bad(BadInput.ieee(Category.NAN, "z = [[NaN], [0]] with sigmoid",
                        Tensors.of("W_next", Tensor.matrix(new double[] {1, 1}), "delta_next", Tensor.matrix(new double[] {1}),
                                "z", Tensor.matrix(new double[] {Double.NaN}, new double[] {0}), "activation", SIGMOID),
                        "torch's sigmoid backward at nan is nan; the other unit gets 1·1·σ'(0) = 1/4",
                        out -> Double.isNaN(out.get("delta").at(0)) && out.get("delta").at(1) == 0.25))
                .bad(BadInput.ieee(Category.INFINITY, "z = [[+∞], [0]] with tanh",
                        Tensors.of("W_next", Tensor.matrix(new double[] {2, 3}), "delta_next", Tensor.matrix(new double[] {1}),
                                "z", Tensor.matrix(new double[] {Double.POSITIVE_INFINITY}, new double[] {0}), "activation", TANH),
                        "tanh'(+inf) = 1 − tanh(inf)² = 0 in torch, so that unit's delta is 0; the other is 3·tanh'(0) = 3",
                        out -> out.get("delta").at(0) == 0 && out.get("delta").at(1) == 3))
                .bad(BadInput.ieee(Category.EMPTY, "no samples: delta_next [1, 0], z [2, 0]",
                        Tensors.of("W_next", Tensor.matrix(new double[] {1, 1}), "delta_next", Tensor.zeros(1, 0), "z", Tensor.zeros(2, 0),
                                "activation", TANH),
                        "torch.mm of [2, 1] and [1, 0] is an empty [2, 0] tensor",
                        out -> Arrays.equals(out.get("delta").shape(), new int[] {2, 0})))
                .bad(BadInput.rejects(Category.SHAPE, "z has 3 units but W_next has 2 columns",
                        Tensors.of("W_next", Tensor.zeros(1, 2), "delta_next", Tensor.zeros(1, 1), "z", Tensor.zeros(3, 1), "activation", TANH),
                        "z", "columns of W_next"))
                .bad(BadInput.rejects(Category.SHAPE, "delta_next has 2 units but W_next has 1 row",
                        Tensors.of("W_next", Tensor.zeros(1, 2), "delta_next", Tensor.zeros(2, 1), "z", Tensor.zeros(2, 1), "activation", TANH),
                        "delta_next", "rows of W_next"))
                .bad(BadInput.rejects(Category.SHAPE, "z has 2 samples but delta_next has 1",
                        Tensors.of("W_next", Tensor.zeros(1, 2), "delta_next", Tensor.zeros(1, 1), "z", Tensor.zeros(2, 2), "activation", TANH),
                        "z", "samples"))
                .bad(BadInput.rejects(Category.DOMAIN, "activation code 9 names no activation",
                        Tensors.of("W_next", Tensor.zeros(1, 2), "delta_next", Tensor.zeros(1, 1), "z", Tensor.zeros(2, 1), "activation", 9),
                        "activation", "must be one of 0 (identity)"))
                .example("W = [1 2], δ_(l+1) = 3, z = 0, sigmoid: Wᵀδ = [3, 6] times σ'(0) = 1/4 gives [3/4, 3/2]",
                        Tensors.of("W_next", Tensor.matrix(new double[] {1, 2}), "delta_next", Tensor.matrix(new double[] {3}),
                                "z", Tensor.matrix(new double[] {0}, new double[] {0}), "activation", SIGMOID),
                        Tensors.of("delta", Tensor.matrix(new double[] {0.75}, new double[] {1.5})), 0)
                .example("relu with z = [1, −1]: Wᵀδ = [3, 6] gated to [3, 0]",
                        Tensors.of("W_next", Tensor.matrix(new double[] {1, 2}), "delta_next", Tensor.matrix(new double[] {3}),
                                "z", Tensor.matrix(new double[] {1}, new double[] {-1}), "activation", RELU),
                        Tensors.of("delta", Tensor.matrix(new double[] {3}, new double[] {0})), 0)
                .example("two samples, tanh at z = 0 (tanh' = 1): W = [[1, 0], [1, 1]], δ = [[1, 2], [3, 4]] gives Wᵀδ = [[4, 6], [3, 4]]",
                        Tensors.of("W_next", Tensor.matrix(new double[] {1, 0}, new double[] {1, 1}),
                                "delta_next", Tensor.matrix(new double[] {1, 2}, new double[] {3, 4}), "z", Tensor.zeros(2, 2), "activation", TANH),
                        Tensors.of("delta", Tensor.matrix(new double[] {4, 6}, new double[] {3, 4})), 0)
                .convention("column layout as the sources write it; Backprop.deltaHidden(Layout.ROWS, …) is the row-layout "
                        + "form δ_(l+1) W_(l+1) ⊙ f'(z_l)")
                .convention("relu'(0) = 0 as in PyTorch; gradient samples keep z at least 0.05 from 0")
                .kink(Kinks.relu("relu'(0) of a relu layer at z = 0 (the value δ_l depends on it too)",
                        BackpropFacts::hiddenVjpWithReluAtZero, BackpropFacts::hiddenDeltaWithReluAtZero,
                        Tensors.of("W_next", Tensor.matrix(new double[] {1, 2, -1}, new double[] {0.5, -3, 2}),
                                "delta_next", Tensor.matrix(new double[] {3, -1}, new double[] {0.25, 2}),
                                "z", Tensor.matrix(new double[] {0, 1}, new double[] {-1, 0}, new double[] {0, 0}), "activation", RELU)))
                .roundingScale(BackpropFacts::hiddenRoundingScale)
                .pytorch("s = torch.sigmoid(z); "
                        + "(W_next.T @ delta_next) * (torch.ones_like(z), s * (1 - s), 1 - torch.tanh(z) ** 2, (z > 0).to(z.dtype))[int(activation)]",
                        TorchForm.single("delta", in -> in.get("W_next").transpose().matMul(in.get("delta_next"))
                                .mul(torchDerivative(Torch.code(in.get("activation")), in.get("z")))))
                .onnx("Mul(MatMul(Transpose(W_next), delta_next), f'(z)), f' one of 1, σ(1 − σ), 1 − tanh², Cast(Greater(z, 0)) "
                        + "picked by Where(Equal(activation, k), …)", BackpropForms::deltaHidden)
                .build();
    }

    /** With g = c ⊙ f'(z): ∂/∂W_next = δ_next gᵀ, ∂/∂δ_next = W_next g, ∂/∂z = c ⊙ (W_nextᵀ δ_next) ⊙ f''(z). */
    private static Tensors deltaHiddenVjp(Tensors in, Tensors ct) {
        Backprop.DeltaHiddenVjp g = Backprop.deltaHiddenVjp(in.get("W_next"), in.get("delta_next"), in.get("z"),
                activation(in), ct.get("delta"));
        return Tensors.of("W_next", g.wNext(), "delta_next", g.deltaNext(), "z", g.z());
    }

    // ------------------------------------------------------------------------------------------
    // param_grads

    private static Formula paramGrads() {
        return Formula.define("param_grads", Family.BACKPROP).sources("S2", "S3")
                .formula("∂L/∂W_l = δ_l a_(l−1)ᵀ, ∂L/∂b_l = δ_l")
                .input(Port.differentiable("delta", "[n, m]", "δ_l = ∂L/∂Z_l (one sample per column)"))
                .input(Port.differentiable("a_prev", "[n_prev, m]", "activations a_(l−1)"))
                .output("dW", "[n, n_prev]", "∂L/∂W_l = δ_l a_(l−1)ᵀ, summed over the m samples")
                .output("db", "[n, 1]", "∂L/∂b_l = Σ over samples of δ_l")
                .compute(BackpropEntries::computeParamGrads)
                .vjp(BackpropEntries::paramGradsVjp)
                .samples(paramSamples(Samples.real(), 40))
                .gradientSamples(paramSamples(Samples.uniform(-3, 3), 5))
                .fact(Fact.definitional("dW and db equal central differences of ⟨δ, W a_prev + b⟩ with respect to W and b",
                        paramSamplesWithLayer(), BackpropFacts::paramGradsMatchDifferences))
                .fact(Fact.definitional("param_grads of a batch is the sum of the per-sample param_grads",
                        paramSamples(Samples.uniform(-3, 3), 8), BackpropFacts::batchIsSumOfSamples))
                .bad(BadInput.ieee(Category.NAN, "delta = [[NaN], [1]], a_prev = [[2]]",
                        Tensors.of("delta", Tensor.matrix(new double[] {Double.NaN}, new double[] {1}), "a_prev", Tensor.matrix(new double[] {2})),
                        "torch.mm and torch.sum propagate nan: row 0 of dW and db is nan, row 1 is 2 and 1",
                        out -> Double.isNaN(out.get("dW").at(0)) && Double.isNaN(out.get("db").at(0))
                                && out.get("dW").at(1) == 2 && out.get("db").at(1) == 1))
                .bad(BadInput.ieee(Category.INFINITY, "a_prev = [[+∞], [1]], delta = [[2]]",
                        Tensors.of("delta", Tensor.matrix(new double[] {2}), "a_prev", Tensor.matrix(new double[] {Double.POSITIVE_INFINITY}, new double[] {1})),
                        "torch.mm gives 2·inf = inf; db = 2 is untouched",
                        out -> out.get("dW").at(0) == Double.POSITIVE_INFINITY && out.get("dW").at(1) == 2 && out.get("db").at(0) == 2))
                .bad(BadInput.ieee(Category.EMPTY, "no samples: delta [2, 0], a_prev [3, 0]",
                        Tensors.of("delta", Tensor.zeros(2, 0), "a_prev", Tensor.zeros(3, 0)),
                        "torch.mm of [2, 0] and [0, 3] is a [2, 3] tensor of zeros, the empty sum; so is db",
                        out -> out.get("dW").equals(Tensor.zeros(2, 3)) && out.get("db").equals(Tensor.zeros(2, 1))))
                .bad(BadInput.rejects(Category.SHAPE, "a_prev has 3 samples but delta has 2",
                        Tensors.of("delta", Tensor.zeros(2, 2), "a_prev", Tensor.zeros(4, 3)), "a_prev", "samples"))
                .bad(BadInput.rejects(Category.SHAPE, "delta is a vector",
                        Tensors.of("delta", Tensor.zeros(2), "a_prev", Tensor.zeros(4, 2)), "delta", "must have rank 2"))
                .bad(BadInput.notApplicable(Category.DOMAIN, "every real delta and activation is valid: the formula is bilinear"))
                .example("one sample: δ = [1, 2]ᵀ, a = [3, 4, 5]ᵀ gives dW = δ aᵀ = [[3, 4, 5], [6, 8, 10]] and db = δ",
                        Tensors.of("delta", Tensor.matrix(new double[] {1}, new double[] {2}),
                                "a_prev", Tensor.matrix(new double[] {3}, new double[] {4}, new double[] {5})),
                        Tensors.of("dW", Tensor.matrix(new double[] {3, 4, 5}, new double[] {6, 8, 10}),
                                "db", Tensor.matrix(new double[] {1}, new double[] {2})), 0)
                .example("two samples are summed: δ = [1, −1], a = [[1, 1], [2, 3]] gives dW = [1·1 − 1·1, 1·2 − 1·3] = [0, −1], db = 0",
                        Tensors.of("delta", Tensor.matrix(new double[] {1, -1}), "a_prev", Tensor.matrix(new double[] {1, 1}, new double[] {2, 3})),
                        Tensors.of("dW", Tensor.matrix(new double[] {0, -1}), "db", Tensor.matrix(new double[] {0})), 0)
                .convention("column layout; a batch is summed over its samples. For a mean loss pass the delta of the mean "
                        + "(per-sample deltas divided by m), as two_layer_vectorized does. Backprop.paramGrads(Layout.ROWS, …) "
                        + "is the row-layout form dW = δᵀ a, db = Σ_rows δ")
                .roundingScale(BackpropFacts::paramRoundingScale)
                .pytorch("{'dW': delta @ a_prev.T, 'db': delta.sum(1, keepdim=True)}", BackpropForms::torchParamGrads)
                .onnx("dW = MatMul(delta, Transpose(a_prev)), db = ReduceSum(delta, axis 1, keepdims=1)", BackpropForms::paramGrads)
                .build();
    }

    /** dW = δ a_prevᵀ and db = Σ_columns δ, summed over the samples (column layout). */
    private static Tensors computeParamGrads(Tensors in) {
        Backprop.ParamGrads g = Backprop.paramGrads(Layout.COLUMNS, in.get("delta"), in.get("a_prev"));
        return Tensors.of("dW", g.dW(), "db", g.db());
    }

    /** ∂/∂δ = C_W a_prev + c_b 1ᵀ and ∂/∂a_prev = C_Wᵀ δ, for the cotangents C_W of dW and c_b of db. */
    private static Tensors paramGradsVjp(Tensors in, Tensors ct) {
        Backprop.ParamGradsVjp g = Backprop.paramGradsVjp(in.get("delta"), in.get("a_prev"), ct.get("dW"), ct.get("db"));
        return Tensors.of("delta", g.delta(), "a_prev", g.aPrev());
    }

    // ------------------------------------------------------------------------------------------
    // two_layer_vectorized

    private static Formula twoLayerVectorized() {
        return Formula.define("two_layer_vectorized", Family.BACKPROP).sources("S4")
                .formula("dZ2 = A2 − Y; dW2 = (1/m) dZ2 A1ᵀ; db2 = (1/m) Σ_cols dZ2; dZ1 = W2ᵀ dZ2 ⊙ g'(Z1); "
                        + "dW1 = (1/m) dZ1 Xᵀ; db1 = (1/m) Σ_cols dZ1 (sigmoid output, mean BCE)")
                .input(Port.fixed("X", "[n0, m]", "inputs, one sample per column, m ≥ 1"))
                .input(Port.fixed("Y", "[n2, m]", "targets in [0, 1]"))
                .input(Port.fixed("W1", "[n1, n0]", "parameter; the outputs are the cost's gradients with respect to it"))
                .input(Port.fixed("b1", "[n1, 1]", "parameter"))
                .input(Port.fixed("W2", "[n2, n1]", "parameter"))
                .input(Port.fixed("b2", "[n2, 1]", "parameter"))
                .input(Port.integerHyperparameter("hidden", "code of g: 1 sigmoid, 2 tanh, 3 relu (0, identity, is not one of S4's)"))
                .output("cost", "[]", "J = −(1/m) Σ [Y log A2 + (1 − Y) log(1 − A2)] (scalar)")
                .output("A2", "[n2, m]", "σ(Z2), the predictions")
                .output("dW1", "[n1, n0]", "∂J/∂W1")
                .output("db1", "[n1, 1]", "∂J/∂b1")
                .output("dW2", "[n2, n1]", "∂J/∂W2")
                .output("db2", "[n2, 1]", "∂J/∂b2")
                .compute(BackpropEntries::computeTwoLayer)
                .samples(twoLayerSamples(false))
                .fact(Fact.definitional("dW1, db1, dW2, db2 equal central differences of the mean BCE cost",
                        twoLayerSamples(true), BackpropFacts::twoLayerGradientsMatchDifferences)
                        .withTries(FINITE_DIFFERENCE_TRIES))
                .fact(Fact.definitional("repeating every sample twice leaves the cost and the gradients unchanged (they are means over m)",
                        twoLayerSamples(false), BackpropFacts::repeatedSamplesChangeNothing))
                .fact(Fact.sourceFact("a 2-layer net trained with two_layer_vectorized classifies all four XOR points",
                        xorStarts(), BackpropFacts::xorLearned).withTries(3))
                .bad(BadInput.ieee(Category.NAN, "X holds NaN",
                        twoLayerExample().with("X", Tensor.matrix(new double[] {Double.NaN, -1})),
                        "NaN flows through torch's forward and backward: the cost and dW1 are nan",
                        out -> Double.isNaN(out.scalar("cost")) && Double.isNaN(out.get("dW1").at(0))))
                .bad(BadInput.ieee(Category.INFINITY, "b2 = +∞ with targets Y = 0",
                        twoLayerExample().with("b2", Tensor.matrix(new double[] {Double.POSITIVE_INFINITY}))
                                .with("Y", Tensor.matrix(new double[] {0, 0})),
                        "binary_cross_entropy_with_logits(+inf, 0) = +inf, while dZ2 = σ(+inf) − 0 = 1 keeps the gradients finite: "
                                + "db2 = 1, dW2 = mean of A1 = 1/2",
                        out -> out.scalar("cost") == Double.POSITIVE_INFINITY && out.scalar("db2") == 1 && out.scalar("dW2") == 0.5))
                .bad(BadInput.rejects(Category.EMPTY, "no samples: X of shape [1, 0] (the mean over m = 0 samples is undefined)",
                        twoLayerExample().with("X", Tensor.zeros(1, 0)).with("Y", Tensor.zeros(1, 0)), "X", "at least one sample"))
                .bad(BadInput.rejects(Category.SHAPE, "W1 has 2 columns but X has 1 row",
                        twoLayerExample().with("W1", Tensor.zeros(1, 2)), "W1", "rows of X"))
                .bad(BadInput.rejects(Category.SHAPE, "b1 is [1] instead of [n1, 1] = [1, 1]",
                        twoLayerExample().with("b1", Tensor.vector(0)), "b1", "must have shape"))
                .bad(BadInput.rejects(Category.SHAPE, "Y has 3 samples but X has 2",
                        twoLayerExample().with("Y", Tensor.zeros(1, 3)), "Y", "must have shape"))
                .bad(BadInput.rejects(Category.DOMAIN, "target 2 outside [0, 1]",
                        twoLayerExample().with("Y", Tensor.matrix(new double[] {2, 0})), "Y", "[0, 1]"))
                .bad(BadInput.rejects(Category.DOMAIN, "hidden code 0 (identity) is not one of S4's g",
                        twoLayerExample().with("hidden", IDENTITY), "hidden", "must be tanh, sigmoid or relu"))
                .bad(BadInput.rejects(Category.DOMAIN, "hidden code 5 names no activation",
                        twoLayerExample().with("hidden", 5), "hidden", "must be one of 0 (identity)"))
                .example("zero weights, tanh: A1 = 0, A2 = 1/2, J = log 2, dZ2 = −1/2 so db2 = −1/2 and every other gradient is 0",
                        Tensors.of("X", Tensor.matrix(new double[] {1}, new double[] {2}), "Y", Tensor.matrix(new double[] {1}),
                                "W1", Tensor.zeros(2, 2), "b1", Tensor.zeros(2, 1), "W2", Tensor.zeros(1, 2), "b2", Tensor.zeros(1, 1),
                                "hidden", Activation.TANH.code()),
                        Tensors.of("cost", Math.log(2), "A2", Tensor.matrix(new double[] {0.5}), "dW1", Tensor.zeros(2, 2),
                                "db1", Tensor.zeros(2, 1), "dW2", Tensor.zeros(1, 2), "db2", Tensor.matrix(new double[] {-0.5})), 1e-15)
                .example("X = [1, −1], Y = [1, 0], sigmoid hidden, W1 = 0, W2 = 2: A1 = 1/2, Z2 = 1, A2 = σ(1); "
                                + "J = log(1 + e^(−1)) + 1/2, db2 = σ(1) − 1/2, dW2 = db1 = (σ(1) − 1/2)/2, dW1 = −1/4",
                        twoLayerExample(),
                        Tensors.of("cost", Math.log1p(Math.exp(-1)) + 0.5, "A2", Tensor.matrix(new double[] {SIGMOID_1, SIGMOID_1}),
                                "dW1", Tensor.matrix(new double[] {-0.25}), "db1", Tensor.matrix(new double[] {(SIGMOID_1 - 0.5) / 2}),
                                "dW2", Tensor.matrix(new double[] {(SIGMOID_1 - 0.5) / 2}), "db2", Tensor.matrix(new double[] {SIGMOID_1 - 0.5})),
                        1e-15)
                .convention("the cost sums the binary cross-entropy over the n2 outputs and averages over the m samples "
                        + "(torch.nn.BCELoss's mean only when n2 = 1, as in S4); it is computed from Z2 as "
                        + "binary_cross_entropy_with_logits, without BCELoss's clamp of log at −100")
                .convention("the outputs are gradients; the entry has no vjp (that would be a Hessian–vector product) and "
                        + "the gradients are checked against central differences of the cost output")
                .pytorch("W1, b1, W2, b2 = (t.detach().requires_grad_() for t in (W1, b1, W2, b2)); "
                        + "Z2 = W2 @ (lambda v: v, torch.sigmoid, torch.tanh, torch.relu)[int(hidden)](W1 @ X + b1) + b2; "
                        + "cost = F.binary_cross_entropy_with_logits(Z2, Y, reduction='sum') / X.shape[1]; "
                        + "dW1, db1, dW2, db2 = torch.autograd.grad(cost, (W1, b1, W2, b2)); "
                        + "{'cost': cost, 'A2': torch.sigmoid(Z2), 'dW1': dW1, 'db1': db1, 'dW2': dW2, 'db2': db2}",
                        BackpropForms::torchTwoLayer)
                .onnx("the forward pass (MatMul, Add, g by Where(Equal(hidden, k), …), Sigmoid), the cost from the logits "
                        + "(Relu, Exp, Log, ReduceSum) and the backward pass written out (Transpose, MatMul, ReduceSum)",
                        BackpropForms::twoLayerVectorized)
                .build();
    }

    private static Tensors computeTwoLayer(Tensors in) {
        String hidden = Activation.fromCode("hidden", in.get("hidden")).label();
        Tensor x = in.get("X");
        Tensor y = in.get("Y");
        Backprop.TwoLayerGradients g = Backprop.twoLayerVectorized(x, y, in.get("W1"), in.get("b1"), in.get("W2"), in.get("b2"), hidden);
        double cost = Backprop.twoLayerCost(x, y, in.get("W1"), in.get("b1"), in.get("W2"), in.get("b2"), hidden);
        return Tensors.of("cost", cost, "A2", g.A2(), "dW1", g.dW1(), "db1", g.db1(), "dW2", g.dW2(), "db2", g.db2());
    }

    // ------------------------------------------------------------------------------------------
    // s1_backprop

    private static Formula s1Backprop() {
        return Formula.define("s1_backprop", Family.BACKPROP).sources("S1")
                .formula("gradients of s1_network under MSE, checked against S1's written deltas")
                .input(Port.fixed("x", "[n0, m]", "inputs, one sample per column, m ≥ 1 (s1_network's x)"))
                .input(Port.fixed("target", "[n2, m]", "targets, any reals (MSE)"))
                .input(Port.fixed("W1", "[n1, n0]", "parameter; the outputs are the loss's gradients with respect to it"))
                .input(Port.fixed("b1", "[n1]", "parameter, added to every column (as s1_network)"))
                .input(Port.fixed("W2", "[n2, n1]", "parameter, n2 ≥ 1"))
                .input(Port.fixed("b2", "[n2]", "parameter, added to every column"))
                .output("loss", "[]", "L = (1/(n2 m)) Σ (o − t)², o = softmax(W2 tanh(W1 x + b1) + b2) down each column (scalar)")
                .output("delta2", "[n2, m]", "∂L/∂z2 = (diag(o) − o oᵀ)(2/(n2 m))(o − t) per column")
                .output("delta1", "[n1, m]", "∂L/∂z1 = W2ᵀ δ2 ⊙ (1 − h²)")
                .output("dW1", "[n1, n0]", "∂L/∂W1 = δ1 xᵀ")
                .output("db1", "[n1]", "∂L/∂b1 = Σ_cols δ1")
                .output("dW2", "[n2, n1]", "∂L/∂W2 = δ2 hᵀ")
                .output("db2", "[n2]", "∂L/∂b2 = Σ_cols δ2")
                .compute(BackpropEntries::computeS1Backprop)
                .samples(s1Samples(true))
                .fact(Fact.definitional("dW1, db1, dW2, db2 equal central differences of the MSE loss",
                        s1Samples(false), BackpropFacts::s1GradientsMatchDifferences)
                        .withTries(FINITE_DIFFERENCE_TRIES))
                .fact(Fact.definitional("δ2 sums to zero over the outputs of every sample (the softmax Jacobian's columns sum to zero)",
                        s1Samples(true), BackpropFacts::s1OutputDeltaSumsToZero))
                .fact(Fact.definitional("the loss is the mean squared error of s1_network's output", s1Samples(true),
                        BackpropFacts::s1LossIsMse))
                .fact(Fact.definitional("the gradients are s1_network's vjp with the MSE's cotangent 2(o − t)/(n2·m)", s1Samples(true),
                        BackpropFacts::s1GradientsAreNetworkVjp))
                .erratum(new Erratum(1, "S1", "delta2 = output*(1-output)*(target-output)",
                        "δ2 = (diag(o) − o oᵀ) ∂L/∂o with ∂L/∂o = (2/n2)(o − t): the softmax Jacobian, not the sigmoid's "
                                + "diagonal o(1 − o), and the gradient, not its negative",
                        BackpropFacts::s1OutputDeltaEvidence))
                .erratum(new Erratum(2, "S1", "delta1 = delta2 * W1' * input (read as δ2 ⊙ (W1ᵀ x), which has a shape only when "
                        + "n0 = n1 = n2)",
                        "δ1 = W2ᵀ δ2 ⊙ (1 − h²); the weight gradient is then ∂L/∂W1 = δ1 xᵀ",
                        BackpropFacts::s1HiddenDeltaEvidence))
                .bad(BadInput.ieee(Category.NAN, "input holds NaN",
                        s1Example().with("x", Tensor.matrix(new double[] {Double.NaN})),
                        "NaN flows through torch's tanh, softmax and mse: the loss and dW1 are nan",
                        out -> Double.isNaN(out.scalar("loss")) && Double.isNaN(out.get("dW1").at(0))))
                .bad(BadInput.ieee(Category.INFINITY, "b2 = [+∞, 0]",
                        s1Example().with("b2", Tensor.vector(Double.POSITIVE_INFINITY, 0)),
                        "torch.softmax([inf, 0]) = [nan, nan] (inf − inf in the max shift), so the loss and δ2 are nan",
                        out -> Double.isNaN(out.scalar("loss")) && Double.isNaN(out.get("delta2").at(0))))
                .bad(BadInput.rejects(Category.EMPTY, "no samples: x of shape [1, 0] (the mean over nothing is undefined)",
                        s1Example().with("x", Tensor.zeros(1, 0)).with("target", Tensor.zeros(2, 0)), "x", "at least one sample"))
                .bad(BadInput.rejects(Category.EMPTY, "no output units: W2 [0, 1], b2 [0] (softmax of nothing)",
                        s1Example().with("W2", Tensor.zeros(0, 1)).with("b2", Tensor.zeros(0)).with("target", Tensor.zeros(0, 1)),
                        "W2", "at least one row"))
                .bad(BadInput.rejects(Category.SHAPE, "W2 has 3 columns but there is 1 hidden unit",
                        s1Example().with("W2", Tensor.zeros(2, 3)), "W2", "hidden units"))
                .bad(BadInput.rejects(Category.SHAPE, "target has 3 outputs but W2 has 2 rows",
                        s1Example().with("target", Tensor.zeros(3, 1)), "target", "must have shape"))
                .bad(BadInput.rejects(Category.SHAPE, "b1 as a column [1, 1] instead of s1_network's [n1]",
                        s1Example().with("b1", Tensor.zeros(1, 1)), "b1", "must have shape [1]"))
                .bad(BadInput.notApplicable(Category.DOMAIN, "any real input, parameters and targets are valid: tanh, softmax and "
                        + "the MSE are defined everywhere"))
                .example("zero weights: h = 0, o = [1/2, 1/2], t = [1, 0]: L = ½(¼ + ¼) = 1/4, ∂L/∂o = [−1/2, 1/2], "
                                + "δ2 = o ⊙ (g − g·o) = [−1/4, 1/4], and δ1 = 0 as W2 = 0",
                        s1Example().with("W2", Tensor.zeros(2, 1)),
                        Tensors.of("loss", 0.25, "delta2", Tensor.matrix(new double[] {-0.25}, new double[] {0.25}),
                                "delta1", Tensor.zeros(1, 1), "dW1", Tensor.zeros(1, 1), "db1", Tensor.zeros(1),
                                "dW2", Tensor.zeros(2, 1), "db2", Tensor.vector(-0.25, 0.25)), 1e-16)
                .example("W2 = [1, −1]ᵀ, W1 = 0, x = 2: h = 0 so o, L and δ2 are as above; δ1 = W2ᵀ δ2 ⊙ (1 − 0²) = −1/2, "
                                + "dW1 = δ1 x = −1, db1 = −1/2, dW2 = δ2 h = 0",
                        s1Example(),
                        Tensors.of("loss", 0.25, "delta2", Tensor.matrix(new double[] {-0.25}, new double[] {0.25}),
                                "delta1", Tensor.matrix(new double[] {-0.5}), "dW1", Tensor.matrix(new double[] {-1}),
                                "db1", Tensor.vector(-0.5), "dW2", Tensor.zeros(2, 1), "db2", Tensor.vector(-0.25, 0.25)), 1e-16)
                .convention("the MSE is the mean over all n2·m outputs (torch.nn.MSELoss's default); S1's own deltas are "
                        + "those of ½Σ(t − o)² with a sigmoid output, see errata §I.1–2")
                .convention("the outputs are gradients; the entry has no vjp (that would be a Hessian–vector product) and "
                        + "the gradients are checked against central differences of the loss output")
                .pytorch("W1, b1, W2, b2 = (t.detach().requires_grad_() for t in (W1, b1, W2, b2)); "
                        + "E1 = x.new_zeros(W1.shape[0], x.shape[1], requires_grad=True); "
                        + "E2 = x.new_zeros(W2.shape[0], x.shape[1], requires_grad=True); "
                        + "loss = F.mse_loss(torch.softmax(W2 @ torch.tanh(W1 @ x + b1[:, None] + E1) + b2[:, None] + E2, dim=0), target); "
                        + "delta2, delta1, dW1, db1, dW2, db2 = torch.autograd.grad(loss, (E2, E1, W1, b1, W2, b2)); "
                        + "{'loss': loss, 'delta2': delta2, 'delta1': delta1, 'dW1': dW1, 'db1': db1, 'dW2': dW2, 'db2': db2}",
                        BackpropForms::torchS1)
                .onnx("the forward pass (MatMul, Add, Tanh, Softmax(axis=0)), the loss ReduceMean and the deltas and gradients "
                        + "written out (softmax Jacobian per column by ReduceSum, Transpose, MatMul)", BackpropForms::s1Backprop)
                .build();
    }

    /** The MSE loss of s1_network, its deltas δ2 = ∂L/∂z2 and δ1 = ∂L/∂z1, and the gradients of W1, b1, W2 and b2. */
    private static Tensors computeS1Backprop(Tensors in) {
        Backprop.S1Gradients g = Backprop.s1Backprop(in.get("x"), in.get("target"), in.get("W1"), in.get("b1"),
                in.get("W2"), in.get("b2"));
        return Tensors.of("loss", g.loss(), "delta2", g.delta2(), "delta1", g.delta1(), "dW1", g.dW1(), "db1", g.db1(),
                "dW2", g.dW2(), "db2", g.db2());
    }
}

package io.refcheck.catalog;

import static io.refcheck.catalog.OptimisationSamples.adamFirstSteps;
import static io.refcheck.catalog.OptimisationSamples.adamGradientSamples;
import static io.refcheck.catalog.OptimisationSamples.adamInputs;
import static io.refcheck.catalog.OptimisationSamples.adamSamples;
import static io.refcheck.catalog.OptimisationSamples.adamScalings;
import static io.refcheck.catalog.OptimisationSamples.gaussianWeightDecays;
import static io.refcheck.catalog.OptimisationSamples.gdGradientSamples;
import static io.refcheck.catalog.OptimisationSamples.gdSamples;
import static io.refcheck.catalog.OptimisationSamples.minibatchGradientSamples;
import static io.refcheck.catalog.OptimisationSamples.minibatches;
import static io.refcheck.catalog.OptimisationSamples.partitions;
import static io.refcheck.catalog.OptimisationSamples.quadraticStarts;
import static io.refcheck.catalog.OptimisationSamples.scaledWeights;
import static io.refcheck.catalog.OptimisationSamples.smallWeights;
import static io.refcheck.catalog.OptimisationSamples.weightDecayGradientSamples;
import static io.refcheck.catalog.OptimisationSamples.weightDecaySamples;
import static io.refcheck.catalog.OptimisationSamples.weights;
import static io.refcheck.catalog.OptimisationSamples.weightsAwayFromZero;

import io.refcheck.catalog.BadInput.Category;
import io.refcheck.formulas.Optimisers;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.List;

/** docs/catalog.md §F, optimisation: gd_step, minibatch_gradient, l1/l2_regularization, weight_decay_step, adam_step. */
final class OptimisationEntries {
    private OptimisationEntries() {
    }

    static List<Formula> entries() {
        return List.of(gdStep(), minibatchGradient(), l1Regularization(), l2Regularization(), weightDecayStep(), adamStep());
    }

    // ---------------------------------------------------------------- gd_step

    private static Formula gdStep() {
        return Formula.define("gd_step", Family.OPTIMISATION).sources("S0", "S2", "S3", "S4")
                .formula("θ ← θ − α ∂L/∂θ")
                .input(Port.differentiable("theta", "[...]", "parameters θ, any shape"))
                .input(Port.differentiable("grad", "[...]", "∂L/∂θ, the shape of θ"))
                .input(Port.hyperparameter("lr", "learning rate α > 0"))
                .output("theta", "[...]", "θ after one step, the shape of θ")
                .compute(in -> Tensors.of("theta", Optimisers.gdStep(in.get("theta"), in.get("grad"), in.scalar("lr"))))
                .vjp(OptimisationEntries::gdStepVjp)
                .samples(gdSamples())
                .gradientSamples(gdGradientSamples())
                .fact(Fact.definitional("a gradient step on ½‖θ − θ*‖² multiplies the loss by (1 − α)²",
                        quadraticStarts(), OptimisationFacts::stepShrinksQuadratic))
                .bad(BadInput.ieee(Category.NAN, "NaN in grad", Tensors.of("theta", Tensor.vector(1, 2), "grad",
                                Tensor.vector(Double.NaN, 1), "lr", 0.1),
                        "torch.optim.SGD: NaN gradients propagate into the parameters",
                        out -> Double.isNaN(out.get("theta").at(0)) && out.get("theta").at(1) == 2 - 0.1))
                .bad(BadInput.ieee(Category.INFINITY, "+∞ in grad", Tensors.of("theta", Tensor.vector(1, 2), "grad",
                                Tensor.vector(Double.POSITIVE_INFINITY, 1), "lr", 0.1),
                        "torch.optim.SGD: θ − α·∞ = −∞",
                        out -> out.get("theta").at(0) == Double.NEGATIVE_INFINITY))
                .bad(BadInput.ieee(Category.EMPTY, "empty θ and gradient", Tensors.of("theta", Tensor.zeros(0), "grad",
                                Tensor.zeros(0), "lr", 0.1),
                        "torch.optim.SGD steps an empty parameter to an empty parameter",
                        out -> out.get("theta").isEmpty() && out.get("theta").rank() == 1))
                .bad(BadInput.rejects(Category.SHAPE, "gradient of another shape", Tensors.of("theta", Tensor.vector(1, 2),
                        "grad", Tensor.vector(1, 2, 3), "lr", 0.1), "grad", "must equal the shape of theta"))
                .bad(BadInput.rejects(Category.DOMAIN, "learning rate 0", Tensors.of("theta", Tensor.vector(1, 2),
                        "grad", Tensor.vector(1, 2), "lr", 0.0), "lr", "must be > 0"))
                .bad(BadInput.rejects(Category.DOMAIN, "negative learning rate", Tensors.of("theta", Tensor.vector(1, 2),
                        "grad", Tensor.vector(1, 2), "lr", -0.1), "lr", "must be > 0"))
                .example("θ = (1, 2), ∂L/∂θ = (0.5, −1), α = 0.1: θ − α g = (0.95, 2.1)",
                        Tensors.of("theta", Tensor.vector(1, 2), "grad", Tensor.vector(0.5, -1), "lr", 0.1),
                        Tensors.of("theta", Tensor.vector(0.95, 2.1)), 1e-15)
                .example("a zero gradient leaves θ where it is",
                        Tensors.of("theta", Tensor.matrix(new double[] {3, -4}, new double[] {0, 7}), "grad", Tensor.zeros(2, 2), "lr", 0.5),
                        Tensors.of("theta", Tensor.matrix(new double[] {3, -4}, new double[] {0, 7})), 0)
                .convention("torch.optim.SGD accepts lr = 0 (a step that does not move); here the learning rate must be > 0.")
                .pytorch("theta.add(grad, alpha=-lr)",
                        TorchForm.single("theta", in -> in.get("theta").sub(in.get("grad").mul(in.get("lr")))))
                .onnx("Sub(theta, Mul(lr, grad)), output theta_new", g -> g.output("theta", g.sub(g.input("theta"), g.mul(g.input("lr"), g.input("grad")))))
                .build();
    }

    /** ∂/∂θ = c and ∂/∂grad = −α c, for the cotangent c of the new θ. */
    private static Tensors gdStepVjp(Tensors in, Tensors c) {
        Optimisers.StepGradients g = Optimisers.gdStepVjp(c.get("theta"), in.scalar("lr"));
        return Tensors.of("theta", g.parameters(), "grad", g.gradient());
    }

    // ---------------------------------------------------------------- minibatch_gradient

    private static Formula minibatchGradient() {
        return Formula.define("minibatch_gradient", Family.OPTIMISATION).sources("S2")
                .formula("∇L ≈ (1/|B|) Σ_(i∈B) ∇L_i")
                .input(Port.differentiable("grads", "[N, P]", "per-example gradients ∇L_i as rows"))
                .input(Port.integers("batch", "[B]", "the batch B: distinct integer row indices in [0, N)"))
                .output("g", "[P]", "the batch-mean gradient")
                .compute(in -> Tensors.of("g", Optimisers.minibatchGradient(in.get("grads"), in.get("batch"))))
                .vjp((in, c) -> Tensors.of("grads", Optimisers.minibatchGradientVjp(in.get("grads"), in.get("batch"), c.get("g"))))
                .samples(minibatches())
                .gradientSamples(minibatchGradientSamples())
                .fact(Fact.sourceFact("the mean of mini-batch gradients over a partition into equal batches equals the full gradient",
                        partitions(true), OptimisationFacts::equalBatchesAverage))
                .fact(Fact.sourceFact("the |B|-weighted mean of mini-batch gradients over any partition equals the full gradient",
                        partitions(false), OptimisationFacts::weightedBatchesAverage))
                .bad(BadInput.ieee(Category.NAN, "NaN in a row of the batch",
                        Tensors.of("grads", Tensor.matrix(new double[] {Double.NaN, 1}, new double[] {2, 3}), "batch", Tensor.vector(0, 1)),
                        "torch: grads[idx].mean(0) propagates NaN in the coordinates it touches",
                        out -> Double.isNaN(out.get("g").at(0)) && out.get("g").at(1) == 2))
                .bad(BadInput.ieee(Category.NAN, "NaN in a row outside the batch",
                        Tensors.of("grads", Tensor.matrix(new double[] {Double.NaN, 1}, new double[] {2, 3}), "batch", Tensor.vector(1)),
                        "torch: rows outside the batch are not read",
                        out -> out.get("g").equals(Tensor.vector(2, 3))))
                .bad(BadInput.ieee(Category.INFINITY, "+∞ and −∞ in one coordinate of the batch",
                        Tensors.of("grads", Tensor.matrix(new double[] {Double.POSITIVE_INFINITY, 1}, new double[] {Double.NEGATIVE_INFINITY, 3}),
                                "batch", Tensor.vector(0, 1)),
                        "torch: ∞ + (−∞) = NaN in that coordinate",
                        out -> Double.isNaN(out.get("g").at(0)) && out.get("g").at(1) == 2))
                .bad(BadInput.ieee(Category.EMPTY, "empty batch",
                        Tensors.of("grads", Tensor.matrix(new double[] {1, 2}), "batch", Tensor.zeros(0)),
                        "torch: the mean over an empty index set is NaN (0/0) in every coordinate",
                        out -> out.get("g").size() == 2 && Double.isNaN(out.get("g").at(0)) && Double.isNaN(out.get("g").at(1)))
                        .deviatesOn(OnnxRuntimeDeviations.meanOfNothingIsZero("g")))
                .bad(BadInput.ieee(Category.EMPTY, "gradients with no coordinates (P = 0)",
                        Tensors.of("grads", Tensor.zeros(3, 0), "batch", Tensor.vector(0, 2)),
                        "torch: an empty gradient averages to an empty gradient",
                        out -> out.get("g").isEmpty()))
                .bad(BadInput.rejects(Category.SHAPE, "grads as a vector",
                        Tensors.of("grads", Tensor.vector(1, 2), "batch", Tensor.vector(0)), "grads", "rank 2"))
                .bad(BadInput.rejects(Category.SHAPE, "batch as a matrix",
                        Tensors.of("grads", Tensor.zeros(2, 2), "batch", Tensor.zeros(1, 1)), "batch", "rank 1"))
                .bad(BadInput.rejects(Category.DOMAIN, "batch index out of range",
                        Tensors.of("grads", Tensor.zeros(2, 2), "batch", Tensor.vector(0, 2)), "batch", "integer in [0, 2)"))
                .bad(BadInput.rejects(Category.DOMAIN, "repeated batch index",
                        Tensors.of("grads", Tensor.zeros(3, 2), "batch", Tensor.vector(1, 1)), "batch", "distinct"))
                .bad(BadInput.rejects(Category.DOMAIN, "fractional batch index",
                        Tensors.of("grads", Tensor.zeros(3, 2), "batch", Tensor.vector(0.5)), "batch", "integer"))
                .example("rows (1, 2), (3, 4), (5, 6), batch {0, 2}: mean of (1, 2) and (5, 6) = (3, 4)",
                        Tensors.of("grads", Tensor.matrix(new double[] {1, 2}, new double[] {3, 4}, new double[] {5, 6}), "batch", Tensor.vector(0, 2)),
                        Tensors.of("g", Tensor.vector(3, 4)), 1e-15)
                .example("a batch of one example is that example's gradient",
                        Tensors.of("grads", Tensor.matrix(new double[] {1, 2}, new double[] {-7, 0.25}), "batch", Tensor.vector(1)),
                        Tensors.of("g", Tensor.vector(-7, 0.25)), 0)
                .example("the batch B = {0, …, N−1} gives the full gradient (1/N) Σ ∇L_i: (1 + 2 + 6)/3 = 3",
                        Tensors.of("grads", Tensor.matrix(new double[] {1}, new double[] {2}, new double[] {6}), "batch", Tensor.vector(2, 0, 1)),
                        Tensors.of("g", Tensor.vector(3)), 1e-15)
                .convention("An empty batch gives NaN (0/0), as torch's mean over an empty index; indices must be distinct (B is a set).")
                .pytorch("grads[batch].mean(dim=0)",
                        TorchForm.single("g", in -> in.get("grads").get(Torch.indices(in.get("batch"))).mean(new int[] {0})))
                .onnx("ReduceMean(Gather(grads, batch, axis 0), axis 0), batch INT64",
                        g -> g.output("g", g.mean(g.gather(g.input("grads"), g.index("batch"), 0), 0)))
                .build();
    }

    // ---------------------------------------------------------------- l1 / l2 regularisation

    private static Formula l1Regularization() {
        return Formula.define("l1_regularization", Family.OPTIMISATION).sources("S3")
                .formula("Σ |w_i| (subgradient sign(w))")
                .input(Port.differentiable("w", "[...]", "weights, any shape"))
                .output("r", "[]", "Σ |w_i| ≥ 0, a scalar")
                .tail("tiny weights: Σ|w| = 3e-300 (float64)", Tensors.of("w", Tensor.vector(1e-300, -2e-300)))
                .tail("tiny weights: Σ|w| = 3e-38 (float32)", Tensors.of("w", Tensor.vector(1e-38, -2e-38)))
                .compute(in -> Tensors.of("r", Optimisers.l1Regularization(in.get("w"))))
                .exact(OptimisationExact::l1Regularization)
                .accuracy(OptimisationAccuracy.regularization())
                .vjp((in, c) -> Tensors.of("w", Optimisers.l1RegularizationVjp(in.get("w"), c.scalar("r"))))
                .samples(weights())
                .gradientSamples(weightsAwayFromZero())
                .fact(Fact.definitional("L1 regularisation is absolutely homogeneous: Σ|c·w| = |c|·Σ|w|", scaledWeights(),
                        OptimisationFacts::l1Homogeneous))
                .bad(BadInput.ieee(Category.NAN, "NaN weight", Tensors.of("w", Tensor.vector(1, Double.NaN)),
                        "torch.abs(w).sum() = nan", out -> Double.isNaN(out.scalar("r"))))
                .bad(BadInput.ieee(Category.INFINITY, "−∞ weight", Tensors.of("w", Tensor.vector(1, Double.NEGATIVE_INFINITY)),
                        "torch.abs(w).sum() = inf", out -> out.scalar("r") == Double.POSITIVE_INFINITY))
                .bad(BadInput.ieee(Category.EMPTY, "no weights", Tensors.of("w", Tensor.zeros(0)),
                        "torch.sum of an empty tensor is 0", out -> out.scalar("r") == 0))
                .bad(BadInput.notApplicable(Category.SHAPE, "one input of any shape: every shape is valid"))
                .bad(BadInput.notApplicable(Category.DOMAIN, "every real weight is in the domain"))
                .example("w = (3, −4, 0): 3 + 4 + 0 = 7", Tensors.of("w", Tensor.vector(3, -4, 0)), Tensors.of("r", 7.0), 0)
                .example("a scalar weight: |−2.5| = 2.5", Tensors.of("w", Tensor.scalar(-2.5)), Tensors.of("r", 2.5), 0)
                .convention("The subgradient at w_i = 0 is 0 (sign(0) = 0), as PyTorch's backward of abs.")
                .kink(Kink.at("|w_i| at w_i = 0", Tensors.of("w", Tensor.vector(0, -0.0, 2, -3)), Tensors.of("w", Tensor.scalar(0)),
                                Tensors.of("w", Tensor.matrix(new double[] {0, 1e-300}, new double[] {-1e-300, 0})))
                        .reference("the subgradient sgn(0) = 0, as PyTorch's abs backward (grad·sgn(w))",
                                OptimisationFacts::l1Subgradient))
                .pytorch("w.abs().sum()", TorchForm.single("r", in -> in.get("w").abs().sum()))
                .onnx("ReduceSum(Abs(w)) over every element", g -> g.output("r", g.sumAll(g.abs(g.input("w")))))
                .build();
    }

    private static Formula l2Regularization() {
        return Formula.define("l2_regularization", Family.OPTIMISATION).sources("S3")
                .formula("Σ w_i²")
                .input(Port.differentiable("w", "[...]", "weights, any shape"))
                .output("r", "[]", "Σ w_i² ≥ 0, a scalar")
                .tail("tiny weights whose squares are normal: 5e-300 (float64)", Tensors.of("w", Tensor.vector(1e-150, -2e-150)))
                .tail("tiny weights whose squares are normal: 5e-38 (float32)", Tensors.of("w", Tensor.vector(1e-19, -2e-19)))
                .compute(in -> Tensors.of("r", Optimisers.l2Regularization(in.get("w"))))
                .exact(OptimisationExact::l2Regularization)
                .accuracy(OptimisationAccuracy.regularization())
                .vjp((in, c) -> Tensors.of("w", Optimisers.l2RegularizationVjp(in.get("w"), c.scalar("r"))))
                .samples(weights())
                .gradientSamples(smallWeights())
                .fact(Fact.definitional("L2 regularisation never exceeds the square of L1 regularisation (‖w‖₂ ≤ ‖w‖₁)", weights(),
                        OptimisationFacts::l2AtMostL1Squared))
                .fact(Fact.definitional("L2 regularisation is homogeneous of degree two: Σ(c·w)² = c²·Σw²", scaledWeights(),
                        OptimisationFacts::l2Homogeneous))
                .bad(BadInput.ieee(Category.NAN, "NaN weight", Tensors.of("w", Tensor.vector(1, Double.NaN)),
                        "torch.sum(w**2) = nan", out -> Double.isNaN(out.scalar("r"))))
                .bad(BadInput.ieee(Category.INFINITY, "−∞ weight", Tensors.of("w", Tensor.vector(1, Double.NEGATIVE_INFINITY)),
                        "torch.sum(w**2) = inf", out -> out.scalar("r") == Double.POSITIVE_INFINITY))
                .bad(BadInput.ieee(Category.EMPTY, "no weights", Tensors.of("w", Tensor.zeros(0)),
                        "torch.sum of an empty tensor is 0", out -> out.scalar("r") == 0))
                .bad(BadInput.notApplicable(Category.SHAPE, "one input of any shape: every shape is valid"))
                .bad(BadInput.notApplicable(Category.DOMAIN, "every real weight is in the domain"))
                .example("w = (3, −4, 0): 9 + 16 + 0 = 25", Tensors.of("w", Tensor.vector(3, -4, 0)), Tensors.of("r", 25.0), 0)
                .example("w = ((0.5, 0.5), (0.5, 0.5)): 4 · 0.25 = 1",
                        Tensors.of("w", Tensor.filled(0.5, 2, 2)), Tensors.of("r", 1.0), 0)
                .pytorch("w.pow(2).sum()", TorchForm.single("r", in -> in.get("w").square().sum()))
                .onnx("ReduceSumSquare(w) over every element", g -> g.output("r", g.reduce("ReduceSumSquare", g.input("w"), false)))
                .build();
    }

    // ---------------------------------------------------------------- weight_decay_step

    private static Formula weightDecayStep() {
        return Formula.define("weight_decay_step", Family.OPTIMISATION).sources("S3")
                .formula("objective = loss + (λ/2) Σ w²; w ← w − α(∂L/∂w + λ w) = w(1 − αλ) − α ∂L/∂w")
                .input(Port.differentiable("w", "[...]", "weights, any shape"))
                .input(Port.differentiable("grad", "[...]", "∂L/∂w of the loss alone, the shape of w"))
                .input(Port.hyperparameter("lr", "learning rate α > 0"))
                .input(Port.hyperparameter("lambda", "decay coefficient λ ≥ 0"))
                .output("w", "[...]", "w after one step on the objective, the shape of w")
                .compute(in -> Tensors.of("w", Optimisers.weightDecayStep(in.get("w"), in.get("grad"), in.scalar("lr"),
                        in.scalar("lambda"))))
                .vjp(OptimisationEntries::weightDecayStepVjp)
                .samples(weightDecaySamples())
                .gradientSamples(weightDecayGradientSamples())
                .fact(Fact.definitional("the weight-decay step is a gradient step on the objective's gradient ∂L/∂w + λw",
                        gaussianWeightDecays(), OptimisationFacts::weightDecayIsGradientStep))
                .erratum(new Erratum(4, "S3", "w ← w(1 − λ) − ∂Loss/∂w", "w ← w(1 − αλ) − α ∂Loss/∂w",
                        OptimisationFacts::weightDecayEvidence))
                .bad(BadInput.ieee(Category.NAN, "NaN in grad", Tensors.of("w", Tensor.vector(1, 2), "grad", Tensor.vector(Double.NaN, 0),
                                "lr", 0.5, "lambda", 0.5),
                        "torch.optim.SGD(weight_decay=λ): NaN gradients propagate",
                        out -> Double.isNaN(out.get("w").at(0)) && out.get("w").at(1) == 1.5))
                .bad(BadInput.ieee(Category.INFINITY, "−∞ weight", Tensors.of("w", Tensor.vector(Double.NEGATIVE_INFINITY, 2), "grad",
                                Tensor.vector(0, 0), "lr", 0.5, "lambda", 0.5),
                        "torch.optim.SGD(weight_decay=λ): −∞ − α(0 + λ·(−∞)) = −∞ + ∞ = NaN",
                        out -> Double.isNaN(out.get("w").at(0)) && out.get("w").at(1) == 1.5))
                .bad(BadInput.ieee(Category.EMPTY, "no weights", Tensors.of("w", Tensor.zeros(0), "grad", Tensor.zeros(0), "lr", 0.1,
                                "lambda", 0.01),
                        "torch steps an empty parameter to an empty parameter", out -> out.get("w").isEmpty()))
                .bad(BadInput.rejects(Category.SHAPE, "gradient of another shape", Tensors.of("w", Tensor.vector(1, 2),
                        "grad", Tensor.zeros(2, 1), "lr", 0.1, "lambda", 0.01), "grad", "must equal the shape of w"))
                .bad(BadInput.rejects(Category.DOMAIN, "learning rate 0", Tensors.of("w", Tensor.vector(1, 2),
                        "grad", Tensor.vector(1, 2), "lr", 0.0, "lambda", 0.01), "lr", "must be > 0"))
                .bad(BadInput.rejects(Category.DOMAIN, "negative λ (torch: Invalid weight_decay value)", Tensors.of("w", Tensor.vector(1, 2),
                        "grad", Tensor.vector(1, 2), "lr", 0.1, "lambda", -0.01), "lambda", "must be >= 0"))
                .example("w = (1, −2), ∂L/∂w = (0.5, 0.5), α = 0.1, λ = 0.01: w(1 − 0.001) − 0.05 = (0.949, −2.048)",
                        Tensors.of("w", Tensor.vector(1, -2), "grad", Tensor.vector(0.5, 0.5), "lr", 0.1, "lambda", 0.01),
                        Tensors.of("w", Tensor.vector(0.949, -2.048)), 1e-15)
                .example("λ = 0 is a plain gradient step: 3 − 0.5·2 = 2",
                        Tensors.of("w", Tensor.vector(3), "grad", Tensor.vector(2), "lr", 0.5, "lambda", 0.0),
                        Tensors.of("w", Tensor.vector(2)), 0)
                .example("a zero loss gradient only shrinks: w(1 − αλ) = 4·(1 − 0.5·0.5) = 3",
                        Tensors.of("w", Tensor.vector(4), "grad", Tensor.vector(0), "lr", 0.5, "lambda", 0.5),
                        Tensors.of("w", Tensor.vector(3)), 0)
                .convention("Computed as w − α(∂L/∂w + λw), the order of torch.optim.SGD(weight_decay=λ); "
                        + "w(1 − αλ) − α ∂L/∂w is the same number up to a rounding or two.")
                .pytorch("w.add(grad.add(w, alpha=lambda_), alpha=-lr)",
                        TorchForm.single("w", in -> in.get("w").sub(in.get("grad").add(in.get("w").mul(in.get("lambda")))
                                .mul(in.get("lr")))))
                .onnx("Sub(w, Mul(lr, Add(grad, Mul(lambda, w)))), output w_new", OptimisationForms::weightDecayStep)
                .build();
    }

    /** ∂/∂w = c(1 − αλ) and ∂/∂grad = −α c, for the cotangent c of the new w. */
    private static Tensors weightDecayStepVjp(Tensors in, Tensors c) {
        Optimisers.StepGradients g = Optimisers.weightDecayStepVjp(c.get("w"), in.scalar("lr"), in.scalar("lambda"));
        return Tensors.of("w", g.parameters(), "grad", g.gradient());
    }

    // ---------------------------------------------------------------- adam_step

    private static Formula adamStep() {
        return Formula.define("adam_step", Family.OPTIMISATION).sources("S1")
                .formula("m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²; w ← w − α m̂ / (√v̂ + ε), m̂ = m/(1−β1^t), v̂ = v/(1−β2^t)")
                .input(Port.differentiable("w", "[...]", "weights, any shape"))
                .input(Port.differentiable("g", "[...]", "gradient ∂L/∂w, the shape of w"))
                .input(Port.differentiable("m", "[...]", "first moment before the step, the shape of w"))
                .input(Port.differentiable("v", "[...]", "second moment before the step, ≥ 0, the shape of w"))
                .input(Port.integerHyperparameter("t", "step number after incrementing, an integer ≥ 1 (1 on the first step)"))
                .input(Port.hyperparameter("lr", "learning rate α > 0"))
                .input(Port.hyperparameter("beta1", "β1 in [0, 1)"))
                .input(Port.hyperparameter("beta2", "β2 in [0, 1)"))
                .input(Port.hyperparameter("eps", "ε > 0, added to √v̂"))
                .output("w", "[...]", "weights after the step")
                .output("m", "[...]", "first moment after the step")
                .output("v", "[...]", "second moment after the step, ≥ 0")
                .compute(OptimisationEntries::computeAdamStep)
                .vjp(OptimisationEntries::adamStepVjp)
                .samples(adamSamples())
                .gradientSamples(adamGradientSamples())
                .fact(Fact.definitional("Adam's first step moves every weight against its gradient by at most lr",
                        adamFirstSteps(), OptimisationFacts::adamFirstStepBounded))
                .fact(Fact.definitional("Adam's step is invariant to rescaling the gradient (g, m, v → cg, cm, c²v) when ε is negligible",
                        adamScalings(), OptimisationFacts::adamScaleInvariant))
                .bad(BadInput.ieee(Category.NAN, "NaN in g", adamInputs(Tensor.vector(1, 1), Tensor.vector(Double.NaN, 1)),
                        "torch.optim.Adam: a NaN gradient makes the weight and both moments NaN",
                        out -> Double.isNaN(out.get("w").at(0)) && Double.isNaN(out.get("m").at(0)) && Double.isNaN(out.get("v").at(0))
                                && Double.isFinite(out.get("w").at(1))))
                .bad(BadInput.ieee(Category.INFINITY, "+∞ in g", adamInputs(Tensor.vector(1, 1), Tensor.vector(Double.POSITIVE_INFINITY, 1)),
                        "torch.optim.Adam: m = ∞, v = ∞, m̂/√v̂ = ∞/∞ = NaN",
                        out -> Double.isNaN(out.get("w").at(0)) && out.get("m").at(0) == Double.POSITIVE_INFINITY
                                && out.get("v").at(0) == Double.POSITIVE_INFINITY))
                .bad(BadInput.ieee(Category.EMPTY, "no weights", adamInputs(Tensor.zeros(0), Tensor.zeros(0)),
                        "torch.optim.Adam steps an empty parameter to an empty parameter",
                        out -> out.get("w").isEmpty() && out.get("m").isEmpty() && out.get("v").isEmpty()))
                .bad(BadInput.rejects(Category.SHAPE, "g of another shape", adamInputs(Tensor.vector(1, 1), Tensor.vector(1, 1, 1)),
                        "g", "must equal the shape of w"))
                .bad(BadInput.rejects(Category.SHAPE, "v of another shape",
                        adamInputs(Tensor.vector(1, 1), Tensor.vector(1, 1)).with("v", Tensor.zeros(1)), "v", "must equal the shape of w"))
                .bad(BadInput.rejects(Category.DOMAIN, "lr = 0", adamInputs(Tensor.vector(1), Tensor.vector(1)).with("lr", 0.0),
                        "lr", "must be > 0"))
                .bad(BadInput.rejects(Category.DOMAIN, "β1 = 1 (torch: Invalid beta parameter at index 0)",
                        adamInputs(Tensor.vector(1), Tensor.vector(1)).with("beta1", 1.0), "beta1", "[0, 1)"))
                .bad(BadInput.rejects(Category.DOMAIN, "β2 < 0", adamInputs(Tensor.vector(1), Tensor.vector(1)).with("beta2", -0.1),
                        "beta2", "[0, 1)"))
                .bad(BadInput.rejects(Category.DOMAIN, "ε = 0", adamInputs(Tensor.vector(1), Tensor.vector(1)).with("eps", 0.0),
                        "eps", "must be > 0"))
                .bad(BadInput.rejects(Category.DOMAIN, "t = 0 (steps count from 1)", adamInputs(Tensor.vector(1), Tensor.vector(1)).with("t", 0.0),
                        "t", "integer >= 1"))
                .bad(BadInput.rejects(Category.DOMAIN, "t = 1.5", adamInputs(Tensor.vector(1), Tensor.vector(1)).with("t", 1.5),
                        "t", "integer >= 1"))
                .bad(BadInput.rejects(Category.DOMAIN, "negative second moment", adamInputs(Tensor.vector(1), Tensor.vector(1))
                        .with("v", Tensor.vector(-1)), "v", ">= 0"))
                .example("first step from m = v = 0: m̂ = g, v̂ = g², so every weight moves by α·g/(|g| + ε) ≈ α·sign(g)",
                        Tensors.of("w", Tensor.vector(1, -2, 0.5), "g", Tensor.vector(0.5, -4, 1e-3), "m", Tensor.zeros(3),
                                "v", Tensor.zeros(3), "t", 1, "lr", 0.1, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8),
                        Tensors.of("w", Tensor.vector(1 - 0.1 * 0.5 / (0.5 + 1e-8), -2 + 0.1 * 4 / (4 + 1e-8), 0.5 - 0.1 * 1e-3 / (1e-3 + 1e-8)),
                                "m", Tensor.vector(0.05, -0.4, 1e-4), "v", Tensor.vector(0.00025, 0.016, 1e-9)), 1e-14)
                .example("second step, β1 = 1/2, β2 = 3/4, m = 1, v = 4, g = 3: m' = 2, v' = 5.25, m̂ = 2/(3/4) = 8/3, "
                                + "v̂ = 5.25/(7/16) = 12, w' = 0 − (8/3)/(√12 + ε)",
                        Tensors.of("w", Tensor.vector(0), "g", Tensor.vector(3), "m", Tensor.vector(1), "v", Tensor.vector(4), "t", 2,
                                "lr", 1, "beta1", 0.5, "beta2", 0.75, "eps", 1e-8),
                        Tensors.of("w", Tensor.vector(-(8.0 / 3) / (Math.sqrt(12) + 1e-8)), "m", Tensor.vector(2), "v", Tensor.vector(5.25)),
                        1e-15)
                .example("a zero gradient with zero moments leaves the weight where it is (0/(0 + ε) = 0)",
                        Tensors.of("w", Tensor.vector(7), "g", Tensor.vector(0), "m", Tensor.vector(0), "v", Tensor.vector(0), "t", 3,
                                "lr", 0.1, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8),
                        Tensors.of("w", Tensor.vector(7), "m", Tensor.vector(0), "v", Tensor.vector(0)), 0)
                .convention("As torch.optim.Adam: ε is added to √v̂ after bias correction, computed as √v/√(1−β2^t) + ε "
                        + "(equal to √(v/(1−β2^t)) + ε up to about one rounding).")
                .convention("1 − β^t is computed as −expm1(t·log β); torch's 1 − β**t can lose ~1e-13 relative accuracy for β = 0.999.")
                .convention("torch ≥ 2.1 updates m by lerp(m, g, 1−β1) = m + (1−β1)(g − m): the same real number as β1 m + (1−β1) g, "
                        + "a few ulp apart.")
                .convention("torch accepts lr = 0 and ε = 0; here lr > 0 and ε > 0. At v' = 0 with m' = 0 the v-gradient is 0/0 = NaN, "
                        + "as torch autograd through sqrt.")
                .pytorch("m_new = m.lerp(g, 1 - beta1); v_new = v.mul(beta2).addcmul(g, g, value=1 - beta2); "
                        + "denom = v_new.sqrt() / math.sqrt(1 - beta2 ** t) + eps; "
                        + "{'w': w.addcdiv(m_new, denom, value=-lr / (1 - beta1 ** t)), 'm': m_new, 'v': v_new}",
                        OptimisationForms::torchAdam)
                .onnx("composed from Pow, Sub, Div, Sqrt, Mul, Add, Cast in torch.optim.Adam's order (not ai.onnx.preview.training Adam, "
                        + "which adds ε before the bias correction), outputs w_new, m_new, v_new", OptimisationForms::adamStep)
                .build();
    }

    /** m ← β1 m + (1 − β1) g, v ← β2 v + (1 − β2) g², w ← w − α m̂ / (√v̂ + ε), m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t). */
    private static Tensors computeAdamStep(Tensors in) {
        Optimisers.AdamState s = Optimisers.adamStep(in.get("w"), in.get("g"), in.get("m"), in.get("v"),
                in.scalar("t"), in.scalar("lr"), in.scalar("beta1"), in.scalar("beta2"), in.scalar("eps"));
        return Tensors.of("w", s.w(), "m", s.m(), "v", s.v());
    }

    /** The gradients of w, g, m and v for the cotangents of the new w, m and v ({@link Optimisers#adamStepVjp}). */
    private static Tensors adamStepVjp(Tensors in, Tensors c) {
        Optimisers.AdamGradients d = Optimisers.adamStepVjp(in.get("w"), in.get("g"), in.get("m"), in.get("v"),
                in.scalar("t"), in.scalar("lr"), in.scalar("beta1"), in.scalar("beta2"), in.scalar("eps"),
                c.get("w"), c.get("m"), c.get("v"));
        return Tensors.of("w", d.w(), "g", d.g(), "m", d.m(), "v", d.v());
    }
}

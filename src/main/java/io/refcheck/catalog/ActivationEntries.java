package io.refcheck.catalog;

import static io.refcheck.catalog.ActivationFacts.nanStaysInPlace;
import static io.refcheck.catalog.ActivationFacts.rowIsNaN;
import static io.refcheck.catalog.ActivationForms.lastAxis;
import static io.refcheck.catalog.ActivationSamples.logitSamples;
import static io.refcheck.catalog.ActivationSamples.logitTensors;
import static io.refcheck.catalog.ActivationSamples.positiveTensorsWithCotangent;
import static io.refcheck.catalog.ActivationSamples.realTensors;
import static io.refcheck.catalog.ActivationSamples.scalarReals;
import static io.refcheck.catalog.ActivationSamples.shiftedLogits;
import static io.refcheck.catalog.ActivationSamples.sigmoidChains;
import static io.refcheck.catalog.ActivationSamples.smoothTensors;
import static io.refcheck.catalog.ActivationSamples.tensorsAwayFromZero;
import static io.refcheck.catalog.BadInput.Category.DOMAIN;
import static io.refcheck.catalog.BadInput.Category.EMPTY;
import static io.refcheck.catalog.BadInput.Category.INFINITY;
import static io.refcheck.catalog.BadInput.Category.NAN;
import static io.refcheck.catalog.BadInput.Category.SHAPE;
import static io.refcheck.catalog.Facts.U;

import ai.djl.nn.Activation;
import io.refcheck.formulas.Activations;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Predicate;

/**
 * Catalog entries of docs/catalog.md §A: the activations sigmoid, tanh, relu, sign, step (elementwise, any
 * shape, input "z", output "a") and softmax, log_softmax, logsumexp (along the last axis). Their facts are
 * in {@link ActivationFacts}, samples in {@link ActivationSamples}, PyTorch forms in {@link ActivationForms}.
 */
final class ActivationEntries {
    private ActivationEntries() {
    }

    static List<Formula> entries() {
        return List.of(sigmoid(), tanh(), relu(), sign(), step(), softmax(), logSoftmax(), logsumexp());
    }

    // ---------------------------------------------------------------- elementwise activations

    private static Formula sigmoid() {
        Formula.Builder b = Formula.define("sigmoid", Family.ACTIVATION).sources("S2", "S3")
                .formula("σ(z) = 1/(1+e^(−z))")
                .input(Port.differentiable("z", "[...]", "any real tensor"))
                .output("a", "[...]", "in [0, 1], same shape as z")
                .compute(in -> Tensors.of("a", Activations.sigmoid(in.get("z"))))
                .exact(ActivationExact::sigmoid)
                .accuracy(ActivationAccuracy.elementwise())
                .pytorch("torch.sigmoid(z)", TorchForm.single("a", in -> Activation.sigmoid(in.get("z"))))
                .vjp(elementwiseVjp(Activations::sigmoidDerivative))
                .exactVjp(ActivationExact::sigmoidVjp)
                .samples(realTensors())
                .gradientSamples(smoothTensors())
                .scalarForm(ds -> ds.negate().exp().add(1).reciprocal())
                .tail("σ(−40) = 4.2e-18, which 1 − σ(−z) rounds to 0", Tensors.of("z", Tensor.vector(-40)))
                .tail("the bottom of the normal range: σ(−700) = 9.9e-305 (float64), σ(−87) = 1.6e-38 (float32)",
                        Tensors.of("z", Tensor.vector(-700, -87)))
                .tail("the left tail from 2.1e-9 down to 3.6e-261", Tensors.of("z", Tensor.vector(-20, -35, -50, -100, -200, -600)))
                .tail("barely above 1/2 and just below 1", Tensors.of("z", Tensor.vector(1e-300, -1e-10, 15, 36)))
                .fact(Fact.sourceFact("sigmoid' = σ(1 − σ) and never exceeds 1/4", realTensors(),
                        ActivationFacts::sigmoidDerivativeAtMostQuarter))
                .fact(Fact.sourceFact("a chain of L sigmoid layers scales gradients by at most 4^(−L)", sigmoidChains(),
                        ActivationFacts::sigmoidChainVanishes))
                .example("σ(0) = 1/2 and σ(±ln 3) = 1/(1 + 3^(∓1)) = 3/4, 1/4",
                        Tensors.of("z", Tensor.vector(0, Math.log(3), -Math.log(3))),
                        Tensors.of("a", Tensor.vector(0.5, 0.75, 0.25)), 4 * U);
        b.onnx("Reciprocal(Add(1, Exp(Neg(z)))), the formula as written; not the Sigmoid operator, whose double kernel in ONNX "
                + "Runtime 1.23 is ½ + ½·tanh(z/2): absolute error below 4e-16 but relative error up to 1 below z ≈ −20 (σ(−40) = 0), "
                + "which fails the 8u fact softmax([z, 0])₀ = σ(z)", g -> g.output("a", g.op("Reciprocal",
                        g.add(g.constant(1), g.exp(g.neg(g.input("z")))))));
        return elementwiseBadInputs(b, "sigmoid", "torch.sigmoid", 1, 0).build();
    }

    private static Formula tanh() {
        Formula.Builder b = Formula.define("tanh", Family.ACTIVATION).sources("S1", "S3")
                .formula("tanh(z)")
                .input(Port.differentiable("z", "[...]", "any real tensor"))
                .output("a", "[...]", "in [−1, 1], same shape as z")
                .compute(in -> Tensors.of("a", Activations.tanh(in.get("z"))))
                .exact(ActivationExact::tanh)
                .accuracy(ActivationAccuracy.elementwise())
                .pytorch("torch.tanh(z)", TorchForm.single("a", in -> in.get("z").tanh()))
                .vjp(elementwiseVjp(Activations::tanhDerivative))
                .exactVjp(ActivationExact::tanhVjp)
                .samples(realTensors())
                .gradientSamples(smoothTensors())
                .scalarForm(ds -> ds.tanh())
                .tail("tiny z, where tanh(z) = z to the last digit and (e^(2z) − 1)/(e^(2z) + 1) cancels",
                        Tensors.of("z", Tensor.vector(1e-300, -1e-20, 1e-8, -3e-5, 1e-38)))
                .tail("tanh just inside ±1", Tensors.of("z", Tensor.vector(0.3, -2.5, 9, -19)))
                .example("tanh(0) = 0, tanh(ln 2) = (2 − 1/2)/(2 + 1/2) = 3/5, tanh(−ln 3) = −(3 − 1/3)/(3 + 1/3) = −4/5",
                        Tensors.of("z", Tensor.vector(0, Math.log(2), -Math.log(3))),
                        Tensors.of("a", Tensor.vector(0, 0.6, -0.8)), 4 * U);
        b.onnx("Tanh(z)", g -> g.output("a", g.tanh(g.input("z"))));
        return elementwiseBadInputs(b, "tanh", "torch.tanh", 1, -1).build();
    }

    private static Formula relu() {
        Formula.Builder b = Formula.define("relu", Family.ACTIVATION).sources("S0", "S2", "S3")
                .formula("max(0, z)")
                .input(Port.differentiable("z", "[...]", "any real tensor"))
                .output("a", "[...]", "≥ 0, same shape as z")
                .compute(in -> Tensors.of("a", Activations.relu(in.get("z"))))
                .exact(ActivationExact::relu)
                .accuracy(ActivationAccuracy.elementwise())
                .pytorch("torch.relu(z)", TorchForm.single("a", in -> Activation.relu(in.get("z"))))
                .vjp(elementwiseVjp(Activations::reluDerivative))
                .samples(realTensors())
                .gradientSamples(tensorsAwayFromZero())
                .scalarForm(ds -> ds.getValue() > 0 ? ds : ds.multiply(0))
                .tail("the smallest normal numbers pass through unchanged",
                        Tensors.of("z", Tensor.vector(Double.MIN_NORMAL, 1e-300, 1.2e-38, -1e-300)))
                .convention("relu'(0) = 0, as PyTorch (threshold_backward passes the gradient only where z > 0); "
                        + "any value in [0, 1] is a subgradient there, so gradient checks stay 0.01 away from z = 0")
                .kink(Kinks.relu("relu'(0)", ActivationFacts::reluVjpWithDerivativeAtZero, null,
                        Tensors.of("z", Tensor.vector(0, -0.0, 1.5, -2)), Tensors.of("z", Tensor.matrix(new double[] {0, 3}, new double[] {-1, 0}))))
                .fact(Fact.sourceFact("relu' = 1 on the positive side", positiveTensorsWithCotangent(),
                        ActivationFacts::reluPassesGradientOnPositiveSide))
                .example("relu zeroes the negative side and 0 itself, and passes the positive side",
                        Tensors.of("z", Tensor.vector(-2, 0, 3.5)), Tensors.of("a", Tensor.vector(0, 0, 3.5)), 0);
        b.onnx("Relu(z)", g -> g.output("a", g.relu(g.input("z"))));
        return elementwiseBadInputs(b, "relu", "torch.relu", Double.POSITIVE_INFINITY, 0).build();
    }

    private static Formula sign() {
        Formula.Builder b = Formula.define("sign", Family.ACTIVATION).sources("S3")
                .formula("sgn(z) ∈ {−1, 0, 1}")
                .input(Port.fixed("z", "[...]", "any real tensor (not differentiated: sgn' = 0 almost everywhere)"))
                .output("a", "[...]", Port.Kind.INTEGER, "in {−1, 0, 1}, same shape as z")
                .compute(in -> Tensors.of("a", Activations.sign(in.get("z"))))
                .exact(ActivationExact::sign)
                .accuracy(ActivationAccuracy.elementwise())
                .pytorch("torch.sign(torch.as_tensor(z))", TorchForm.single("a", in -> in.get("z").sign()))
                .samples(realTensors())
                .convention("sign has no gradient here: its derivative is 0 almost everywhere and undefined at 0 "
                        + "(a jump), so gradient descent through it learns nothing; PyTorch's sign backward returns 0 "
                        + "(zeros_like(grad)), which is that a.e. derivative, not a finite-difference one")
                .convention("sign(NaN): this catalog propagates NaN (IEEE, as numpy.sign); torch.sign returns 0 "
                        + "for NaN (pytorch/pytorch#41245), so either is accepted as an engine's NaN result")
                .fact(Fact.definitional("sign takes values in {−1, 0, 1} and sign(z)·|z| = z", realTensors(),
                        ActivationFacts::signRecoversZ))
                .tail("the sign of the smallest normal numbers", Tensors.of("z", Tensor.vector(1e-300, -Double.MIN_NORMAL, 1.2e-38, -2e-38)))
                .example("sgn of a negative, zero and positive number",
                        Tensors.of("z", Tensor.vector(-2.5, 0, 7, -1e-300)), Tensors.of("a", Tensor.vector(-1, 0, 1, -1)), 0);
        b.onnx("Sign(z)", g -> g.output("a", g.sign(g.input("z"))));
        return elementwiseBadInputs(b, "sign", "torch.sign", 1, -1).build();
    }

    private static Formula step() {
        Formula.Builder b = Formula.define("step", Family.ACTIVATION).sources("S3")
                .formula("1 if z ≥ 0 else 0 (threshold unit)")
                .input(Port.fixed("z", "[...]", "any real tensor (not differentiated: step' = 0 almost everywhere)"))
                .output("a", "[...]", Port.Kind.INTEGER, "in {0, 1}, same shape as z")
                .compute(in -> Tensors.of("a", Activations.step(in.get("z"))))
                .exact(ActivationExact::step)
                .accuracy(ActivationAccuracy.elementwise())
                .pytorch("z = torch.as_tensor(z); torch.heaviside(z, z.new_ones(()))",
                        // DJL has no heaviside: (z >= 0).to(z.dtype) gives the same values, NaN ↦ 0 included
                        TorchForm.single("a", in -> in.get("z").gte(0).toType(in.get("z").getDataType(), false)))
                .samples(realTensors())
                .convention("step (the M-P threshold unit, torch.heaviside(z, 1)) has no gradient here: its derivative "
                        + "is 0 almost everywhere and undefined at 0 (a jump); engines that train through it use a "
                        + "surrogate (straight-through estimator), which is a convention, not the derivative")
                .convention("step(NaN): this catalog propagates NaN (as numpy.heaviside); torch.heaviside(nan, 1) "
                        + "gives 0 because it tests z > 0, so either is accepted as an engine's NaN result")
                .fact(Fact.definitional("step(z) is 1 exactly when z ≥ 0, else 0", realTensors(),
                        ActivationFacts::stepIsThreshold))
                .tail("the threshold at the smallest normal numbers", Tensors.of("z", Tensor.vector(1e-300, -1e-300, 1.2e-38, -1.2e-38)))
                .fact(Fact.definitional("step(z) = (sign(z) + 1)/2 except at z = 0, where step is 1 and sign is 0",
                        realTensors(), ActivationFacts::stepIsShiftedSign))
                .example("the threshold includes 0 (step(0) = 1) and excludes the smallest negatives",
                        Tensors.of("z", Tensor.vector(-1e-300, 0, 2, -3)), Tensors.of("a", Tensor.vector(0, 1, 1, 0)), 0);
        b.onnx("Cast(GreaterOrEqual(z, 0)) to z's type (ONNX has no Heaviside operator)", g -> g.output("a", g.step(g.input("z"))));
        return elementwiseBadInputs(b, "step", "torch.heaviside(z, 1)", 1, 0).build();
    }

    /** c ⊙ f'(z) for an elementwise activation with output "a". */
    private static Formula.Vjp elementwiseVjp(DoubleUnaryOperator derivative) {
        return (in, ct) -> Tensors.of("z", ct.get("a").zip(in.get("z"), (c, z) -> c * derivative.applyAsDouble(z)));
    }

    /**
     * The five bad-input categories for an elementwise activation: NaN propagates and ±∞ give the
     * limits (as PyTorch), empty tensors give empty results, and no shape or real value is invalid.
     */
    private static Formula.Builder elementwiseBadInputs(Formula.Builder b, String id, String torch, double atPlusInfinity,
                                                        double atMinusInfinity) {
        boolean nanMayBeZero = id.equals("sign") || id.equals("step");
        String nanWhy = nanMayBeZero
                ? torch + "(nan) = 0 in PyTorch (it compares z with 0), NaN here (IEEE); either, and the other elements unaffected"
                : torch + "(nan) = nan, and the other elements are unaffected";
        return b.bad(BadInput.ieee(NAN, "a NaN among ordinary values", Tensors.of("z", Tensor.vector(Double.NaN, 0.5, -2)), nanWhy,
                        nanStaysInPlace(nanMayBeZero)))
                .bad(BadInput.ieee(INFINITY, "z = +∞ and −∞", Tensors.of("z", Tensor.vector(Double.POSITIVE_INFINITY,
                                Double.NEGATIVE_INFINITY)),
                        torch + "(+inf) = " + atPlusInfinity + ", " + torch + "(-inf) = " + atMinusInfinity,
                        out -> out.get("a").at(0) == atPlusInfinity && out.get("a").at(1) == atMinusInfinity))
                .bad(BadInput.ieee(EMPTY, "an empty tensor of shape [0]", Tensors.of("z", Tensor.zeros(0)),
                        torch + " of an empty tensor is an empty tensor of the same shape",
                        out -> out.get("a").isEmpty() && out.get("a").rank() == 1))
                .bad(BadInput.ieee(EMPTY, "an empty tensor of shape [3, 0]", Tensors.of("z", Tensor.zeros(3, 0)),
                        torch + " keeps the shape [3, 0]",
                        out -> out.get("a").sameShape(Tensor.zeros(3, 0))))
                .bad(BadInput.notApplicable(SHAPE, "elementwise on a single input: every shape, scalars included, is valid"))
                .bad(BadInput.notApplicable(DOMAIN, "defined on every real number; ±∞ and NaN are covered above"));
    }

    // ---------------------------------------------------------------- softmax family

    private static Formula softmax() {
        Formula.Builder b = Formula.define("softmax", Family.ACTIVATION).sources("S1", "S2", "S3")
                .formula("e^(z_i) / Σ_j e^(z_j) along one axis")
                .input(Port.differentiable("z", "[..., n]", "real logits, rank ≥ 1, along the last axis (not empty)"))
                .output("s", "[..., n]", "rows on the probability simplex, same shape as z")
                .compute(in -> Tensors.of("s", Activations.softmax(in.get("z"))))
                .exact(ActivationExact::softmax)
                .accuracy(ActivationAccuracy.softmax())
                .pytorch("torch.softmax(z, dim=-1)", TorchForm.single("s", in -> in.get("z").softmax(lastAxis(in.get("z")))))
                .vjp((in, ct) -> Tensors.of("z", Activations.softmaxVjp(Activations.softmax(in.get("z")), ct.get("s"))))
                .samples(logitTensors())
                .gradientSamples(Samples.smallLogits(3, 6).map(z -> Tensors.of("z", z)))
                .fact(Fact.sourceFact("softmax rows sum to one", logitSamples(), ActivationFacts::softmaxSumsToOne))
                .tail("logits 700 apart: e^−700 = 9.9e-305 is a normal float64", Tensors.of("z", Tensor.vector(0, -700)))
                .tail("logits 87 apart: e^−87 = 1.6e-38 is a normal float32", Tensors.of("z", Tensor.vector(0, -87)))
                .tail("widely spread logits: probabilities from 1 down to 1e-261",
                        Tensors.of("z", Tensor.vector(1000, 990, 960, 900, 700, 400)))
                .tail("two equal maxima beside a far smaller logit, at +800 and at −800",
                        Tensors.of("z", Tensor.matrix(new double[] {800, 800, 0}, new double[] {-800, -800, -1000})))
                .fact(Fact.sourceFact("softmax lies in [0, 1] and is positive wherever z_i − max z − log n > −700",
                        logitSamples(), ActivationFacts::softmaxInUnitInterval))
                .fact(Fact.sourceFact("softmax is invariant to adding a constant to every logit", shiftedLogits(),
                        ActivationFacts::softmaxShiftInvariant))
                .fact(Fact.sourceFact("softmax keeps the arg-max", logitSamples(), ActivationFacts::softmaxKeepsArgmax))
                .fact(Fact.sourceFact("softmax([z, 0])₀ = σ(z)", scalarReals(), ActivationFacts::softmaxOfTwoIsSigmoid))
                .example("equal logits give the uniform distribution, even at 1000 where e^z overflows",
                        Tensors.of("z", Tensor.matrix(new double[] {5, 5, 5, 5}, new double[] {1000, 1000, 1000, 1000})),
                        Tensors.of("s", Tensor.filled(0.25, 2, 4)), 0)
                .example("softmax(0, ln 2, ln 3) = (1, 2, 3)/6",
                        Tensors.of("z", Tensor.vector(0, Math.log(2), Math.log(3))),
                        Tensors.of("s", Tensor.vector(1.0 / 6, 2.0 / 6, 3.0 / 6)), 8 * U);
        return b.bad(BadInput.ieee(NAN, "a NaN in the first row only",
                        Tensors.of("z", Tensor.matrix(new double[] {1, Double.NaN}, new double[] {0, 0})),
                        "torch.softmax gives a NaN row where a logit is NaN; other rows are unaffected",
                        out -> rowIsNaN(out.get("s"), 0) && out.get("s").at(2) == 0.5 && out.get("s").at(3) == 0.5))
                .bad(BadInput.ieee(INFINITY, "+∞ in row 0, −∞ in row 1",
                        Tensors.of("z", Tensor.matrix(new double[] {Double.POSITIVE_INFINITY, 0},
                                new double[] {Double.NEGATIVE_INFINITY, 0})),
                        "torch.softmax: +inf gives a NaN row (inf − inf after the max shift); −inf gets probability 0",
                        out -> rowIsNaN(out.get("s"), 0) && out.get("s").at(2) == 0 && out.get("s").at(3) == 1))
                .bad(BadInput.rejects(EMPTY, "an empty last axis, shape [2, 0]", Tensors.of("z", Tensor.zeros(2, 0)),
                        "z", "last axis must not be empty"))
                .bad(BadInput.ieee(EMPTY, "no rows, shape [0, 3]", Tensors.of("z", Tensor.zeros(0, 3)),
                        "torch.softmax of a [0, 3] tensor is an empty [0, 3] tensor",
                        out -> out.get("s").sameShape(Tensor.zeros(0, 3))))
                .bad(BadInput.rejects(SHAPE, "a scalar has no axis to normalise over", Tensors.of("z", 2.0),
                        "z", "rank >= 1"))
                .bad(BadInput.notApplicable(DOMAIN, "every real logit vector is valid; ±∞ and NaN are covered above"))
                .onnx("Softmax(z, axis=-1)", g -> g.output("s", g.softmax(g.input("z"), -1)))
                .build();
    }

    private static Formula logSoftmax() {
        return Formula.define("log_softmax", Family.ACTIVATION).sources("needed for stable CE")
                .formula("z − logsumexp(z)")
                .input(Port.differentiable("z", "[..., n]", "real logits, rank ≥ 1, along the last axis (not empty)"))
                .output("log_s", "[..., n]", "≤ 0, log of rows on the simplex, same shape as z")
                .compute(in -> Tensors.of("log_s", Activations.logSoftmax(in.get("z"))))
                .exact(ActivationExact::logSoftmax)
                .accuracy(ActivationAccuracy.softmax())
                .pytorch("torch.log_softmax(z, dim=-1)",
                        TorchForm.single("log_s", in -> in.get("z").logSoftmax(lastAxis(in.get("z")))))
                .vjp((in, ct) -> Tensors.of("z", Activations.logSoftmaxVjp(Activations.softmax(in.get("z")), ct.get("log_s"))))
                .samples(logitTensors())
                .gradientSamples(Samples.smallLogits(3, 6).map(z -> Tensors.of("z", z)))
                .fact(Fact.definitional("log_softmax is the log of softmax wherever softmax is a normal number",
                        logitSamples(), ActivationFacts::logSoftmaxIsLogOfSoftmax))
                .tail("logits 800 apart: log_softmax = −800 where log(softmax(z)) is log 0 = −∞", Tensors.of("z", Tensor.vector(0, -800)))
                .tail("logits 110 apart: e^−110 = 1.7e-48 underflows in float32, log_softmax = −110",
                        Tensors.of("z", Tensor.vector(0, -110)))
                .tail("the maximum's own entry: −log(1 + e^−40) = −4.2e-18", Tensors.of("z", Tensor.vector(0, -40)))
                .tail("widely spread logits in one row", Tensors.of("z", Tensor.vector(1000, 990, 960, 900, 700, 400)))
                .fact(Fact.definitional("exp(log_softmax) rows sum to one", logitSamples(),
                        ActivationFacts::expLogSoftmaxSumsToOne))
                .fact(Fact.definitional("log_softmax(z) = z − logsumexp(z)", logitSamples(),
                        ActivationFacts::logSoftmaxIsZMinusLogsumexp))
                .example("log_softmax(0, ln 2, ln 3) = (−ln 6, −ln 3, −ln 2)",
                        Tensors.of("z", Tensor.vector(0, Math.log(2), Math.log(3))),
                        Tensors.of("log_s", Tensor.vector(-Math.log(6), -Math.log(3), -Math.log(2))), 8 * U)
                .example("no underflow to −∞: log_softmax(0, −1000) = (−log(1 + e^−1000), −1000 − log(1 + e^−1000)) = (0, −1000)",
                        Tensors.of("z", Tensor.vector(0, -1000)), Tensors.of("log_s", Tensor.vector(0, -1000)), 0)
                .bad(BadInput.ieee(NAN, "a NaN in the first row only",
                        Tensors.of("z", Tensor.matrix(new double[] {1, Double.NaN}, new double[] {0, 0})),
                        "torch.log_softmax gives a NaN row where a logit is NaN; other rows are unaffected",
                        out -> rowIsNaN(out.get("log_s"), 0) && Math.abs(out.get("log_s").at(2) + Math.log(2)) <= 4 * U)
                        .deviatesOn(logSoftmaxClampInOnnxRuntime("[−log 1e-20f, NaN]",
                                out -> Math.abs(out.get("log_s").at(0) + Math.log(1e-20f)) <= 1e-12 && Double.isNaN(out.get("log_s").at(1))
                                        && Math.abs(out.get("log_s").at(2) + Math.log(2)) <= 4 * U)))
                .bad(BadInput.ieee(INFINITY, "+∞ in row 0, −∞ in row 1",
                        Tensors.of("z", Tensor.matrix(new double[] {Double.POSITIVE_INFINITY, 0},
                                new double[] {Double.NEGATIVE_INFINITY, 0})),
                        "torch.log_softmax: +inf gives a NaN row (inf − inf); −inf gets log-probability −inf, the rest 0",
                        out -> rowIsNaN(out.get("log_s"), 0) && out.get("log_s").at(2) == Double.NEGATIVE_INFINITY
                                && out.get("log_s").at(3) == 0)
                        .deviatesOn(logSoftmaxClampInOnnxRuntime("[NaN, −∞]",
                                out -> Double.isNaN(out.get("log_s").at(0)) && out.get("log_s").at(1) == Double.NEGATIVE_INFINITY
                                        && out.get("log_s").at(2) == Double.NEGATIVE_INFINITY && out.get("log_s").at(3) == 0)))
                .bad(BadInput.rejects(EMPTY, "an empty last axis, shape [2, 0]", Tensors.of("z", Tensor.zeros(2, 0)),
                        "z", "last axis must not be empty"))
                .bad(BadInput.rejects(SHAPE, "a scalar has no axis to normalise over", Tensors.of("z", 2.0),
                        "z", "rank >= 1"))
                .bad(BadInput.notApplicable(DOMAIN, "every real logit vector is valid; ±∞ and NaN are covered above"))
                .onnx("LogSoftmax(z, axis=-1)", g -> g.output("log_s", g.logSoftmax(g.input("z"), -1)))
                .build();
    }

    /**
     * ONNX Runtime's DOUBLE LogSoftmax (SoftmaxCPU&lt;double&gt; in softmax_shared.cc) computes
     * x − max − log(fmax(Σ e^(x − max), 1e-20f)); fmax drops a NaN sum, so a row whose sum is NaN gets
     * −log 1e-20f ≈ 46.05 added instead of NaN. Its FLOAT kernel (MLAS) gives PyTorch's NaN rows.
     */
    private static BadInput.Deviation logSoftmaxClampInOnnxRuntime(String row0, Predicate<Tensors> gives) {
        return BadInput.Deviation.onnxRuntime("ONNX Runtime's double LogSoftmax takes log(fmax(Σ, 1e-20f)), and fmax drops the "
                + "row's NaN sum: row 0 is " + row0 + " (its float kernel gives PyTorch's NaN row)", gives).only(Dtype.FLOAT64);
    }

    private static Formula logsumexp() {
        return Formula.define("logsumexp", Family.ACTIVATION).sources("needed for stable CE")
                .formula("log Σ e^(z_j), max-shifted")
                .input(Port.differentiable("z", "[..., n]", "real logits, rank ≥ 1, reduced along the last axis (not empty)"))
                .output("lse", "[...]", "real, the shape of z without its last axis")
                .compute(in -> Tensors.of("lse", Activations.logsumexp(in.get("z"))))
                .exact(ActivationExact::logsumexp)
                .accuracy(ActivationAccuracy.logsumexp())
                .pytorch("torch.logsumexp(z, dim=-1)",
                        // DJL has no logsumexp, so its algorithm: m = amax(z, -1) detached, ±inf in m replaced by 0, log(Σ exp(z − m)) + m
                        TorchForm.single("lse", ActivationForms::torchLogsumexp))
                .vjp((in, ct) -> Tensors.of("z", Activations.logsumexpVjp(in.get("z"), ct.get("lse"))))
                .samples(logitTensors())
                .gradientSamples(Samples.smallLogits(3, 6).map(z -> Tensors.of("z", z)))
                .fact(Fact.definitional("logsumexp lies between max z and max z + log n", logitSamples(),
                        ActivationFacts::logsumexpBetweenMaxAndMaxPlusLogN))
                .tail("one logit far above the rest: lse(0, −40) = log(1 + e^−40) = 4.2e-18 (float64), lse(0, −60) = 8.8e-27 (float32)",
                        Tensors.of("z", Tensor.matrix(new double[] {0, -40}, new double[] {0, -60})))
                .tail("logits far below 0: lse(−800, −800) = −800 + log 2", Tensors.of("z", Tensor.vector(-800, -800)))
                .tail("large logits: e^1000 overflows", Tensors.of("z", Tensor.vector(1000, 1000, 999)))
                .fact(Fact.definitional("the gradient of logsumexp is softmax", logitSamples(),
                        ActivationFacts::logsumexpGradientIsSoftmax))
                .example("log(1 + 2 + 3) = ln 6", Tensors.of("z", Tensor.vector(0, Math.log(2), Math.log(3))),
                        Tensors.of("lse", Tensor.scalar(Math.log(6))), 8 * U)
                .example("no overflow: logsumexp(1000, 1000) = 1000 + ln 2; logsumexp(−1000, −1000) = −1000 + ln 2",
                        Tensors.of("z", Tensor.matrix(new double[] {1000, 1000}, new double[] {-1000, -1000})),
                        Tensors.of("lse", Tensor.vector(1000 + Math.log(2), -1000 + Math.log(2))), 4 * U * 1000)
                .bad(BadInput.ieee(NAN, "a NaN in the first row only",
                        Tensors.of("z", Tensor.matrix(new double[] {1, Double.NaN}, new double[] {0, 0})),
                        "torch.logsumexp gives NaN for a row with a NaN; other rows are unaffected",
                        out -> Double.isNaN(out.get("lse").at(0)) && Math.abs(out.get("lse").at(1) - Math.log(2)) <= 4 * U))
                .bad(BadInput.ieee(INFINITY, "rows (+∞, 0), (−∞, −∞), (−∞, 0)",
                        Tensors.of("z", Tensor.matrix(new double[] {Double.POSITIVE_INFINITY, 0},
                                new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY},
                                new double[] {Double.NEGATIVE_INFINITY, 0})),
                        "torch.logsumexp: +inf for a row with +inf, −inf for a row of −inf (log 0), −inf terms add nothing",
                        out -> out.get("lse").at(0) == Double.POSITIVE_INFINITY
                                && out.get("lse").at(1) == Double.NEGATIVE_INFINITY && out.get("lse").at(2) == 0))
                .bad(BadInput.rejects(EMPTY, "an empty last axis, shape [2, 0] (torch.logsumexp returns −inf, the log of "
                                + "an empty sum; rejected here as for softmax, whose normaliser it is)",
                        Tensors.of("z", Tensor.zeros(2, 0)), "z", "last axis must not be empty"))
                .bad(BadInput.rejects(SHAPE, "a scalar has no axis to reduce", Tensors.of("z", 2.0), "z", "rank >= 1"))
                .bad(BadInput.notApplicable(DOMAIN, "every real logit vector is valid; ±∞ and NaN are covered above"))
                .onnx("ReduceLogSumExp(z, axes=[-1], keepdims=0)", g -> g.output("lse", g.reduce("ReduceLogSumExp", g.input("z"), false, -1)))
                .build();
    }
}

package io.refcheck.catalog;

import static io.refcheck.catalog.BadInput.Category.DOMAIN;
import static io.refcheck.catalog.BadInput.Category.EMPTY;
import static io.refcheck.catalog.BadInput.Category.INFINITY;
import static io.refcheck.catalog.BadInput.Category.NAN;
import static io.refcheck.catalog.BadInput.Category.SHAPE;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.nn.Activation;
import io.refcheck.formulas.Activations;
import io.refcheck.formulas.Sums;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Catalog entries of docs/catalog.md §A: the activations sigmoid, tanh, relu, sign, step (elementwise, any
 * shape, input "z", output "a") and softmax, log_softmax, logsumexp (along the last axis).
 *
 * <p>Tolerances of the facts are rounding allowances derived from the computation, in units of
 * u = 2⁻⁵³ (the unit roundoff of double precision); each says where it comes from.
 */
final class ActivationEntries {
    private ActivationEntries() {
    }

    /** The unit roundoff of double precision, 2⁻⁵³. */
    private static final double U = Dtype.FLOAT64.unitRoundoff();

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
                .pytorch("torch.sigmoid(z)", TorchForm.single("a", in -> Activation.sigmoid(in.get("z"))))
                .vjp(elementwiseVjp(Activations::sigmoidDerivative))
                .samples(realTensors())
                .gradientSamples(smoothTensors())
                .scalarForm(ds -> ds.negate().exp().add(1).reciprocal())
                .tail("σ(−40) = 4.2e-18, which 1 − σ(−z) rounds to 0", Tensors.of("z", Tensor.vector(-40)))
                .tail("the bottom of the normal range: σ(−700) = 9.9e-305 (float64), σ(−87) = 1.6e-38 (float32)",
                        Tensors.of("z", Tensor.vector(-700, -87)))
                .tail("the left tail from 2.1e-9 down to 3.6e-261", Tensors.of("z", Tensor.vector(-20, -35, -50, -100, -200, -600)))
                .tail("barely above 1/2 and just below 1", Tensors.of("z", Tensor.vector(1e-300, -1e-10, 15, 36)))
                .fact(Fact.sourceFact("sigmoid' = σ(1 − σ) and never exceeds 1/4", realTensors(),
                        ActivationEntries::sigmoidDerivativeAtMostQuarter))
                .fact(Fact.sourceFact("a chain of L sigmoid layers scales gradients by at most 4^(−L)", sigmoidChains(),
                        ActivationEntries::sigmoidChainVanishes))
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
                .pytorch("torch.tanh(z)", TorchForm.single("a", in -> in.get("z").tanh()))
                .vjp(elementwiseVjp(Activations::tanhDerivative))
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
                .pytorch("torch.relu(z)", TorchForm.single("a", in -> Activation.relu(in.get("z"))))
                .vjp(elementwiseVjp(Activations::reluDerivative))
                .samples(realTensors())
                .gradientSamples(tensorsAwayFromZero())
                .scalarForm(ds -> ds.getValue() > 0 ? ds : ds.multiply(0))
                .tail("the smallest normal numbers pass through unchanged",
                        Tensors.of("z", Tensor.vector(Double.MIN_NORMAL, 1e-300, 1.2e-38, -1e-300)))
                .convention("relu'(0) = 0, as PyTorch (threshold_backward passes the gradient only where z > 0); "
                        + "any value in [0, 1] is a subgradient there, so gradient checks stay 0.01 away from z = 0")
                .kink(Kinks.relu("relu'(0)", atZero -> (in, c) -> Tensors.of("z", c.get("a").zip(in.get("z"),
                                (ci, z) -> ci * Kinks.reluDerivative(z, atZero))), null,
                        Tensors.of("z", Tensor.vector(0, -0.0, 1.5, -2)), Tensors.of("z", Tensor.matrix(new double[] {0, 3}, new double[] {-1, 0}))))
                .fact(Fact.sourceFact("relu' = 1 on the positive side", positiveTensorsWithCotangent(),
                        ActivationEntries::reluPassesGradientOnPositiveSide))
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
                .pytorch("torch.sign(torch.as_tensor(z))", TorchForm.single("a", in -> in.get("z").sign()))
                .samples(realTensors())
                .convention("sign has no gradient here: its derivative is 0 almost everywhere and undefined at 0 "
                        + "(a jump), so gradient descent through it learns nothing; PyTorch's sign backward returns 0 "
                        + "(zeros_like(grad)), which is that a.e. derivative, not a finite-difference one")
                .convention("sign(NaN): this catalog propagates NaN (IEEE, as numpy.sign); torch.sign returns 0 "
                        + "for NaN (pytorch/pytorch#41245), so either is accepted as an engine's NaN result")
                .fact(Fact.definitional("sign takes values in {−1, 0, 1} and sign(z)·|z| = z", realTensors(),
                        ActivationEntries::signRecoversZ))
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
                        ActivationEntries::stepIsThreshold))
                .tail("the threshold at the smallest normal numbers", Tensors.of("z", Tensor.vector(1e-300, -1e-300, 1.2e-38, -1.2e-38)))
                .fact(Fact.definitional("step(z) = (sign(z) + 1)/2 except at z = 0, where step is 1 and sign is 0",
                        realTensors(), ActivationEntries::stepIsShiftedSign))
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
                        out -> {
                            double first = out.get("a").at(0);
                            return (Double.isNaN(first) || (nanMayBeZero && first == 0))
                                    && !Double.isNaN(out.get("a").at(1)) && !Double.isNaN(out.get("a").at(2));
                        }))
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
                .pytorch("torch.softmax(z, dim=-1)", TorchForm.single("s", in -> in.get("z").softmax(lastAxis(in.get("z")))))
                .vjp((in, ct) -> Tensors.of("z", Activations.softmaxVjp(Activations.softmax(in.get("z")), ct.get("s"))))
                .samples(logitTensors())
                .gradientSamples(Samples.smallLogits(3, 6).map(z -> Tensors.of("z", z)))
                .fact(Fact.sourceFact("softmax rows sum to one", logitSamples(), ActivationEntries::softmaxSumsToOne))
                .tail("logits 700 apart: e^−700 = 9.9e-305 is a normal float64", Tensors.of("z", Tensor.vector(0, -700)))
                .tail("logits 87 apart: e^−87 = 1.6e-38 is a normal float32", Tensors.of("z", Tensor.vector(0, -87)))
                .tail("widely spread logits: probabilities from 1 down to 1e-261",
                        Tensors.of("z", Tensor.vector(1000, 990, 960, 900, 700, 400)))
                .tail("two equal maxima beside a far smaller logit, at +800 and at −800",
                        Tensors.of("z", Tensor.matrix(new double[] {800, 800, 0}, new double[] {-800, -800, -1000})))
                .fact(Fact.sourceFact("softmax lies in [0, 1] and is positive wherever z_i − max z − log n > −700",
                        logitSamples(), ActivationEntries::softmaxInUnitInterval))
                .fact(Fact.sourceFact("softmax is invariant to adding a constant to every logit", shiftedLogits(),
                        ActivationEntries::softmaxShiftInvariant))
                .fact(Fact.sourceFact("softmax keeps the arg-max", logitSamples(), ActivationEntries::softmaxKeepsArgmax))
                .fact(Fact.sourceFact("softmax([z, 0])₀ = σ(z)", scalarReals(), ActivationEntries::softmaxOfTwoIsSigmoid))
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
                .pytorch("torch.log_softmax(z, dim=-1)",
                        TorchForm.single("log_s", in -> in.get("z").logSoftmax(lastAxis(in.get("z")))))
                .vjp((in, ct) -> Tensors.of("z", Activations.logSoftmaxVjp(Activations.softmax(in.get("z")), ct.get("log_s"))))
                .samples(logitTensors())
                .gradientSamples(Samples.smallLogits(3, 6).map(z -> Tensors.of("z", z)))
                .fact(Fact.definitional("log_softmax is the log of softmax wherever softmax is a normal number",
                        logitSamples(), ActivationEntries::logSoftmaxIsLogOfSoftmax))
                .tail("logits 800 apart: log_softmax = −800 where log(softmax(z)) is log 0 = −∞", Tensors.of("z", Tensor.vector(0, -800)))
                .tail("logits 110 apart: e^−110 = 1.7e-48 underflows in float32, log_softmax = −110",
                        Tensors.of("z", Tensor.vector(0, -110)))
                .tail("the maximum's own entry: −log(1 + e^−40) = −4.2e-18", Tensors.of("z", Tensor.vector(0, -40)))
                .tail("widely spread logits in one row", Tensors.of("z", Tensor.vector(1000, 990, 960, 900, 700, 400)))
                .fact(Fact.definitional("exp(log_softmax) rows sum to one", logitSamples(),
                        ActivationEntries::expLogSoftmaxSumsToOne))
                .fact(Fact.definitional("log_softmax(z) = z − logsumexp(z)", logitSamples(),
                        ActivationEntries::logSoftmaxIsZMinusLogsumexp))
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
                .pytorch("torch.logsumexp(z, dim=-1)",
                        // DJL has no logsumexp, so its algorithm: m = amax(z, -1) detached, ±inf in m replaced by 0, log(Σ exp(z − m)) + m
                        TorchForm.single("lse", ActivationEntries::torchLogsumexp))
                .vjp((in, ct) -> Tensors.of("z", Activations.logsumexpVjp(in.get("z"), ct.get("lse"))))
                .samples(logitTensors())
                .gradientSamples(Samples.smallLogits(3, 6).map(z -> Tensors.of("z", z)))
                .fact(Fact.definitional("logsumexp lies between max z and max z + log n", logitSamples(),
                        ActivationEntries::logsumexpBetweenMaxAndMaxPlusLogN))
                .tail("one logit far above the rest: lse(0, −40) = log(1 + e^−40) = 4.2e-18 (float64), lse(0, −60) = 8.8e-27 (float32)",
                        Tensors.of("z", Tensor.matrix(new double[] {0, -40}, new double[] {0, -60})))
                .tail("logits far below 0: lse(−800, −800) = −800 + log 2", Tensors.of("z", Tensor.vector(-800, -800)))
                .tail("large logits: e^1000 overflows", Tensors.of("z", Tensor.vector(1000, 1000, 999)))
                .fact(Fact.definitional("the gradient of logsumexp is softmax", logitSamples(),
                        ActivationEntries::logsumexpGradientIsSoftmax))
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

    private static int lastAxis(NDArray z) {
        return z.getShape().dimension() - 1;
    }

    /** torch.logsumexp's own algorithm (aten/native/ReduceOps.cpp), since DJL does not expose it. */
    private static NDArray torchLogsumexp(Map<String, NDArray> in) {
        NDArray z = in.get("z");
        int axis = lastAxis(z);
        NDArray max = z.max(new int[] {axis}, true).stopGradient();
        NDArray shift = NDArrays.where(max.isInfinite(), max.zerosLike(), max);
        return z.sub(shift).exp().sum(new int[] {axis}).log().add(shift.squeeze(axis));
    }

    private static boolean rowIsNaN(Tensor t, int row) {
        int n = t.dim(-1);
        for (int j = 0; j < n; j++) {
            if (!Double.isNaN(t.at(row * n + j))) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- facts

    /**
     * σ'(z) = σ(z)(1 − σ(z)) ≤ 1/4, through the engine's vjp with cotangent 1. σ'(0) = 1/4 exactly;
     * rounding of the two factors may lift the product by a few ulp, hence 1/4·(1 + 4u). The
     * identity allows 8u relative (the product of two rounded factors against the engine's own)
     * plus 4u absolute: σ carries a relative error of about 2u, which 1 − σ turns into an absolute
     * one (at z = 4.5, 1 − σ ≈ 0.011 is then only 14 digits right; past z ≈ 37 it is 0).
     */
    private static Verdict sigmoidDerivativeAtMostQuarter(Evaluator engine, Tensors sample) {
        Tensor a = engine.evaluate("sigmoid", sample, "a");
        Tensor g = engine.vjp("sigmoid", sample, Tensors.of("a", Tensor.filled(1, a.shape()))).get("z");
        for (int i = 0; i < g.size(); i++) {
            Verdict v = Verdict.when(g.at(i) >= 0 && g.at(i) <= 0.25 * (1 + 4 * U),
                            "σ'(%s) = %s is outside [0, 1/4]", sample.get("z").at(i), g.at(i))
                    .and(Verdict.close("σ'(" + sample.get("z").at(i) + ") against σ(1 − σ)", g.at(i),
                            a.at(i) * (1 - a.at(i)), 4 * U, 8 * U));
            if (!v.ok()) {
                return v;
            }
        }
        return Verdict.holds();
    }

    /**
     * Back-propagates a cotangent c through L sigmoid layers a_k = σ(a_{k−1}) with the engine's
     * forward and vjp, and checks |∂/∂z| ≤ 4^(−L)·|c| (each factor ≤ 1/4, the rounding of L products
     * allowed as (1 + 8Lu)).
     */
    private static Verdict sigmoidChainVanishes(Evaluator engine, Tensors sample) {
        int layers = (int) sample.scalar("layers");
        Tensor c = sample.get("c");
        Tensor[] activations = new Tensor[layers + 1];
        activations[0] = sample.get("z");
        for (int k = 1; k <= layers; k++) {
            activations[k] = engine.evaluate("sigmoid", Tensors.of("z", activations[k - 1]), "a");
        }
        Tensor g = c;
        for (int k = layers; k >= 1; k--) {
            g = engine.vjp("sigmoid", Tensors.of("z", activations[k - 1]), Tensors.of("a", g)).get("z");
        }
        double bound = Math.pow(4, -layers) * (1 + 8 * layers * U);
        for (int i = 0; i < g.size(); i++) {
            if (!(Math.abs(g.at(i)) <= bound * Math.abs(c.at(i)))) {
                return Verdict.fails("%d layers, z = %s: |gradient| %s > 4^-%d·|c| = %s", layers, activations[0].at(i),
                        Math.abs(g.at(i)), layers, bound * Math.abs(c.at(i)));
            }
        }
        return Verdict.holds();
    }

    /** On z &gt; 0 the relu vjp returns the cotangent unchanged (c·1 is exact). */
    private static Verdict reluPassesGradientOnPositiveSide(Evaluator engine, Tensors sample) {
        Tensor c = sample.get("c");
        Tensor g = engine.vjp("relu", Tensors.of("z", sample.get("z")), Tensors.of("a", c)).get("z");
        for (int i = 0; i < g.size(); i++) {
            if (g.at(i) != c.at(i)) {
                return Verdict.fails("z = %s > 0: gradient %s, expected the cotangent %s", sample.get("z").at(i), g.at(i), c.at(i));
            }
        }
        return Verdict.holds();
    }

    private static Verdict signRecoversZ(Evaluator engine, Tensors sample) {
        Tensor z = sample.get("z");
        Tensor a = engine.evaluate("sign", sample, "a");
        for (int i = 0; i < z.size(); i++) {
            double s = a.at(i);
            if (!(s == -1 || s == 0 || s == 1) || s * Math.abs(z.at(i)) != z.at(i)) {
                return Verdict.fails("sign(%s) = %s", z.at(i), s);
            }
        }
        return Verdict.holds();
    }

    private static Verdict stepIsThreshold(Evaluator engine, Tensors sample) {
        Tensor z = sample.get("z");
        Tensor a = engine.evaluate("step", sample, "a");
        for (int i = 0; i < z.size(); i++) {
            if (a.at(i) != (z.at(i) >= 0 ? 1 : 0)) {
                return Verdict.fails("step(%s) = %s", z.at(i), a.at(i));
            }
        }
        return Verdict.holds();
    }

    private static Verdict stepIsShiftedSign(Evaluator engine, Tensors sample) {
        Tensor z = sample.get("z");
        Tensor step = engine.evaluate("step", sample, "a");
        Tensor sign = engine.evaluate("sign", sample, "a");
        for (int i = 0; i < z.size(); i++) {
            double expected = z.at(i) == 0 ? 1 : (sign.at(i) + 1) / 2;
            if (step.at(i) != expected) {
                return Verdict.fails("z = %s: step %s, sign %s", z.at(i), step.at(i), sign.at(i));
            }
        }
        return Verdict.holds();
    }

    /**
     * |Σ_i s_i − 1| ≤ (n + 4)u per row: normalising by a sum with relative error ≤ (n − 1)u (any
     * summation order), n divisions and this fact's compensated sum.
     */
    private static Verdict softmaxSumsToOne(Evaluator engine, Tensors sample) {
        Tensor s = engine.evaluate("softmax", sample, "s");
        int n = s.dim(-1);
        double[] sd = s.toArray();
        for (int r = 0; r < sd.length / n; r++) {
            double sum = Sums.sum(sd, r * n, (r + 1) * n);
            if (!(Math.abs(sum - 1) <= (n + 4) * U)) {
                return Verdict.fails("row %d of %d classes sums to 1 %+.3g", r, n, sum - 1);
            }
        }
        return Verdict.holds();
    }

    /**
     * 0 ≤ s_i ≤ 1 exactly (e^(z_i − m) ≤ 1 ≤ Σ_j e^(z_j − m)). The sources' "(0, 1]" holds for the
     * real numbers only: in double precision e^(z_i − m) underflows to 0 below about −745, so with
     * logits of ±1000 entries are exactly 0 (torch.softmax gives 0 too). Positivity is checked
     * where the true value s_i ≥ e^(z_i − m)/n exceeds e^(−700), a normal double, so the check does
     * not depend on whether an engine flushes subnormals to zero.
     */
    private static Verdict softmaxInUnitInterval(Evaluator engine, Tensors sample) {
        Tensor z = sample.get("z");
        Tensor s = engine.evaluate("softmax", sample, "s");
        int n = z.dim(-1);
        for (int r = 0; r < z.size() / n; r++) {
            double max = rowMax(z, r);
            for (int j = 0; j < n; j++) {
                int i = r * n + j;
                if (!(s.at(i) >= 0 && s.at(i) <= 1)) {
                    return Verdict.fails("softmax entry %d is %s, outside [0, 1]", i, s.at(i));
                }
                if (z.at(i) - max - Math.log(n) > -700 && !(s.at(i) > 0)) {
                    return Verdict.fails("softmax entry %d is %s although z_i − max z = %s", i, s.at(i), z.at(i) - max);
                }
            }
        }
        return Verdict.holds();
    }

    /**
     * softmax(z + c) = softmax(z). Rounding z + c moves each z_i − max z by up to about
     * 2u(|z| + |c|), which multiplies e^(z_i − m) by 1 + O(u(|z| + |c|)): relative tolerance
     * 16u(max|z| + |c| + 1) covers that and the exp, sum and division roundings, and an absolute
     * Double.MIN_NORMAL covers subnormal entries, which carry no relative precision.
     */
    private static Verdict softmaxShiftInvariant(Evaluator engine, Tensors sample) {
        Tensor z = sample.get("z");
        double c = sample.scalar("c");
        Tensor s = engine.evaluate("softmax", Tensors.of("z", z), "s");
        Tensor shifted = engine.evaluate("softmax", Tensors.of("z", z.map(v -> v + c)), "s");
        double maxAbs = 0;
        for (int i = 0; i < z.size(); i++) {
            maxAbs = Math.max(maxAbs, Math.abs(z.at(i)));
        }
        double rtol = 16 * U * (maxAbs + Math.abs(c) + 1);
        for (int i = 0; i < s.size(); i++) {
            Verdict v = Verdict.close("softmax(z + " + c + ") entry " + i, shifted.at(i), s.at(i), Double.MIN_NORMAL, rtol);
            if (!v.ok()) {
                return v;
            }
        }
        return Verdict.holds();
    }

    /** s at the (first) arg-max of z is the largest entry of s: exp and division are monotone. */
    private static Verdict softmaxKeepsArgmax(Evaluator engine, Tensors sample) {
        Tensor z = sample.get("z");
        Tensor s = engine.evaluate("softmax", sample, "s");
        int n = z.dim(-1);
        for (int r = 0; r < z.size() / n; r++) {
            int argmax = r * n;
            double sMax = s.at(r * n);
            for (int j = 1; j < n; j++) {
                int i = r * n + j;
                if (z.at(i) > z.at(argmax)) {
                    argmax = i;
                }
                sMax = Math.max(sMax, s.at(i));
            }
            if (s.at(argmax) != sMax) {
                return Verdict.fails("row %d: arg-max of z at %d has s = %s below max s = %s", r, argmax - r * n,
                        s.at(argmax), sMax);
            }
        }
        return Verdict.holds();
    }

    /**
     * softmax([z, 0])₀ = e^z/(e^z + 1) = σ(z), across two ids. Both are a few roundings from the
     * exact value: relative 8u, and Double.MIN_NORMAL absolute for subnormal results (z &lt; −708).
     */
    private static Verdict softmaxOfTwoIsSigmoid(Evaluator engine, Tensors sample) {
        double z = sample.scalar("z");
        double viaSoftmax = engine.evaluate("softmax", Tensors.of("z", Tensor.vector(z, 0)), "s").at(0);
        double viaSigmoid = engine.evaluate("sigmoid", Tensors.of("z", Tensor.scalar(z)), "a").item();
        return Verdict.close("softmax([" + z + ", 0])₀ against σ(" + z + ")", viaSoftmax, viaSigmoid, Double.MIN_NORMAL, 8 * U);
    }

    /**
     * log_softmax_i = log(softmax_i) where softmax_i is a normal double (subnormals carry no relative
     * precision). Both sides are within a few ulp of z_i − m − log S in absolute terms scaled by
     * |log_softmax_i| ≥ |z_i − m| (the shifted logit is rounded once): tolerance 16u(1 + |log_softmax_i|).
     */
    private static Verdict logSoftmaxIsLogOfSoftmax(Evaluator engine, Tensors sample) {
        Tensor s = engine.evaluate("softmax", sample, "s");
        Tensor logS = engine.evaluate("log_softmax", sample, "log_s");
        for (int i = 0; i < s.size(); i++) {
            if (s.at(i) >= Double.MIN_NORMAL) {
                Verdict v = Verdict.close("log_softmax entry " + i + " against log(softmax)", logS.at(i), Math.log(s.at(i)),
                        16 * U * (1 + Math.abs(logS.at(i))), 0);
                if (!v.ok()) {
                    return v;
                }
            }
        }
        return Verdict.holds();
    }

    /**
     * Σ_i exp(log_softmax_i) = 1 per row. Each log_softmax_i is off by about u(2|log_softmax_i| +
     * 2 log n + 1) in absolute terms; weighted by s_i these add to at most u(4 log n + 1) (Σ s_i
     * |log s_i| ≤ log n), plus exp and summation roundings: tolerance (n + 16(1 + log n))u.
     */
    private static Verdict expLogSoftmaxSumsToOne(Evaluator engine, Tensors sample) {
        Tensor logS = engine.evaluate("log_softmax", sample, "log_s");
        int n = logS.dim(-1);
        double[] e = new double[n];
        for (int r = 0; r < logS.size() / n; r++) {
            for (int j = 0; j < n; j++) {
                e[j] = Math.exp(logS.at(r * n + j));
            }
            double sum = Sums.sum(e);
            if (!(Math.abs(sum - 1) <= (n + 16 * (1 + Math.log(n))) * U)) {
                return Verdict.fails("row %d of %d classes: Σ exp(log_softmax) = 1 %+.3g", r, n, sum - 1);
            }
        }
        return Verdict.holds();
    }

    /** log_softmax_i = z_i − logsumexp(z), across two ids; both sides round z_i and the log-sum once: 8u(|z_i| + |lse| + 1). */
    private static Verdict logSoftmaxIsZMinusLogsumexp(Evaluator engine, Tensors sample) {
        Tensor z = sample.get("z");
        Tensor logS = engine.evaluate("log_softmax", sample, "log_s");
        Tensor lse = engine.evaluate("logsumexp", sample, "lse");
        int n = z.dim(-1);
        for (int i = 0; i < z.size(); i++) {
            double l = lse.at(i / n);
            Verdict v = Verdict.close("log_softmax entry " + i + " against z_i − logsumexp(z)", logS.at(i), z.at(i) - l,
                    8 * U * (Math.abs(z.at(i)) + Math.abs(l) + 1), 0);
            if (!v.ok()) {
                return v;
            }
        }
        return Verdict.holds();
    }

    /**
     * max z ≤ logsumexp(z) ≤ max z + log n, since 1 ≤ Σ e^(z_j − max z) ≤ n; the rounding of
     * max z + log S allows 4u(|max z| + log n + 1) on either side.
     */
    private static Verdict logsumexpBetweenMaxAndMaxPlusLogN(Evaluator engine, Tensors sample) {
        Tensor z = sample.get("z");
        Tensor lse = engine.evaluate("logsumexp", sample, "lse");
        int n = z.dim(-1);
        for (int r = 0; r < lse.size(); r++) {
            double max = rowMax(z, r);
            double slack = 4 * U * (Math.abs(max) + Math.log(n) + 1);
            double l = lse.at(r);
            if (!(l >= max - slack && l <= max + Math.log(n) + slack)) {
                return Verdict.fails("row %d: logsumexp %s outside [max %s, max + log %d]", r, l, max, n);
            }
        }
        return Verdict.holds();
    }

    /**
     * The vjp of logsumexp with cotangent 1 equals softmax(z), across two ids. An engine may form
     * it as e^(z_i − logsumexp) (PyTorch does): that rounds the exponent by u(|z_i| + |lse|), hence
     * relative 8u(1 + |z_i| + |lse|), and Double.MIN_NORMAL absolute for subnormal entries.
     */
    private static Verdict logsumexpGradientIsSoftmax(Evaluator engine, Tensors sample) {
        Tensor z = sample.get("z");
        Tensor lse = engine.evaluate("logsumexp", sample, "lse");
        Tensor g = engine.vjp("logsumexp", sample, Tensors.of("lse", Tensor.filled(1, lse.shape()))).get("z");
        Tensor s = engine.evaluate("softmax", sample, "s");
        int n = z.dim(-1);
        for (int i = 0; i < z.size(); i++) {
            double rtol = 8 * U * (1 + Math.abs(z.at(i)) + Math.abs(lse.at(i / n)));
            Verdict v = Verdict.close("∂ logsumexp/∂z entry " + i + " against softmax", g.at(i), s.at(i), Double.MIN_NORMAL, rtol);
            if (!v.ok()) {
                return v;
            }
        }
        return Verdict.holds();
    }

    private static double rowMax(Tensor z, int row) {
        int n = z.dim(-1);
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, z.at(row * n + j));
        }
        return max;
    }

    // ---------------------------------------------------------------- samples

    /** Values where floating point changes behaviour: signed zeros, subnormals, where exp over- and underflows. */
    private static final double[] EDGES = {0.0, -0.0, 1000, -1000, 1e-300, -1e-300, Double.MIN_VALUE, 40, -40, 36.8, -36.8,
        709.8, -709.8, 745.2, -745.2, 355, -372};

    /** A real as {@link Samples#real()}: mostly ordinary, sometimes ±1000-scale, an edge value or tiny. */
    private static double real(Random r, int index) {
        return switch (r.nextInt(9)) {
            case 6 -> -1000 + 2000 * r.nextDouble();
            case 7 -> EDGES[r.nextInt(EDGES.length)];
            case 8 -> 1e-8 * (2 * r.nextDouble() - 1);
            default -> -10 + 20 * r.nextDouble();
        };
    }

    /** A tensor of rank 0 to 3 (dimensions 1 to 5), rarely a vector of {@link Samples#LONG} elements. */
    private static Tensor anyShape(Random r, Samples.Entry entry) {
        int[] shape;
        if (r.nextInt(40) == 0) {
            shape = new int[] {Samples.LONG};
        } else {
            shape = new int[r.nextInt(4)];
            for (int k = 0; k < shape.length; k++) {
                shape[k] = 1 + r.nextInt(5);
            }
        }
        double[] d = new double[Tensor.sizeOf(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = entry.next(r, i);
        }
        return Tensor.of(shape, d);
    }

    /** Any shape, entries ordinary, huge (±1000), at exp's overflow and underflow edges, tiny or signed zero. */
    private static Arbitrary<Tensors> realTensors() {
        return Arbitraries.randomValue(r -> Tensors.of("z", anyShape(r, ActivationEntries::real)));
    }

    /** Up to 25 entries in [−8, 8]: smooth activations, moderate curvature, for finite differences. */
    private static Arbitrary<Tensors> smoothTensors() {
        return Arbitraries.randomValue(r -> Tensors.of("z", Samples.matrix(r, 1 + r.nextInt(5), 1 + r.nextInt(5),
                (rr, i) -> -8 + 16 * rr.nextDouble())));
    }

    /** Entries with 0.01 ≤ |z| ≤ 8: relu away from its kink, farther than any finite-difference step (≤ 8·10⁻⁴). */
    private static Arbitrary<Tensors> tensorsAwayFromZero() {
        return Arbitraries.randomValue(r -> Tensors.of("z", Samples.matrix(r, 1 + r.nextInt(5), 1 + r.nextInt(5),
                (rr, i) -> (rr.nextBoolean() ? 1 : -1) * (0.01 + 7.99 * rr.nextDouble()))));
    }

    /** Strictly positive z (ordinary, huge, tiny, subnormal) with a cotangent c of the same shape. */
    private static Arbitrary<Tensors> positiveTensorsWithCotangent() {
        return Arbitraries.randomValue(r -> {
            Tensor z = anyShape(r, (rr, i) -> switch (rr.nextInt(5)) {
                case 0 -> 1000 * (1 - rr.nextDouble());
                case 1 -> 1e-8 * (1 - rr.nextDouble());
                case 2 -> Double.MIN_VALUE;
                default -> 10 * (1 - rr.nextDouble());
            });
            Tensor c = Samples.vector(r, z.size(), (rr, i) -> -2 + 4 * rr.nextDouble()).reshape(z.shape());
            return Tensors.of("z", z, "c", c);
        });
    }

    /** z (1 to 6 entries in [−6, 6], sometimes exactly 0), a layer count L in 1..12, a cotangent c. */
    private static Arbitrary<Tensors> sigmoidChains() {
        return Arbitraries.randomValue(r -> {
            int n = 1 + r.nextInt(6);
            Tensor z = Samples.vector(r, n, (rr, i) -> rr.nextInt(4) == 0 ? 0 : -6 + 12 * rr.nextDouble());
            Tensor c = Samples.vector(r, n, (rr, i) -> -1 + 2 * rr.nextDouble());
            return Tensors.of("z", z, "c", c, "layers", 1 + r.nextInt(12));
        });
    }

    /** A scalar z as {@link #real}. */
    private static Arbitrary<Tensors> scalarReals() {
        return Arbitraries.randomValue(r -> Tensors.of("z", real(r, 0)));
    }

    /** {@link Samples#logits} as a sample "z" (ordinary, ±1000, nearly equal, one 10,000 long row). */
    private static Arbitrary<Tensors> logitSamples() {
        return Samples.logits(4, 12).map(z -> Tensors.of("z", z));
    }

    /** Logits of rank 1 to 3 for the entries' own samples: matrices as {@link Samples#logits}, vectors and [1, rows, n]. */
    private static Arbitrary<Tensors> logitTensors() {
        UnaryOperator<Tensor> toVector = z -> z.reshape(z.size());
        UnaryOperator<Tensor> toRank3 = z -> z.reshape(1, z.dim(0), z.dim(1));
        return Arbitraries.frequencyOf(
                Tuple.of(6, logitSamples()),
                Tuple.of(1, Samples.logits(1, 12).map(z -> Tensors.of("z", toVector.apply(z)))),
                Tuple.of(1, Samples.logits(4, 12).map(z -> Tensors.of("z", toRank3.apply(z)))));
    }

    /** Logits with a constant c: ordinary, ±1000-scale and small integers. */
    private static Arbitrary<Tensors> shiftedLogits() {
        Arbitrary<Double> shift = Arbitraries.frequencyOf(
                Tuple.of(2, Samples.uniform(-10, 10)),
                Tuple.of(2, Samples.uniform(-1000, 1000)),
                Tuple.of(1, Arbitraries.of(1.0, -3.0, 100.0)));
        return Combinators.combine(logitSamples(), shift).as((sample, c) -> sample.with("c", c));
    }
}

package io.refcheck.catalog;

import static io.refcheck.catalog.BadInput.Category.DOMAIN;
import static io.refcheck.catalog.BadInput.Category.EMPTY;
import static io.refcheck.catalog.BadInput.Category.INFINITY;
import static io.refcheck.catalog.BadInput.Category.NAN;
import static io.refcheck.catalog.BadInput.Category.SHAPE;
import static io.refcheck.catalog.LossFacts.regressionVjp;
import static io.refcheck.catalog.LossForms.torchNorm;
import static io.refcheck.catalog.LossSamples.bceGradientSamples;
import static io.refcheck.catalog.LossSamples.bceInput;
import static io.refcheck.catalog.LossSamples.bcePairs;
import static io.refcheck.catalog.LossSamples.bigErrorPairs;
import static io.refcheck.catalog.LossSamples.costGradientSamples;
import static io.refcheck.catalog.LossSamples.costSamples;
import static io.refcheck.catalog.LossSamples.flatRegressionPairs;
import static io.refcheck.catalog.LossSamples.interiorLabelledRows;
import static io.refcheck.catalog.LossSamples.interiorTargetRows;
import static io.refcheck.catalog.LossSamples.labelRows;
import static io.refcheck.catalog.LossSamples.labelledLogits;
import static io.refcheck.catalog.LossSamples.labelledRows;
import static io.refcheck.catalog.LossSamples.labels;
import static io.refcheck.catalog.LossSamples.logitGradientPairs;
import static io.refcheck.catalog.LossSamples.logitPairs;
import static io.refcheck.catalog.LossSamples.lossesWithRegularisation;
import static io.refcheck.catalog.LossSamples.lpLossAtTies;
import static io.refcheck.catalog.LossSamples.lpLossGradientSamples;
import static io.refcheck.catalog.LossSamples.lpLossPairs;
import static io.refcheck.catalog.LossSamples.lpLossSamples;
import static io.refcheck.catalog.LossSamples.lpNormAt;
import static io.refcheck.catalog.LossSamples.lpNormGradientSamples;
import static io.refcheck.catalog.LossSamples.lpNormPairs;
import static io.refcheck.catalog.LossSamples.lpNormSamples;
import static io.refcheck.catalog.LossSamples.moderateLogitPairs;
import static io.refcheck.catalog.LossSamples.oneHotSamples;
import static io.refcheck.catalog.LossSamples.orderedOrders;
import static io.refcheck.catalog.LossSamples.probabilityRows;
import static io.refcheck.catalog.LossSamples.regressionGradientPairs;
import static io.refcheck.catalog.LossSamples.regressionInput;
import static io.refcheck.catalog.LossSamples.regressionPairs;
import static io.refcheck.catalog.LossSamples.scaledLpVectors;
import static io.refcheck.catalog.LossSamples.targetRows;
import static io.refcheck.catalog.LossSamples.zeroOrLpVectors;

import io.refcheck.formulas.Losses;
import io.refcheck.formulas.Matrices;
import io.refcheck.onnx.OnnxForm;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.Arrays;
import java.util.List;

/**
 * Catalog entries of docs/catalog.md §C (losses), in the order written there. The maths lives in
 * {@link Losses}; these entries state inputs, samples (adversarial ones included), gradients,
 * facts, bad inputs and worked examples.
 *
 * <p>Names: regression losses and bce take ("prediction", "target") like PyTorch's (input, target);
 * the logit losses take "logits"; probability rows are "probabilities" with "targets" (rows) or
 * "labels" (class indices); scalar losses are output "loss".
 */
final class LossEntries {
    private LossEntries() {
    }

    static final String LOSS = "loss";
    static final double INF = Double.POSITIVE_INFINITY;
    static final double NAN_VALUE = Double.NaN;

    static List<Formula> entries() {
        return List.of(mse(), halfSse(), mae(), lpNorm(), lpLoss(), bce(), bceWithLogits(), oneHot(),
                crossEntropyOneHot(), crossEntropyIndex(), softmaxCrossEntropy(), costObjective());
    }

    // ================================================================ regression losses

    private static Formula mse() {
        return regression(Formula.define("mse", Family.LOSS).sources("S0", "S2", "S3")
                .formula("(1/N) Σ (y_i − ŷ_i)²")
                .output(LOSS, "[]", "≥ 0, the mean over all N elements")
                .compute(in -> Tensors.of(LOSS, Losses.mse(in.get("prediction"), in.get("target"))))
                .exact(LossExact::mse)
                .accuracy(LossAccuracy.regression())
                .onnx("ReduceMean(Mul(d, d)) over every element, d = Sub(prediction, target)", LossForms::mse)
                .vjp((in, ct) -> regressionVjp(Losses.mseGradient(in.get("prediction"), in.get("target")), ct))
                .gradientSamples(regressionGradientPairs(0))
                .fact(Fact.sourceFact("mse is never negative", regressionPairs(),
                        LossFacts::mseNonNegative))
                .fact(Fact.sourceFact("mse exceeds mae when every error is larger than 1 in magnitude (d² > |d| for |d| > 1)",
                        bigErrorPairs(),
                        LossFacts::mseAboveMae))
                .example("the mean of the squared errors (0² + 2²)/2: mse([1, 2], [1, 4]) = 2",
                        Tensors.of("prediction", Tensor.vector(1, 2), "target", Tensor.vector(1, 4)), Tensors.of(LOSS, 2.0), 1e-15)
                .example("a mean over all four elements, not over rows: mse([[1, 2], [3, 4]], [[1, 2], [3, 6]]) = 4/4 = 1",
                        Tensors.of("prediction", Tensor.matrix(new double[] {1, 2}, new double[] {3, 4}),
                                "target", Tensor.matrix(new double[] {1, 2}, new double[] {3, 6})),
                        Tensors.of(LOSS, 1.0), 1e-15)
                .bad(BadInput.ieee(EMPTY, "empty prediction and target", regressionInput(new double[0], new double[0]),
                        "torch.nn.functional.mse_loss of empty tensors is nan (a mean over zero elements)", LossFacts::nanLoss)
                        .deviatesOn(OnnxRuntimeDeviations.meanOfNothingIsZero(LOSS))),
                "F.mse_loss(prediction, target)",
                TorchForm.single(LOSS, in -> in.get("prediction").sub(in.get("target")).square().mean()));
    }

    private static Formula halfSse() {
        return regression(Formula.define("half_sse", Family.LOSS).sources("S2")
                .formula("½ Σ (y_i − a_i)²")
                .output(LOSS, "[]", "≥ 0, half the sum (not the mean) of the squared errors")
                .compute(in -> Tensors.of(LOSS, Losses.halfSse(in.get("prediction"), in.get("target"))))
                .exact(LossExact::halfSse)
                .accuracy(LossAccuracy.regression())
                .onnx("Mul(0.5, ReduceSum(Mul(d, d))) over every element, d = Sub(prediction, target)", LossForms::halfSse)
                .vjp((in, ct) -> regressionVjp(Losses.halfSseGradient(in.get("prediction"), in.get("target")), ct))
                .gradientSamples(regressionGradientPairs(0))
                .fact(Fact.definitional("half_sse is N/2 times mse", regressionPairs(),
                        LossFacts::halfSseIsScaledMse))
                .example("half the sum of squared errors ½(0² + 2²): half_sse([1, 2], [1, 4]) = 2",
                        regressionInput(new double[] {1, 2}, new double[] {1, 4}), Tensors.of(LOSS, 2.0), 1e-15)
                .example("a sum, not a mean: half_sse([0, 0, 0], [1, 1, 1]) = 3/2",
                        regressionInput(new double[] {0, 0, 0}, new double[] {1, 1, 1}), Tensors.of(LOSS, 1.5), 1e-15)
                .bad(BadInput.ieee(EMPTY, "empty prediction and target", regressionInput(new double[0], new double[0]),
                        "a sum over zero elements is 0 (torch mse_loss(reduction='sum') of empty tensors is 0)",
                        out -> out.scalar(LOSS) == 0)),
                "0.5 * F.mse_loss(prediction, target, reduction='sum')",
                TorchForm.single(LOSS, in -> in.get("prediction").sub(in.get("target")).square().sum().mul(Torch.constant(in.get("prediction"), 0.5))));
    }

    private static Formula mae() {
        return regression(Formula.define("mae", Family.LOSS).sources("S2")
                .formula("(1/N) Σ |y_i − ŷ_i| (subgradient 0 at y = ŷ, as PyTorch)")
                .output(LOSS, "[]", "≥ 0, the mean over all N elements")
                .compute(in -> Tensors.of(LOSS, Losses.mae(in.get("prediction"), in.get("target"))))
                .exact(LossExact::mae)
                .accuracy(LossAccuracy.regression())
                .onnx("ReduceMean(Abs(Sub(prediction, target))) over every element",
                        g -> g.output(LOSS, g.meanAll(g.abs(g.sub(g.input("prediction"), g.input("target"))))))
                .vjp((in, ct) -> regressionVjp(Losses.maeGradient(in.get("prediction"), in.get("target")), ct))
                .gradientSamples(regressionGradientPairs(0.1))
                .fact(Fact.definitional("mae never exceeds the square root of mse (mean |d| ≤ √(mean d²))", regressionPairs(),
                        LossFacts::maeAtMostRootMse))
                .example("the mean absolute error (0 + 2)/2: mae([1, 2], [1, 4]) = 1",
                        regressionInput(new double[] {1, 2}, new double[] {1, 4}), Tensors.of(LOSS, 1.0), 1e-15)
                .example("errors of either sign count alike: mae([3, −1], [1, 1]) = (2 + 2)/2 = 2",
                        regressionInput(new double[] {3, -1}, new double[] {1, 1}), Tensors.of(LOSS, 2.0), 1e-15)
                .bad(BadInput.ieee(EMPTY, "empty prediction and target", regressionInput(new double[0], new double[0]),
                        "torch.nn.functional.l1_loss of empty tensors is nan (a mean over zero elements)", LossFacts::nanLoss)
                        .deviatesOn(OnnxRuntimeDeviations.meanOfNothingIsZero(LOSS)))
                .convention("the subgradient at ŷ_i = y_i is 0 (PyTorch's l1_loss backward is sign(ŷ − y)/N with sign(0) = 0)")
                .kink(Kink.at("|ŷ_i − y_i| at a tie ŷ_i = y_i",
                                regressionInput(new double[] {1, 2, 3}, new double[] {1, 5, 3}),
                                Tensors.of("prediction", Tensor.matrix(new double[] {0, -0.5}, new double[] {2, 1}),
                                        "target", Tensor.matrix(new double[] {0, 0.5}, new double[] {2, -1})))
                        .reference("subgradient sgn(0)/N = 0 at a tie, as PyTorch's l1_loss backward (sign(ŷ − y)/N)",
                                LossFacts::maeSubgradient)),
                "F.l1_loss(prediction, target)",
                TorchForm.single(LOSS, in -> in.get("prediction").sub(in.get("target")).abs().mean()));
    }

    /** What mse, half_sse and mae share: ports, samples, bad inputs except EMPTY, conventions. */
    private static Formula regression(Formula.Builder b, String torch, TorchForm form) {
        return b.pytorch(torch, form)
                .input(Port.differentiable("prediction", "[...]", "ŷ, real, any shape"))
                .input(Port.differentiable("target", "[...]", "y, real, the shape of ŷ (never broadcast)"))
                .samples(regressionPairs())
                .tail("a tiny error: d² = 1e-300 (float64)", regressionInput(new double[] {1e-150}, new double[] {0}))
                .tail("a tiny error: d² = 4e-38 (float32)", regressionInput(new double[] {2e-19}, new double[] {0}))
                .tail("nearly equal values: d = 2⁻⁴⁰, where y² − 2yŷ + ŷ² cancels",
                        regressionInput(new double[] {1 + 0x1p-40, 3}, new double[] {1, 3}))
                .bad(BadInput.ieee(NAN, "NaN in the prediction", regressionInput(new double[] {1, NAN_VALUE}, new double[] {0, 0}),
                        torch + " propagates NaN", LossFacts::nanLoss))
                .bad(BadInput.ieee(INFINITY, "an infinite prediction", regressionInput(new double[] {INF, 0}, new double[] {0, 0}),
                        torch + " gives +inf", out -> out.scalar(LOSS) == INF))
                .bad(BadInput.ieee(INFINITY, "prediction and target both +∞", regressionInput(new double[] {INF}, new double[] {INF}),
                        torch + " gives nan (∞ − ∞)", LossFacts::nanLoss))
                .bad(BadInput.rejects(SHAPE, "target shorter than the prediction",
                        regressionInput(new double[] {1, 2, 3}, new double[] {1, 2}), "target", "must equal the shape"))
                .bad(BadInput.rejects(SHAPE, "target [2, 1] against prediction [2] (PyTorch would broadcast to [2, 2] with a warning)",
                        Tensors.of("prediction", Tensor.vector(1, 2), "target", Tensor.of(new int[] {2, 1}, 1, 2)),
                        "target", "must equal the shape"))
                .bad(BadInput.notApplicable(DOMAIN, "every pair of equally shaped real tensors is in the domain"))
                .convention("both prediction and target are differentiable (as in PyTorch); ∂/∂y = −∂/∂ŷ")
                .convention("shapes must agree exactly: " + torch + " broadcasts compatible shapes with a warning, refcheck rejects them")
                .build();
    }

    // ================================================================ Lp

    private static Formula lpNorm() {
        return Formula.define("lp_norm", Family.LOSS).sources("S2")
                .formula("‖x‖_p = (Σ |x_i|^p)^(1/p), p ≥ 1, and p = ∞")
                .input(Port.differentiable("x", "[...]", "real, any shape; the norm is over all elements"))
                .input(Port.hyperparameter("p", "scalar p ≥ 1, or +∞"))
                .tail("squares that underflow: ‖[3e-160, 4e-160]‖₂ = 5e-160 (float64), ‖[3e-20, 4e-20]‖₂ = 5e-20 (float32)",
                        Tensors.of("x", Tensor.vector(3e-160, 4e-160, 3e-20, 4e-20), "p", 2.0))
                .tail("squares that overflow: ‖[3e200, 4e200]‖₂ = 5e200", Tensors.of("x", Tensor.vector(3e200, 4e200), "p", 2.0))
                .tail("cubes of tiny entries: ‖[1e-110, 2e-110]‖₃", Tensors.of("x", Tensor.vector(1e-110, -2e-110), "p", 3.0))
                .output("norm", "[]", "≥ 0; 0 exactly when x = 0")
                .compute(in -> Tensors.of("norm", Losses.lpNorm(in.get("x"), in.scalar("p"))))
                .exact(LossExact::lpNorm)
                .accuracy(LossAccuracy.lpNorm())
                .vjp((in, ct) -> Tensors.of("x",
                        Matrices.scale(Losses.lpNormGradient(in.get("x"), in.scalar("p")), ct.scalar("norm"))))
                .samples(lpNormSamples())
                .gradientSamples(lpNormGradientSamples())
                .fact(Fact.sourceFact("lp_norm satisfies the triangle inequality ‖x + y‖_p ≤ ‖x‖_p + ‖y‖_p",
                        lpNormPairs(), LossFacts::lpNormTriangle))
                .fact(Fact.sourceFact("lp_norm is absolutely homogeneous: ‖αx‖_p = |α|·‖x‖_p",
                        scaledLpVectors(), LossFacts::lpNormHomogeneous))
                .fact(Fact.sourceFact("lp_norm is zero exactly for the zero vector (even 4.9e-324 has a positive norm)",
                        zeroOrLpVectors(), LossFacts::lpNormZeroOnlyAtZero))
                .fact(Fact.sourceFact("‖x‖_∞ ≤ ‖x‖_q ≤ ‖x‖_p for 1 ≤ p ≤ q",
                        orderedOrders(), LossFacts::lpNormsOrdered))
                .example("the 3-4-5 triangle: ‖[3, −4]‖₂ = 5", Tensors.of("x", Tensor.vector(3, -4), "p", 2.0),
                        Tensors.of("norm", 5.0), 1e-15)
                .example("p = 1 sums magnitudes: ‖[3, −4]‖₁ = 7", Tensors.of("x", Tensor.vector(3, -4), "p", 1.0),
                        Tensors.of("norm", 7.0), 1e-15)
                .example("p = ∞ takes the largest magnitude: ‖[3, −4]‖_∞ = 4", Tensors.of("x", Tensor.vector(3, -4), "p", INF),
                        Tensors.of("norm", 4.0), 1e-15)
                .example("27 + 64 + 125 = 216 = 6³: ‖[3, 4, 5]‖₃ = 6", Tensors.of("x", Tensor.vector(3, 4, 5), "p", 3.0),
                        Tensors.of("norm", 6.0), 1e-14)
                .example("no overflow although 1e200² does: ‖[1e200, 1e200]‖₂ = √2·1e200",
                        Tensors.of("x", Tensor.vector(1e200, 1e200), "p", 2.0), Tensors.of("norm", Math.sqrt(2) * 1e200), 1e-15)
                .bad(BadInput.ieee(NAN, "NaN in x", Tensors.of("x", Tensor.vector(1, NAN_VALUE), "p", 2.0),
                        "torch.linalg.vector_norm propagates nan", out -> Double.isNaN(out.scalar("norm"))))
                .bad(BadInput.rejects(NAN, "p = NaN", Tensors.of("x", Tensor.vector(1, 2), "p", NAN_VALUE), "p", "must be >= 1"))
                .bad(BadInput.ieee(INFINITY, "an infinite element", Tensors.of("x", Tensor.vector(Double.NEGATIVE_INFINITY, 1), "p", 3.0),
                        "torch.linalg.vector_norm gives inf", out -> out.scalar("norm") == INF))
                .bad(BadInput.ieee(EMPTY, "empty x, p = 2", Tensors.of("x", Tensor.vector(), "p", 2.0),
                        "torch.linalg.vector_norm of an empty tensor is 0 for finite p (the empty sum)", out -> out.scalar("norm") == 0))
                .bad(BadInput.rejects(EMPTY, "empty x, p = ∞", Tensors.of("x", Tensor.vector(), "p", INF), "x", "must not be empty"))
                .bad(BadInput.rejects(SHAPE, "p given as a vector", Tensors.of("x", Tensor.vector(1, 2), "p", Tensor.vector(1, 2)),
                        "p", "must be a scalar"))
                .bad(BadInput.rejects(DOMAIN, "p = 1/2 (not a norm: the triangle inequality fails)",
                        Tensors.of("x", Tensor.vector(1, 2), "p", 0.5), "p", "must be >= 1"))
                .convention("gradient at x = 0 is 0 (PyTorch masks the division by a zero norm); at x_i = 0 with p = 1 it is sgn(0) = 0")
                .convention("gradient for p = ∞ is sgn(x_i)/k on the k elements tied for the largest magnitude (PyTorch's convention)")
                .convention("empty x: 0 for finite p as torch.linalg.vector_norm; rejected for p = ∞, where torch raises")
                .kink(Kink.at("‖x‖_p at x = 0", lpNormAt(1, 0, 0, 0), lpNormAt(1.5, 0, 0, 0), lpNormAt(2, 0, 0, 0), lpNormAt(3, 0, 0, 0),
                                lpNormAt(INF, 0, 0, 0))
                        .reference(LP_NORM_SUBGRADIENT, LossFacts::lpNormSubgradient))
                .kink(Kink.at("|x_i| at x_i = 0 for p = 1", lpNormAt(1, 0, 3, -4), lpNormAt(1, -0.0, 0, 2))
                        .reference(LP_NORM_SUBGRADIENT, LossFacts::lpNormSubgradient))
                .kink(Kink.at("tied largest magnitudes of ‖x‖_∞", lpNormAt(INF, 3, -3, 1), lpNormAt(INF, 0, -2, 2, 1, -2))
                        .reference(LP_NORM_SUBGRADIENT, LossFacts::lpNormSubgradient))
                .pytorch("torch.linalg.vector_norm(x, p)",
                        // through DJL composed as m * vector_norm(x / m, p) with m = x.abs().max(): DJL exposes integer orders
                        // only, and libtorch 2.7.1's norm kernel does not scale (through DJL it gives inf for [1e200, 1e200] and
                        // 0 for [1e-300, 1e-300], where the 2-norms are √2·1e200 and √2·1e-300)
                        TorchForm.single("norm", in -> torchNorm(in.get("x"), TorchForm.scalar(in.get("p")))))
                .onnx("m·Pow(ReduceSum(Pow(Div(Abs(x), m), p)), 1/p) with m = ReduceMax(Abs(x)); Where(m = 0, m = ∞ or p = ∞) m",
                        LossForms::lpNorm)
                .build();
    }

    private static Formula lpLoss() {
        return Formula.define("lp_loss", Family.LOSS).sources("S2")
                .formula("‖y − ŷ‖_p^p = Σ |y_i − ŷ_i|^p")
                .input(Port.differentiable("prediction", "[...]", "ŷ, real, any shape"))
                .input(Port.differentiable("target", "[...]", "y, real, the shape of ŷ"))
                .input(Port.hyperparameter("p", "scalar, finite p ≥ 1"))
                .tail("a tiny error: |d|³ = 1e-300", Tensors.of("prediction", Tensor.vector(1e-100), "target", Tensor.vector(0), "p", 3.0))
                .tail("a tiny error: |d|^2.5 = 4.9e-32 (float32)",
                        Tensors.of("prediction", Tensor.vector(3e-13), "target", Tensor.vector(0), "p", 2.5))
                .output(LOSS, "[]", "≥ 0, a sum over all elements")
                .compute(in -> Tensors.of(LOSS, Losses.lpLoss(in.get("prediction"), in.get("target"), in.scalar("p"))))
                .exact(LossExact::lpLoss)
                .accuracy(LossAccuracy.lpLoss())
                .vjp((in, ct) -> regressionVjp(Losses.lpLossGradient(in.get("prediction"), in.get("target"), in.scalar("p")), ct))
                .samples(lpLossSamples())
                .gradientSamples(lpLossGradientSamples())
                .fact(Fact.definitional("lp_loss is the p-th power of lp_norm of the difference",
                        lpLossPairs(), LossFacts::lpLossIsPowerOfNorm))
                .example("|1 − 1|³ + |2 − 4|³ = 8: lp_loss([1, 2], [1, 4], p = 3) = 8",
                        regressionInput(new double[] {1, 2}, new double[] {1, 4}).with("p", 3.0), Tensors.of(LOSS, 8.0), 1e-15)
                .example("p = 2 without the root: lp_loss([0, 0], [3, 4], p = 2) = 25 (not 5)",
                        regressionInput(new double[] {0, 0}, new double[] {3, 4}).with("p", 2.0), Tensors.of(LOSS, 25.0), 1e-15)
                .example("p = 1 is a sum of absolute errors, not a mean: lp_loss([1, 2], [1, 4], p = 1) = 2",
                        regressionInput(new double[] {1, 2}, new double[] {1, 4}).with("p", 1.0), Tensors.of(LOSS, 2.0), 1e-15)
                .bad(BadInput.ieee(NAN, "NaN in the prediction", regressionInput(new double[] {NAN_VALUE}, new double[] {0}).with("p", 2.0),
                        "NaN propagates (torch.linalg.vector_norm(d, p) ** p is nan)", LossFacts::nanLoss))
                .bad(BadInput.ieee(INFINITY, "an infinite error", regressionInput(new double[] {INF, 1}, new double[] {0, 1}).with("p", 3.0),
                        "+inf (torch.linalg.vector_norm(d, p) ** p is inf)", out -> out.scalar(LOSS) == INF))
                .bad(BadInput.ieee(EMPTY, "empty prediction and target", regressionInput(new double[0], new double[0]).with("p", 2.0),
                        "a sum over zero elements is 0 (torch.linalg.vector_norm of an empty tensor is 0)", out -> out.scalar(LOSS) == 0))
                .bad(BadInput.rejects(SHAPE, "target shorter than the prediction",
                        regressionInput(new double[] {1, 2}, new double[] {1}).with("p", 2.0), "target", "must equal the shape"))
                .bad(BadInput.rejects(DOMAIN, "p = 1/2", regressionInput(new double[] {1}, new double[] {0}).with("p", 0.5), "p", "must be >= 1"))
                .bad(BadInput.rejects(DOMAIN, "p = ∞ (‖d‖_∞^∞ is undefined)",
                        regressionInput(new double[] {1}, new double[] {0}).with("p", INF), "p", "must be finite"))
                .convention("both prediction and target are differentiable; ∂/∂ŷ_i = p|d_i|^(p−1) sgn(ŷ_i − y_i), 0 at d_i = 0 (also for p = 1)")
                .kink(Kink.at("|d_i|^p at d_i = ŷ_i − y_i = 0 (a kink for p = 1; for 1 < p < 2 |d|^(p−1)/d is 0/0 for a naive gradient)",
                                lpLossAtTies(1), lpLossAtTies(1.5), lpLossAtTies(2), lpLossAtTies(3))
                        .reference("0 at d_i = 0 for every p, sgn(0) = 0 for p = 1, as autograd of PyTorch's |y − ŷ|^p (abs' = sgn, pow' = p·|d|^(p−1))",
                                LossFacts::lpLossSubgradient))
                .pytorch("(target - prediction).abs().pow(p).sum()",
                        TorchForm.single(LOSS, in -> in.get("target").sub(in.get("prediction")).abs()
                                .pow(in.get("p")).sum()))
                .onnx("ReduceSum(Pow(Abs(Sub(target, prediction)), p))",
                        g -> g.output(LOSS, g.sumAll(g.pow(g.abs(g.sub(g.input("target"), g.input("prediction"))), g.input("p")))))
                .build();
    }

    // ================================================================ binary cross-entropy

    private static Formula bce() {
        return Formula.define("bce", Family.LOSS).sources("S2")
                .formula("−(1/N) Σ [y log ŷ + (1−y) log(1−ŷ)]")
                .input(Port.differentiable("prediction", "[...]", "ŷ, every element a probability in [0, 1], any shape"))
                .input(Port.fixed("target", "[...]", "y, the shape of ŷ, every element in [0, 1] (hard or soft labels)"))
                .output(LOSS, "[]", "≥ 0, the mean over all N elements; at most 100 per element (PyTorch's log clamp)")
                .tail("a confident right prediction: −log(1 − 1e-20) = 1e-20, where log(1 − ŷ) is log 1 = 0",
                        Tensors.of("prediction", Tensor.vector(1e-20), "target", Tensor.vector(0)))
                .tail("ŷ one ulp below 1 against y = 1: −log(1 − 2⁻⁵³) = 1.1e-16 (float64), −log(1 − 2⁻²⁴) = 6e-8 (float32)",
                        Tensors.of("prediction", Tensor.vector(1 - 0x1p-53, 1 - 0x1p-24), "target", Tensor.vector(1, 1)))
                .tail("a confident wrong prediction: −log 1e-30 = 69", Tensors.of("prediction", Tensor.vector(1e-30), "target", Tensor.vector(1)))
                .compute(in -> Tensors.of(LOSS, Losses.bce(in.get("prediction"), in.get("target"))))
                .exact(LossExact::bce)
                .accuracy(LossAccuracy.bce())
                .vjp((in, ct) -> Tensors.of("prediction",
                        Matrices.scale(Losses.bceGradient(in.get("prediction"), in.get("target")), ct.scalar(LOSS))))
                .samples(bcePairs(true))
                .gradientSamples(bceGradientSamples())
                .fact(Fact.sourceFact("bce equals cross_entropy_onehot on the two-class rows [ŷ, 1 − ŷ] against [y, 1 − y], "
                                + "soft targets included, where no log is clamped (ŷ and 1 − ŷ above e^−100)",
                        bcePairs(false),
                        LossFacts::bceIsTwoClassCrossEntropy))
                .example("−log e^(−1) = 1: bce([e^(−1)], [1]) = 1",
                        Tensors.of("prediction", Tensor.vector(Math.exp(-1)), "target", Tensor.vector(1)), Tensors.of(LOSS, 1.0), 1e-15)
                .example("a mean, not a sum: bce([1/2, 1/2], [1, 0]) = (log 2 + log 2)/2 = log 2",
                        Tensors.of("prediction", Tensor.vector(0.5, 0.5), "target", Tensor.vector(1, 0)), Tensors.of(LOSS, Math.log(2)), 1e-15)
                .example("PyTorch's clamp: log 0 counts as −100, so bce([0, 1], [1, 0]) = 100, not ∞",
                        Tensors.of("prediction", Tensor.vector(0, 1), "target", Tensor.vector(1, 0)), Tensors.of(LOSS, 100.0), 0)
                .bad(BadInput.rejects(NAN, "NaN prediction", bceInput(new double[] {NAN_VALUE}, new double[] {1}),
                        "prediction", "probability in [0, 1]"))
                .bad(BadInput.rejects(NAN, "NaN target", bceInput(new double[] {0.5}, new double[] {NAN_VALUE}),
                        "target", "probability in [0, 1]"))
                .bad(BadInput.rejects(INFINITY, "infinite prediction", bceInput(new double[] {INF}, new double[] {1}),
                        "prediction", "probability in [0, 1]"))
                .bad(BadInput.ieee(EMPTY, "empty prediction and target", bceInput(new double[0], new double[0]),
                        "torch.nn.functional.binary_cross_entropy of empty tensors is nan (a mean over zero elements)", LossFacts::nanLoss)
                        .deviatesOn(OnnxRuntimeDeviations.meanOfNothingIsZero(LOSS)))
                .bad(BadInput.rejects(SHAPE, "target longer than the prediction", bceInput(new double[] {0.5}, new double[] {1, 0}),
                        "target", "must equal the shape"))
                .bad(BadInput.rejects(DOMAIN, "prediction 1.5 (torch raises: all elements of input should be between 0 and 1)",
                        bceInput(new double[] {1.5}, new double[] {1}), "prediction", "probability in [0, 1]"))
                .bad(BadInput.rejects(DOMAIN, "target −0.5 (torch raises: all elements of target should be between 0 and 1)",
                        bceInput(new double[] {0.5}, new double[] {-0.5}), "target", "probability in [0, 1]"))
                .convention("each log is clamped at −100 as torch.nn.functional.binary_cross_entropy does, so bce(0, 1) = 100 and 0·log 0 = 0")
                .convention("the gradient is PyTorch's (ŷ − y)/(N·max(ŷ(1 − ŷ), 1e-12)): exact where ŷ(1 − ŷ) ≥ 1e-12, bounded within about 1e-12 of 0 and 1")
                .convention("target is not differentiated (a label)")
                .kink(Kink.at("the log clamp at ŷ ∈ {0, 1}",
                                Tensors.of("prediction", Tensor.vector(0, 1, 0, 1, 0.5), "target", Tensor.vector(0, 1, 1, 0, 0.25)))
                        .reference("(ŷ − y)/(N·max(ŷ(1 − ŷ), ε)) with ε = 1e-12 as a float (ATen's EPSILON): 0 where ŷ = y, "
                                        + "±1/(N·ε) where a clamped log is against its label, as torch's fused binary_cross_entropy_backward",
                                LossFacts::bceClampedGradient)
                        .or(KinkConvention.AUTOGRAD_AT_ZERO_PROBABILITY, "NaN at ŷ ∈ {0, 1}: autograd of max(log ŷ, −100) sends the "
                                        + "gradient to the clamp and meets log'(0) = ∞ on the way, 0·∞ (the composition PyTorch through DJL "
                                        + "runs, which exposes no binary_cross_entropy)",
                                LossFacts::bceAutogradAtClamp))
                .pytorch("F.binary_cross_entropy(prediction, target)",
                        TorchForm.single(LOSS, LossForms::torchBce))
                .onnx("ReduceMean(Sub(Mul(y − 1, Max(Log(1 − ŷ), −100)), Mul(y, Max(Log(ŷ), −100))))", LossForms::bce)
                .build();
    }

    private static Formula bceWithLogits() {
        return Formula.define("bce_with_logits", Family.LOSS).sources("S2")
                .formula("max(z,0) − z y + log(1 + e^(−|z|)), mean over N")
                .input(Port.differentiable("logits", "[...]", "z, real, any shape"))
                .input(Port.fixed("target", "[...]", "y, the shape of z, every element in [0, 1] (hard or soft labels)"))
                .output(LOSS, "[]", "≥ 0, the mean over all N elements")
                .compute(in -> Tensors.of(LOSS, Losses.bceWithLogits(in.get("logits"), in.get("target"))))
                .exact(LossExact::bceWithLogits)
                .accuracy(LossAccuracy.bceWithLogits())
                .tail("large z against y = 1: log(1 + e^−40) = 4.2e-18", Tensors.of("logits", Tensor.vector(40), "target", Tensor.vector(1)))
                .tail("very negative z against y = 0: log(1 + e^−700) = 9.9e-305 (float64)",
                        Tensors.of("logits", Tensor.vector(-700), "target", Tensor.vector(0)))
                .tail("large z against y = 1: log(1 + e^−80) = 1.8e-35 (float32)",
                        Tensors.of("logits", Tensor.vector(80), "target", Tensor.vector(1)))
                .tail("large |z| on the wrong side: 800 + log(1 + e^−800)",
                        Tensors.of("logits", Tensor.vector(-800, 800), "target", Tensor.vector(1, 0)))
                .tail("a soft target at large z: 0.75·30 + log(1 + e^−30)", Tensors.of("logits", Tensor.vector(30), "target", Tensor.vector(0.25)))
                .vjp((in, ct) -> Tensors.of("logits",
                        Matrices.scale(Losses.bceWithLogitsGradient(in.get("logits"), in.get("target")), ct.scalar(LOSS))))
                .samples(logitPairs())
                .gradientSamples(logitGradientPairs())
                .fact(Fact.definitional("bce_with_logits equals bce of σ(z) for moderate logits (|z| ≤ 8)",
                        moderateLogitPairs(), LossFacts::bceWithLogitsIsBceOfSigmoid))
                .example("σ(0) = 1/2: bce_with_logits([0], [1]) = log 2",
                        Tensors.of("logits", Tensor.vector(0), "target", Tensor.vector(1)), Tensors.of(LOSS, Math.log(2)), 1e-15)
                .example("a mean over elements: bce_with_logits([0, 0], [0, 1]) = (log 2 + log 2)/2 = log 2",
                        Tensors.of("logits", Tensor.vector(0, 0), "target", Tensor.vector(0, 1)), Tensors.of(LOSS, Math.log(2)), 1e-15)
                .example("huge logits stay finite: z = 1000 against y = 0 and z = −1000 against y = 1 each cost 1000 (+ log1p(e^(−1000)) = 0)",
                        Tensors.of("logits", Tensor.vector(1000, -1000), "target", Tensor.vector(0, 1)), Tensors.of(LOSS, 1000.0), 1e-15)
                .bad(BadInput.ieee(NAN, "NaN logit", Tensors.of("logits", Tensor.vector(NAN_VALUE, 0), "target", Tensor.vector(1, 0)),
                        "torch.nn.functional.binary_cross_entropy_with_logits propagates nan", LossFacts::nanLoss))
                .bad(BadInput.rejects(NAN, "NaN target", Tensors.of("logits", Tensor.vector(0), "target", Tensor.vector(NAN_VALUE)),
                        "target", "probability in [0, 1]"))
                .bad(BadInput.ieee(INFINITY, "z = +∞ against y = 0", Tensors.of("logits", Tensor.vector(INF), "target", Tensor.vector(0)),
                        "PyTorch gives inf: (1 − y)·z − log σ(z) = ∞", out -> out.scalar(LOSS) == INF))
                .bad(BadInput.ieee(INFINITY, "z = +∞ against y = 1", Tensors.of("logits", Tensor.vector(INF), "target", Tensor.vector(1)),
                        "PyTorch gives nan: (1 − y)·z = 0·∞", LossFacts::nanLoss))
                .bad(BadInput.ieee(INFINITY, "z = −∞ against y = 1", Tensors.of("logits", Tensor.vector(Double.NEGATIVE_INFINITY), "target",
                        Tensor.vector(1)), "PyTorch gives nan at z = −∞ for every y: (1 − y)·z − log σ(z) is 0·(−∞) + ∞ (the limit, +∞, "
                        + "is not what PyTorch gives)", LossFacts::nanLoss).deviatesOn(bceWithLogitsLimitInOnnx()))
                .bad(BadInput.ieee(INFINITY, "z = −∞ against y = 0.5", Tensors.of("logits", Tensor.vector(Double.NEGATIVE_INFINITY), "target",
                        Tensor.vector(0.5)), "PyTorch gives nan: ½·(−∞) + ∞", LossFacts::nanLoss).deviatesOn(bceWithLogitsLimitInOnnx()))
                .bad(BadInput.ieee(EMPTY, "empty logits and target", Tensors.of("logits", Tensor.vector(), "target", Tensor.vector()),
                        "a mean over zero elements is nan, as in PyTorch", LossFacts::nanLoss)
                        .deviatesOn(OnnxRuntimeDeviations.meanOfNothingIsZero(LOSS)))
                .bad(BadInput.rejects(SHAPE, "target longer than the logits",
                        Tensors.of("logits", Tensor.vector(0), "target", Tensor.vector(0, 1)), "target", "must equal the shape"))
                .bad(BadInput.rejects(DOMAIN, "target 2 (PyTorch does not check, but y is a probability)",
                        Tensors.of("logits", Tensor.vector(0), "target", Tensor.vector(2)), "target", "probability in [0, 1]"))
                .convention("evaluated as (1 − y)·max(z, 0) + y·max(−z, 0) + log1p(e^(−|z|)), three non-negative terms, so nothing cancels "
                        + "(PyTorch's (1 − y)·z − log σ(z) cancels for z ≪ 0 and small y)")
                .convention("z = −∞ with y > 0 gives +∞ (the limit); PyTorch gives nan there. Elsewhere at ±∞ the two agree")
                .convention("target is not differentiated; it must lie in [0, 1] (PyTorch accepts any real target)")
                .kink(Kink.at("z = 0, where the written form max(z, 0) + log(1 + e^(−|z|)) has kinks but the function has none",
                                Tensors.of("logits", Tensor.vector(0, 0, 0), "target", Tensor.vector(0, 0.3, 1)),
                                Tensors.of("logits", Tensor.matrix(new double[] {0, 2}, new double[] {-0.0, -1}),
                                        "target", Tensor.matrix(new double[] {1, 0.5}, new double[] {0, 0.25})))
                        .reference("the derivative (σ(z) − y)/N, (1/2 − y)/N at z = 0; differentiating the written pieces with "
                                        + "max'(0) = 1 or 0 and sgn(0) = 0 gives (1 − y)/N or −y/N instead. PyTorch's fused backward gives it, "
                                        + "and so does autograd of the DJL form, because torch.maximum splits the gradient ½/½ at a tie",
                                LossFacts::bceWithLogitsGradient))
                .pytorch("F.binary_cross_entropy_with_logits(logits, target)",
                        TorchForm.single(LOSS, LossForms::torchBceWithLogits))
                .onnx("ReduceMean((1 − y)·Relu(z) + y·Relu(−z) + Log(1 + Exp(−Abs(z)))); not Softplus, which ONNX Runtime "
                        + "implements for float only", g -> g.output(LOSS, g.meanAll(OnnxForms.bceWithLogitsTerms(g, g.input("logits"), g.input("target")))))
                .build();
    }

    // ================================================================ multi-class cross-entropy

    private static Formula oneHot() {
        return Formula.define("one_hot", Family.LOSS).sources("S2")
                .formula("class c ∈ [0, M) → e_c ∈ {0,1}^M")
                .input(Port.integers("labels", "[N]", "class indices, integers in [0, classes)"))
                .input(Port.integerHyperparameter("classes", "the number of classes M, a positive integer"))
                .output("one_hot", "[N, classes]", Port.Kind.INTEGER, "row i is e_(c_i)")
                .compute(in -> Tensors.of("one_hot", Losses.oneHot(in.get("labels"), Losses.classCount(in.get("classes")))))
                .samples(oneHotSamples())
                .fact(Fact.definitional("one_hot rows sum to one, with their one at the label",
                        labelRows(), LossFacts::oneHotRows))
                .example("each label picks its column: one_hot([0, 2, 1], 3) = [[1,0,0], [0,0,1], [0,1,0]]",
                        Tensors.of("labels", Tensor.vector(0, 2, 1), "classes", 3),
                        Tensors.of("one_hot", Tensor.matrix(new double[] {1, 0, 0}, new double[] {0, 0, 1}, new double[] {0, 1, 0})), 0)
                .bad(BadInput.rejects(NAN, "NaN label", Tensors.of("labels", Tensor.vector(NAN_VALUE), "classes", 3),
                        "labels", "integer in [0, 3)"))
                .bad(BadInput.rejects(NAN, "NaN class count", Tensors.of("labels", Tensor.vector(0), "classes", NAN_VALUE),
                        "classes", "positive integer"))
                .bad(BadInput.rejects(INFINITY, "infinite label", Tensors.of("labels", Tensor.vector(INF), "classes", 3),
                        "labels", "integer in [0, 3)"))
                .bad(BadInput.ieee(EMPTY, "no labels", Tensors.of("labels", Tensor.vector(), "classes", 3),
                        "torch.nn.functional.one_hot(torch.tensor([], dtype=torch.long), 3) has shape [0, 3]",
                        out -> Arrays.equals(out.get("one_hot").shape(), new int[] {0, 3})))
                .bad(BadInput.rejects(SHAPE, "class count given as a vector", Tensors.of("labels", Tensor.vector(0), "classes", Tensor.vector(3, 3)),
                        "classes", "must be a scalar"))
                .bad(BadInput.rejects(DOMAIN, "label 3 with 3 classes (torch raises: class values must be smaller than num_classes)",
                        Tensors.of("labels", Tensor.vector(0, 3), "classes", 3), "labels", "integer in [0, 3)"))
                .bad(BadInput.rejects(DOMAIN, "label −1", Tensors.of("labels", Tensor.vector(-1), "classes", 3), "labels", "integer in [0, 3)"))
                .bad(BadInput.rejects(DOMAIN, "non-integer label 1.5", Tensors.of("labels", Tensor.vector(1.5), "classes", 3),
                        "labels", "integer in [0, 3)"))
                .bad(BadInput.rejects(DOMAIN, "2.5 classes", Tensors.of("labels", Tensor.vector(0), "classes", 2.5), "classes", "positive integer"))
                .bad(BadInput.rejects(DOMAIN, "0 classes", Tensors.of("labels", Tensor.vector(), "classes", 0), "classes", "positive integer"))
                .convention("labels of any shape get one more axis of length M, as torch.nn.functional.one_hot; the class count is always given")
                .pytorch("F.one_hot(labels, int(classes))",
                        TorchForm.single("one_hot", in -> Torch.indices(in.get("labels"))
                                .oneHot(Torch.code(in.get("classes")), in.get("labels").getDataType())))
                .onnx("OneHot(labels, classes, values=[0, 1], axis=-1), labels INT64", g -> g.output("one_hot", g.oneHot("labels", "classes")),
                        OnnxForm.Gap.float64("ONNX Runtime 1.23 registers OneHot for float, int32 and int64 values (and strings), not double: "
                                + "NOT_IMPLEMENTED for a double output"))
                .build();
    }

    private static Formula crossEntropyOneHot() {
        return Formula.define("cross_entropy_onehot", Family.LOSS).sources("S2")
                .formula("−(1/N) Σ_i Σ_j y_ij log ŷ_ij")
                .input(Port.differentiable("probabilities", "[N, C]", "ŷ, rows on the probability simplex"))
                .input(Port.fixed("targets", "[N, C]", "y, rows on the probability simplex: one-hot rows, or soft labels"))
                .output(LOSS, "[]", "≥ 0, the mean over N rows; +∞ where y_ij > 0 = ŷ_ij")
                .tail("the right class one ulp below 1: −log(1 − 2⁻⁵³) = 1.1e-16",
                        Tensors.of("probabilities", Tensor.matrix(new double[] {1 - 0x1p-53, 0x1p-53}), "targets", Tensor.matrix(new double[] {1, 0})))
                .tail("the right class one float32 ulp below 1: −log(1 − 2⁻²⁴) = 6e-8",
                        Tensors.of("probabilities", Tensor.matrix(new double[] {1 - 0x1p-24, 0x1p-24}), "targets", Tensor.matrix(new double[] {1, 0})))
                .compute(in -> Tensors.of(LOSS, Losses.crossEntropyOneHot(in.get("probabilities"), in.get("targets"))))
                .exact(LossExact::crossEntropyOneHot)
                .accuracy(LossAccuracy.crossEntropyOneHot())
                .vjp((in, ct) -> Tensors.of("probabilities",
                        Matrices.scale(Losses.crossEntropyOneHotGradient(in.get("probabilities"), in.get("targets")), ct.scalar(LOSS))))
                .samples(targetRows())
                .gradientSamples(interiorTargetRows())
                .step(1e-7, 1e-3)
                .fact(Fact.definitional("cross_entropy_onehot is never negative", probabilityRows()
                                .map(rows -> Tensors.of("probabilities", rows.probabilities(), "targets", rows.targets())),
                        LossFacts::crossEntropyNonNegative))
                .example("the target class has probability 1/4: cross_entropy_onehot([[1/2, 1/4, 1/4]], [[0, 1, 0]]) = log 4",
                        Tensors.of("probabilities", Tensor.matrix(new double[] {0.5, 0.25, 0.25}), "targets", Tensor.matrix(new double[] {0, 1, 0})),
                        Tensors.of(LOSS, Math.log(4)), 1e-15)
                .example("a mean over rows: [[1/2, 1/2], [1/4, 3/4]] against [[1, 0], [0, 1]] gives (log 2 + log 4/3)/2",
                        Tensors.of("probabilities", Tensor.matrix(new double[] {0.5, 0.5}, new double[] {0.25, 0.75}),
                                "targets", Tensor.matrix(new double[] {1, 0}, new double[] {0, 1})),
                        Tensors.of(LOSS, (3 * Math.log(2) - Math.log(3)) / 2), 1e-15)
                .example("a soft target against the uniform row: −(0.3 log ½ + 0.7 log ½) = log 2",
                        Tensors.of("probabilities", Tensor.matrix(new double[] {0.5, 0.5}), "targets", Tensor.matrix(new double[] {0.3, 0.7})),
                        Tensors.of(LOSS, Math.log(2)), 1e-15)
                .bad(BadInput.rejects(NAN, "NaN probability", Tensors.of("probabilities", Tensor.matrix(new double[] {NAN_VALUE, 0.5}),
                        "targets", Tensor.matrix(new double[] {1, 0})), "probabilities", "probability in [0, 1]"))
                .bad(BadInput.rejects(INFINITY, "infinite probability", Tensors.of("probabilities", Tensor.matrix(new double[] {INF, 0}),
                        "targets", Tensor.matrix(new double[] {1, 0})), "probabilities", "probability in [0, 1]"))
                .bad(BadInput.ieee(EMPTY, "no rows", Tensors.of("probabilities", Tensor.zeros(0, 3), "targets", Tensor.zeros(0, 3)),
                        "a mean over zero rows is nan (torch.mean of an empty tensor)", LossFacts::nanLoss)
                        .deviatesOn(OnnxRuntimeDeviations.meanOfNothingIsZero(LOSS)))
                .bad(BadInput.rejects(EMPTY, "rows of no classes", Tensors.of("probabilities", Tensor.zeros(2, 0), "targets", Tensor.zeros(2, 0)),
                        "probabilities", "at least one class"))
                .bad(BadInput.rejects(SHAPE, "targets of three classes against probabilities of two",
                        Tensors.of("probabilities", Tensor.matrix(new double[] {0.5, 0.5}), "targets", Tensor.matrix(new double[] {1, 0, 0})),
                        "targets", "must equal the shape"))
                .bad(BadInput.rejects(SHAPE, "probabilities as a vector",
                        Tensors.of("probabilities", Tensor.vector(0.5, 0.5), "targets", Tensor.vector(1, 0)), "probabilities", "rank 2"))
                .bad(BadInput.rejects(DOMAIN, "a probability row summing to 0.9",
                        Tensors.of("probabilities", Tensor.matrix(new double[] {0.4, 0.5}), "targets", Tensor.matrix(new double[] {1, 0})),
                        "probabilities", "simplex"))
                .bad(BadInput.rejects(DOMAIN, "a target row summing to 1.1",
                        Tensors.of("probabilities", Tensor.matrix(new double[] {0.5, 0.5}), "targets", Tensor.matrix(new double[] {0.5, 0.6})),
                        "targets", "simplex"))
                .convention("0·log ŷ = 0 where y_ij = 0, even at ŷ_ij = 0 (torch.special.xlogy); PyTorch's equivalent is "
                        + "−torch.special.xlogy(y, ŷ).sum(−1).mean()")
                .convention("rows are checked to lie on the simplex within 1e-6, so the gradient check uses a step of 1e-7·|ŷ|")
                .convention("targets are not differentiated; soft targets (any distribution rows) are allowed")
                .kink(Kink.at("ŷ_ij = 0 where y_ij = 0 (the term 0·log 0 = 0)",
                                Tensors.of("probabilities", Tensor.matrix(new double[] {0, 1}, new double[] {0.5, 0.5}, new double[] {0.25, 0.75}),
                                        "targets", Tensor.matrix(new double[] {0, 1}, new double[] {1, 0}, new double[] {0.5, 0.5})))
                        .reference("−y_ij/(N·ŷ_ij), and 0 where y_ij = 0: the term is identically 0 there, even at ŷ_ij = 0",
                                LossFacts::crossEntropyOneSided)
                        .or(KinkConvention.AUTOGRAD_AT_ZERO_PROBABILITY, "NaN where ŷ_ij = 0 = y_ij: xlogy's ∂/∂ŷ = y/ŷ is 0/0",
                                LossFacts::crossEntropyAutograd))
                .pytorch("-torch.special.xlogy(targets, probabilities).sum(-1).mean()",
                        TorchForm.single(LOSS, LossForms::torchCrossEntropyOneHot))
                .onnx("Neg(ReduceMean(ReduceSum(xlogy(targets, probabilities), axis 1))), xlogy(y, p) = Where(Equal(y, 0), 0, Mul(y, Log(p)))",
                        g -> g.output(LOSS, g.neg(g.meanAll(g.reduceSum(g.xlogy(g.input("targets"), g.input("probabilities")), false, 1)))))
                .build();
    }

    private static Formula crossEntropyIndex() {
        return Formula.define("cross_entropy_index", Family.LOSS).sources("S2")
                .formula("−(1/N) Σ_i log ŷ_(i,c_i)")
                .input(Port.differentiable("probabilities", "[N, C]", "ŷ, rows on the probability simplex"))
                .input(Port.integers("labels", "[N]", "c, integer class indices in [0, C)"))
                .output(LOSS, "[]", "≥ 0, the mean over N rows; +∞ where ŷ_(i,c_i) = 0")
                .tail("the right class one ulp below 1: −log(1 − 2⁻⁵³) = 1.1e-16",
                        Tensors.of("probabilities", Tensor.matrix(new double[] {1 - 0x1p-53, 0x1p-53}), "labels", Tensor.vector(0)))
                .tail("the right class one float32 ulp below 1: −log(1 − 2⁻²⁴) = 6e-8",
                        Tensors.of("probabilities", Tensor.matrix(new double[] {1 - 0x1p-24, 0x1p-24}), "labels", Tensor.vector(0)))
                .compute(in -> Tensors.of(LOSS, Losses.crossEntropyIndex(in.get("probabilities"), in.get("labels"))))
                .exact(LossExact::crossEntropyIndex)
                .accuracy(LossAccuracy.crossEntropyIndex())
                .vjp((in, ct) -> Tensors.of("probabilities",
                        Matrices.scale(Losses.crossEntropyIndexGradient(in.get("probabilities"), in.get("labels")), ct.scalar(LOSS))))
                .samples(labelledRows())
                .gradientSamples(interiorLabelledRows())
                .step(1e-7, 1e-3)
                .fact(Fact.sourceFact("cross_entropy_index equals cross_entropy_onehot on one-hot labels",
                        labelledRows(), LossFacts::indexIsOneHot))
                .example("labels pick 1/4 and 1/10: cross_entropy_index([[1/2, 1/4, 1/4], [1/10, 1/10, 4/5]], [1, 0]) = (log 4 + log 10)/2",
                        Tensors.of("probabilities", Tensor.matrix(new double[] {0.5, 0.25, 0.25}, new double[] {0.1, 0.1, 0.8}),
                                "labels", Tensor.vector(1, 0)),
                        Tensors.of(LOSS, Math.log(40) / 2), 1e-15)
                .example("a certain prediction costs nothing: cross_entropy_index([[0, 1]], [1]) = 0",
                        Tensors.of("probabilities", Tensor.matrix(new double[] {0, 1}), "labels", Tensor.vector(1)), Tensors.of(LOSS, 0.0), 0)
                .example("zero probability at the label costs +∞ (no clamp, unlike bce): cross_entropy_index([[0, 1]], [0]) = ∞",
                        Tensors.of("probabilities", Tensor.matrix(new double[] {0, 1}), "labels", Tensor.vector(0)), Tensors.of(LOSS, INF), 0)
                .bad(BadInput.rejects(NAN, "NaN probability", Tensors.of("probabilities", Tensor.matrix(new double[] {NAN_VALUE, 0.5}),
                        "labels", Tensor.vector(0)), "probabilities", "probability in [0, 1]"))
                .bad(BadInput.rejects(NAN, "NaN label", Tensors.of("probabilities", Tensor.matrix(new double[] {0.5, 0.5}),
                        "labels", Tensor.vector(NAN_VALUE)), "labels", "integer in [0, 2)"))
                .bad(BadInput.rejects(INFINITY, "infinite probability", Tensors.of("probabilities", Tensor.matrix(new double[] {INF, 0}),
                        "labels", Tensor.vector(0)), "probabilities", "probability in [0, 1]"))
                .bad(BadInput.rejects(INFINITY, "infinite label", Tensors.of("probabilities", Tensor.matrix(new double[] {0.5, 0.5}),
                        "labels", Tensor.vector(INF)), "labels", "integer in [0, 2)"))
                .bad(BadInput.ieee(EMPTY, "no rows", Tensors.of("probabilities", Tensor.zeros(0, 3), "labels", Tensor.vector()),
                        "a mean over zero rows is nan (torch.nn.functional.nll_loss of an empty batch)", LossFacts::nanLoss)
                        .deviatesOn(BadInput.Deviation.onnxRuntime("ONNX Runtime's NegativeLogLikelihoodLoss with reduction 'mean' "
                                + "gives 0 for an empty batch, where PyTorch's nll_loss divides 0 by 0 weights", out -> out.scalar(LOSS) == 0)))
                .bad(BadInput.rejects(SHAPE, "two labels for one row", Tensors.of("probabilities", Tensor.matrix(new double[] {0.5, 0.5}),
                        "labels", Tensor.vector(0, 1)), "labels", "one label per row"))
                .bad(BadInput.rejects(DOMAIN, "label 2 with 2 classes (torch raises: Target 2 is out of bounds)",
                        Tensors.of("probabilities", Tensor.matrix(new double[] {0.5, 0.5}), "labels", Tensor.vector(2)), "labels", "integer in [0, 2)"))
                .bad(BadInput.rejects(DOMAIN, "non-integer label 0.5",
                        Tensors.of("probabilities", Tensor.matrix(new double[] {0.5, 0.5}), "labels", Tensor.vector(0.5)), "labels", "integer in [0, 2)"))
                .bad(BadInput.rejects(DOMAIN, "a probability row summing to 1.2",
                        Tensors.of("probabilities", Tensor.matrix(new double[] {0.6, 0.6}), "labels", Tensor.vector(0)), "probabilities", "simplex"))
                .convention("PyTorch's equivalent is torch.nn.functional.nll_loss(torch.log(ŷ), c); no log clamp, so ŷ = 0 at the label gives +∞")
                .kink(Kink.at("ŷ_ij = 0 off the label",
                                Tensors.of("probabilities", Tensor.matrix(new double[] {0, 1}, new double[] {0.5, 0.5}, new double[] {1, 0}),
                                        "labels", Tensor.vector(1, 0, 0)))
                        .reference("−1/(N·ŷ_(i,c_i)) at the label and 0 elsewhere, even where ŷ_ij = 0: the loss does not depend on those",
                                LossFacts::crossEntropyIndexOneSided)
                        .or(KinkConvention.AUTOGRAD_AT_ZERO_PROBABILITY, "NaN where ŷ_ij = 0 off the label: nll_loss's zero "
                                        + "gradient times log'(0) = ∞ is 0·∞",
                                LossFacts::crossEntropyIndexAutograd))
                .convention("rows are checked to lie on the simplex within 1e-6, so the gradient check uses a step of 1e-7·|ŷ|")
                .pytorch("F.nll_loss(torch.log(probabilities), labels)",
                        TorchForm.single(LOSS, in -> in.get("probabilities").log()
                                .gather(Torch.indices(in.get("labels")).reshape(-1, 1), 1).neg().mean()))
                .onnx("NegativeLogLikelihoodLoss(Log(probabilities), labels, reduction='mean'), labels INT64",
                        g -> g.output(LOSS, g.nllLoss(g.log(g.input("probabilities")), g.index("labels"))))
                .build();
    }

    private static Formula softmaxCrossEntropy() {
        return Formula.define("softmax_cross_entropy", Family.LOSS).sources("S2")
                .formula("cross_entropy_index(softmax(z)) computed as −log_softmax(z)[c], mean")
                .input(Port.differentiable("logits", "[N, C]", "z, real"))
                .input(Port.integers("labels", "[N]", "c, integer class indices in [0, C)"))
                .output(LOSS, "[]", "≥ 0, the mean over N rows")
                .compute(in -> Tensors.of(LOSS, Losses.softmaxCrossEntropy(in.get("logits"), in.get("labels"))))
                .exact(LossExact::softmaxCrossEntropy)
                .accuracy(LossAccuracy.softmaxCrossEntropy())
                .tail("the label's logit 40 above the rest: log(1 + e^−40) = 4.2e-18",
                        Tensors.of("logits", Tensor.matrix(new double[] {0, -40}), "labels", Tensor.vector(0)))
                .tail("the label's logit 700 above the rest: e^−700 = 9.9e-305 (float64)",
                        Tensors.of("logits", Tensor.matrix(new double[] {0, -700}), "labels", Tensor.vector(0)))
                .tail("the label's logit 60 above the rest: e^−60 = 8.8e-27 (float32)",
                        Tensors.of("logits", Tensor.matrix(new double[] {0, -60}), "labels", Tensor.vector(0)))
                .tail("the label's logit 800 below the maximum: 800 + log(1 + e^−800)",
                        Tensors.of("logits", Tensor.matrix(new double[] {0, -800}), "labels", Tensor.vector(1)))
                .vjp((in, ct) -> Tensors.of("logits",
                        Matrices.scale(Losses.softmaxCrossEntropyGradient(in.get("logits"), in.get("labels")), ct.scalar(LOSS))))
                .samples(labelledLogits())
                .gradientSamples(Samples.smallLogits(5, 6).flatMap(LossSamples::withLabels))
                .fact(Fact.definitional("softmax_cross_entropy equals cross_entropy_index of softmax(z) where the label's probability is not tiny",
                        Samples.smallLogits(6, 10).flatMap(LossSamples::withLabels),
                        LossFacts::softmaxCrossEntropyIsIndexOfSoftmax))
                .example("equal logits give the uniform distribution: softmax_cross_entropy([[0, 0, 0, 0]], [2]) = log 4",
                        Tensors.of("logits", Tensor.matrix(new double[] {0, 0, 0, 0}), "labels", Tensor.vector(2)),
                        Tensors.of(LOSS, Math.log(4)), 1e-15)
                .example("finite for huge logits: the label at −1000 beside +1000 costs 2000 + log(1 + e^(−2000)) = 2000",
                        Tensors.of("logits", Tensor.matrix(new double[] {1000, -1000}), "labels", Tensor.vector(1)),
                        Tensors.of(LOSS, 2000.0), 1e-15)
                .example("a mean over rows: [1000, 1000, −1000] labelled 0 costs log 2, [5, 5, 5] labelled 2 costs log 3; (log 2 + log 3)/2",
                        Tensors.of("logits", Tensor.matrix(new double[] {1000, 1000, -1000}, new double[] {5, 5, 5}),
                                "labels", Tensor.vector(0, 2)),
                        Tensors.of(LOSS, Math.log(6) / 2), 1e-15)
                .bad(BadInput.ieee(NAN, "NaN logit", Tensors.of("logits", Tensor.matrix(new double[] {NAN_VALUE, 0}), "labels", Tensor.vector(1)),
                        "torch.nn.functional.cross_entropy propagates nan", LossFacts::nanLoss))
                .bad(BadInput.rejects(NAN, "NaN label", Tensors.of("logits", Tensor.matrix(new double[] {0, 0}), "labels", Tensor.vector(NAN_VALUE)),
                        "labels", "integer in [0, 2)"))
                .bad(BadInput.ieee(INFINITY, "a +∞ logit", Tensors.of("logits", Tensor.matrix(new double[] {INF, 0}), "labels", Tensor.vector(0)),
                        "torch.nn.functional.cross_entropy gives nan (∞ − ∞ in log_softmax)", LossFacts::nanLoss))
                .bad(BadInput.ieee(INFINITY, "the label at a −∞ logit",
                        Tensors.of("logits", Tensor.matrix(new double[] {Double.NEGATIVE_INFINITY, 0}), "labels", Tensor.vector(0)),
                        "torch.nn.functional.cross_entropy gives inf (log_softmax = −∞ at the label)", out -> out.scalar(LOSS) == INF))
                .bad(BadInput.ieee(EMPTY, "no rows", Tensors.of("logits", Tensor.zeros(0, 3), "labels", Tensor.vector()),
                        "torch.nn.functional.cross_entropy of an empty batch is nan (a mean over zero rows)", LossFacts::nanLoss)
                        .deviatesOn(BadInput.Deviation.onnxRuntimeRaises("ONNX Runtime's SoftmaxCrossEntropyLoss reshapes the [0, 3] "
                                + "logits to [0, 3, −1], which its Reshape refuses (no −1 can be inferred from zero elements)")))
                .bad(BadInput.rejects(EMPTY, "rows of no classes", Tensors.of("logits", Tensor.zeros(2, 0), "labels", Tensor.vector(0, 0)),
                        "logits", "at least one class"))
                .bad(BadInput.rejects(SHAPE, "one label for two rows",
                        Tensors.of("logits", Tensor.matrix(new double[] {0, 0}, new double[] {0, 0}), "labels", Tensor.vector(0)),
                        "labels", "one label per row"))
                .bad(BadInput.rejects(DOMAIN, "label 3 with 3 classes (torch raises: Target 3 is out of bounds)",
                        Tensors.of("logits", Tensor.matrix(new double[] {0, 0, 0}), "labels", Tensor.vector(3)), "labels", "integer in [0, 3)"))
                .bad(BadInput.rejects(DOMAIN, "label −100 (PyTorch's default ignore_index would silently skip the row)",
                        Tensors.of("logits", Tensor.matrix(new double[] {0, 0, 0}), "labels", Tensor.vector(-100)), "labels", "integer in [0, 3)"))
                .convention("no ignore_index: torch.nn.functional.cross_entropy skips rows labelled −100 by default; refcheck rejects every label outside [0, C)")
                .convention("the gradient is (softmax(z) − onehot(c))/N")
                .pytorch("F.cross_entropy(logits, labels)",
                        TorchForm.single(LOSS, in -> in.get("logits").logSoftmax(1)
                                .gather(Torch.indices(in.get("labels")).reshape(-1, 1), 1).neg().mean()))
                .onnx("SoftmaxCrossEntropyLoss(logits, labels, reduction='mean'), labels INT64",
                        g -> g.output(LOSS, g.softmaxCrossEntropyLoss(g.input("logits"), g.index("labels"))))
                .build();
    }

    // ================================================================ cost and objective

    private static Formula costObjective() {
        return Formula.define("cost_objective", Family.LOSS).sources("S3")
                .formula("cost = (1/N) Σ loss_i; objective = cost + regularisation")
                .input(Port.differentiable("losses", "[N]", "per-sample losses loss_i = f(ŷ_i, y_i), real"))
                .input(Port.differentiable("regularisation", "[]", "scalar penalty term (λ‖w‖², λΣ|w|, …), ≥ 0"))
                .output("cost", "[]", "the mean of the per-sample losses")
                .output("objective", "[]", "cost + regularisation")
                .compute(LossEntries::computeCostObjective)
                .vjp(LossEntries::costObjectiveVjp)
                .samples(costSamples())
                .gradientSamples(costGradientSamples())
                .fact(Fact.definitional("the cost of per-sample squared errors is the mse of the batch", flatRegressionPairs(),
                        LossFacts::costIsMeanOfLosses))
                .fact(Fact.definitional("the objective exceeds the cost by the regularisation",
                        lossesWithRegularisation(), LossFacts::objectiveExceedsCost))
                .example("losses [1, 2, 3] cost their mean 2; a penalty of 1/2 makes the objective 5/2",
                        Tensors.of("losses", Tensor.vector(1, 2, 3), "regularisation", 0.5), Tensors.of("cost", 2.0, "objective", 2.5), 1e-15)
                .example("no penalty: objective = cost = (0 + 4)/2 = 2",
                        Tensors.of("losses", Tensor.vector(0, 4), "regularisation", 0.0), Tensors.of("cost", 2.0, "objective", 2.0), 1e-15)
                .erratum(new Erratum(7, "S3", "cost = (1/N) Σ f(y_i, y_i)", "cost = (1/N) Σ f(ŷ_i, y_i)", LossFacts::costErratumEvidence))
                .bad(BadInput.ieee(NAN, "a NaN loss", Tensors.of("losses", Tensor.vector(1, NAN_VALUE), "regularisation", 0.0),
                        "NaN propagates (torch.mean)", out -> Double.isNaN(out.scalar("cost")) && Double.isNaN(out.scalar("objective"))))
                .bad(BadInput.ieee(NAN, "a NaN penalty", Tensors.of("losses", Tensor.vector(1, 3), "regularisation", NAN_VALUE),
                        "NaN propagates into the objective only", out -> out.scalar("cost") == 2 && Double.isNaN(out.scalar("objective"))))
                .bad(BadInput.ieee(INFINITY, "an infinite loss", Tensors.of("losses", Tensor.vector(INF, 1), "regularisation", 0.0),
                        "+inf propagates (torch.mean)", out -> out.scalar("cost") == INF && out.scalar("objective") == INF))
                .bad(BadInput.ieee(EMPTY, "no samples", Tensors.of("losses", Tensor.vector(), "regularisation", 0.0),
                        "torch.mean of an empty tensor is nan", out -> Double.isNaN(out.scalar("cost")) && Double.isNaN(out.scalar("objective")))
                        .deviatesOn(OnnxRuntimeDeviations.meanOfNothingIsZero("cost", "objective")))
                .bad(BadInput.rejects(SHAPE, "the penalty given as a vector", Tensors.of("losses", Tensor.vector(1), "regularisation", Tensor.vector(1, 2)),
                        "regularisation", "must be a scalar"))
                .bad(BadInput.rejects(SHAPE, "losses given as a matrix",
                        Tensors.of("losses", Tensor.matrix(new double[] {1, 2}), "regularisation", 0.0), "losses", "rank 1"))
                .bad(BadInput.rejects(DOMAIN, "a negative penalty", Tensors.of("losses", Tensor.vector(1), "regularisation", -1.0),
                        "regularisation", "must be >= 0"))
                .convention("the regularisation term is an input (computed by l1_regularization, l2_regularization, …); a negative penalty is rejected")
                .pytorch("cost = losses.mean(); {'cost': cost, 'objective': cost + regularisation}", LossForms::torchCostObjective)
                .onnx("cost = ReduceMean(losses); objective = Add(cost, regularisation)", LossForms::costObjective)
                .build();
    }

    /** cost = (1/N) Σ loss_i and objective = cost + regularisation. */
    private static Tensors computeCostObjective(Tensors in) {
        Losses.CostObjective c = Losses.costObjective(in.get("losses"), in.scalar("regularisation"));
        return Tensors.of("cost", c.cost(), "objective", c.objective());
    }

    /** ∂/∂loss_i = (c_cost + c_objective)/N and ∂/∂regularisation = c_objective, for the cotangents of cost and objective. */
    private static Tensors costObjectiveVjp(Tensors in, Tensors ct) {
        double cObjective = ct.scalar("objective");
        Tensor perLoss = Losses.costGradient(in.get("losses"));
        return Tensors.of("losses", Matrices.scale(perLoss, ct.scalar("cost") + cObjective), "regularisation", cObjective);
    }

    /**
     * bce_with_logits' ONNX form is the stable (1 − y)·Relu(z) + y·Relu(−z) + Log(1 + Exp(−|z|)), which
     * at z = −∞ is the limit +∞ for every y; PyTorch's (1 − y)·z − log σ(z) is 0·(−∞) + ∞ = nan there.
     */
    private static BadInput.Deviation bceWithLogitsLimitInOnnx() {
        return BadInput.Deviation.onnxRuntime("the ONNX form (1 − y)·Relu(z) + y·Relu(−z) + Log(1 + Exp(−|z|)) gives the limit +∞ "
                + "at z = −∞, where PyTorch's (1 − y)·z − log σ(z) is nan", out -> out.scalar(LOSS) == INF);
    }

    private static final String LP_NORM_SUBGRADIENT = "0 at x = 0 (torch's norm_backward masks the zero norm), "
            + "sgn(x_i) with sgn(0) = 0 for p = 1, sgn(x_i)/k on the k elements tied for the largest magnitude for p = ∞ "
            + "(as torch's norm_backward), sgn(x_i)|x_i|^(p−1)/‖x‖^(p−1) elsewhere";
}

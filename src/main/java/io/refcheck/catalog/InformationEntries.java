package io.refcheck.catalog;

import static io.refcheck.catalog.BadInput.Category.DOMAIN;
import static io.refcheck.catalog.BadInput.Category.EMPTY;
import static io.refcheck.catalog.BadInput.Category.INFINITY;
import static io.refcheck.catalog.BadInput.Category.NAN;
import static io.refcheck.catalog.BadInput.Category.SHAPE;
import static io.refcheck.catalog.Facts.U;
import static io.refcheck.catalog.InformationForms.rowSum;
import static io.refcheck.catalog.InformationSamples.ZERO_PROBABILITY_PAIRS;
import static io.refcheck.catalog.InformationSamples.candidateTriples;
import static io.refcheck.catalog.InformationSamples.distributions;
import static io.refcheck.catalog.InformationSamples.independentEvents;
import static io.refcheck.catalog.InformationSamples.interiorRows;
import static io.refcheck.catalog.InformationSamples.moderateProbabilities;
import static io.refcheck.catalog.InformationSamples.pairs;
import static io.refcheck.catalog.InformationSamples.probabilityTensors;

import io.refcheck.formulas.Information;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.List;

/**
 * Catalog entries of docs/catalog.md §D: self-information, entropy, cross-entropy of two distributions and
 * KL divergence. Distributions are rows along the last axis (validated to lie on the simplex, as
 * torch.distributions does with validate_args); the row-wise quantities drop that axis.
 *
 * <h2>Gradients and the simplex</h2>
 * The gradients are those of the formulas on unconstrained p and q (every entry a free variable),
 * as autograd computes them. Finite differences move one entry (or all, along a direction) off the
 * simplex; the functions still validate their inputs, because an engine or reference that accepted
 * any row would hide the off-simplex bugs the DOMAIN bad inputs test. The gradient samples are
 * therefore interior rows of at most 5 outcomes with every entry ≥ 0.01, and the step is relative,
 * h = 10⁻⁷·|x| ≤ 10⁻⁷ per entry (the Richardson step also uses h/2): one entry moved by h shifts its
 * row sum by at most 10⁻⁷, and a move along a unit direction by at most 10⁻⁷·√5, both well inside
 * the simplex tolerance 10⁻⁶. The default gradient tolerance is kept: the rounding error of the
 * difference quotient is about u·|f|/h ≤ 10⁻¹⁶·2/10⁻⁹ = 2·10⁻⁷, inside atol 10⁻⁶ + rtol
 * 10⁻⁴·|gradient| (measured on 300 samples per id: the worst error is 2.4 % of the allowance).
 *
 * <h2>Tolerances of the facts</h2>
 * Rows of doubles sum to 1 only to within a few ulp, and an engine may sum its n terms in any
 * order; each fact allows (n + 8)·u·(1 + Σ_i p_i(|log p_i| + |log q_i|)) (u = 2⁻⁵³) for the
 * rounding of the sums it compares, and where the identity relies on Σ p = Σ q = 1 it adds the
 * measured |Σ p − 1| and |Σ q − 1| with the factor the inequality carries.
 */
final class InformationEntries {
    private InformationEntries() {
    }

    static List<Formula> entries() {
        return List.of(selfInformation(), entropy(), crossEntropy(), klDivergence());
    }

    // ---------------------------------------------------------------- entries

    private static Formula selfInformation() {
        return Formula.define("self_information", Family.INFORMATION).sources("S3")
                .formula("I(x) = −log P(x)")
                .input(Port.differentiable("p", "[...]", "probabilities in [0, 1], any shape"))
                .output("i", "[...]", "≥ 0 nats, +∞ where p = 0, same shape as p")
                .tail("p near 1: I(1 − 2⁻⁵³) = 1.1e-16 (float64), I(1 − 2⁻²⁴) = 6e-8 (float32)",
                        Tensors.of("p", Tensor.vector(1 - 0x1p-53, 1 - 0x1p-24, 1 - 0x1p-20)))
                .tail("p at the bottom of the normal range: I(1e-300) = 691, I(2.2e-308) = 708, I(1.2e-38) = 87",
                        Tensors.of("p", Tensor.vector(1e-300, Double.MIN_NORMAL, 1.2e-38)))
                .compute(in -> Tensors.of("i", Information.selfInformation(in.get("p"))))
                .exact(InformationExact::selfInformation)
                .accuracy(InformationAccuracy.selfInformation())
                .pytorch("-torch.log(p)", TorchForm.single("i", in -> in.get("p").log().neg()))
                .vjp((in, ct) -> Tensors.of("p", Information.selfInformationVjp(in.get("p"), ct.get("i"))))
                .scalarForm(ds -> ds.log().negate())
                .samples(probabilityTensors())
                .gradientSamples(moderateProbabilities())
                // relative step: at p = 10⁻³ the default h = 10⁻⁴ would be a tenth of p; 10⁻⁴·p keeps p + 2h < 1 for p ≤ 0.99
                .step(1e-4, 0)
                .fact(Fact.definitional("self-information is never negative and is 0 exactly for a certain event",
                        probabilityTensors(), InformationFacts::selfInformationNonNegative))
                .fact(Fact.definitional("self-information of independent events adds: I(pq) = I(p) + I(q)",
                        independentEvents(), InformationFacts::selfInformationAdds))
                .example("I(1) = 0, I(2⁻ᵏ) = k ln 2, I(0) = +∞",
                        Tensors.of("p", Tensor.vector(1, 0.5, 0.25, 0.125, 0)),
                        Tensors.of("i", Tensor.vector(0, Math.log(2), 2 * Math.log(2), 3 * Math.log(2),
                                Double.POSITIVE_INFINITY)), 4 * U)
                .bad(BadInput.rejects(NAN, "a NaN probability", Tensors.of("p", Tensor.vector(0.5, Double.NaN)), "p",
                        "probability in [0, 1]"))
                .bad(BadInput.rejects(INFINITY, "p = +∞ is no probability", Tensors.of("p", Tensor.vector(Double.POSITIVE_INFINITY)),
                        "p", "probability in [0, 1]"))
                .bad(BadInput.ieee(INFINITY, "p = 0: the impossible event", Tensors.of("p", Tensor.vector(0, 1)),
                        "-torch.log(tensor(0.)) = inf: an impossible event is infinitely surprising",
                        out -> out.get("i").at(0) == Double.POSITIVE_INFINITY && out.get("i").at(1) == 0))
                .bad(BadInput.ieee(EMPTY, "an empty tensor of shape [0]", Tensors.of("p", Tensor.zeros(0)),
                        "-torch.log of an empty tensor is an empty tensor", out -> out.get("i").isEmpty()))
                .bad(BadInput.notApplicable(SHAPE, "elementwise on a single input: every shape is valid"))
                .bad(BadInput.rejects(DOMAIN, "a negative probability", Tensors.of("p", Tensor.vector(0.5, -0.1)), "p",
                        "probability in [0, 1]"))
                .bad(BadInput.rejects(DOMAIN, "a probability above 1", Tensors.of("p", Tensor.vector(1.5)), "p",
                        "probability in [0, 1]"))
                .onnx("Neg(Log(p))", g -> g.output("i", g.neg(g.log(g.input("p")))))
                .build();
    }

    private static Formula entropy() {
        return Formula.define("entropy", Family.INFORMATION).sources("S3")
                .formula("H(P) = −Σ p_i log p_i, with 0 log 0 = 0")
                .input(Port.differentiable("p", "[..., n]", "rows on the probability simplex along the last axis (rank ≥ 1, not empty)"))
                .output("h", "[...]", "in [0, log n] nats, the shape of p without its last axis")
                .tail("a nearly certain outcome: H(1 − 2⁻⁵³, 2⁻⁵³) = 4.2e-15 (float64), H(1 − 2⁻²⁴, 2⁻²⁴) = 1.1e-6 (float32)",
                        Tensors.of("p", Tensor.matrix(new double[] {1 - 0x1p-53, 0x1p-53}, new double[] {1 - 0x1p-24, 0x1p-24})))
                .compute(in -> Tensors.of("h", Information.entropy(in.get("p"))))
                .exact(InformationExact::entropy)
                .accuracy(InformationAccuracy.entropy())
                .pytorch("-torch.xlogy(p, p).sum(-1)",
                        TorchForm.single("h", in -> rowSum(in.get("p").xlogy(in.get("p"))).neg()))
                .vjp((in, ct) -> Tensors.of("p", Information.entropyVjp(in.get("p"), ct.get("h"))))
                .samples(distributions())
                .gradientSamples(interiorRows(1))
                .step(1e-7, 0)
                .convention("0·log 0 = 0 (torch.special.entr(0) = 0); the gradient −(log p_i + 1) is +∞ at p_i = 0")
                .kink(Kink.at("p_i = 0", Tensors.of("p", Tensor.matrix(new double[] {0, 1}, new double[] {0.25, 0.75})),
                                Tensors.of("p", Tensor.vector(0, 0.5, 0.5)))
                        .reference("−(log p_i + 1), +∞ at p_i = 0: the one-sided derivative (torch.special.entr's backward)",
                                InformationFacts::entropyOneSided)
                        .or(KinkConvention.AUTOGRAD_AT_ZERO_PROBABILITY, "NaN at p_i = 0: xlogy(p, p)'s ∂/∂y = p/p is 0/0",
                                InformationFacts::entropyAutograd))
                .fact(Fact.sourceFact("entropy lies between 0 and log n", distributions(), InformationFacts::entropyBetweenZeroAndLogN))
                .fact(Fact.definitional("entropy is the expected self-information: H(P) = Σ p_i I(p_i)", distributions(),
                        InformationFacts::entropyIsExpectedSurprise))
                .example("the uniform distribution on 4 outcomes has entropy ln 4; a certain outcome has 0 (0 log 0 = 0)",
                        Tensors.of("p", Tensor.matrix(new double[] {0.25, 0.25, 0.25, 0.25}, new double[] {0, 1, 0, 0})),
                        Tensors.of("h", Tensor.vector(Math.log(4), 0)), 4 * U)
                .example("H(1/2, 1/4, 1/4) = ½ ln 2 + ¼ ln 4 + ¼ ln 4 = 1.5 ln 2",
                        Tensors.of("p", Tensor.vector(0.5, 0.25, 0.25)), Tensors.of("h", Tensor.scalar(1.5 * Math.log(2))), 4 * U)
                .bad(BadInput.rejects(NAN, "a NaN in a row", Tensors.of("p", Tensor.vector(0.5, Double.NaN)), "p",
                        "probability in [0, 1]"))
                .bad(BadInput.rejects(INFINITY, "+∞ in a row", Tensors.of("p", Tensor.vector(Double.POSITIVE_INFINITY, 0)),
                        "p", "probability in [0, 1]"))
                .bad(BadInput.rejects(EMPTY, "a distribution over no outcomes, shape [0]", Tensors.of("p", Tensor.zeros(0)),
                        "p", "last axis must not be empty"))
                .bad(BadInput.ieee(EMPTY, "no rows, shape [0, 3]", Tensors.of("p", Tensor.zeros(0, 3)),
                        "a batch of no distributions has no entropies: shape [0]",
                        out -> out.get("h").sameShape(Tensor.zeros(0))))
                .bad(BadInput.rejects(SHAPE, "a scalar is not a row of probabilities", Tensors.of("p", 1.0), "p", "rank >= 1"))
                .bad(BadInput.rejects(DOMAIN, "a row summing to 1.1", Tensors.of("p", Tensor.vector(0.5, 0.6)), "p",
                        "probability simplex"))
                .bad(BadInput.rejects(DOMAIN, "a negative entry in a row summing to 1", Tensors.of("p", Tensor.vector(1.5, -0.5)),
                        "p", "probability in [0, 1]"))
                .onnx("Neg(ReduceSum(xlogy(p, p), axis -1)), xlogy(p, q) = Where(Equal(p, 0), 0, Mul(p, Log(q)))",
                        g -> g.output("h", g.neg(g.sumLast(g.xlogy(g.input("p"), g.input("p")), g.shape("p").length))))
                .build();
    }

    private static Formula crossEntropy() {
        return Formula.define("cross_entropy_dist", Family.INFORMATION).sources("S2", "S3")
                .formula("H(P,Q) = −Σ p_i log q_i")
                .input(Port.differentiable("p", "[..., n]", "rows on the probability simplex along the last axis (rank ≥ 1, not empty)"))
                .input(Port.differentiable("q", "[..., n]", "rows on the probability simplex, the shape of p"))
                .output("h", "[...]", "≥ H(P) nats, +∞ where some p_i > 0 = q_i; the shape of p without its last axis")
                .tail("a certain P against Q one ulp below 1 there: −log(1 − 2⁻⁵³) = 1.1e-16 (float64), −log(1 − 2⁻²⁴) = 6e-8 (float32)",
                        Tensors.of("p", Tensor.matrix(new double[] {1, 0}, new double[] {1, 0}),
                                "q", Tensor.matrix(new double[] {1 - 0x1p-53, 0x1p-53}, new double[] {1 - 0x1p-24, 0x1p-24})))
                .compute(in -> Tensors.of("h", Information.crossEntropy(in.get("p"), in.get("q"))))
                .exact(InformationExact::crossEntropyDist)
                .accuracy(InformationAccuracy.crossEntropyDist())
                .pytorch("-torch.xlogy(p, q).sum(-1)", TorchForm.single("h", in -> rowSum(in.get("p").xlogy(in.get("q"))).neg()))
                .vjp(InformationEntries::crossEntropyVjp)
                .samples(pairs(true))
                .gradientSamples(interiorRows(2))
                .step(1e-7, 0)
                .convention("a term with p_i = 0 is 0 even where q_i = 0 (0 log 0 = 0, torch.special.xlogy(0, 0) = 0); "
                        + "p_i > 0 = q_i gives +∞")
                .kink(Kink.at("p_i = 0, with q_i = 0 or q_i > 0", ZERO_PROBABILITY_PAIRS)
                        .reference("∂/∂p_i = −log q_i, +∞ where q_i = 0 (the one-sided derivative); ∂/∂q_i = −p_i/q_i, "
                                        + "0 where p_i = 0 (the term is identically 0)",
                                InformationFacts::crossEntropyOneSided)
                        .or(KinkConvention.AUTOGRAD_AT_ZERO_PROBABILITY, "where p_i = 0 = q_i: ∂/∂p_i = 0 (xlogy masks it) and "
                                        + "∂/∂q_i = NaN (xlogy's p/q is 0/0)",
                                InformationFacts::crossEntropyAutograd))
                .fact(Fact.sourceFact("cross-entropy is entropy plus KL divergence: H(P,Q) = H(P) + D(P‖Q)", pairs(true),
                        InformationFacts::crossEntropyIsEntropyPlusKl))
                .fact(Fact.sourceFact("cross-entropy is at least the entropy: H(P,Q) ≥ H(P)", pairs(true),
                        InformationFacts::crossEntropyAtLeastEntropy))
                .fact(Fact.sourceFact("minimising cross-entropy over Q minimises KL divergence: "
                        + "H(P,Q₁) − H(P,Q₂) = D(P‖Q₁) − D(P‖Q₂), so both order Q₁, Q₂ alike", candidateTriples(),
                        InformationFacts::crossEntropyAndKlOrderAlike))
                .example("H((½, ½), (¼, ¾)) = ½ ln 4 + ½ ln(4/3) = 2 ln 2 − ½ ln 3",
                        Tensors.of("p", Tensor.vector(0.5, 0.5), "q", Tensor.vector(0.25, 0.75)),
                        Tensors.of("h", Tensor.scalar(2 * Math.log(2) - 0.5 * Math.log(3))), 4 * U)
                .example("a certain P scores −log q of its outcome; p_i = 0 = q_i contributes 0",
                        Tensors.of("p", Tensor.matrix(new double[] {1, 0}, new double[] {0, 1}),
                                "q", Tensor.matrix(new double[] {0.5, 0.5}, new double[] {0, 1})),
                        Tensors.of("h", Tensor.vector(Math.log(2), 0)), 4 * U)
                .bad(BadInput.rejects(NAN, "a NaN in q", Tensors.of("p", Tensor.vector(0.5, 0.5), "q", Tensor.vector(Double.NaN, 0.5)),
                        "q", "probability in [0, 1]"))
                .bad(BadInput.rejects(INFINITY, "+∞ in p", Tensors.of("p", Tensor.vector(Double.POSITIVE_INFINITY, 0),
                        "q", Tensor.vector(0.5, 0.5)), "p", "probability in [0, 1]"))
                .bad(BadInput.ieee(INFINITY, "q_i = 0 where p_i > 0", Tensors.of("p", Tensor.vector(0.5, 0.5), "q", Tensor.vector(1, 0)),
                        "−Σ p log q = +inf, as -(p * torch.log(q)).sum() gives", out -> out.get("h").item() == Double.POSITIVE_INFINITY))
                .bad(BadInput.rejects(EMPTY, "distributions over no outcomes, shape [0]",
                        Tensors.of("p", Tensor.zeros(0), "q", Tensor.zeros(0)), "p", "last axis must not be empty"))
                .bad(BadInput.rejects(SHAPE, "q has 3 outcomes, p has 2",
                        Tensors.of("p", Tensor.vector(0.5, 0.5), "q", Tensor.vector(0.2, 0.3, 0.5)), "q", "must equal the shape of p"))
                .bad(BadInput.rejects(DOMAIN, "q summing to 0.9", Tensors.of("p", Tensor.vector(0.5, 0.5), "q", Tensor.vector(0.4, 0.5)),
                        "q", "probability simplex"))
                .bad(BadInput.rejects(DOMAIN, "a negative entry in p", Tensors.of("p", Tensor.vector(1.2, -0.2), "q", Tensor.vector(0.5, 0.5)),
                        "p", "probability in [0, 1]"))
                .onnx("Neg(ReduceSum(xlogy(p, q), axis -1)), xlogy(p, q) = Where(Equal(p, 0), 0, Mul(p, Log(q)))",
                        g -> g.output("h", g.neg(g.sumLast(g.xlogy(g.input("p"), g.input("q")), g.shape("p").length))))
                .build();
    }

    /** ∂H/∂p_i = −c log q_i and ∂H/∂q_i = −c p_i/q_i (0 where p_i = 0), c the cotangent of the row's h. */
    private static Tensors crossEntropyVjp(Tensors in, Tensors ct) {
        return Tensors.of(
                "p", Information.crossEntropyVjpP(in.get("p"), in.get("q"), ct.get("h")),
                "q", Information.crossEntropyVjpQ(in.get("p"), in.get("q"), ct.get("h")));
    }

    private static Formula klDivergence() {
        return Formula.define("kl_divergence", Family.INFORMATION).sources("S2", "S3")
                .formula("D(P‖Q) = Σ p_i (log p_i − log q_i); 0 where p_i = 0; +∞ where p_i > 0 = q_i")
                .input(Port.differentiable("p", "[..., n]", "rows on the probability simplex along the last axis (rank ≥ 1, not empty)"))
                .input(Port.differentiable("q", "[..., n]", "rows on the probability simplex, the shape of p"))
                .output("d", "[...]", "≥ 0 nats, +∞ where some p_i > 0 = q_i; the shape of p without its last axis")
                .tail("a certain P against Q one ulp below 1 there: log(1/(1 − 2⁻⁵³)) = 1.1e-16 (float64), 6e-8 (float32)",
                        Tensors.of("p", Tensor.matrix(new double[] {1, 0}, new double[] {1, 0}),
                                "q", Tensor.matrix(new double[] {1 - 0x1p-53, 0x1p-53}, new double[] {1 - 0x1p-24, 0x1p-24})))
                .tail("nearly equal rows: D((½, ½)‖(½ + 2⁻¹², ½ − 2⁻¹²)) = 1.2e-7",
                        Tensors.of("p", Tensor.matrix(new double[] {0.5, 0.5}), "q", Tensor.matrix(new double[] {0.5 + 0x1p-12, 0.5 - 0x1p-12})))
                .compute(in -> Tensors.of("d", Information.klDivergence(in.get("p"), in.get("q"))))
                .exact(InformationExact::klDivergence)
                .accuracy(InformationAccuracy.klDivergence())
                .pytorch("(torch.xlogy(p, p) - torch.xlogy(p, q)).sum(-1)",
                        // F.kl_div(q.log(), p, reduction='none').sum(-1) is the same except where p_i = 0 = q_i, where it
                        // forms 0·log 0 as 0·(−inf) = nan
                        TorchForm.single("d", in -> rowSum(in.get("p").xlogy(in.get("p")).sub(in.get("p").xlogy(in.get("q"))))))
                .vjp(InformationEntries::klDivergenceVjp)
                .samples(pairs(true))
                .gradientSamples(interiorRows(2))
                .step(1e-7, 0)
                .convention("a term with p_i = 0 is 0 whatever q_i is (torch.xlogy(0, q) = 0, as "
                        + "torch.distributions.kl_divergence; F.kl_div(q.log(), p) gives nan where p_i = 0 = q_i); "
                        + "p_i > 0 = q_i gives +∞; the gradient w.r.t. p_i is the one-sided −∞ at p_i = 0")
                .kink(Kink.at("p_i = 0, with q_i = 0 or q_i > 0", ZERO_PROBABILITY_PAIRS)
                        .reference("∂/∂p_i = log(p_i/q_i) + 1: the one-sided −∞ at p_i = 0 < q_i, NaN (log(0/0)) at p_i = 0 = q_i; "
                                        + "∂/∂q_i = −p_i/q_i, 0 where p_i = 0 (the term is identically 0)",
                                InformationFacts::klOneSided)
                        .or(KinkConvention.AUTOGRAD_AT_ZERO_PROBABILITY, "NaN for ∂/∂p_i at p_i = 0 (xlogy(p, p)'s p/p is 0/0) "
                                        + "and for ∂/∂q_i at p_i = 0 = q_i (xlogy(p, q)'s p/q is 0/0)",
                                InformationFacts::klAutograd))
                .convention("near P = Q the divergence is ill-conditioned (relative condition number ≈ 2/D): inputs "
                        + "that differ in the last bit change D by ~u absolutely, so engines agree to ~u, not to ~u·D")
                .fact(Fact.sourceFact("KL divergence is never negative", pairs(true), InformationFacts::klNonNegative))
                .fact(Fact.sourceFact("KL divergence of a distribution from itself is exactly zero", distributions(),
                        InformationFacts::klOfItselfIsZero))
                .fact(Fact.sourceFact("KL divergence is positive when P ≠ Q: D(P‖Q) ≥ ½‖P − Q‖₁² (Pinsker)", pairs(false),
                        InformationFacts::klAtLeastPinsker))
                .example("D((½, ½)‖(¼, ¾)) = ½ ln 2 + ½ ln(2/3) = ½ ln(4/3)",
                        Tensors.of("p", Tensor.vector(0.5, 0.5), "q", Tensor.vector(0.25, 0.75)),
                        Tensors.of("d", Tensor.scalar(0.5 * Math.log(4.0 / 3))), 4 * U)
                .example("D(δ₀‖uniform on 2) = ln 2 (p_i = 0 contributes 0); D(P‖P) = 0",
                        Tensors.of("p", Tensor.matrix(new double[] {1, 0}, new double[] {0.3, 0.7}),
                                "q", Tensor.matrix(new double[] {0.5, 0.5}, new double[] {0.3, 0.7})),
                        Tensors.of("d", Tensor.vector(Math.log(2), 0)), 4 * U)
                .bad(BadInput.rejects(NAN, "a NaN in p", Tensors.of("p", Tensor.vector(Double.NaN, 0.5), "q", Tensor.vector(0.5, 0.5)),
                        "p", "probability in [0, 1]"))
                .bad(BadInput.rejects(INFINITY, "−∞ in q", Tensors.of("p", Tensor.vector(0.5, 0.5),
                        "q", Tensor.vector(Double.NEGATIVE_INFINITY, 0.5)), "q", "probability in [0, 1]"))
                .bad(BadInput.ieee(INFINITY, "q_i = 0 where p_i > 0", Tensors.of("p", Tensor.vector(0.5, 0.5), "q", Tensor.vector(1, 0)),
                        "D = +inf: P puts mass where Q has none (torch.distributions.kl_divergence gives inf)",
                        out -> out.get("d").item() == Double.POSITIVE_INFINITY))
                .bad(BadInput.rejects(EMPTY, "distributions over no outcomes, shape [2, 0]",
                        Tensors.of("p", Tensor.zeros(2, 0), "q", Tensor.zeros(2, 0)), "p", "last axis must not be empty"))
                .bad(BadInput.rejects(SHAPE, "q is one row, p two",
                        Tensors.of("p", Tensor.matrix(new double[] {0.5, 0.5}, new double[] {1, 0}), "q", Tensor.vector(0.5, 0.5)),
                        "q", "must equal the shape of p"))
                .bad(BadInput.rejects(DOMAIN, "p summing to 1.2", Tensors.of("p", Tensor.vector(0.6, 0.6), "q", Tensor.vector(0.5, 0.5)),
                        "p", "probability simplex"))
                .bad(BadInput.rejects(DOMAIN, "a negative entry in q", Tensors.of("p", Tensor.vector(0.5, 0.5), "q", Tensor.vector(-0.5, 1.5)),
                        "q", "probability in [0, 1]"))
                .onnx("ReduceSum(Sub(xlogy(p, p), xlogy(p, q)), axis -1), xlogy(p, q) = Where(Equal(p, 0), 0, Mul(p, Log(q)))",
                        InformationForms::klDivergence)
                .build();
    }

    /** ∂D/∂p_i = c (log(p_i/q_i) + 1) and ∂D/∂q_i = −c p_i/q_i (0 where p_i = 0), c the cotangent of the row's d. */
    private static Tensors klDivergenceVjp(Tensors in, Tensors ct) {
        return Tensors.of(
                "p", Information.klDivergenceVjpP(in.get("p"), in.get("q"), ct.get("d")),
                "q", Information.klDivergenceVjpQ(in.get("p"), in.get("q"), ct.get("d")));
    }
}

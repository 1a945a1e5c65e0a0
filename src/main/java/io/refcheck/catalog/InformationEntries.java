package io.refcheck.catalog;

import io.refcheck.onnx.OnnxGraph;
import static io.refcheck.catalog.BadInput.Category.DOMAIN;
import static io.refcheck.catalog.BadInput.Category.EMPTY;
import static io.refcheck.catalog.BadInput.Category.INFINITY;
import static io.refcheck.catalog.BadInput.Category.NAN;
import static io.refcheck.catalog.BadInput.Category.SHAPE;

import ai.djl.ndarray.NDArray;
import io.refcheck.formulas.Information;
import io.refcheck.formulas.Sums;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

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

    /** The unit roundoff of double precision, 2⁻⁵³. */
    private static final double U = Dtype.FLOAT64.unitRoundoff();

    /** Rows with p_i = 0 = q_i and p_i = 0 < q_i, next to ordinary elements. */
    private static final Tensors[] ZERO_PROBABILITY_PAIRS = {
        Tensors.of("p", Tensor.vector(0, 0.5, 0.5), "q", Tensor.vector(0, 0.25, 0.75)),
        Tensors.of("p", Tensor.matrix(new double[] {0, 1}, new double[] {0.5, 0.5}), "q", Tensor.matrix(new double[] {0.5, 0.5}, new double[] {0.25, 0.75})),
    };

    private static boolean bothZero(double p, double q) {
        return p == 0 && q == 0;
    }

    /** −c_row·p_i/q_i, 0 where p_i = 0: the q-gradient of −Σ p_i log q_i, whose term with p_i = 0 is identically 0. */
    private static Tensor ratioTerms(Tensors in, Tensor c) {
        Tensor p = in.get("p");
        return Kinks.timesRowCotangent(p.zip(in.get("q"), (pi, qi) -> pi == 0 ? 0 : -pi / qi), c);
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
                .gradientSamples(Arbitraries.randomValue(r -> Tensors.of("p", Samples.matrix(r, 1 + r.nextInt(4),
                        1 + r.nextInt(5), (rr, i) -> 1e-3 + (0.99 - 1e-3) * rr.nextDouble()))))
                // relative step: at p = 10⁻³ the default h = 10⁻⁴ would be a tenth of p; 10⁻⁴·p keeps p + 2h < 1 for p ≤ 0.99
                .step(1e-4, 0)
                .fact(Fact.definitional("self-information is never negative and is 0 exactly for a certain event",
                        probabilityTensors(), InformationEntries::selfInformationNonNegative))
                .fact(Fact.definitional("self-information of independent events adds: I(pq) = I(p) + I(q)",
                        independentEvents(), InformationEntries::selfInformationAdds))
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
                                (in, ct) -> Tensors.of("p", Kinks.timesRowCotangent(in.get("p").map(p -> -(Math.log(p) + 1)), ct.get("h"))))
                        .or(KinkConvention.AUTOGRAD_AT_ZERO_PROBABILITY, "NaN at p_i = 0: xlogy(p, p)'s ∂/∂y = p/p is 0/0",
                                (in, ct) -> Tensors.of("p", Kinks.replaceWhere(Information.entropyVjp(in.get("p"), ct.get("h")), Double.NaN,
                                        in.get("p"), in.get("p"), (p, same) -> p == 0))))
                .fact(Fact.sourceFact("entropy lies between 0 and log n", distributions(), InformationEntries::entropyBetweenZeroAndLogN))
                .fact(Fact.definitional("entropy is the expected self-information: H(P) = Σ p_i I(p_i)", distributions(),
                        InformationEntries::entropyIsExpectedSurprise))
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
                .vjp((in, ct) -> Tensors.of(
                        "p", Information.crossEntropyVjpP(in.get("p"), in.get("q"), ct.get("h")),
                        "q", Information.crossEntropyVjpQ(in.get("p"), in.get("q"), ct.get("h"))))
                .samples(pairs(true))
                .gradientSamples(interiorRows(2))
                .step(1e-7, 0)
                .convention("a term with p_i = 0 is 0 even where q_i = 0 (0 log 0 = 0, torch.special.xlogy(0, 0) = 0); "
                        + "p_i > 0 = q_i gives +∞")
                .kink(Kink.at("p_i = 0, with q_i = 0 or q_i > 0", ZERO_PROBABILITY_PAIRS)
                        .reference("∂/∂p_i = −log q_i, +∞ where q_i = 0 (the one-sided derivative); ∂/∂q_i = −p_i/q_i, "
                                        + "0 where p_i = 0 (the term is identically 0)",
                                (in, ct) -> Tensors.of(
                                        "p", Kinks.timesRowCotangent(in.get("q").map(q -> -Math.log(q)), ct.get("h")),
                                        "q", ratioTerms(in, ct.get("h"))))
                        .or(KinkConvention.AUTOGRAD_AT_ZERO_PROBABILITY, "where p_i = 0 = q_i: ∂/∂p_i = 0 (xlogy masks it) and "
                                        + "∂/∂q_i = NaN (xlogy's p/q is 0/0)",
                                (in, ct) -> Tensors.of(
                                        "p", Kinks.replaceWhere(Information.crossEntropyVjpP(in.get("p"), in.get("q"), ct.get("h")), 0,
                                                in.get("p"), in.get("q"), InformationEntries::bothZero),
                                        "q", Kinks.replaceWhere(Information.crossEntropyVjpQ(in.get("p"), in.get("q"), ct.get("h")), Double.NaN,
                                                in.get("p"), in.get("q"), InformationEntries::bothZero))))
                .fact(Fact.sourceFact("cross-entropy is entropy plus KL divergence: H(P,Q) = H(P) + D(P‖Q)", pairs(true),
                        InformationEntries::crossEntropyIsEntropyPlusKl))
                .fact(Fact.sourceFact("cross-entropy is at least the entropy: H(P,Q) ≥ H(P)", pairs(true),
                        InformationEntries::crossEntropyAtLeastEntropy))
                .fact(Fact.sourceFact("minimising cross-entropy over Q minimises KL divergence: "
                        + "H(P,Q₁) − H(P,Q₂) = D(P‖Q₁) − D(P‖Q₂), so both order Q₁, Q₂ alike", candidateTriples(),
                        InformationEntries::crossEntropyAndKlOrderAlike))
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
                .vjp((in, ct) -> Tensors.of(
                        "p", Information.klDivergenceVjpP(in.get("p"), in.get("q"), ct.get("d")),
                        "q", Information.klDivergenceVjpQ(in.get("p"), in.get("q"), ct.get("d"))))
                .samples(pairs(true))
                .gradientSamples(interiorRows(2))
                .step(1e-7, 0)
                .convention("a term with p_i = 0 is 0 whatever q_i is (torch.xlogy(0, q) = 0, as "
                        + "torch.distributions.kl_divergence; F.kl_div(q.log(), p) gives nan where p_i = 0 = q_i); "
                        + "p_i > 0 = q_i gives +∞; the gradient w.r.t. p_i is the one-sided −∞ at p_i = 0")
                .kink(Kink.at("p_i = 0, with q_i = 0 or q_i > 0", ZERO_PROBABILITY_PAIRS)
                        .reference("∂/∂p_i = log(p_i/q_i) + 1: the one-sided −∞ at p_i = 0 < q_i, NaN (log(0/0)) at p_i = 0 = q_i; "
                                        + "∂/∂q_i = −p_i/q_i, 0 where p_i = 0 (the term is identically 0)",
                                (in, ct) -> Tensors.of(
                                        "p", Kinks.timesRowCotangent(in.get("p").zip(in.get("q"), (p, q) -> Math.log(p / q) + 1), ct.get("d")),
                                        "q", ratioTerms(in, ct.get("d"))))
                        .or(KinkConvention.AUTOGRAD_AT_ZERO_PROBABILITY, "NaN for ∂/∂p_i at p_i = 0 (xlogy(p, p)'s p/p is 0/0) "
                                        + "and for ∂/∂q_i at p_i = 0 = q_i (xlogy(p, q)'s p/q is 0/0)",
                                (in, ct) -> Tensors.of(
                                        "p", Kinks.replaceWhere(Information.klDivergenceVjpP(in.get("p"), in.get("q"), ct.get("d")), Double.NaN,
                                                in.get("p"), in.get("q"), (p, q) -> p == 0),
                                        "q", Kinks.replaceWhere(Information.klDivergenceVjpQ(in.get("p"), in.get("q"), ct.get("d")), Double.NaN,
                                                in.get("p"), in.get("q"), InformationEntries::bothZero))))
                .convention("near P = Q the divergence is ill-conditioned (relative condition number ≈ 2/D): inputs "
                        + "that differ in the last bit change D by ~u absolutely, so engines agree to ~u, not to ~u·D")
                .fact(Fact.sourceFact("KL divergence is never negative", pairs(true), InformationEntries::klNonNegative))
                .fact(Fact.sourceFact("KL divergence of a distribution from itself is exactly zero", distributions(),
                        InformationEntries::klOfItselfIsZero))
                .fact(Fact.sourceFact("KL divergence is positive when P ≠ Q: D(P‖Q) ≥ ½‖P − Q‖₁² (Pinsker)", pairs(false),
                        InformationEntries::klAtLeastPinsker))
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
                .onnx("ReduceSum(Sub(xlogy(p, p), xlogy(p, q)), axis -1), xlogy(p, q) = Where(Equal(p, 0), 0, Mul(p, Log(q)))", g -> {
                    OnnxGraph.Value p = g.input("p");
                    g.output("d", g.sumLast(g.sub(g.xlogy(p, p), g.xlogy(p, g.input("q"))), g.shape("p").length));
                })
                .build();
    }

    // ---------------------------------------------------------------- facts

    private static Verdict selfInformationNonNegative(Evaluator engine, Tensors sample) {
        Tensor p = sample.get("p");
        Tensor i = engine.evaluate("self_information", sample, "i");
        for (int k = 0; k < p.size(); k++) {
            if (!(i.at(k) >= 0) || (p.at(k) == 1 && i.at(k) != 0)) {
                return Verdict.fails("I(%s) = %s", p.at(k), i.at(k));
            }
        }
        return Verdict.holds();
    }

    /**
     * I(pq) = I(p) + I(q) for p, q ≥ 10⁻¹⁰⁰ (so pq does not underflow). Rounding pq moves I by u;
     * each logarithm rounds by u·I: tolerance 4u(1 + I(p) + I(q)).
     */
    private static Verdict selfInformationAdds(Evaluator engine, Tensors sample) {
        Tensor p = sample.get("p");
        Tensor q = sample.get("q");
        Tensor ip = engine.evaluate("self_information", Tensors.of("p", p), "i");
        Tensor iq = engine.evaluate("self_information", Tensors.of("p", q), "i");
        Tensor ipq = engine.evaluate("self_information", Tensors.of("p", p.zip(q, (a, b) -> a * b)), "i");
        for (int k = 0; k < p.size(); k++) {
            double expected = ip.at(k) + iq.at(k);
            Verdict v = Verdict.close("I(" + p.at(k) + "·" + q.at(k) + ")", ipq.at(k), expected, 4 * U * (1 + expected), 0);
            if (!v.ok()) {
                return v;
            }
        }
        return Verdict.holds();
    }

    /**
     * 0 ≤ H(P) ≤ log n. The lower bound is exact (every term −p_i log p_i ≥ 0). The maximum of
     * −Σ p_i log p_i over rows summing to s is s·log(n/s) ≤ log n + |s − 1|(log n + 1) to first order,
     * so the upper bound allows the measured |s − 1| with that factor, plus the rounding allowance.
     */
    private static Verdict entropyBetweenZeroAndLogN(Evaluator engine, Tensors sample) {
        Tensor p = sample.get("p");
        Tensor h = engine.evaluate("entropy", sample, "h");
        int n = p.dim(-1);
        for (int r = 0; r < h.size(); r++) {
            double logN = Math.log(n);
            double slack = Math.abs(rowSum(p, r) - 1) * (logN + 1) + allowance(p, p, r);
            if (!(h.at(r) >= 0 && h.at(r) <= logN + slack)) {
                return Verdict.fails("row %d: H = %s outside [0, log %d = %s]", r, h.at(r), n, logN);
            }
        }
        return Verdict.holds();
    }

    /** H(P) = Σ p_i I(p_i) (0·I(0) = 0), across two ids, within the rounding allowance. */
    private static Verdict entropyIsExpectedSurprise(Evaluator engine, Tensors sample) {
        Tensor p = sample.get("p");
        Tensor h = engine.evaluate("entropy", sample, "h");
        Tensor surprise = engine.evaluate("self_information", sample, "i");
        int n = p.dim(-1);
        double[] terms = new double[n];
        for (int r = 0; r < h.size(); r++) {
            for (int j = 0; j < n; j++) {
                int k = r * n + j;
                terms[j] = p.at(k) == 0 ? 0 : p.at(k) * surprise.at(k);
            }
            Verdict v = Verdict.close("row " + r + ": H(P) against Σ p I(p)", h.at(r), Sums.sum(terms), allowance(p, p, r), 0);
            if (!v.ok()) {
                return v;
            }
        }
        return Verdict.holds();
    }

    /** H(P,Q) = H(P) + D(P‖Q), three ids; +∞ on both sides where some p_i &gt; 0 = q_i. */
    private static Verdict crossEntropyIsEntropyPlusKl(Evaluator engine, Tensors sample) {
        Tensor p = sample.get("p");
        Tensor q = sample.get("q");
        Tensor hpq = engine.evaluate("cross_entropy_dist", sample, "h");
        Tensor hp = engine.evaluate("entropy", Tensors.of("p", p), "h");
        Tensor d = engine.evaluate("kl_divergence", sample, "d");
        for (int r = 0; r < hpq.size(); r++) {
            double tol = allowance(p, q, r) + 2 * U * Math.abs(hpq.at(r));
            Verdict v = Verdict.close("row " + r + ": H(P,Q) against H(P) + D(P‖Q)", hpq.at(r), hp.at(r) + d.at(r), tol, 0);
            if (!v.ok()) {
                return v;
            }
        }
        return Verdict.holds();
    }

    /**
     * H(P,Q) − H(P) = D(P‖Q) ≥ Σ p − Σ q (log-sum inequality, then log x ≥ 1 − 1/x), which is 0 on
     * exact distributions and a few ulp on rows of doubles.
     */
    private static Verdict crossEntropyAtLeastEntropy(Evaluator engine, Tensors sample) {
        Tensor p = sample.get("p");
        Tensor q = sample.get("q");
        Tensor hpq = engine.evaluate("cross_entropy_dist", sample, "h");
        Tensor hp = engine.evaluate("entropy", Tensors.of("p", p), "h");
        for (int r = 0; r < hpq.size(); r++) {
            double floor = hp.at(r) + massDifference(p, q, r) - allowance(p, q, r);
            if (!(hpq.at(r) >= floor)) {
                return Verdict.fails("row %d: H(P,Q) = %s below H(P) = %s", r, hpq.at(r), hp.at(r));
            }
        }
        return Verdict.holds();
    }

    /**
     * For P and two candidates Q₁, Q₂: H(P,Qₖ) = H(P) + D(P‖Qₖ), so the differences agree within the
     * rounding of the four evaluations, and where D(P‖Q₁) and D(P‖Q₂) differ by more than that,
     * cross-entropy prefers the same candidate as KL divergence.
     */
    private static Verdict crossEntropyAndKlOrderAlike(Evaluator engine, Tensors sample) {
        Tensor p = sample.get("p");
        Tensor q1 = sample.get("q1");
        Tensor q2 = sample.get("q2");
        double h1 = engine.evaluate("cross_entropy_dist", Tensors.of("p", p, "q", q1), "h").item();
        double h2 = engine.evaluate("cross_entropy_dist", Tensors.of("p", p, "q", q2), "h").item();
        double d1 = engine.evaluate("kl_divergence", Tensors.of("p", p, "q", q1), "d").item();
        double d2 = engine.evaluate("kl_divergence", Tensors.of("p", p, "q", q2), "d").item();
        double tol = 2 * (allowance(p, q1, 0) + allowance(p, q2, 0)) + 4 * U * (Math.abs(h1) + Math.abs(h2));
        Verdict sameDifference = Verdict.close("H(P,Q₁) − H(P,Q₂) against D(P‖Q₁) − D(P‖Q₂)", h1 - h2, d1 - d2, tol, 0);
        if (Math.abs(d1 - d2) <= tol) {
            return sameDifference;
        }
        return sameDifference.and(Verdict.when(Math.signum(h1 - h2) == Math.signum(d1 - d2),
                "cross-entropy prefers Q%d (H %s vs %s), KL divergence Q%d (D %s vs %s)",
                h1 < h2 ? 1 : 2, h1, h2, d1 < d2 ? 1 : 2, d1, d2));
    }

    /**
     * D(P‖Q) ≥ 0. For rows of doubles, which sum to 1 only to the last bit, the exact statement is
     * D(P‖Q) ≥ Σ p·log(Σ p/Σ q) ≥ Σ p − Σ q (log-sum inequality): the check allows that measured
     * mass difference and the rounding allowance.
     */
    private static Verdict klNonNegative(Evaluator engine, Tensors sample) {
        Tensor p = sample.get("p");
        Tensor q = sample.get("q");
        Tensor d = engine.evaluate("kl_divergence", sample, "d");
        for (int r = 0; r < d.size(); r++) {
            double floor = Math.min(0, massDifference(p, q, r)) - allowance(p, q, r);
            if (!(d.at(r) >= floor)) {
                return Verdict.fails("row %d: D(P‖Q) = %s < 0 (allowed down to %s)", r, d.at(r), floor);
            }
        }
        return Verdict.holds();
    }

    /** D(P‖P) = 0 exactly: every term is p_i·log 1 = 0 or p_i·(log p_i − log p_i) = 0, in any order. */
    private static Verdict klOfItselfIsZero(Evaluator engine, Tensors sample) {
        Tensor p = sample.get("p");
        Tensor d = engine.evaluate("kl_divergence", Tensors.of("p", p, "q", p), "d");
        for (int r = 0; r < d.size(); r++) {
            if (d.at(r) != 0) {
                return Verdict.fails("row %d: D(P‖P) = %s", r, d.at(r));
            }
        }
        return Verdict.holds();
    }

    /**
     * Pinsker's inequality D(P‖Q) ≥ ½‖P − Q‖₁² (nats), which makes D positive by a clear margin
     * when P and Q differ. It holds for exact distributions; writing P = sP' with Σ P' = 1 (and so
     * for Q) and ε = |Σ p − 1| + |Σ q − 1|, the rows of doubles satisfy it up to 5ε, allowed here
     * with the rounding allowance and 4u·‖P − Q‖₁² for the bound's own rounding.
     */
    private static Verdict klAtLeastPinsker(Evaluator engine, Tensors sample) {
        Tensor p = sample.get("p");
        Tensor q = sample.get("q");
        Tensor d = engine.evaluate("kl_divergence", sample, "d");
        int n = p.dim(-1);
        double[] gaps = new double[n];
        for (int r = 0; r < d.size(); r++) {
            for (int j = 0; j < n; j++) {
                gaps[j] = Math.abs(p.at(r * n + j) - q.at(r * n + j));
            }
            double l1 = Sums.sum(gaps);
            double bound = 0.5 * l1 * l1;
            double epsilon = Math.abs(rowSum(p, r) - 1) + Math.abs(rowSum(q, r) - 1);
            double slack = 5 * epsilon + allowance(p, q, r) + 4 * U * bound;
            if (!(d.at(r) >= bound - slack)) {
                return Verdict.fails("row %d: D(P‖Q) = %s below ½‖P − Q‖₁² = %s", r, d.at(r), bound);
            }
        }
        return Verdict.holds();
    }

    /** Σ over the last axis (torch's .sum(-1)). */
    private static NDArray rowSum(NDArray x) {
        return x.sum(new int[] {x.getShape().dimension() - 1});
    }

    /**
     * The rounding allowance for sums over row r of terms p_i log p_i and p_i log q_i:
     * (n + 8)·u·(1 + Σ_i p_i(|log p_i| + |log q_i|)), the worst case of recursive summation (any
     * engine's order) of n terms each a few ulp accurate. Terms with p_i = 0 are 0; terms with
     * p_i &gt; 0 = q_i are +∞ on every side and left out.
     */
    private static double allowance(Tensor p, Tensor q, int row) {
        int n = p.dim(-1);
        double[] weights = new double[n];
        for (int j = 0; j < n; j++) {
            double pi = p.at(row * n + j);
            double qi = q.at(row * n + j);
            weights[j] = pi == 0 || qi == 0 ? 0 : pi * (Math.abs(Math.log(pi)) + Math.abs(Math.log(qi)));
        }
        return (n + 8) * U * (1 + Sums.sum(weights));
    }

    /** Σ p − Σ q over row r, compensated: the mass by which the two rows of doubles differ. */
    private static double massDifference(Tensor p, Tensor q, int row) {
        int n = p.dim(-1);
        double[] both = new double[2 * n];
        for (int j = 0; j < n; j++) {
            both[2 * j] = p.at(row * n + j);
            both[2 * j + 1] = -q.at(row * n + j);
        }
        return Sums.sum(both);
    }

    private static double rowSum(Tensor t, int row) {
        int n = t.dim(-1);
        double[] r = new double[n];
        for (int j = 0; j < n; j++) {
            r[j] = t.at(row * n + j);
        }
        return Sums.sum(r);
    }

    // ---------------------------------------------------------------- samples

    /** Probability tensors of rank 0 to 2: ordinary, within 10⁻¹² of 0 or 1, and exactly 0, 1 or subnormal. */
    private static Arbitrary<Tensors> probabilityTensors() {
        return Arbitraries.randomValue(r -> {
            int rank = r.nextInt(3);
            int[] shape = new int[rank];
            for (int k = 0; k < rank; k++) {
                shape[k] = 1 + r.nextInt(6);
            }
            double[] d = new double[Tensor.sizeOf(shape)];
            for (int i = 0; i < d.length; i++) {
                d[i] = switch (r.nextInt(10)) {
                    case 0 -> 1e-12 * r.nextDouble();
                    case 1 -> 1 - 1e-12 * r.nextDouble();
                    case 2 -> new double[] {0, 1, Double.MIN_VALUE, 1e-300, 0.5}[r.nextInt(5)];
                    default -> r.nextDouble();
                };
            }
            return Tensors.of("p", Tensor.of(shape, d));
        });
    }

    /** Pairs p, q of the same shape with entries in [10⁻¹⁰⁰, 1], log-uniform half of the time. */
    private static Arbitrary<Tensors> independentEvents() {
        return Arbitraries.randomValue(r -> {
            int n = 1 + r.nextInt(8);
            Samples.Entry entry = (rr, i) -> rr.nextBoolean() ? Math.pow(10, -100 * rr.nextDouble()) : 1 - rr.nextDouble();
            return Tensors.of("p", Samples.vector(r, n, entry), "q", Samples.vector(r, n, entry));
        });
    }

    /**
     * Distributions "p": {@link Samples#distribution} (ordinary, nearly one-hot, with zeros, nearly
     * uniform, 10,000 long) as vectors, and batches of 2 to 4 such rows of 2 to 9 outcomes.
     */
    private static Arbitrary<Tensors> distributions() {
        Arbitrary<Tensors> single = Samples.distribution(12).map(p -> Tensors.of("p", p));
        Arbitrary<Tensors> batch = Arbitraries.randomValue(r -> {
            int rows = 2 + r.nextInt(3);
            int n = 2 + r.nextInt(8);
            double[] d = new double[rows * n];
            for (int k = 0; k < rows; k++) {
                System.arraycopy(row(r, n, r.nextInt(4)), 0, d, k * n, n);
            }
            return Tensors.of("p", Tensor.of(new int[] {rows, n}, d));
        });
        return Arbitraries.frequencyOf(Tuple.of(3, single), Tuple.of(1, batch));
    }

    /**
     * One probability row of n outcomes: 0 ordinary (exponential weights), 1 with exact zeros,
     * 2 nearly one-hot (the rest of order 10⁻¹²), 3 nearly uniform (10⁻⁹ relative noise).
     */
    private static double[] row(Random r, int n, int kind) {
        double[] d = new double[n];
        int hot = r.nextInt(n);
        for (int i = 0; i < n; i++) {
            d[i] = switch (kind) {
                case 1 -> i == hot ? 0.5 + r.nextDouble() : (r.nextInt(3) == 0 ? 0 : r.nextDouble());
                case 2 -> i == hot ? 1 : 1e-12 * (0.5 + r.nextDouble());
                case 3 -> 1 + 1e-9 * r.nextGaussian();
                default -> -Math.log(1 - r.nextDouble()) + 1e-300;
            };
        }
        return Samples.normalise(d);
    }

    /** Q near P: every entry scaled by 1 + δ·N(0, 1), renormalised, with δ one of 10⁻¹³, 10⁻⁹, 10⁻⁶, 10⁻³. */
    private static double[] near(Random r, double[] p) {
        double delta = new double[] {1e-13, 1e-9, 1e-6, 1e-3}[r.nextInt(4)];
        double[] q = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            q[i] = p[i] * (1 + delta * r.nextGaussian());
        }
        return Samples.normalise(q);
    }

    /**
     * Pairs "p", "q" of one shape ([n] or [rows, n]): independent rows of every {@link #row} kind,
     * Q nearly equal to P, P with zeros where Q has mass, both nearly one-hot, rarely 10,000 long
     * and, with {@code withInfinite}, Q with a zero where P has mass (D = H(P,Q) = +∞).
     */
    private static Arbitrary<Tensors> pairs(boolean withInfinite) {
        return Arbitraries.randomValue(r -> {
            boolean longRow = r.nextInt(30) == 0;
            int rows = longRow ? 1 : 1 + r.nextInt(3);
            int n = longRow ? Samples.LONG : 2 + r.nextInt(10);
            double[] p = new double[rows * n];
            double[] q = new double[rows * n];
            for (int k = 0; k < rows; k++) {
                double[] pr = row(r, n, r.nextInt(4));
                double[] qr = switch (r.nextInt(withInfinite ? 6 : 5)) {
                    case 0, 1 -> near(r, pr);
                    case 2 -> row(r, n, 0);
                    case 3 -> row(r, n, 2);
                    case 4 -> row(r, n, r.nextInt(4) == 1 ? 1 : 3);
                    default -> {
                        double[] withHole = row(r, n, 0);
                        int hole = argmax(pr);
                        withHole[hole] = 0;
                        yield Samples.normalise(withHole);
                    }
                };
                if (!withInfinite) {
                    qr = withoutZeros(qr);
                }
                System.arraycopy(pr, 0, p, k * n, n);
                System.arraycopy(qr, 0, q, k * n, n);
            }
            int[] shape = rows == 1 && r.nextBoolean() ? new int[] {n} : new int[] {rows, n};
            return Tensors.of("p", Tensor.of(shape, p), "q", Tensor.of(shape, q));
        });
    }

    /** Q rows with zeros replaced by 10⁻³⁰⁰ and renormalised: every D(P‖Q) is finite. */
    private static double[] withoutZeros(double[] q) {
        boolean any = false;
        double[] out = q.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                out[i] = 1e-300;
                any = true;
            }
        }
        return any ? Samples.normalise(out) : out;
    }

    /** P and two positive candidates Q₁, Q₂ (independent, or near P at different distances). */
    private static Arbitrary<Tensors> candidateTriples() {
        return Arbitraries.randomValue(r -> {
            int n = 2 + r.nextInt(10);
            double[] p = row(r, n, r.nextInt(4));
            double[] q1 = r.nextBoolean() ? near(r, p) : row(r, n, 0);
            double[] q2 = r.nextBoolean() ? near(r, p) : row(r, n, r.nextInt(4) == 1 ? 0 : 3);
            return Tensors.of("p", Tensor.vector(p), "q1", Tensor.vector(withoutZeros(q1)), "q2", Tensor.vector(withoutZeros(q2)));
        });
    }

    /**
     * Interior rows for gradient checks: {@code count} tensors "p" (and "q") of shape [rows, n],
     * rows 1 to 3, n 2 to 5, every entry a normalised weight in [0.05, 1], hence ≥ 0.05/5 = 0.01.
     */
    private static Arbitrary<Tensors> interiorRows(int count) {
        return Arbitraries.randomValue(r -> {
            int rows = 1 + r.nextInt(3);
            int n = 2 + r.nextInt(4);
            Tensor p = interior(r, rows, n);
            return count == 1 ? Tensors.of("p", p) : Tensors.of("p", p, "q", interior(r, rows, n));
        });
    }

    private static Tensor interior(Random r, int rows, int n) {
        double[] d = new double[rows * n];
        for (int k = 0; k < rows; k++) {
            double[] row = new double[n];
            for (int j = 0; j < n; j++) {
                row[j] = 0.05 + 0.95 * r.nextDouble();
            }
            System.arraycopy(Samples.normalise(row), 0, d, k * n, n);
        }
        return Tensor.of(new int[] {rows, n}, d);
    }

    private static int argmax(double[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }
}

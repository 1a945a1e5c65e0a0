package io.refcheck.catalog;

import static io.refcheck.catalog.Facts.U;

import io.refcheck.formulas.Information;
import io.refcheck.formulas.Sums;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;

/**
 * The facts of §D's entries (docs/catalog.md) and their kink references. Each tolerance is the rounding
 * allowance {@link #allowance}: (n + 8)·u·(1 + Σ_i p_i(|log p_i| + |log q_i|)), plus the measured
 * |Σ p − 1| and |Σ q − 1| where an identity relies on the rows summing to 1.
 */
final class InformationFacts {
    private InformationFacts() {
    }

    static boolean bothZero(double p, double q) {
        return p == 0 && q == 0;
    }

    /** −c_row·p_i/q_i, 0 where p_i = 0: the q-gradient of −Σ p_i log q_i, whose term with p_i = 0 is identically 0. */
    static Tensor ratioTerms(Tensors in, Tensor c) {
        Tensor p = in.get("p");
        return Kinks.timesRowCotangent(p.zip(in.get("q"), (pi, qi) -> pi == 0 ? 0 : -pi / qi), c);
    }

    static Verdict selfInformationNonNegative(Evaluator engine, Tensors sample) {
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
    static Verdict selfInformationAdds(Evaluator engine, Tensors sample) {
        Tensor p = sample.get("p");
        Tensor q = sample.get("q");
        Tensor ip = engine.evaluate("self_information", Tensors.of("p", p), "i");
        Tensor iq = engine.evaluate("self_information", Tensors.of("p", q), "i");
        Tensor ipq = engine.evaluate("self_information", Tensors.of("p", p.zip(q, (a, b) -> a * b)), "i");
        return Verdict.forEvery(p.size(), k -> {
            double expected = ip.at(k) + iq.at(k);
            return Verdict.close("I(" + p.at(k) + "·" + q.at(k) + ")", ipq.at(k), expected, 4 * U * (1 + expected), 0);
        });
    }

    /**
     * 0 ≤ H(P) ≤ log n. The lower bound is exact (every term −p_i log p_i ≥ 0). The maximum of
     * −Σ p_i log p_i over rows summing to s is s·log(n/s) ≤ log n + |s − 1|(log n + 1) to first order,
     * so the upper bound allows the measured |s − 1| with that factor, plus the rounding allowance.
     */
    static Verdict entropyBetweenZeroAndLogN(Evaluator engine, Tensors sample) {
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
    static Verdict entropyIsExpectedSurprise(Evaluator engine, Tensors sample) {
        Tensor p = sample.get("p");
        Tensor h = engine.evaluate("entropy", sample, "h");
        Tensor surprise = engine.evaluate("self_information", sample, "i");
        int n = p.dim(-1);
        double[] terms = new double[n];
        return Verdict.forEvery(h.size(), r -> {
            for (int j = 0; j < n; j++) {
                int k = r * n + j;
                terms[j] = p.at(k) == 0 ? 0 : p.at(k) * surprise.at(k);
            }
            return Verdict.close("row " + r + ": H(P) against Σ p I(p)", h.at(r), Sums.sum(terms), allowance(p, p, r), 0);
        });
    }

    /** H(P,Q) = H(P) + D(P‖Q), three ids; +∞ on both sides where some p_i &gt; 0 = q_i. */
    static Verdict crossEntropyIsEntropyPlusKl(Evaluator engine, Tensors sample) {
        Tensor p = sample.get("p");
        Tensor q = sample.get("q");
        Tensor hpq = engine.evaluate("cross_entropy_dist", sample, "h");
        Tensor hp = engine.evaluate("entropy", Tensors.of("p", p), "h");
        Tensor d = engine.evaluate("kl_divergence", sample, "d");
        return Verdict.forEvery(hpq.size(), r -> {
            double tol = allowance(p, q, r) + 2 * U * Math.abs(hpq.at(r));
            return Verdict.close("row " + r + ": H(P,Q) against H(P) + D(P‖Q)", hpq.at(r), hp.at(r) + d.at(r), tol, 0);
        });
    }

    /**
     * H(P,Q) − H(P) = D(P‖Q) ≥ Σ p − Σ q (log-sum inequality, then log x ≥ 1 − 1/x), which is 0 on
     * exact distributions and a few ulp on rows of doubles.
     */
    static Verdict crossEntropyAtLeastEntropy(Evaluator engine, Tensors sample) {
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
    static Verdict crossEntropyAndKlOrderAlike(Evaluator engine, Tensors sample) {
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
    static Verdict klNonNegative(Evaluator engine, Tensors sample) {
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
    static Verdict klOfItselfIsZero(Evaluator engine, Tensors sample) {
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
    static Verdict klAtLeastPinsker(Evaluator engine, Tensors sample) {
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

    /**
     * The rounding allowance for sums over row r of terms p_i log p_i and p_i log q_i:
     * (n + 8)·u·(1 + Σ_i p_i(|log p_i| + |log q_i|)), the worst case of recursive summation (any
     * engine's order) of n terms each a few ulp accurate. Terms with p_i = 0 are 0; terms with
     * p_i &gt; 0 = q_i are +∞ on every side and left out.
     */
    static double allowance(Tensor p, Tensor q, int row) {
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
    static double massDifference(Tensor p, Tensor q, int row) {
        int n = p.dim(-1);
        double[] both = new double[2 * n];
        for (int j = 0; j < n; j++) {
            both[2 * j] = p.at(row * n + j);
            both[2 * j + 1] = -q.at(row * n + j);
        }
        return Sums.sum(both);
    }

    static double rowSum(Tensor t, int row) {
        int n = t.dim(-1);
        double[] r = new double[n];
        for (int j = 0; j < n; j++) {
            r[j] = t.at(row * n + j);
        }
        return Sums.sum(r);
    }

    // ---------------------------------------------------------------- kink references

    /** entropy's one-sided derivative −(log p_i + 1), +∞ at p_i = 0 (torch.special.entr's backward), times the row's cotangent. */
    static Tensors entropyOneSided(Tensors in, Tensors ct) {
        return Tensors.of("p", Kinks.timesRowCotangent(in.get("p").map(p -> -(Math.log(p) + 1)), ct.get("h")));
    }

    /** entropy's gradient as autograd forms it: NaN at p_i = 0, where xlogy(p, p)'s ∂/∂y = p/p is 0/0. */
    static Tensors entropyAutograd(Tensors in, Tensors ct) {
        return Tensors.of("p", Kinks.replaceWhere(Information.entropyVjp(in.get("p"), ct.get("h")), Double.NaN,
                in.get("p"), in.get("p"), (p, same) -> p == 0));
    }

    /** Cross-entropy's one-sided derivatives: ∂/∂p_i = −log q_i (+∞ where q_i = 0), ∂/∂q_i = −p_i/q_i (0 where p_i = 0). */
    static Tensors crossEntropyOneSided(Tensors in, Tensors ct) {
        return Tensors.of(
                "p", Kinks.timesRowCotangent(in.get("q").map(q -> -Math.log(q)), ct.get("h")),
                "q", ratioTerms(in, ct.get("h")));
    }

    /** Cross-entropy's gradient as autograd forms it: where p_i = 0 = q_i, ∂/∂p_i = 0 (xlogy masks it), ∂/∂q_i = NaN (0/0). */
    static Tensors crossEntropyAutograd(Tensors in, Tensors ct) {
        return Tensors.of(
                "p", Kinks.replaceWhere(Information.crossEntropyVjpP(in.get("p"), in.get("q"), ct.get("h")), 0,
                        in.get("p"), in.get("q"), InformationFacts::bothZero),
                "q", Kinks.replaceWhere(Information.crossEntropyVjpQ(in.get("p"), in.get("q"), ct.get("h")), Double.NaN,
                        in.get("p"), in.get("q"), InformationFacts::bothZero));
    }

    /** KL's one-sided derivatives: ∂/∂p_i = log(p_i/q_i) + 1 (−∞ at p_i = 0 < q_i, NaN at p_i = 0 = q_i), ∂/∂q_i = −p_i/q_i. */
    static Tensors klOneSided(Tensors in, Tensors ct) {
        return Tensors.of(
                "p", Kinks.timesRowCotangent(in.get("p").zip(in.get("q"), (p, q) -> Math.log(p / q) + 1), ct.get("d")),
                "q", ratioTerms(in, ct.get("d")));
    }

    /** KL's gradient as autograd forms it: NaN for ∂/∂p_i at p_i = 0 and for ∂/∂q_i at p_i = 0 = q_i (0/0 in xlogy). */
    static Tensors klAutograd(Tensors in, Tensors ct) {
        return Tensors.of(
                "p", Kinks.replaceWhere(Information.klDivergenceVjpP(in.get("p"), in.get("q"), ct.get("d")), Double.NaN,
                        in.get("p"), in.get("q"), (p, q) -> p == 0),
                "q", Kinks.replaceWhere(Information.klDivergenceVjpQ(in.get("p"), in.get("q"), ct.get("d")), Double.NaN,
                        in.get("p"), in.get("q"), InformationFacts::bothZero));
    }
}

package io.refcheck.catalog;

import static io.refcheck.catalog.Facts.U;

import io.refcheck.formulas.Sums;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.function.Predicate;

/**
 * The facts of §A's entries (docs/catalog.md) and the verdict helpers of their bad inputs and kinks.
 *
 * <p>Tolerances of the facts are rounding allowances derived from the computation, in units of
 * u = 2⁻⁵³ (the unit roundoff of double precision); each says where it comes from.
 */
final class ActivationFacts {
    private ActivationFacts() {
    }

    static boolean rowIsNaN(Tensor t, int row) {
        int n = t.dim(-1);
        for (int j = 0; j < n; j++) {
            if (!Double.isNaN(t.at(row * n + j))) {
                return false;
            }
        }
        return true;
    }

    /**
     * σ'(z) = σ(z)(1 − σ(z)) ≤ 1/4, through the engine's vjp with cotangent 1. σ'(0) = 1/4 exactly;
     * rounding of the two factors may lift the product by a few ulp, hence 1/4·(1 + 4u). The
     * identity allows 8u relative (the product of two rounded factors against the engine's own)
     * plus 4u absolute: σ carries a relative error of about 2u, which 1 − σ turns into an absolute
     * one (at z = 4.5, 1 − σ ≈ 0.011 is then only 14 digits right; past z ≈ 37 it is 0).
     */
    static Verdict sigmoidDerivativeAtMostQuarter(Evaluator engine, Tensors sample) {
        Tensor a = engine.evaluate("sigmoid", sample, "a");
        Tensor g = engine.vjp("sigmoid", sample, Tensors.of("a", Tensor.filled(1, a.shape()))).get("z");
        return Verdict.forEvery(g.size(), i -> Verdict.when(g.at(i) >= 0 && g.at(i) <= 0.25 * (1 + 4 * U),
                        "σ'(%s) = %s is outside [0, 1/4]", sample.get("z").at(i), g.at(i))
                .and(Verdict.close("σ'(" + sample.get("z").at(i) + ") against σ(1 − σ)", g.at(i),
                        a.at(i) * (1 - a.at(i)), 4 * U, 8 * U)));
    }

    /**
     * Back-propagates a cotangent c through L sigmoid layers a_k = σ(a_{k−1}) with the engine's
     * forward and vjp, and checks |∂/∂z| ≤ 4^(−L)·|c| (each factor ≤ 1/4, the rounding of L products
     * allowed as (1 + 8Lu)).
     */
    static Verdict sigmoidChainVanishes(Evaluator engine, Tensors sample) {
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
    static Verdict reluPassesGradientOnPositiveSide(Evaluator engine, Tensors sample) {
        Tensor c = sample.get("c");
        Tensor g = engine.vjp("relu", Tensors.of("z", sample.get("z")), Tensors.of("a", c)).get("z");
        for (int i = 0; i < g.size(); i++) {
            if (g.at(i) != c.at(i)) {
                return Verdict.fails("z = %s > 0: gradient %s, expected the cotangent %s", sample.get("z").at(i), g.at(i), c.at(i));
            }
        }
        return Verdict.holds();
    }

    static Verdict signRecoversZ(Evaluator engine, Tensors sample) {
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

    static Verdict stepIsThreshold(Evaluator engine, Tensors sample) {
        Tensor z = sample.get("z");
        Tensor a = engine.evaluate("step", sample, "a");
        for (int i = 0; i < z.size(); i++) {
            if (a.at(i) != (z.at(i) >= 0 ? 1 : 0)) {
                return Verdict.fails("step(%s) = %s", z.at(i), a.at(i));
            }
        }
        return Verdict.holds();
    }

    static Verdict stepIsShiftedSign(Evaluator engine, Tensors sample) {
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
    static Verdict softmaxSumsToOne(Evaluator engine, Tensors sample) {
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
    static Verdict softmaxInUnitInterval(Evaluator engine, Tensors sample) {
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
    static Verdict softmaxShiftInvariant(Evaluator engine, Tensors sample) {
        Tensor z = sample.get("z");
        double c = sample.scalar("c");
        Tensor s = engine.evaluate("softmax", Tensors.of("z", z), "s");
        Tensor shifted = engine.evaluate("softmax", Tensors.of("z", z.map(v -> v + c)), "s");
        double maxAbs = 0;
        for (int i = 0; i < z.size(); i++) {
            maxAbs = Math.max(maxAbs, Math.abs(z.at(i)));
        }
        double rtol = 16 * U * (maxAbs + Math.abs(c) + 1);
        return Verdict.forEvery(s.size(),
                i -> Verdict.close("softmax(z + " + c + ") entry " + i, shifted.at(i), s.at(i), Double.MIN_NORMAL, rtol));
    }

    /** s at the (first) arg-max of z is the largest entry of s: exp and division are monotone. */
    static Verdict softmaxKeepsArgmax(Evaluator engine, Tensors sample) {
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
    static Verdict softmaxOfTwoIsSigmoid(Evaluator engine, Tensors sample) {
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
    static Verdict logSoftmaxIsLogOfSoftmax(Evaluator engine, Tensors sample) {
        Tensor s = engine.evaluate("softmax", sample, "s");
        Tensor logS = engine.evaluate("log_softmax", sample, "log_s");
        return Verdict.forEvery(s.size(), i -> !(s.at(i) >= Double.MIN_NORMAL) ? Verdict.holds()
                : Verdict.close("log_softmax entry " + i + " against log(softmax)", logS.at(i), Math.log(s.at(i)),
                        16 * U * (1 + Math.abs(logS.at(i))), 0));
    }

    /**
     * Σ_i exp(log_softmax_i) = 1 per row. Each log_softmax_i is off by about u(2|log_softmax_i| +
     * 2 log n + 1) in absolute terms; weighted by s_i these add to at most u(4 log n + 1) (Σ s_i
     * |log s_i| ≤ log n), plus exp and summation roundings: tolerance (n + 16(1 + log n))u.
     */
    static Verdict expLogSoftmaxSumsToOne(Evaluator engine, Tensors sample) {
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
    static Verdict logSoftmaxIsZMinusLogsumexp(Evaluator engine, Tensors sample) {
        Tensor z = sample.get("z");
        Tensor logS = engine.evaluate("log_softmax", sample, "log_s");
        Tensor lse = engine.evaluate("logsumexp", sample, "lse");
        int n = z.dim(-1);
        return Verdict.forEvery(z.size(), i -> {
            double l = lse.at(i / n);
            return Verdict.close("log_softmax entry " + i + " against z_i − logsumexp(z)", logS.at(i), z.at(i) - l,
                    8 * U * (Math.abs(z.at(i)) + Math.abs(l) + 1), 0);
        });
    }

    /**
     * max z ≤ logsumexp(z) ≤ max z + log n, since 1 ≤ Σ e^(z_j − max z) ≤ n; the rounding of
     * max z + log S allows 4u(|max z| + log n + 1) on either side.
     */
    static Verdict logsumexpBetweenMaxAndMaxPlusLogN(Evaluator engine, Tensors sample) {
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
    static Verdict logsumexpGradientIsSoftmax(Evaluator engine, Tensors sample) {
        Tensor z = sample.get("z");
        Tensor lse = engine.evaluate("logsumexp", sample, "lse");
        Tensor g = engine.vjp("logsumexp", sample, Tensors.of("lse", Tensor.filled(1, lse.shape()))).get("z");
        Tensor s = engine.evaluate("softmax", sample, "s");
        int n = z.dim(-1);
        return Verdict.forEvery(z.size(), i -> {
            double rtol = 8 * U * (1 + Math.abs(z.at(i)) + Math.abs(lse.at(i / n)));
            return Verdict.close("∂ logsumexp/∂z entry " + i + " against softmax", g.at(i), s.at(i), Double.MIN_NORMAL, rtol);
        });
    }

    static double rowMax(Tensor z, int row) {
        int n = z.dim(-1);
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, z.at(row * n + j));
        }
        return max;
    }

    /** relu's vector–Jacobian product c ⊙ relu'(z), with relu'(0) = {@code atZero}. */
    static Formula.Vjp reluVjpWithDerivativeAtZero(double atZero) {
        return (in, c) -> Tensors.of("z", c.get("a").zip(in.get("z"), (ci, z) -> ci * Kinks.reluDerivative(z, atZero)));
    }

    /**
     * The output of [NaN, 0.5, −2]: NaN in place (or 0 where {@code nanMayBeZero}, as torch.sign and
     * torch.heaviside give) and the other two elements not NaN.
     */
    static Predicate<Tensors> nanStaysInPlace(boolean nanMayBeZero) {
        return out -> {
            double first = out.get("a").at(0);
            return (Double.isNaN(first) || (nanMayBeZero && first == 0))
                    && !Double.isNaN(out.get("a").at(1)) && !Double.isNaN(out.get("a").at(2));
        };
    }
}

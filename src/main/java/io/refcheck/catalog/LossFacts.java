package io.refcheck.catalog;

import static io.refcheck.catalog.LossEntries.INF;
import static io.refcheck.catalog.LossEntries.LOSS;

import io.refcheck.formulas.Activations;
import io.refcheck.formulas.Losses;
import io.refcheck.formulas.Matrices;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Random;

/** The facts of §C's entries (docs/catalog.md), their kink references and the evidence of the cost erratum. */
final class LossFacts {
    private LossFacts() {
    }

    /**
     * Absolute slack for comparisons of norms: a norm below the normal range (2.2e-308) is subnormal
     * and exact only to 4.9e-324 absolutely, so relative tolerances alone cannot hold there.
     */
    static final double SUBNORMAL_SLACK = 1e-300;

    static Tensors regressionVjp(Tensor gradient, Tensors ct) {
        double c = ct.scalar(LOSS);
        return Tensors.of("prediction", Matrices.scale(gradient, c), "target", Matrices.scale(gradient, -c));
    }

    /**
     * §I.7: S3 writes the cost as (1/N) Σ f(y_i, y_i), the loss of each label against itself. On a
     * fixed data set with squared error as f, that cost is 0 whatever the predictions, while the
     * corrected (1/N) Σ f(ŷ_i, y_i) matches the mean squared error computed exactly in BigDecimal.
     */
    static Erratum.Evidence costErratumEvidence() {
        Random r = new Random(7);
        int n = 50;
        double[] yHat = new double[n];
        double[] y = new double[n];
        double[] sourceLosses = new double[n];
        double[] losses = new double[n];
        BigDecimal exact = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            yHat[i] = r.nextGaussian();
            y[i] = r.nextGaussian();
            sourceLosses[i] = Losses.mse(Tensor.vector(y[i]), Tensor.vector(y[i]));
            losses[i] = Losses.mse(Tensor.vector(yHat[i]), Tensor.vector(y[i]));
            BigDecimal d = new BigDecimal(yHat[i]).subtract(new BigDecimal(y[i]));
            exact = exact.add(d.multiply(d));
        }
        double reference = exact.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128).doubleValue();
        double sourceCost = Losses.costObjective(Tensor.vector(sourceLosses), 0).cost();
        double cost = Losses.costObjective(Tensor.vector(losses), 0).cost();
        return new Erratum.Evidence("absolute error of the cost against the exact mean squared error of 50 fixed predictions (BigDecimal)",
                Math.abs(sourceCost - reference), Math.abs(cost - reference), 1e-3, 1e-14 * reference);
    }

    /** ŷ − y of a regression sample, elementwise. */
    static Tensor differences(Tensors in) {
        return in.get("prediction").zip(in.get("target"), (yHat, y) -> yHat - y);
    }

    /** The gradient {@link #LP_NORM_SUBGRADIENT} states, for small samples. */
    static Tensors lpNormSubgradient(Tensors in, Tensors ct) {
        Tensor x = in.get("x");
        double p = in.scalar("p");
        double c = ct.scalar("norm");
        double largest = Arrays.stream(x.toArray()).map(Math::abs).max().orElse(0);
        long tied = Arrays.stream(x.toArray()).filter(v -> Math.abs(v) == largest).count();
        double norm = Math.pow(Arrays.stream(x.toArray()).map(v -> Math.pow(Math.abs(v), p)).sum(), 1 / p);
        return Tensors.of("x", x.map(v -> largest == 0 ? 0
                : p == 1 ? c * Math.signum(v)
                : p == INF ? (Math.abs(v) == largest ? c * Math.signum(v) / tied : 0)
                : c * Math.signum(v) * Math.pow(Math.abs(v) / norm, p - 1)));
    }

    static double loss(Evaluator engine, String id, Tensors inputs) {
        return engine.evaluate(id, inputs, LOSS).item();
    }

    static double norm(Evaluator engine, Tensor x, double p) {
        return engine.evaluate("lp_norm", Tensors.of("x", x, "p", p), "norm").item();
    }

    static boolean nanLoss(Tensors out) {
        return Double.isNaN(out.scalar(LOSS));
    }

    /** mse ≥ 0. */
    static Verdict mseNonNegative(Evaluator engine, Tensors s) {
        double mse = loss(engine, "mse", s);
        return Verdict.when(mse >= 0, "mse = %s < 0", mse);
    }

    /** mse > mae when every |d| > 1. */
    static Verdict mseAboveMae(Evaluator engine, Tensors s) {
        double mse = loss(engine, "mse", s);
        double mae = loss(engine, "mae", s);
        return Verdict.when(mse > mae, "mse %s is not above mae %s", mse, mae);
    }

    /** half_sse = N·mse/2, to 10⁻¹³ relative. */
    static Verdict halfSseIsScaledMse(Evaluator engine, Tensors s) {
        double n = s.get("prediction").size();
        return Verdict.close("half_sse", loss(engine, "half_sse", s), n * loss(engine, "mse", s) / 2,
                0, 1e-13);
    }

    /** mae ≤ √mse (with 10⁻¹³ relative slack): mean |d| ≤ √(mean d²). */
    static Verdict maeAtMostRootMse(Evaluator engine, Tensors s) {
        double mae = loss(engine, "mae", s);
        double rootMse = Math.sqrt(loss(engine, "mse", s));
        return Verdict.when(mae <= rootMse * (1 + 1e-13), "mae %s > √mse %s", mae, rootMse);
    }

    /** mae's subgradient sgn(ŷ − y)/N, 0 at a tie. */
    static Tensors maeSubgradient(Tensors in, Tensors ct) {
        return regressionVjp(differences(in).map(d -> Math.signum(d) / in.get("prediction").size()), ct);
    }

    /** ‖x + y‖ ≤ ‖x‖ + ‖y‖, with 10⁻¹³ relative and SUBNORMAL_SLACK absolute slack for rounding. */
    static Verdict lpNormTriangle(Evaluator engine, Tensors s) {
        double p = s.scalar("p");
        double sum = norm(engine, Matrices.add(s.get("x"), s.get("y")), p);
        double bound = norm(engine, s.get("x"), p) + norm(engine, s.get("y"), p);
        // rounding: x + y is rounded elementwise (≤ u relative) and each norm is accurate to a few ulps
        // (or to SUBNORMAL_SLACK absolutely when it is subnormal)
        return Verdict.when(sum <= bound * (1 + 1e-13) + SUBNORMAL_SLACK,
                "‖x + y‖ = %s > ‖x‖ + ‖y‖ = %s (p = %s)", sum, bound, p);
    }

    /** ‖αx‖ = |α|·‖x‖ to 10⁻¹³ relative. */
    static Verdict lpNormHomogeneous(Evaluator engine, Tensors s) {
        double alpha = s.scalar("alpha");
        double p = s.scalar("p");
        // rtol: αx is rounded elementwise and each norm is accurate to a few ulps.
        // atol: a norm below the normal range (2.2e-308) is subnormal, exact only to 4.9e-324
        // absolutely; ‖x‖ carries that error times |α|, ‖αx‖ carries it as is
        return Verdict.close("‖αx‖ (α = " + alpha + ", p = " + p + ")",
                norm(engine, Matrices.scale(s.get("x"), alpha), p), Math.abs(alpha) * norm(engine, s.get("x"), p),
                SUBNORMAL_SLACK * Math.max(1, Math.abs(alpha)), 1e-13);
    }

    /** ‖x‖ ≥ 0, and 0 exactly when every element is 0. */
    static Verdict lpNormZeroOnlyAtZero(Evaluator engine, Tensors s) {
        Tensor x = s.get("x");
        boolean zero = Arrays.stream(x.toArray()).allMatch(v -> v == 0);
        double n = norm(engine, x, s.scalar("p"));
        return Verdict.when((n == 0) == zero && n >= 0, "‖x‖ = %s for %s", n, x);
    }

    /** ‖x‖_∞ ≤ ‖x‖_q ≤ ‖x‖_p, with 10⁻¹³ relative and SUBNORMAL_SLACK absolute slack. */
    static Verdict lpNormsOrdered(Evaluator engine, Tensors s) {
        Tensor x = s.get("x");
        double inf = norm(engine, x, INF);
        double nq = norm(engine, x, s.scalar("q"));
        double np = norm(engine, x, s.scalar("p"));
        // the norms are equal in exact arithmetic when p = q or x has one non-zero element;
        // then rounding (a few ulps each, or 4.9e-324 for subnormal norms) may order them either way
        double slack = 1 + 1e-13;
        return Verdict.when(inf <= nq * slack + SUBNORMAL_SLACK && nq <= np * slack + SUBNORMAL_SLACK,
                "‖x‖_∞ = %s, ‖x‖_q = %s, ‖x‖_p = %s (p = %s, q = %s)", inf, nq, np, s.scalar("p"), s.scalar("q"));
    }

    /** lp_loss = ‖y − ŷ‖_p^p, to 10⁻¹² relative (the power multiplies the norm's error by p ≤ 10). */
    static Verdict lpLossIsPowerOfNorm(Evaluator engine, Tensors s) {
        double p = s.scalar("p");
        double n = norm(engine, Matrices.subtract(s.get("target"), s.get("prediction")), p);
        // the p-th power multiplies the norm's relative error (a few ulps) by p ≤ 10
        return Verdict.close("lp_loss (p = " + p + ")", loss(engine, "lp_loss", s), Math.pow(n, p), SUBNORMAL_SLACK, 1e-12);
    }

    /** p·sgn(d)|d|^(p−1) per element, 0 at d = 0 for every p. */
    static Tensors lpLossSubgradient(Tensors in, Tensors ct) {
        double p = in.scalar("p");
        return regressionVjp(differences(in).map(d -> d == 0 ? 0 : p * Math.signum(d) * Math.pow(Math.abs(d), p - 1)), ct);
    }

    /** bce against cross_entropy_onehot of the rows [ŷ, 1 − ŷ] and [y, 1 − y]. */
    static Verdict bceIsTwoClassCrossEntropy(Evaluator engine, Tensors s) {
        Tensor yHat = s.get("prediction");
        Tensor y = s.get("target");
        int n = yHat.size();
        double[] probabilities = new double[2 * n];
        double[] targets = new double[2 * n];
        for (int i = 0; i < n; i++) {
            probabilities[2 * i] = yHat.at(i);
            probabilities[2 * i + 1] = 1 - yHat.at(i);
            targets[2 * i] = y.at(i);
            targets[2 * i + 1] = 1 - y.at(i);
        }
        double ce = engine.evaluate("cross_entropy_onehot", Tensors.of(
                "probabilities", Tensor.of(new int[] {n, 2}, probabilities),
                "targets", Tensor.of(new int[] {n, 2}, targets)), LOSS).item();
        // log(1 − ŷ) of the rounded 1 − ŷ differs from log1p(−ŷ) by about u per element
        return Verdict.close("bce", loss(engine, "bce", s), ce, 1e-14, 1e-12);
    }

    /** (ŷ − y)/(N·max(ŷ(1 − ŷ), ε)), ε = 1e-12 as a float, as torch's fused backward. */
    static Tensors bceClampedGradient(Tensors in, Tensors ct) {
        return Tensors.of("prediction", in.get("prediction").zip(in.get("target"), (yHat, y) ->
                ct.scalar(LOSS) * (yHat - y) / (in.get("prediction").size() * Math.max(yHat * (1 - yHat), (double) 1e-12f))));
    }

    /** bce's gradient with NaN at ŷ ∈ {0, 1}, as autograd of the clamped logs. */
    static Tensors bceAutogradAtClamp(Tensors in, Tensors ct) {
        return Tensors.of("prediction", Kinks.replaceWhere(
                Matrices.scale(Losses.bceGradient(in.get("prediction"), in.get("target")), ct.scalar(LOSS)),
                Double.NaN, in.get("prediction"), in.get("prediction"), (yHat, same) -> yHat == 0 || yHat == 1));
    }

    /** bce_with_logits(z, y) against bce(σ(z), y), to 10⁻¹² (log(1 − σ(z)) loses up to u·e^|z|). */
    static Verdict bceWithLogitsIsBceOfSigmoid(Evaluator engine, Tensors s) {
        Tensors viaSigmoid = Tensors.of("prediction", Activations.sigmoid(s.get("logits")), "target", s.get("target"));
        // σ(z) is rounded (≤ u/2); log(1 − σ(z)) then errs by up to u·e^|z| ≈ 3e-13 at |z| = 8,
        // which is exactly the loss of digits bce_with_logits avoids
        return Verdict.close("bce_with_logits", loss(engine, "bce_with_logits", s), loss(engine, "bce", viaSigmoid),
                1e-12, 1e-12);
    }

    /** The derivative (σ(z) − y)/N, (1/2 − y)/N at z = 0. */
    static Tensors bceWithLogitsGradient(Tensors in, Tensors ct) {
        return Tensors.of("logits", in.get("logits").zip(in.get("target"), (z, y) ->
                ct.scalar(LOSS) * (1 / (1 + Math.exp(-z)) - y) / in.get("logits").size()));
    }

    /** one_hot has shape [N, M] and each row one 1, at its label, and zeros elsewhere. */
    static Verdict oneHotRows(Evaluator engine, Tensors s) {
        Tensor labels = s.get("labels");
        int classes = (int) s.scalar("classes");
        Tensor e = engine.evaluate("one_hot", s, "one_hot");
        Verdict v = Verdict.when(Arrays.equals(e.shape(), new int[] {labels.size(), classes}),
                "shape %s", Arrays.toString(e.shape()));
        for (int i = 0; i < labels.size() && v.ok(); i++) {
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                double x = e.get(i, j);
                sum += x;
                v = v.and(Verdict.when(x == (j == (int) labels.at(i) ? 1 : 0), "row %d: element %d is %s", i, j, x));
            }
            v = v.and(Verdict.when(sum == 1, "row %d sums to %s", i, sum));
        }
        return v;
    }

    /** cross_entropy_onehot ≥ 0. */
    static Verdict crossEntropyNonNegative(Evaluator engine, Tensors s) {
        double ce = loss(engine, "cross_entropy_onehot", s);
        return Verdict.when(ce >= 0, "cross-entropy %s < 0", ce);
    }

    /** −y_ij/(N·ŷ_ij), 0 where y_ij = 0. */
    static Tensors crossEntropyOneSided(Tensors in, Tensors ct) {
        return Tensors.of("probabilities", in.get("probabilities").zip(in.get("targets"), (yHat, y) ->
                y == 0 ? 0 : -ct.scalar(LOSS) * y / (in.get("probabilities").dim(0) * yHat)));
    }

    /** The gradient with NaN where ŷ_ij = 0 = y_ij (xlogy's y/ŷ is 0/0). */
    static Tensors crossEntropyAutograd(Tensors in, Tensors ct) {
        return Tensors.of("probabilities", Kinks.replaceWhere(Matrices.scale(Losses.crossEntropyOneHotGradient(
                        in.get("probabilities"), in.get("targets")), ct.scalar(LOSS)), Double.NaN,
                in.get("probabilities"), in.get("targets"), (yHat, y) -> yHat == 0 && y == 0));
    }

    /** cross_entropy_index against cross_entropy_onehot of one_hot(labels), to 10⁻¹⁴ relative. */
    static Verdict indexIsOneHot(Evaluator engine, Tensors s) {
        Tensor p = s.get("probabilities");
        Tensor oneHot = engine.evaluate("one_hot", Tensors.of("labels", s.get("labels"), "classes", p.dim(1)), "one_hot");
        double viaOneHot = engine.evaluate("cross_entropy_onehot",
                Tensors.of("probabilities", p, "targets", oneHot), LOSS).item();
        return Verdict.close("cross_entropy_index", loss(engine, "cross_entropy_index", s), viaOneHot, 1e-15, 1e-14);
    }

    /** −1/(N·ŷ_(i,c_i)) at the label, 0 elsewhere (the loss does not depend on those entries). */
    static Tensors crossEntropyIndexOneSided(Tensors in, Tensors ct) {
        Tensor p = in.get("probabilities");
        int n = p.dim(0);
        int classes = p.dim(1);
        double[] g = new double[p.size()];
        for (int i = 0; i < n; i++) {
            int label = (int) in.get("labels").at(i);
            g[i * classes + label] = -ct.scalar(LOSS) / (n * p.at(i * classes + label));
        }
        return Tensors.of("probabilities", Tensor.wrap(p.shape(), g));
    }

    /** The gradient with NaN where ŷ_ij = 0 off the label: nll_loss's zero gradient times log'(0) = ∞. */
    static Tensors crossEntropyIndexAutograd(Tensors in, Tensors ct) {
        Tensor p = in.get("probabilities");
        Tensor reference = Matrices.scale(Losses.crossEntropyIndexGradient(p, in.get("labels")), ct.scalar(LOSS));
        Tensor onLabel = Losses.oneHot(in.get("labels"), p.dim(1));
        return Tensors.of("probabilities", Kinks.replaceWhere(reference, Double.NaN, p, onLabel,
                (yHat, label) -> yHat == 0 && label == 0));
    }

    /** softmax_cross_entropy(z, c) against cross_entropy_index(softmax(z), c), to 10⁻¹² relative. */
    static Verdict softmaxCrossEntropyIsIndexOfSoftmax(Evaluator engine, Tensors s) {
        Tensors viaSoftmax = Tensors.of("probabilities", Activations.softmax(s.get("logits")), "labels", s.get("labels"));
        // softmax rounds each probability (a few ulps); log turns that into an absolute error of a few u
        return Verdict.close("softmax_cross_entropy", loss(engine, "softmax_cross_entropy", s),
                loss(engine, "cross_entropy_index", viaSoftmax), 1e-14, 1e-12);
    }

    /** cost_objective's cost of the per-sample mse against the mse of the batch, to 10⁻¹³ relative. */
    static Verdict costIsMeanOfLosses(Evaluator engine, Tensors s) {
        Tensor yHat = s.get("prediction");
        Tensor y = s.get("target");
        double[] perSample = new double[yHat.size()];
        for (int i = 0; i < perSample.length; i++) {
            perSample[i] = engine.evaluate("mse", Tensors.of("prediction", Tensor.vector(yHat.at(i)),
                    "target", Tensor.vector(y.at(i))), LOSS).item();
        }
        double cost = engine.evaluate("cost_objective",
                Tensors.of("losses", Tensor.vector(perSample), "regularisation", 0.0), "cost").item();
        return Verdict.close("cost", cost, loss(engine, "mse", s), 0, 1e-13);
    }

    /** objective − cost = regularisation, to 10⁻¹³ relative. */
    static Verdict objectiveExceedsCost(Evaluator engine, Tensors s) {
        Tensors out = engine.evaluate("cost_objective", s);
        return Verdict.close("objective − cost", out.scalar("objective") - out.scalar("cost"),
                s.scalar("regularisation"), 1e-14, 1e-13);
    }
}

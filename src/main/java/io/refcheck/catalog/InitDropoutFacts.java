package io.refcheck.catalog;

import static io.refcheck.catalog.Facts.allNaN;

import io.refcheck.formulas.Dropout;
import io.refcheck.formulas.Sums;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * The facts of §G's entries (docs/catalog.md): statistical tests of gaussian_init's and dropout's draws at
 * significance {@link #ALPHA}, the bitwise symmetry of zero_init_symmetry, the errata's evidence and the
 * bad-input predicates longer than a line.
 */
final class InitDropoutFacts {
    private InitDropoutFacts() {
    }

    /** Significance level of every statistical fact here: a correct engine fails a try with probability 0.001. */
    static final double ALPHA = 0.001;

    /** Tries of each statistical fact: each try draws 10⁴–10⁵ numbers and runs a test on them. */
    static final int STATISTICAL_TRIES = 20;

    /** P(|Z| ≤ 3) for Z ~ N(0, 1) = erf(3/√2) = 0.99730020…; the sources' "99.73 %". */
    static final double WITHIN_THREE_SIGMA = Erf.erf(3 / Math.sqrt(2));

    /**
     * §I.6: which σ does S4's {@code randn * 0.01} have? 10⁵ draws of S4's recipe
     * ({@code java.util.Random(6).nextGaussian() * 0.01}, an RNG independent of gaussian_init's);
     * measure: |sample std − σ_reading| / σ_reading for the variance reading of "N~(0, 0.01)"
     * (σ = 0.1) and the standard-deviation reading (σ = 0.01).
     */
    static Erratum.Evidence gaussianEvidence() {
        Random r = new Random(6);
        double[] w = new double[100_000];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextGaussian() * 0.01;
        }
        double std = Math.sqrt(StatUtils.populationVariance(w, 0.0));
        return new Erratum.Evidence("|sample std − σ| / σ over 10^5 draws of S4's randn·0.01, σ = 0.1 (variance 0.01) vs σ = 0.01",
                Math.abs(std - 0.1) / 0.1, Math.abs(std - 0.01) / 0.01, 0.5, 0.01);
    }

    /**
     * Training: a dropped unit is 0, a kept one x/q (inverted) or x (classic); test: x (inverted)
     * or q·x (classic). The factor may be formed as 1/q and multiplied, so 2 ulp are allowed.
     */
    static Verdict rescalingVerdict(Evaluator engine, Tensors s, Dropout.Mode mode) {
        Tensor x = s.get("x");
        double q = 1 - s.scalar("p");
        Tensors train = engine.evaluate("dropout", s.with("training", 1.0));
        Tensor test = engine.evaluate("dropout", s.with("training", 0.0), "y");
        Tensor y = train.get("y");
        Tensor mask = train.get("mask");
        Verdict v = Verdict.holds();
        for (int i = 0; i < x.size(); i++) {
            double kept = mode == Dropout.Mode.INVERTED ? x.at(i) / q : x.at(i);
            double expected = mask.at(i) == 1 ? kept : 0;
            v = v.and(Verdict.close("training output " + i + " (mask " + mask.at(i) + ")", y.at(i), expected, 0, 4e-16));
            double atTest = mode == Dropout.Mode.INVERTED ? x.at(i) : q * x.at(i);
            v = v.and(Verdict.close("test output " + i, test.at(i), atTest, 0, 4e-16));
        }
        return v;
    }

    /**
     * §I.5: 10⁵ units of activation 1 + N(0, 0.1²) (seeded), p = 0.2, classic dropout. Measure:
     * |mean training output − mean test output| / |mean training output|, with the test output
     * scaled by p (the source's rule) and by q = 1 − p (corrected). The training mean estimates the
     * expected activation; the corrected gap is sampling error (≈ √(p/q)/√n ≈ 0.0016).
     */
    static Erratum.Evidence dropoutEvidence() {
        Random r = new Random(5);
        double[] x = new double[100_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1 + 0.1 * r.nextGaussian();
        }
        Tensor units = Tensor.vector(x);
        double p = 0.2;
        double train = Sums.mean(Dropout.dropout(units, p, Dropout.Mode.CLASSIC, true, 5).y().toArray());
        double corrected = Sums.mean(Dropout.dropout(units, p, Dropout.Mode.CLASSIC, false, 5).y().toArray());
        double seed = Sums.mean(units.map(v -> p * v).toArray());
        return new Erratum.Evidence("|mean training output − mean test output| / |mean training output|, classic dropout, p = 0.2, "
                + "10^5 units", Math.abs(train - seed) / Math.abs(train), Math.abs(train - corrected) / Math.abs(train), 0.1, 0.01);
    }

    // ---------------------------------------------------------------- gaussian_init

    /** About 99.73 % of the weights lie within 3σ: a two-sided binomial test of the count against P(|Z| ≤ 3). */
    static Verdict threeSigmaCoverage(Evaluator engine, Tensors s) {
        double sigma = s.scalar("sigma");
        Tensor w = engine.evaluate("gaussian_init", s, "W");
        int within = 0;
        for (int i = 0; i < w.size(); i++) {
            within += Math.abs(w.at(i)) <= 3 * sigma ? 1 : 0;
        }
        double p = new BinomialTest().binomialTest(w.size(), within, WITHIN_THREE_SIGMA, AlternativeHypothesis.TWO_SIDED);
        return Verdict.when(p > ALPHA, "%d of %d weights within 3σ (%.5f %%): binomial p-value %.3g <= %s",
                within, w.size(), 100.0 * within / w.size(), p, ALPHA);
    }

    /** The weights follow N(0, σ²): a Kolmogorov–Smirnov test against that distribution. */
    static Verdict weightsAreNormal(Evaluator engine, Tensors s) {
        double sigma = s.scalar("sigma");
        double[] w = engine.evaluate("gaussian_init", s, "W").toArray();
        double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new NormalDistribution(null, 0, sigma), w);
        return Verdict.when(p > ALPHA, "Kolmogorov–Smirnov p-value %.3g <= %s for %d weights, σ = %s",
                p, ALPHA, w.length, sigma);
    }

    /** Two evaluations with the same seed give the same W, and b is all zeros. */
    static Verdict seededWithZeroBiases(Evaluator engine, Tensors s) {
        Tensors first = engine.evaluate("gaussian_init", s);
        Tensors second = engine.evaluate("gaussian_init", s);
        Tensor b = first.get("b");
        boolean zero = true;
        for (int i = 0; i < b.size(); i++) {
            zero &= b.at(i) == 0;
        }
        return Verdict.when(first.get("W").equals(second.get("W")), "two draws with seed %s differ",
                s.scalar("seed")).and(Verdict.when(zero, "b is not zero: %s", b));
    }

    // ---------------------------------------------------------------- zero_init_symmetry

    /** After training from a symmetric start, every hidden unit's row of W1, bias and column of W2 equal unit 0's, bit for bit. */
    static Verdict symmetryKept(Evaluator engine, Tensors s) {
        Tensors out = engine.evaluate("zero_init_symmetry", s);
        Tensor w1 = out.get("W1");
        Tensor b1 = out.get("b1");
        Tensor w2 = out.get("W2");
        int n1 = w1.dim(0);
        Verdict v = Verdict.holds();
        for (int i = 1; i < n1; i++) {
            for (int j = 0; j < w1.dim(1); j++) {
                v = v.and(Verdict.when(w1.get(i, j) == w1.get(0, j),
                        "W1[%d][%d] = %s differs from W1[0][%d] = %s", i, j, w1.get(i, j), j, w1.get(0, j)));
            }
            v = v.and(Verdict.when(b1.at(i) == b1.at(0), "b1[%d] = %s differs from b1[0] = %s", i, b1.at(i), b1.at(0)));
            for (int k = 0; k < w2.dim(0); k++) {
                v = v.and(Verdict.when(w2.get(k, i) == w2.get(k, 0),
                        "W2[%d][%d] = %s differs from W2[%d][0] = %s", k, i, w2.get(k, i), k, w2.get(k, 0)));
            }
        }
        return v;
    }

    /**
     * Both layers drawn by gaussian_init (σ = 0.01, seeds s and s + 1), then trained by
     * zero_init_symmetry: no two rows of W1 are identical afterwards.
     */
    static Verdict symmetryBroken(Evaluator engine, Tensors s) {
        Tensor x = s.get("X");
        Tensor y = s.get("Y");
        double seed = s.scalar("seed");
        Tensors hiddenLayer = engine.evaluate("gaussian_init",
                Tensors.of("rows", s.get("n1"), "cols", x.dim(0), "sigma", 0.01, "seed", seed));
        Tensors outputLayer = engine.evaluate("gaussian_init",
                Tensors.of("rows", y.dim(0), "cols", s.get("n1"), "sigma", 0.01, "seed", seed + 1));
        Tensor w1 = engine.evaluate("zero_init_symmetry", Tensors.of("X", x, "Y", y,
                "W1", hiddenLayer.get("W"), "b1", hiddenLayer.get("b"), "W2", outputLayer.get("W"), "b2", outputLayer.get("b"),
                "lr", s.get("lr"), "steps", s.get("steps"), "hidden", s.get("hidden")), "W1");
        Verdict v = Verdict.holds();
        for (int i = 0; i < w1.dim(0); i++) {
            for (int k = i + 1; k < w1.dim(0); k++) {
                boolean same = true;
                for (int j = 0; j < w1.dim(1); j++) {
                    same &= w1.get(i, j) == w1.get(k, j);
                }
                v = v.and(Verdict.when(!same, "hidden units %d and %d are identical after training", i, k));
            }
        }
        return v;
    }

    /** A NaN input reaches every weight: W1 and W2 are all NaN. */
    static boolean weightsAllNaN(Tensors out) {
        return allNaN(out.get("W1")) && allNaN(out.get("W2"));
    }

    // ---------------------------------------------------------------- dropout

    /** E[training output] = test output: a one-sample t-test of the differences against 0. */
    static Verdict trainingMeanMatchesTest(Evaluator engine, Tensors s) {
        double[] train = engine.evaluate("dropout", s.with("training", 1.0), "y").toArray();
        double[] test = engine.evaluate("dropout", s.with("training", 0.0), "y").toArray();
        double[] difference = new double[train.length];
        for (int i = 0; i < train.length; i++) {
            difference[i] = train[i] - test[i];
        }
        double p = new TTest().tTest(0.0, difference);
        return Verdict.when(p > ALPHA, "mean training output %s vs mean test output %s over %d units: t-test p-value %.3g <= %s",
                Sums.mean(train), Sums.mean(test), train.length, p, ALPHA);
    }

    /** Each unit is kept with probability q = 1 − p: a two-sided binomial test of the kept count. */
    static Verdict keepRateIsQ(Evaluator engine, Tensors s) {
        Tensor mask = engine.evaluate("dropout", s.with("training", 1.0), "mask");
        int kept = 0;
        for (int i = 0; i < mask.size(); i++) {
            kept += mask.at(i) == 1 ? 1 : 0;
        }
        double q = 1 - s.scalar("p");
        double p = new BinomialTest().binomialTest(mask.size(), kept, q, AlternativeHypothesis.TWO_SIDED);
        return Verdict.when(p > ALPHA, "%d of %d units kept (rate %.5f, q = %.5f): binomial p-value %.3g <= %s",
                kept, mask.size(), (double) kept / mask.size(), q, p, ALPHA);
    }

    static Verdict invertedRescaling(Evaluator engine, Tensors s) {
        return rescalingVerdict(engine, s, Dropout.Mode.INVERTED);
    }

    static Verdict classicRescaling(Evaluator engine, Tensors s) {
        return rescalingVerdict(engine, s, Dropout.Mode.CLASSIC);
    }

    /** Two evaluations with the same seed give the same output and mask. */
    static Verdict dropoutIsSeeded(Evaluator engine, Tensors s) {
        return Verdict.when(engine.evaluate("dropout", s).equals(engine.evaluate("dropout", s)),
                "two evaluations with seed %s differ", s.scalar("seed"));
    }

    /** torch: ∞·(1/q) = ∞ where the unit is kept, ∞·0 = NaN where it is dropped. */
    static boolean infinityKeptOrNaN(Tensors out) {
        return out.get("mask").at(0) == 1 ? out.get("y").at(0) == Double.POSITIVE_INFINITY : Double.isNaN(out.get("y").at(0));
    }
}

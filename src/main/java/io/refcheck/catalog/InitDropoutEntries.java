package io.refcheck.catalog;

import ai.djl.ndarray.NDArray;
import io.refcheck.catalog.BadInput.Category;
import io.refcheck.formulas.Activation;
import io.refcheck.formulas.Backprop.TwoLayerParameters;
import io.refcheck.formulas.Dropout;
import io.refcheck.formulas.Initialisation;
import io.refcheck.formulas.Require;
import io.refcheck.formulas.Sums;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.apache.commons.math3.stat.inference.TTest;

/** docs/catalog.md §G, initialisation and dropout: gaussian_init, zero_init_symmetry, dropout. */
final class InitDropoutEntries {
    private InitDropoutEntries() {
    }

    /** Significance level of every statistical fact here: a correct engine fails a try with probability 0.001. */
    static final double ALPHA = 0.001;

    /** Tries of each statistical fact: each try draws 10⁴–10⁵ numbers and runs a test on them. */
    private static final int STATISTICAL_TRIES = 20;

    /** P(|Z| ≤ 3) for Z ~ N(0, 1) = erf(3/√2) = 0.99730020…; the sources' "99.73 %". */
    static final double WITHIN_THREE_SIGMA = Erf.erf(3 / Math.sqrt(2));

    /**
     * zero_init_symmetry's hidden activations, in the order its samples draw them (the Gaussian
     * fact draws from the first two).
     */
    private static final List<Activation> HIDDEN = List.of(Activation.TANH, Activation.SIGMOID, Activation.RELU);

    static List<Formula> entries() {
        return List.of(gaussianInit(), zeroInitSymmetry(), dropout());
    }

    // ---------------------------------------------------------------- gaussian_init

    private static Formula gaussianInit() {
        return Formula.define("gaussian_init", Family.INIT_DROPOUT).sources("S3", "S4")
                .formula("W ~ N(0, σ²) with σ = 0.01, b = 0; P(|w − μ| ≤ 3σ) = 0.9973")
                .input(Port.integerHyperparameter("rows", "n1, rows of W and entries of b: an integer ≥ 0"))
                .input(Port.integerHyperparameter("cols", "n0, columns of W: an integer ≥ 0"))
                .input(Port.hyperparameter("sigma", "standard deviation σ > 0 (S4: 0.01)"))
                .input(Port.integerHyperparameter("seed", "integer seed of Well19937c, |seed| ≤ 2^53"))
                .output("W", "[rows, cols]", "entries N(0, σ²), row-major draws of NormalDistribution over Well19937c(seed)")
                .output("b", "[rows, 1]", "zeros")
                .compute(in -> {
                    Initialisation.Layer layer = Initialisation.gaussian(in.scalar("rows"), in.scalar("cols"), in.scalar("sigma"),
                            in.scalar("seed"));
                    return Tensors.of("W", layer.W(), "b", layer.b());
                })
                .samples(Arbitraries.frequencyOf(
                        Tuple.of(10, Arbitraries.randomValue(r -> Tensors.of("rows", r.nextInt(31), "cols", r.nextInt(31),
                                "sigma", r.nextBoolean() ? 0.01 : Math.pow(10, -6 + 7 * r.nextDouble()), "seed", r.nextInt()))),
                        Tuple.of(1, Arbitraries.randomValue(r -> Tensors.of("rows", 300, "cols", 400, "sigma", 0.01, "seed", r.nextInt())))))
                .fact(Fact.sourceFact("about 99.73 % of the weights lie within 3σ (two-sided binomial test, α = 0.001)",
                        bigLayers(), (engine, s) -> {
                            double sigma = s.scalar("sigma");
                            Tensor w = engine.evaluate("gaussian_init", s, "W");
                            int within = 0;
                            for (int i = 0; i < w.size(); i++) {
                                within += Math.abs(w.at(i)) <= 3 * sigma ? 1 : 0;
                            }
                            double p = new BinomialTest().binomialTest(w.size(), within, WITHIN_THREE_SIGMA, AlternativeHypothesis.TWO_SIDED);
                            return Verdict.when(p > ALPHA, "%d of %d weights within 3σ (%.5f %%): binomial p-value %.3g <= %s",
                                    within, w.size(), 100.0 * within / w.size(), p, ALPHA);
                        }).withTries(STATISTICAL_TRIES))
                .fact(Fact.sourceFact("the weights follow N(0, σ²) (Kolmogorov–Smirnov test, α = 0.001)",
                        bigLayers(), (engine, s) -> {
                            double sigma = s.scalar("sigma");
                            double[] w = engine.evaluate("gaussian_init", s, "W").toArray();
                            double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new NormalDistribution(null, 0, sigma), w);
                            return Verdict.when(p > ALPHA, "Kolmogorov–Smirnov p-value %.3g <= %s for %d weights, σ = %s",
                                    p, ALPHA, w.length, sigma);
                        }).withTries(STATISTICAL_TRIES))
                .fact(Fact.definitional("gaussian_init is deterministic given its seed and its biases are zero",
                        Arbitraries.randomValue(r -> Tensors.of("rows", 1 + r.nextInt(8), "cols", 1 + r.nextInt(8),
                                "sigma", 0.01, "seed", r.nextInt())),
                        (engine, s) -> {
                            Tensors first = engine.evaluate("gaussian_init", s);
                            Tensors second = engine.evaluate("gaussian_init", s);
                            Tensor b = first.get("b");
                            boolean zero = true;
                            for (int i = 0; i < b.size(); i++) {
                                zero &= b.at(i) == 0;
                            }
                            return Verdict.when(first.get("W").equals(second.get("W")), "two draws with seed %s differ",
                                    s.scalar("seed")).and(Verdict.when(zero, "b is not zero: %s", b));
                        }))
                .erratum(new Erratum(6, "S3", "N~(0, 0.01) (read as N(μ, σ²): variance 0.01, σ = 0.1)",
                        "σ = 0.01, i.e. N(0, 0.01²), as S4's randn·0.01", InitDropoutEntries::gaussianEvidence))
                .bad(BadInput.rejects(Category.NAN, "σ = NaN (torch.normal: std must be >= 0)",
                        Tensors.of("rows", 2, "cols", 3, "sigma", Double.NaN, "seed", 1), "sigma", "must be > 0"))
                .bad(BadInput.rejects(Category.INFINITY, "σ = +∞", Tensors.of("rows", 2, "cols", 3, "sigma", Double.POSITIVE_INFINITY,
                        "seed", 1), "sigma", "finite"))
                .bad(BadInput.ieee(Category.EMPTY, "no rows", Tensors.of("rows", 0, "cols", 3, "sigma", 0.01, "seed", 1),
                        "torch.randn(0, 3) * 0.01 is an empty [0, 3] tensor",
                        out -> out.get("W").isEmpty() && out.get("W").dim(1) == 3 && out.get("b").isEmpty()))
                .bad(BadInput.rejects(Category.SHAPE, "negative number of rows (torch: negative dimension)",
                        Tensors.of("rows", -1, "cols", 3, "sigma", 0.01, "seed", 1), "rows", "integer >= 0"))
                .bad(BadInput.rejects(Category.SHAPE, "rows given as a vector",
                        Tensors.of("rows", Tensor.vector(2, 3), "cols", 3, "sigma", 0.01, "seed", 1), "rows", "scalar"))
                .bad(BadInput.rejects(Category.DOMAIN, "σ = 0 (no random initialisation)",
                        Tensors.of("rows", 2, "cols", 3, "sigma", 0.0, "seed", 1), "sigma", "must be > 0"))
                .bad(BadInput.rejects(Category.DOMAIN, "negative σ", Tensors.of("rows", 2, "cols", 3, "sigma", -0.01, "seed", 1),
                        "sigma", "must be > 0"))
                .bad(BadInput.rejects(Category.DOMAIN, "fractional seed", Tensors.of("rows", 2, "cols", 3, "sigma", 0.01, "seed", 0.5),
                        "seed", "integer"))
                .bad(BadInput.rejects(Category.DOMAIN, "fractional number of columns",
                        Tensors.of("rows", 2, "cols", 2.5, "sigma", 0.01, "seed", 1), "cols", "integer >= 0"))
                .example("no rows: W is an empty [0, 3] matrix and b an empty [0, 1] column",
                        Tensors.of("rows", 0, "cols", 3, "sigma", 0.01, "seed", 7),
                        Tensors.of("W", Tensor.zeros(0, 3), "b", Tensor.zeros(0, 1)), 0)
                .example("no inputs: W is an empty [3, 0] matrix, b the zero column of 3",
                        Tensors.of("rows", 3, "cols", 0, "sigma", 0.01, "seed", 7),
                        Tensors.of("W", Tensor.zeros(3, 0), "b", Tensor.zeros(3, 1)), 0)
                .example("the biases start at zero whatever the seed (b = 0 of S4; W is random and compared by its distribution)",
                        Tensors.of("rows", 4, "cols", 5, "sigma", 0.01, "seed", 123),
                        Tensors.of("b", Tensor.zeros(4, 1)), 0)
                .convention("Random numbers: W[i][j] = σ·z, z the (i·cols + j)-th nextGaussian() (Marsaglia polar) of commons-math3 "
                        + "Well19937c(seed); other engines draw other numbers, so only the distribution is comparable.")
                .convention("σ must be > 0: torch.normal rejects std < 0 and NaN, and gives zeros for std = 0.")
                .noPytorch("torch.randn(rows, cols) * sigma draws from PyTorch's own generator, not Well19937c: values cannot agree "
                        + "draw by draw; the distribution is checked by the §H facts (binomial 3σ coverage, Kolmogorov–Smirnov)")
                .noOnnx("RandomNormal draws from ONNX Runtime's own generator (its seed attribute seeds another algorithm than "
                        + "Well19937c), so no value can agree; the distribution is checked by the §H facts")
                .build();
    }

    /** Layers of 10⁵ weights (250 × 400) with σ = 0.01 or log-uniform in [10⁻⁶, 10), random seeds. */
    private static Arbitrary<Tensors> bigLayers() {
        return Arbitraries.randomValue(r -> Tensors.of("rows", 250, "cols", 400,
                "sigma", r.nextBoolean() ? 0.01 : Math.pow(10, -6 + 7 * r.nextDouble()), "seed", r.nextInt()));
    }

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

    // ---------------------------------------------------------------- zero_init_symmetry

    private static Formula zeroInitSymmetry() {
        return Formula.define("zero_init_symmetry", Family.INIT_DROPOUT).sources("S3", "S4")
                .formula("all-equal initial weights keep every hidden unit identical under gradient descent")
                .input(Port.fixed("X", "[n0, m]", "inputs, m ≥ 1 examples as columns"))
                .input(Port.fixed("Y", "[n2, m]", "targets in [0, 1]"))
                .input(Port.fixed("W1", "[n1, n0]", "initial hidden weights"))
                .input(Port.fixed("b1", "[n1, 1]", "initial hidden biases"))
                .input(Port.fixed("W2", "[n2, n1]", "initial output weights"))
                .input(Port.fixed("b2", "[n2, 1]", "initial output biases"))
                .input(Port.hyperparameter("lr", "learning rate > 0"))
                .input(Port.integerHyperparameter("steps", "number of gradient-descent steps, an integer ≥ 0"))
                .input(Port.integerHyperparameter("hidden", "hidden activation code: 1 sigmoid, 2 tanh, 3 relu (0, identity, is not one of S4's)"))
                .output("W1", "[n1, n0]", "hidden weights after training")
                .output("b1", "[n1, 1]", "hidden biases after training")
                .output("W2", "[n2, n1]", "output weights after training")
                .output("b2", "[n2, 1]", "output biases after training")
                .compute(in -> {
                    TwoLayerParameters p = Initialisation.gradientDescentTwoLayer(in.get("X"), in.get("Y"),
                            new TwoLayerParameters(in.get("W1"), in.get("b1"), in.get("W2"), in.get("b2")),
                            in.scalar("lr"), in.scalar("steps"), Activation.fromCode("hidden", in.get("hidden")).label());
                    return Tensors.of("W1", p.W1(), "b1", p.b1(), "W2", p.W2(), "b2", p.b2());
                })
                .samples(symmetricNets())
                .fact(Fact.sourceFact("all-equal initial weights keep every hidden unit identical, bit for bit, under gradient descent",
                        symmetricNets(), (engine, s) -> {
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
                        }))
                .fact(Fact.sourceFact("Gaussian initialisation (σ = 0.01) breaks the symmetry: hidden units stay different",
                        Arbitraries.randomValue(r -> {
                            Tensors data = data(r, 1 + r.nextInt(4), 2 + r.nextInt(10), 1 + r.nextInt(2));
                            return data.with("n1", 2 + r.nextInt(5)).with("lr", 0.1 + r.nextDouble()).with("steps", 1 + r.nextInt(10))
                                    .with("hidden", HIDDEN.get(r.nextInt(2)).code()).with("seed", r.nextInt(1 << 30));
                        }),
                        (engine, s) -> {
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
                        }))
                .bad(BadInput.ieee(Category.NAN, "NaN input", symmetricExample(0, 1).with("X",
                                Tensor.matrix(new double[] {Double.NaN, 1, 0, 2}, new double[] {1, 1, 1, 1})),
                        "torch: a NaN input reaches every weight gradient through the mean over examples",
                        out -> allNaN(out.get("W1")) && allNaN(out.get("W2"))))
                .bad(BadInput.ieee(Category.INFINITY, "+∞ input", symmetricExample(0.5, 1).with("X",
                                Tensor.matrix(new double[] {Double.POSITIVE_INFINITY, 1, 0, 2}, new double[] {1, 1, 1, 1})),
                        "torch: tanh'(∞)·∞ = 0·∞ = NaN in dW1 = dZ1 Xᵀ/m",
                        out -> Double.isNaN(out.get("W1").get(0, 0))))
                .bad(BadInput.ieee(Category.EMPTY, "no hidden units (n1 = 0)", symmetricExample(0, 1)
                                .with("W1", Tensor.zeros(0, 2)).with("b1", Tensor.zeros(0, 1)).with("W2", Tensor.zeros(1, 0)),
                        "torch: a Linear(2, 0) layer trains to empty weights; the output bias alone learns",
                        out -> out.get("W1").isEmpty() && out.get("W2").isEmpty() && out.get("b2").size() == 1))
                .bad(BadInput.rejects(Category.EMPTY, "no examples (m = 0)", symmetricExample(0, 1).with("X", Tensor.zeros(2, 0))
                        .with("Y", Tensor.zeros(1, 0)), "X", "at least one example"))
                .bad(BadInput.rejects(Category.SHAPE, "W2 with the wrong number of hidden units",
                        symmetricExample(0, 1).with("W2", Tensor.zeros(1, 2)), "W2", "shape [1, 3]"))
                .bad(BadInput.rejects(Category.SHAPE, "Y with a column fewer than X",
                        symmetricExample(0, 1).with("Y", Tensor.matrix(new double[] {1, 0, 1})), "Y", "one column per example"))
                .bad(BadInput.rejects(Category.DOMAIN, "learning rate 0", symmetricExample(0, 1).with("lr", 0.0), "lr", "must be > 0"))
                .bad(BadInput.rejects(Category.DOMAIN, "target 2 outside [0, 1]",
                        symmetricExample(0, 1).with("Y", Tensor.matrix(new double[] {1, 2, 0, 1})), "Y", "probability"))
                .bad(BadInput.rejects(Category.DOMAIN, "hidden activation code 0 (identity) is not one of S4's",
                        symmetricExample(0, 1).with("hidden", Activation.IDENTITY.code()), "hidden", "must be one of tanh, sigmoid, relu"))
                .bad(BadInput.rejects(Category.DOMAIN, "unknown hidden activation code 5", symmetricExample(0, 1).with("hidden", 5.0),
                        "hidden", "must be one of 0 (identity)"))
                .bad(BadInput.rejects(Category.DOMAIN, "negative number of steps", symmetricExample(0, 1).with("steps", -1.0),
                        "steps", "integer >= 0"))
                .example("tanh, all-zero start, one step with lr = 1 and Y = (1, 1, 0, 1): A1 = tanh(0) = 0 and W2 = 0 freeze W1, b1 "
                                + "and W2; b2 = −mean(σ(0) − Y) = −(0.5 − 0.75) = 0.25",
                        symmetricExample(0, 1),
                        Tensors.of("W1", Tensor.zeros(3, 2), "b1", Tensor.zeros(3, 1), "W2", Tensor.zeros(1, 3), "b2", Tensor.filled(0.25, 1, 1)),
                        0)
                .example("tanh, all-zero start, two steps: W1 never moves; b2 = 0.25 − (σ(0.25) − 0.75) = 1 − σ(0.25)",
                        symmetricExample(0, 1).with("steps", 2.0),
                        Tensors.of("W1", Tensor.zeros(3, 2), "b1", Tensor.zeros(3, 1), "W2", Tensor.zeros(1, 3),
                                "b2", Tensor.filled(1 - 1 / (1 + Math.exp(-0.25)), 1, 1)), 1e-15)
                .example("sigmoid, all-zero start, one step: A1 = σ(0) = 1/2, dW2 = mean(0.5 − Y)·1/2 = −0.125 for every hidden unit, "
                                + "so W2 = 0.125 everywhere and b2 = 0.25; dZ1 = W2ᵀdZ2 = 0 keeps W1 = 0",
                        symmetricExample(0, 1).with("hidden", Activation.SIGMOID.code()),
                        Tensors.of("W1", Tensor.zeros(3, 2), "b1", Tensor.zeros(3, 1), "W2", Tensor.filled(0.125, 1, 3),
                                "b2", Tensor.filled(0.25, 1, 1)), 0)
                .convention("Training is S4's: sigmoid output, mean binary cross-entropy, plain gradient descent on W1, b1, W2, b2 "
                        + "with the gradients of two_layer_vectorized; the symmetry check is bitwise, which holds for any engine "
                        + "that computes every hidden unit by the same arithmetic in the same order.")
                .convention("m = 0 examples is rejected (torch's mean BCE over no examples is NaN).")
                .noPytorch("a training loop of two_layer_vectorized gradients and gd_step, each compared with PyTorch on its own; "
                        + "the symmetry itself is a property checked bit for bit")
                .noOnnx("a training loop of `steps` rounds, a count known only at run time: ONNX says that only with a Loop around "
                        + "a body graph; its parts, two_layer_vectorized and gd_step, have ONNX forms of their own")
                .build();
    }

    /**
     * The worked-example net: X [2, 4], Y = (1, 1, 0, 1), 3 hidden units with all weights {@code c},
     * zero biases, lr = 1, the given number of steps, tanh.
     */
    private static Tensors symmetricExample(double c, double steps) {
        return Tensors.of("X", Tensor.matrix(new double[] {0.5, -1, 2, 0.25}, new double[] {1, 3, -0.5, 1}),
                "Y", Tensor.matrix(new double[] {1, 1, 0, 1}),
                "W1", Tensor.filled(c, 3, 2), "b1", Tensor.zeros(3, 1), "W2", Tensor.filled(c, 1, 3), "b2", Tensor.zeros(1, 1),
                "lr", 1.0, "steps", steps, "hidden", Activation.TANH.code());
    }

    private static boolean allNaN(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (!Double.isNaN(t.at(i))) {
                return false;
            }
        }
        return true;
    }

    /** X [n0, m] ~ N(0, 1) and Y [n2, m]: mostly 0/1 labels, sometimes soft targets in [0, 1]. */
    private static Tensors data(Random r, int n0, int m, int n2) {
        boolean soft = r.nextInt(4) == 0;
        return Tensors.of("X", matrix(r, n0, m, (rr, i) -> rr.nextGaussian()),
                "Y", matrix(r, n2, m, (rr, i) -> soft ? rr.nextDouble() : rr.nextInt(2)));
    }

    /**
     * Symmetric starts: every row of W1 the same row (all zero, a constant, or one random row), b1
     * constant, every row of W2 constant; b2 anything; any activation, 0–15 steps.
     */
    private static Arbitrary<Tensors> symmetricNets() {
        return Arbitraries.randomValue(r -> {
            int n0 = 1 + r.nextInt(4);
            int m = 1 + r.nextInt(12);
            int n1 = 1 + r.nextInt(6);
            int n2 = 1 + r.nextInt(2);
            Tensors data = data(r, n0, m, n2);
            int kind = r.nextInt(3);
            double[] row = new double[n0];
            for (int j = 0; j < n0; j++) {
                row[j] = kind == 0 ? 0 : (kind == 1 ? 0.01 : r.nextGaussian());
            }
            double[] w1 = new double[n1 * n0];
            for (int i = 0; i < n1; i++) {
                System.arraycopy(row, 0, w1, i * n0, n0);
            }
            double b1 = kind == 0 ? 0 : r.nextGaussian();
            double[] w2 = new double[n2 * n1];
            for (int k = 0; k < n2; k++) {
                double c = kind == 0 ? 0 : r.nextGaussian();
                for (int i = 0; i < n1; i++) {
                    w2[k * n1 + i] = c;
                }
            }
            return data.with("W1", Tensor.of(new int[] {n1, n0}, w1)).with("b1", Tensor.filled(b1, n1, 1))
                    .with("W2", Tensor.of(new int[] {n2, n1}, w2)).with("b2", matrix(r, n2, 1, (rr, i) -> rr.nextGaussian()))
                    .with("lr", 0.01 + 2 * r.nextDouble()).with("steps", r.nextInt(16)).with("hidden", HIDDEN.get(r.nextInt(3)).code());
        });
    }

    // ---------------------------------------------------------------- dropout

    private static Formula dropout() {
        return Formula.define("dropout", Family.INIT_DROPOUT).sources("S3")
                .formula("training: keep each unit with probability q = 1 − p; classic: test output × q; inverted: training output ÷ q, "
                        + "test unchanged")
                .input(Port.differentiable("x", "[...]", "activations, any shape"))
                .input(Port.hyperparameter("p", "drop probability in [0, 1) (torch.nn.Dropout's p)"))
                .input(Port.integerHyperparameter("mode", "0 inverted (PyTorch), 1 classic"))
                .input(Port.integerHyperparameter("training", "1 training, 0 test"))
                .input(Port.integerHyperparameter("seed", "integer seed of the mask (Well19937c), |seed| ≤ 2^53"))
                .output("y", "[...]", "the dropout output, the shape of x")
                .output("mask", "[...]", Port.Kind.INTEGER, "1 where the unit is kept, 0 where dropped; all ones at test time")
                .compute(in -> {
                    Dropout.Result d = Dropout.dropout(in.get("x"), in.scalar("p"), Dropout.Mode.ofCode(in.scalar("mode")),
                            Dropout.training(in.scalar("training")), in.scalar("seed"));
                    return Tensors.of("y", d.y(), "mask", d.mask());
                })
                .vjp((in, c) -> Tensors.of("x", Dropout.dropoutVjp(in.get("x"), in.scalar("p"), Dropout.Mode.ofCode(in.scalar("mode")),
                        Dropout.training(in.scalar("training")), in.scalar("seed"), c.get("y"))))
                .samples(Arbitraries.frequencyOf(
                        Tuple.of(12, Arbitraries.randomValue(r -> dropoutSample(r, tensorOfRandomShape(r, InitDropoutEntries::adversarial)))),
                        Tuple.of(1, Arbitraries.randomValue(r -> dropoutSample(r, matrix(r, 1, Samples.LONG, (rr, i) -> rr.nextGaussian()))))))
                .gradientSamples(Arbitraries.randomValue(r -> dropoutSample(r,
                        matrix(r, 1 + r.nextInt(6), 1 + r.nextInt(6), (rr, i) -> 3 * rr.nextGaussian()))))
                .fact(Fact.sourceFact("dropout keeps the expected activation equal between training and test "
                        + "(one-sample t-test of training minus test outputs, α = 0.001)", manyUnits(), (engine, s) -> {
                            double[] train = engine.evaluate("dropout", s.with("training", 1.0), "y").toArray();
                            double[] test = engine.evaluate("dropout", s.with("training", 0.0), "y").toArray();
                            double[] difference = new double[train.length];
                            for (int i = 0; i < train.length; i++) {
                                difference[i] = train[i] - test[i];
                            }
                            double p = new TTest().tTest(0.0, difference);
                            return Verdict.when(p > ALPHA, "mean training output %s vs mean test output %s over %d units: t-test p-value %.3g <= %s",
                                    Sums.mean(train), Sums.mean(test), train.length, p, ALPHA);
                        }).withTries(STATISTICAL_TRIES))
                .fact(Fact.sourceFact("dropout keeps each unit with probability q = 1 − p (two-sided binomial test, α = 0.001)",
                        manyUnits(), (engine, s) -> {
                            Tensor mask = engine.evaluate("dropout", s.with("training", 1.0), "mask");
                            int kept = 0;
                            for (int i = 0; i < mask.size(); i++) {
                                kept += mask.at(i) == 1 ? 1 : 0;
                            }
                            double q = 1 - s.scalar("p");
                            double p = new BinomialTest().binomialTest(mask.size(), kept, q, AlternativeHypothesis.TWO_SIDED);
                            return Verdict.when(p > ALPHA, "%d of %d units kept (rate %.5f, q = %.5f): binomial p-value %.3g <= %s",
                                    kept, mask.size(), (double) kept / mask.size(), q, p, ALPHA);
                        }).withTries(STATISTICAL_TRIES))
                .fact(Fact.definitional("inverted dropout divides every kept unit by the keep probability and leaves test outputs unchanged",
                        Arbitraries.randomValue(r -> dropoutSample(r, tensorOfRandomShape(r, (rr, i) -> 3 * rr.nextGaussian())).with("mode", 0.0)),
                        (engine, s) -> rescalingVerdict(engine, s, Dropout.Mode.INVERTED)))
                .fact(Fact.definitional("classic dropout keeps training units as they are and scales test outputs by the keep probability",
                        Arbitraries.randomValue(r -> dropoutSample(r, tensorOfRandomShape(r, (rr, i) -> 3 * rr.nextGaussian())).with("mode", 1.0)),
                        (engine, s) -> rescalingVerdict(engine, s, Dropout.Mode.CLASSIC)))
                .fact(Fact.definitional("dropout is deterministic given its seed",
                        Arbitraries.randomValue(r -> dropoutSample(r, tensorOfRandomShape(r, (rr, i) -> rr.nextGaussian())).with("training", 1.0)),
                        (engine, s) -> Verdict.when(engine.evaluate("dropout", s).equals(engine.evaluate("dropout", s)),
                                "two evaluations with seed %s differ", s.scalar("seed"))))
                .erratum(new Erratum(5, "S3", "classic dropout: multiply by p at test time (p the drop probability)",
                        "multiply by the keep probability q = 1 − p at test time (agrees with the seed only at p = 0.5)",
                        InitDropoutEntries::dropoutEvidence))
                .bad(BadInput.ieee(Category.NAN, "NaN activation, in training", dropoutInputs(Tensor.vector(Double.NaN, 1, 2), 0.5, 1),
                        "torch: input * (mask / q) is NaN whether the unit is kept or dropped (NaN·0 = NaN)",
                        out -> Double.isNaN(out.get("y").at(0))))
                .bad(BadInput.rejects(Category.NAN, "p = NaN (torch: dropout probability has to be between 0 and 1)",
                        dropoutInputs(Tensor.vector(1, 2), Double.NaN, 1), "p", "[0, 1)"))
                .bad(BadInput.ieee(Category.INFINITY, "+∞ activation, in training", dropoutInputs(Tensor.vector(Double.POSITIVE_INFINITY), 0.5, 1),
                        "torch: ∞·(1/q) = ∞ when kept, ∞·0 = NaN when dropped",
                        out -> out.get("mask").at(0) == 1 ? out.get("y").at(0) == Double.POSITIVE_INFINITY : Double.isNaN(out.get("y").at(0))))
                .bad(BadInput.ieee(Category.EMPTY, "no units", dropoutInputs(Tensor.zeros(0), 0.5, 1),
                        "torch: dropout of an empty tensor is empty", out -> out.get("y").isEmpty() && out.get("mask").isEmpty()))
                .bad(BadInput.rejects(Category.SHAPE, "p given as a vector", dropoutInputs(Tensor.vector(1, 2), 0.5, 1)
                        .with("p", Tensor.vector(0.5, 0.5)), "p", "scalar"))
                .bad(BadInput.rejects(Category.DOMAIN, "p = 1 (keep probability 0)", dropoutInputs(Tensor.vector(1, 2), 1.0, 1), "p", "[0, 1)"))
                .bad(BadInput.rejects(Category.DOMAIN, "p < 0", dropoutInputs(Tensor.vector(1, 2), -0.1, 1), "p", "[0, 1)"))
                .bad(BadInput.rejects(Category.DOMAIN, "unknown mode 2", dropoutInputs(Tensor.vector(1, 2), 0.5, 1).with("mode", 2.0),
                        "mode", "0 (inverted) or 1 (classic)"))
                .bad(BadInput.rejects(Category.DOMAIN, "training flag 0.5", dropoutInputs(Tensor.vector(1, 2), 0.5, 0.5),
                        "training", "1 (training) or 0 (test)"))
                .bad(BadInput.rejects(Category.DOMAIN, "fractional seed", dropoutInputs(Tensor.vector(1, 2), 0.5, 1).with("seed", 1.5),
                        "seed", "integer"))
                .example("p = 0 drops nothing: q = 1, every unit kept and divided by 1",
                        Tensors.of("x", Tensor.vector(1, -2, 3.5), "p", 0.0, "mode", 0, "training", 1, "seed", 11),
                        Tensors.of("y", Tensor.vector(1, -2, 3.5), "mask", Tensor.vector(1, 1, 1)), 0)
                .example("classic dropout at test time with p = 1/4 multiplies by q = 3/4: (1, −2, 4) → (0.75, −1.5, 3)",
                        Tensors.of("x", Tensor.vector(1, -2, 4), "p", 0.25, "mode", 1, "training", 0, "seed", 11),
                        Tensors.of("y", Tensor.vector(0.75, -1.5, 3), "mask", Tensor.vector(1, 1, 1)), 0)
                .example("inverted dropout at test time is the identity",
                        Tensors.of("x", Tensor.matrix(new double[] {1, -2}, new double[] {0.1, 7}), "p", 0.25, "mode", 0, "training", 0,
                                "seed", 11),
                        Tensors.of("y", Tensor.matrix(new double[] {1, -2}, new double[] {0.1, 7}), "mask", Tensor.filled(1, 2, 2)), 0)
                .convention("p is the DROP probability, as torch.nn.Dropout(p); the keep probability is q = 1 − p.")
                .convention("p = 1 is rejected: torch accepts it and returns x·0, but the inverted factor 1/q is undefined at q = 0.")
                .convention("The mask comes from Well19937c(seed).nextDouble() < q, row-major; other engines draw other masks, "
                        + "so only its rate and the scaling are comparable. A dropped unit is x·0 (NaN for NaN or ±∞ x), as torch.")
                .pytorch("g = int(seed); torch.manual_seed(g); y = F.dropout(x, p, training == 1); torch.manual_seed(g); "
                        + "mask = (F.dropout(torch.ones_like(x), p, training == 1) != 0).to(x.dtype); "
                        + "{'y': y if mode == 0 else (x * mask if training == 1 else x * (1 - p)), 'mask': mask}",
                        InitDropoutEntries::torchDropout)
                .byContract(DropoutContract.contract())
                .noOnnx("training mode draws a random mask: Dropout(training_mode=1) uses ONNX Runtime's generator, not Well19937c, so "
                        + "masks cannot agree element by element; its contract is checked by the §H facts")
                .build();
    }

    /**
     * PyTorch's dropout through DJL, seeded by the entry's seed so that evaluating and
     * differentiating the same inputs draw the same mask: inverted is F.dropout itself; classic
     * (which PyTorch lacks) multiplies by the mask of the same draw in training and by q at test.
     */
    private static Map<String, NDArray> torchDropout(Map<String, NDArray> in) {
        NDArray x = in.get("x");
        double p = TorchForm.scalar(in.get("p"));
        boolean training = Dropout.training(TorchForm.scalar(in.get("training")));
        Torch.Dropped draw = Torch.seededDropout(x, p, training, (long) TorchForm.scalar(in.get("seed")));
        NDArray y = switch (Dropout.Mode.ofCode(TorchForm.scalar(in.get("mode")))) {
            case INVERTED -> draw.y();
            case CLASSIC -> training ? x.mul(draw.mask()) : x.mul(1 - p);
        };
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("y", y);
        out.put("mask", draw.mask());
        return out;
    }

    /** A valid dropout sample around x: p from {0, 0.2, 0.5, uniform [0, 0.999), 1 − 10⁻¹²}, any mode and flag. */
    private static Tensors dropoutSample(Random r, Tensor x) {
        double p = switch (r.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 0.2;
            case 2 -> 0.5;
            case 3 -> 1 - 1e-12;
            default -> 0.999 * r.nextDouble();
        };
        return Tensors.of("x", x, "p", p, "mode", r.nextInt(2), "training", r.nextInt(2), "seed", r.nextInt());
    }

    private static Tensors dropoutInputs(Tensor x, double p, double training) {
        return Tensors.of("x", x, "p", p, "mode", 0, "training", training, "seed", 3);
    }

    /** 10⁴ units around a random level a ∈ [−5, 5] (x_i = a + N(0, 1)), p ∈ [0.05, 0.95], either mode. */
    private static Arbitrary<Tensors> manyUnits() {
        return Arbitraries.randomValue(r -> {
            double level = -5 + 10 * r.nextDouble();
            return Tensors.of("x", matrix(r, 100, 100, (rr, i) -> level + rr.nextGaussian()), "p", 0.05 + 0.9 * r.nextDouble(),
                    "mode", r.nextInt(2), "training", 1, "seed", r.nextInt());
        });
    }

    /**
     * Training: a dropped unit is 0, a kept one x/q (inverted) or x (classic); test: x (inverted)
     * or q·x (classic). The factor may be formed as 1/q and multiplied, so 2 ulp are allowed.
     */
    private static Verdict rescalingVerdict(Evaluator engine, Tensors s, Dropout.Mode mode) {
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

    // ---------------------------------------------------------------- shared sample pieces


    private static Tensor matrix(Random r, int rows, int cols, Samples.Entry e) {
        return Samples.matrix(r, rows, cols, e);
    }

    /** A vector of up to 20, a matrix up to 6×6 or a scalar. */
    private static Tensor tensorOfRandomShape(Random r, Samples.Entry e) {
        return switch (r.nextInt(5)) {
            case 0 -> Tensor.scalar(e.next(r, 0));
            case 1, 2 -> Samples.vector(r, 1 + r.nextInt(20), e);
            default -> matrix(r, 1 + r.nextInt(6), 1 + r.nextInt(6), e);
        };
    }

    /** Ordinary N(0, 3²) values mixed with ±1000, exact zeros and tiny magnitudes. */
    private static double adversarial(Random r, int i) {
        return switch (r.nextInt(10)) {
            case 0 -> (r.nextBoolean() ? 1000 : -1000) * r.nextDouble();
            case 1 -> 0;
            case 2 -> 1e-300 * r.nextGaussian();
            default -> 3 * r.nextGaussian();
        };
    }
}

package io.refcheck.catalog;

import static io.refcheck.catalog.InitDropoutFacts.STATISTICAL_TRIES;
import static io.refcheck.catalog.InitDropoutSamples.bigLayers;
import static io.refcheck.catalog.InitDropoutSamples.dropoutGradientSamples;
import static io.refcheck.catalog.InitDropoutSamples.dropoutInputs;
import static io.refcheck.catalog.InitDropoutSamples.dropoutSamples;
import static io.refcheck.catalog.InitDropoutSamples.dropoutsInMode;
import static io.refcheck.catalog.InitDropoutSamples.gaussianInitSamples;
import static io.refcheck.catalog.InitDropoutSamples.gaussianNets;
import static io.refcheck.catalog.InitDropoutSamples.manyUnits;
import static io.refcheck.catalog.InitDropoutSamples.smallLayers;
import static io.refcheck.catalog.InitDropoutSamples.symmetricExample;
import static io.refcheck.catalog.InitDropoutSamples.symmetricNets;
import static io.refcheck.catalog.InitDropoutSamples.trainingDropouts;

import io.refcheck.catalog.BadInput.Category;
import io.refcheck.formulas.Activation;
import io.refcheck.formulas.Backprop.TwoLayerParameters;
import io.refcheck.formulas.Dropout;
import io.refcheck.formulas.Initialisation;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.List;

/** docs/catalog.md §G, initialisation and dropout: gaussian_init, zero_init_symmetry, dropout. */
final class InitDropoutEntries {
    private InitDropoutEntries() {
    }

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
                .compute(InitDropoutEntries::computeGaussianInit)
                .samples(gaussianInitSamples())
                .fact(Fact.sourceFact("about 99.73 % of the weights lie within 3σ (two-sided binomial test, α = 0.001)",
                        bigLayers(), InitDropoutFacts::threeSigmaCoverage).withTries(STATISTICAL_TRIES))
                .fact(Fact.sourceFact("the weights follow N(0, σ²) (Kolmogorov–Smirnov test, α = 0.001)",
                        bigLayers(), InitDropoutFacts::weightsAreNormal).withTries(STATISTICAL_TRIES))
                .fact(Fact.definitional("gaussian_init is deterministic given its seed and its biases are zero",
                        smallLayers(), InitDropoutFacts::seededWithZeroBiases))
                .erratum(new Erratum(6, "S3", "N~(0, 0.01) (read as N(μ, σ²): variance 0.01, σ = 0.1)",
                        "σ = 0.01, i.e. N(0, 0.01²), as S4's randn·0.01", InitDropoutFacts::gaussianEvidence))
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

    /** W [rows, cols] of N(0, σ²) draws of Well19937c(seed), row-major, and b = 0 [rows, 1]. */
    private static Tensors computeGaussianInit(Tensors in) {
        Initialisation.Layer layer = Initialisation.gaussian(in.scalar("rows"), in.scalar("cols"), in.scalar("sigma"),
                in.scalar("seed"));
        return Tensors.of("W", layer.W(), "b", layer.b());
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
                .compute(InitDropoutEntries::computeZeroInitSymmetry)
                .samples(symmetricNets())
                .fact(Fact.sourceFact("all-equal initial weights keep every hidden unit identical, bit for bit, under gradient descent",
                        symmetricNets(), InitDropoutFacts::symmetryKept))
                .fact(Fact.sourceFact("Gaussian initialisation (σ = 0.01) breaks the symmetry: hidden units stay different",
                        gaussianNets(), InitDropoutFacts::symmetryBroken))
                .bad(BadInput.ieee(Category.NAN, "NaN input", symmetricExample(0, 1).with("X",
                                Tensor.matrix(new double[] {Double.NaN, 1, 0, 2}, new double[] {1, 1, 1, 1})),
                        "torch: a NaN input reaches every weight gradient through the mean over examples",
                        InitDropoutFacts::weightsAllNaN))
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

    /** W1, b1, W2, b2 after {@code steps} steps of gradient descent on the mean binary cross-entropy of S4's two-layer net. */
    private static Tensors computeZeroInitSymmetry(Tensors in) {
        TwoLayerParameters p = Initialisation.gradientDescentTwoLayer(in.get("X"), in.get("Y"),
                new TwoLayerParameters(in.get("W1"), in.get("b1"), in.get("W2"), in.get("b2")),
                in.scalar("lr"), in.scalar("steps"), Activation.fromCode("hidden", in.get("hidden")).label());
        return Tensors.of("W1", p.W1(), "b1", p.b1(), "W2", p.W2(), "b2", p.b2());
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
                .compute(InitDropoutEntries::computeDropout)
                .vjp((in, c) -> Tensors.of("x", Dropout.dropoutVjp(in.get("x"), in.scalar("p"), Dropout.Mode.ofCode(in.scalar("mode")),
                        Dropout.training(in.scalar("training")), in.scalar("seed"), c.get("y"))))
                .samples(dropoutSamples())
                .gradientSamples(dropoutGradientSamples())
                .fact(Fact.sourceFact("dropout keeps the expected activation equal between training and test "
                        + "(one-sample t-test of training minus test outputs, α = 0.001)", manyUnits(),
                        InitDropoutFacts::trainingMeanMatchesTest).withTries(STATISTICAL_TRIES))
                .fact(Fact.sourceFact("dropout keeps each unit with probability q = 1 − p (two-sided binomial test, α = 0.001)",
                        manyUnits(), InitDropoutFacts::keepRateIsQ).withTries(STATISTICAL_TRIES))
                .fact(Fact.definitional("inverted dropout divides every kept unit by the keep probability and leaves test outputs unchanged",
                        dropoutsInMode(0), InitDropoutFacts::invertedRescaling))
                .fact(Fact.definitional("classic dropout keeps training units as they are and scales test outputs by the keep probability",
                        dropoutsInMode(1), InitDropoutFacts::classicRescaling))
                .fact(Fact.definitional("dropout is deterministic given its seed",
                        trainingDropouts(), InitDropoutFacts::dropoutIsSeeded))
                .erratum(new Erratum(5, "S3", "classic dropout: multiply by p at test time (p the drop probability)",
                        "multiply by the keep probability q = 1 − p at test time (agrees with the seed only at p = 0.5)",
                        InitDropoutFacts::dropoutEvidence))
                .bad(BadInput.ieee(Category.NAN, "NaN activation, in training", dropoutInputs(Tensor.vector(Double.NaN, 1, 2), 0.5, 1),
                        "torch: input * (mask / q) is NaN whether the unit is kept or dropped (NaN·0 = NaN)",
                        out -> Double.isNaN(out.get("y").at(0))))
                .bad(BadInput.rejects(Category.NAN, "p = NaN (torch: dropout probability has to be between 0 and 1)",
                        dropoutInputs(Tensor.vector(1, 2), Double.NaN, 1), "p", "[0, 1)"))
                .bad(BadInput.ieee(Category.INFINITY, "+∞ activation, in training", dropoutInputs(Tensor.vector(Double.POSITIVE_INFINITY), 0.5, 1),
                        "torch: ∞·(1/q) = ∞ when kept, ∞·0 = NaN when dropped",
                        InitDropoutFacts::infinityKeptOrNaN))
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
                        InitDropoutForms::torchDropout)
                .byContract(DropoutContract.contract())
                .noOnnx("training mode draws a random mask: Dropout(training_mode=1) uses ONNX Runtime's generator, not Well19937c, so "
                        + "masks cannot agree element by element; its contract is checked by the §H facts")
                .build();
    }

    /** y = x ⊙ s, s = m/q (inverted) or m (classic) in training, 1 or q at test; m the keep mask, q = 1 − p. */
    private static Tensors computeDropout(Tensors in) {
        Dropout.Result d = Dropout.dropout(in.get("x"), in.scalar("p"), Dropout.Mode.ofCode(in.scalar("mode")),
                Dropout.training(in.scalar("training")), in.scalar("seed"));
        return Tensors.of("y", d.y(), "mask", d.mask());
    }
}

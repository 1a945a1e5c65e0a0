package io.refcheck.catalog;

import ai.djl.ndarray.NDArray;
import io.refcheck.catalog.BadInput.Category;
import io.refcheck.formulas.FiniteDifferences;
import io.refcheck.formulas.Optimisers;
import io.refcheck.formulas.Require;
import io.refcheck.formulas.Sums;
import io.refcheck.onnx.OnnxGraph;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** docs/catalog.md §F, optimisation: gd_step, minibatch_gradient, l1/l2_regularization, weight_decay_step, adam_step. */
final class OptimisationEntries {
    private OptimisationEntries() {
    }

    private static final double U = Dtype.FLOAT64.unitRoundoff();

    static List<Formula> entries() {
        return List.of(gdStep(), minibatchGradient(), l1Regularization(), l2Regularization(), weightDecayStep(), adamStep());
    }

    // ---------------------------------------------------------------- gd_step

    private static Formula gdStep() {
        return Formula.define("gd_step", Family.OPTIMISATION).sources("S0", "S2", "S3", "S4")
                .formula("θ ← θ − α ∂L/∂θ")
                .input(Port.differentiable("theta", "[...]", "parameters θ, any shape"))
                .input(Port.differentiable("grad", "[...]", "∂L/∂θ, the shape of θ"))
                .input(Port.hyperparameter("lr", "learning rate α > 0"))
                .output("theta", "[...]", "θ after one step, the shape of θ")
                .compute(in -> Tensors.of("theta", Optimisers.gdStep(in.get("theta"), in.get("grad"), in.scalar("lr"))))
                .vjp((in, c) -> {
                    Optimisers.StepGradients g = Optimisers.gdStepVjp(c.get("theta"), in.scalar("lr"));
                    return Tensors.of("theta", g.parameters(), "grad", g.gradient());
                })
                .samples(Arbitraries.randomValue(r -> {
                    int[] shape = shape(r);
                    return Tensors.of("theta", tensor(r, shape, OptimisationEntries::adversarial),
                            "grad", tensor(r, shape, OptimisationEntries::adversarial), "lr", learningRate(r));
                }))
                .gradientSamples(Arbitraries.randomValue(r -> {
                    int[] shape = smallShape(r);
                    return Tensors.of("theta", tensor(r, shape, Samples.gaussian(3)), "grad", tensor(r, shape, Samples.gaussian(3)),
                            "lr", 1e-3 + r.nextDouble());
                }))
                .fact(Fact.definitional("a gradient step on ½‖θ − θ*‖² multiplies the loss by (1 − α)²",
                        Arbitraries.randomValue(r -> {
                            int[] shape = smallShape(r);
                            return Tensors.of("theta", tensor(r, shape, Samples.gaussian(2)),
                                    "target", tensor(r, shape, Samples.gaussian(2)), "lr", 0.05 + 1.9 * r.nextDouble());
                        }),
                        (engine, s) -> {
                            Tensor theta = s.get("theta");
                            Tensor target = s.get("target");
                            double lr = s.scalar("lr");
                            Tensor grad = theta.zip(target, (a, b) -> a - b);
                            Tensor next = engine.evaluate("gd_step", Tensors.of("theta", theta, "grad", grad, "lr", lr), "theta");
                            double before = halfSquaredDistance(theta, target);
                            double after = halfSquaredDistance(next, target);
                            return Verdict.close("loss after the step", after, (1 - lr) * (1 - lr) * before, 1e-300, 1e-9);
                        }))
                .bad(BadInput.ieee(Category.NAN, "NaN in grad", Tensors.of("theta", Tensor.vector(1, 2), "grad",
                                Tensor.vector(Double.NaN, 1), "lr", 0.1),
                        "torch.optim.SGD: NaN gradients propagate into the parameters",
                        out -> Double.isNaN(out.get("theta").at(0)) && out.get("theta").at(1) == 2 - 0.1))
                .bad(BadInput.ieee(Category.INFINITY, "+∞ in grad", Tensors.of("theta", Tensor.vector(1, 2), "grad",
                                Tensor.vector(Double.POSITIVE_INFINITY, 1), "lr", 0.1),
                        "torch.optim.SGD: θ − α·∞ = −∞",
                        out -> out.get("theta").at(0) == Double.NEGATIVE_INFINITY))
                .bad(BadInput.ieee(Category.EMPTY, "empty θ and gradient", Tensors.of("theta", Tensor.zeros(0), "grad",
                                Tensor.zeros(0), "lr", 0.1),
                        "torch.optim.SGD steps an empty parameter to an empty parameter",
                        out -> out.get("theta").isEmpty() && out.get("theta").rank() == 1))
                .bad(BadInput.rejects(Category.SHAPE, "gradient of another shape", Tensors.of("theta", Tensor.vector(1, 2),
                        "grad", Tensor.vector(1, 2, 3), "lr", 0.1), "grad", "must equal the shape of theta"))
                .bad(BadInput.rejects(Category.DOMAIN, "learning rate 0", Tensors.of("theta", Tensor.vector(1, 2),
                        "grad", Tensor.vector(1, 2), "lr", 0.0), "lr", "must be > 0"))
                .bad(BadInput.rejects(Category.DOMAIN, "negative learning rate", Tensors.of("theta", Tensor.vector(1, 2),
                        "grad", Tensor.vector(1, 2), "lr", -0.1), "lr", "must be > 0"))
                .example("θ = (1, 2), ∂L/∂θ = (0.5, −1), α = 0.1: θ − α g = (0.95, 2.1)",
                        Tensors.of("theta", Tensor.vector(1, 2), "grad", Tensor.vector(0.5, -1), "lr", 0.1),
                        Tensors.of("theta", Tensor.vector(0.95, 2.1)), 1e-15)
                .example("a zero gradient leaves θ where it is",
                        Tensors.of("theta", Tensor.matrix(new double[] {3, -4}, new double[] {0, 7}), "grad", Tensor.zeros(2, 2), "lr", 0.5),
                        Tensors.of("theta", Tensor.matrix(new double[] {3, -4}, new double[] {0, 7})), 0)
                .convention("torch.optim.SGD accepts lr = 0 (a step that does not move); here the learning rate must be > 0.")
                .pytorch("theta.add(grad, alpha=-lr)",
                        TorchForm.single("theta", in -> in.get("theta").sub(in.get("grad").mul(TorchForm.scalar(in.get("lr"))))))
                .onnx("Sub(theta, Mul(lr, grad)), output theta_new", g -> g.output("theta", g.sub(g.input("theta"), g.mul(g.input("lr"), g.input("grad")))))
                .build();
    }

    private static double halfSquaredDistance(Tensor a, Tensor b) {
        double[] d = a.zip(b, (x, y) -> x - y).toArray();
        return 0.5 * Sums.dot(d, d);
    }

    // ---------------------------------------------------------------- minibatch_gradient

    private static Formula minibatchGradient() {
        return Formula.define("minibatch_gradient", Family.OPTIMISATION).sources("S2")
                .formula("∇L ≈ (1/|B|) Σ_(i∈B) ∇L_i")
                .input(Port.differentiable("grads", "[N, P]", "per-example gradients ∇L_i as rows"))
                .input(Port.integers("batch", "[B]", "the batch B: distinct integer row indices in [0, N)"))
                .output("g", "[P]", "the batch-mean gradient")
                .compute(in -> Tensors.of("g", Optimisers.minibatchGradient(in.get("grads"), in.get("batch"))))
                .vjp((in, c) -> Tensors.of("grads", Optimisers.minibatchGradientVjp(in.get("grads"), in.get("batch"), c.get("g"))))
                .samples(Arbitraries.frequencyOf(
                        Tuple.of(10, Arbitraries.randomValue(r -> {
                            int n = 1 + r.nextInt(40);
                            return Tensors.of("grads", tensor(r, new int[] {n, 1 + r.nextInt(6)}, OptimisationEntries::adversarial),
                                    "batch", subset(r, n));
                        })),
                        Tuple.of(1, Arbitraries.randomValue(r -> {
                            // a long batch of values of very different magnitudes: naive summation loses the small ones
                            int n = Samples.LONG;
                            Tensor grads = tensor(r, new int[] {n, 1}, (rr, i) -> switch (i % 3) {
                                case 0 -> 1e8 * (1 + rr.nextDouble());
                                case 1 -> -1e8 * (1 + rr.nextDouble());
                                default -> rr.nextGaussian();
                            });
                            return Tensors.of("grads", grads, "batch", subset(r, n));
                        }))))
                .gradientSamples(Arbitraries.randomValue(r -> {
                    int n = 1 + r.nextInt(20);
                    return Tensors.of("grads", tensor(r, new int[] {n, 1 + r.nextInt(5)}, Samples.gaussian(3)), "batch", subset(r, n));
                }))
                .fact(Fact.sourceFact("the mean of mini-batch gradients over a partition into equal batches equals the full gradient",
                        partitions(true), (engine, s) -> partitionVerdict(engine, s, false)))
                .fact(Fact.sourceFact("the |B|-weighted mean of mini-batch gradients over any partition equals the full gradient",
                        partitions(false), (engine, s) -> partitionVerdict(engine, s, true)))
                .bad(BadInput.ieee(Category.NAN, "NaN in a row of the batch",
                        Tensors.of("grads", Tensor.matrix(new double[] {Double.NaN, 1}, new double[] {2, 3}), "batch", Tensor.vector(0, 1)),
                        "torch: grads[idx].mean(0) propagates NaN in the coordinates it touches",
                        out -> Double.isNaN(out.get("g").at(0)) && out.get("g").at(1) == 2))
                .bad(BadInput.ieee(Category.NAN, "NaN in a row outside the batch",
                        Tensors.of("grads", Tensor.matrix(new double[] {Double.NaN, 1}, new double[] {2, 3}), "batch", Tensor.vector(1)),
                        "torch: rows outside the batch are not read",
                        out -> out.get("g").equals(Tensor.vector(2, 3))))
                .bad(BadInput.ieee(Category.INFINITY, "+∞ and −∞ in one coordinate of the batch",
                        Tensors.of("grads", Tensor.matrix(new double[] {Double.POSITIVE_INFINITY, 1}, new double[] {Double.NEGATIVE_INFINITY, 3}),
                                "batch", Tensor.vector(0, 1)),
                        "torch: ∞ + (−∞) = NaN in that coordinate",
                        out -> Double.isNaN(out.get("g").at(0)) && out.get("g").at(1) == 2))
                .bad(BadInput.ieee(Category.EMPTY, "empty batch",
                        Tensors.of("grads", Tensor.matrix(new double[] {1, 2}), "batch", Tensor.zeros(0)),
                        "torch: the mean over an empty index set is NaN (0/0) in every coordinate",
                        out -> out.get("g").size() == 2 && Double.isNaN(out.get("g").at(0)) && Double.isNaN(out.get("g").at(1)))
                        .deviatesOn(OnnxRuntimeDeviations.meanOfNothingIsZero("g")))
                .bad(BadInput.ieee(Category.EMPTY, "gradients with no coordinates (P = 0)",
                        Tensors.of("grads", Tensor.zeros(3, 0), "batch", Tensor.vector(0, 2)),
                        "torch: an empty gradient averages to an empty gradient",
                        out -> out.get("g").isEmpty()))
                .bad(BadInput.rejects(Category.SHAPE, "grads as a vector",
                        Tensors.of("grads", Tensor.vector(1, 2), "batch", Tensor.vector(0)), "grads", "rank 2"))
                .bad(BadInput.rejects(Category.SHAPE, "batch as a matrix",
                        Tensors.of("grads", Tensor.zeros(2, 2), "batch", Tensor.zeros(1, 1)), "batch", "rank 1"))
                .bad(BadInput.rejects(Category.DOMAIN, "batch index out of range",
                        Tensors.of("grads", Tensor.zeros(2, 2), "batch", Tensor.vector(0, 2)), "batch", "integer in [0, 2)"))
                .bad(BadInput.rejects(Category.DOMAIN, "repeated batch index",
                        Tensors.of("grads", Tensor.zeros(3, 2), "batch", Tensor.vector(1, 1)), "batch", "distinct"))
                .bad(BadInput.rejects(Category.DOMAIN, "fractional batch index",
                        Tensors.of("grads", Tensor.zeros(3, 2), "batch", Tensor.vector(0.5)), "batch", "integer"))
                .example("rows (1, 2), (3, 4), (5, 6), batch {0, 2}: mean of (1, 2) and (5, 6) = (3, 4)",
                        Tensors.of("grads", Tensor.matrix(new double[] {1, 2}, new double[] {3, 4}, new double[] {5, 6}), "batch", Tensor.vector(0, 2)),
                        Tensors.of("g", Tensor.vector(3, 4)), 1e-15)
                .example("a batch of one example is that example's gradient",
                        Tensors.of("grads", Tensor.matrix(new double[] {1, 2}, new double[] {-7, 0.25}), "batch", Tensor.vector(1)),
                        Tensors.of("g", Tensor.vector(-7, 0.25)), 0)
                .example("the batch B = {0, …, N−1} gives the full gradient (1/N) Σ ∇L_i: (1 + 2 + 6)/3 = 3",
                        Tensors.of("grads", Tensor.matrix(new double[] {1}, new double[] {2}, new double[] {6}), "batch", Tensor.vector(2, 0, 1)),
                        Tensors.of("g", Tensor.vector(3)), 1e-15)
                .convention("An empty batch gives NaN (0/0), as torch's mean over an empty index; indices must be distinct (B is a set).")
                .pytorch("grads[batch].mean(dim=0)",
                        TorchForm.single("g", in -> in.get("grads").get(Torch.indices(in.get("batch"))).mean(new int[] {0})))
                .onnx("ReduceMean(Gather(grads, batch, axis 0), axis 0), batch INT64",
                        g -> g.output("g", g.mean(g.gather(g.input("grads"), g.index("batch"), 0), 0)))
                .build();
    }

    /**
     * Samples for the partition facts: grads [N, P] and "batch_of" [N], the batch label of each
     * row in [0, k). Equal: k batches of b rows each; otherwise k batches of random sizes ≥ 1.
     */
    private static Arbitrary<Tensors> partitions(boolean equalSizes) {
        return Arbitraries.randomValue(r -> {
            int k = 1 + r.nextInt(8);
            int[] sizes = new int[k];
            int n = 0;
            int b = 1 + r.nextInt(8);
            for (int j = 0; j < k; j++) {
                sizes[j] = equalSizes ? b : 1 + r.nextInt(12);
                n += sizes[j];
            }
            double[] labels = new double[n];
            int at = 0;
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < sizes[j]; i++) {
                    labels[at++] = j;
                }
            }
            shuffle(r, labels);
            Tensor grads = tensor(r, new int[] {n, 1 + r.nextInt(5)}, (rr, i) -> rr.nextInt(6) == 0
                    ? 1000 * rr.nextGaussian() : rr.nextGaussian());
            return Tensors.of("grads", grads, "batch_of", Tensor.vector(labels));
        });
    }

    /** Full gradient vs the (plain or |B|-weighted) mean of the batch gradients, all through the engine. */
    private static Verdict partitionVerdict(Evaluator engine, Tensors s, boolean weighted) {
        Tensor grads = s.get("grads");
        Tensor labels = s.get("batch_of");
        int n = grads.dim(0);
        int p = grads.dim(1);
        int k = 0;
        for (int i = 0; i < n; i++) {
            k = Math.max(k, (int) labels.at(i) + 1);
        }
        List<List<Double>> members = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            members.get((int) labels.at(i)).add((double) i);
        }
        double[][] batchMeans = new double[k][];
        double[] sizes = new double[k];
        for (int j = 0; j < k; j++) {
            double[] idx = members.get(j).stream().mapToDouble(Double::doubleValue).toArray();
            sizes[j] = idx.length;
            batchMeans[j] = engine.evaluate("minibatch_gradient", Tensors.of("grads", grads, "batch", Tensor.vector(idx)), "g").toArray();
        }
        double[] all = new double[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        Tensor full = engine.evaluate("minibatch_gradient", Tensors.of("grads", grads, "batch", Tensor.vector(all)), "g");
        double scale = 0;
        for (int i = 0; i < grads.size(); i++) {
            scale = Math.max(scale, Math.abs(grads.at(i)));
        }
        Verdict v = Verdict.holds();
        for (int c = 0; c < p; c++) {
            double[] column = new double[k];
            for (int j = 0; j < k; j++) {
                column[j] = batchMeans[j][c];
            }
            double combined = weighted ? Sums.dot(sizes, column) / n : Sums.mean(column);
            v = v.and(Verdict.close("coordinate " + c + " of the combined batch gradients", combined, full.at(c), 1e-13 * scale, 1e-13));
        }
        return v;
    }

    // ---------------------------------------------------------------- l1 / l2 regularisation

    private static Formula l1Regularization() {
        return Formula.define("l1_regularization", Family.OPTIMISATION).sources("S3")
                .formula("Σ |w_i| (subgradient sign(w))")
                .input(Port.differentiable("w", "[...]", "weights, any shape"))
                .output("r", "[]", "Σ |w_i| ≥ 0, a scalar")
                .tail("tiny weights: Σ|w| = 3e-300 (float64)", Tensors.of("w", Tensor.vector(1e-300, -2e-300)))
                .tail("tiny weights: Σ|w| = 3e-38 (float32)", Tensors.of("w", Tensor.vector(1e-38, -2e-38)))
                .compute(in -> Tensors.of("r", Optimisers.l1Regularization(in.get("w"))))
                .exact(OptimisationExact::l1Regularization)
                .accuracy(OptimisationAccuracy.regularization())
                .vjp((in, c) -> Tensors.of("w", Optimisers.l1RegularizationVjp(in.get("w"), c.scalar("r"))))
                .samples(weights())
                .gradientSamples(Arbitraries.randomValue(r -> Tensors.of("w", tensor(r, smallShape(r),
                        (rr, i) -> (rr.nextBoolean() ? 1 : -1) * (0.05 + 5 * rr.nextDouble())))))
                .fact(Fact.definitional("L1 regularisation is absolutely homogeneous: Σ|c·w| = |c|·Σ|w|", scaledWeights(),
                        (engine, s) -> {
                            double c = s.scalar("c");
                            Tensor w = s.get("w");
                            double scaled = engine.evaluate("l1_regularization", Tensors.of("w", w.map(x -> c * x)), "r").item();
                            double plain = engine.evaluate("l1_regularization", Tensors.of("w", w), "r").item();
                            return Verdict.close("Σ|c·w|", scaled, Math.abs(c) * plain, 1e-300, 1e-13);
                        }))
                .bad(BadInput.ieee(Category.NAN, "NaN weight", Tensors.of("w", Tensor.vector(1, Double.NaN)),
                        "torch.abs(w).sum() = nan", out -> Double.isNaN(out.scalar("r"))))
                .bad(BadInput.ieee(Category.INFINITY, "−∞ weight", Tensors.of("w", Tensor.vector(1, Double.NEGATIVE_INFINITY)),
                        "torch.abs(w).sum() = inf", out -> out.scalar("r") == Double.POSITIVE_INFINITY))
                .bad(BadInput.ieee(Category.EMPTY, "no weights", Tensors.of("w", Tensor.zeros(0)),
                        "torch.sum of an empty tensor is 0", out -> out.scalar("r") == 0))
                .bad(BadInput.notApplicable(Category.SHAPE, "one input of any shape: every shape is valid"))
                .bad(BadInput.notApplicable(Category.DOMAIN, "every real weight is in the domain"))
                .example("w = (3, −4, 0): 3 + 4 + 0 = 7", Tensors.of("w", Tensor.vector(3, -4, 0)), Tensors.of("r", 7.0), 0)
                .example("a scalar weight: |−2.5| = 2.5", Tensors.of("w", Tensor.scalar(-2.5)), Tensors.of("r", 2.5), 0)
                .convention("The subgradient at w_i = 0 is 0 (sign(0) = 0), as PyTorch's backward of abs.")
                .kink(Kink.at("|w_i| at w_i = 0", Tensors.of("w", Tensor.vector(0, -0.0, 2, -3)), Tensors.of("w", Tensor.scalar(0)),
                                Tensors.of("w", Tensor.matrix(new double[] {0, 1e-300}, new double[] {-1e-300, 0})))
                        .reference("the subgradient sgn(0) = 0, as PyTorch's abs backward (grad·sgn(w))",
                                (in, c) -> Tensors.of("w", in.get("w").map(w -> c.scalar("r") * Math.signum(w)))))
                .pytorch("w.abs().sum()", TorchForm.single("r", in -> in.get("w").abs().sum()))
                .onnx("ReduceSum(Abs(w)) over every element", g -> g.output("r", g.sumAll(g.abs(g.input("w")))))
                .build();
    }

    private static Formula l2Regularization() {
        return Formula.define("l2_regularization", Family.OPTIMISATION).sources("S3")
                .formula("Σ w_i²")
                .input(Port.differentiable("w", "[...]", "weights, any shape"))
                .output("r", "[]", "Σ w_i² ≥ 0, a scalar")
                .tail("tiny weights whose squares are normal: 5e-300 (float64)", Tensors.of("w", Tensor.vector(1e-150, -2e-150)))
                .tail("tiny weights whose squares are normal: 5e-38 (float32)", Tensors.of("w", Tensor.vector(1e-19, -2e-19)))
                .compute(in -> Tensors.of("r", Optimisers.l2Regularization(in.get("w"))))
                .exact(OptimisationExact::l2Regularization)
                .accuracy(OptimisationAccuracy.regularization())
                .vjp((in, c) -> Tensors.of("w", Optimisers.l2RegularizationVjp(in.get("w"), c.scalar("r"))))
                .samples(weights())
                .gradientSamples(Arbitraries.randomValue(r -> Tensors.of("w", tensor(r, smallShape(r), Samples.gaussian(3)))))
                .fact(Fact.definitional("L2 regularisation never exceeds the square of L1 regularisation (‖w‖₂ ≤ ‖w‖₁)", weights(),
                        (engine, s) -> {
                            double l2 = engine.evaluate("l2_regularization", s, "r").item();
                            double l1 = engine.evaluate("l1_regularization", s, "r").item();
                            return Verdict.when(l2 >= 0 && l2 <= l1 * l1 * (1 + 1e-14),
                                    "Σw² = %s, (Σ|w|)² = %s", l2, l1 * l1);
                        }))
                .fact(Fact.definitional("L2 regularisation is homogeneous of degree two: Σ(c·w)² = c²·Σw²", scaledWeights(),
                        (engine, s) -> {
                            double c = s.scalar("c");
                            Tensor w = s.get("w");
                            double scaled = engine.evaluate("l2_regularization", Tensors.of("w", w.map(x -> c * x)), "r").item();
                            double plain = engine.evaluate("l2_regularization", Tensors.of("w", w), "r").item();
                            return Verdict.close("Σ(c·w)²", scaled, c * c * plain, 1e-300, 1e-13);
                        }))
                .bad(BadInput.ieee(Category.NAN, "NaN weight", Tensors.of("w", Tensor.vector(1, Double.NaN)),
                        "torch.sum(w**2) = nan", out -> Double.isNaN(out.scalar("r"))))
                .bad(BadInput.ieee(Category.INFINITY, "−∞ weight", Tensors.of("w", Tensor.vector(1, Double.NEGATIVE_INFINITY)),
                        "torch.sum(w**2) = inf", out -> out.scalar("r") == Double.POSITIVE_INFINITY))
                .bad(BadInput.ieee(Category.EMPTY, "no weights", Tensors.of("w", Tensor.zeros(0)),
                        "torch.sum of an empty tensor is 0", out -> out.scalar("r") == 0))
                .bad(BadInput.notApplicable(Category.SHAPE, "one input of any shape: every shape is valid"))
                .bad(BadInput.notApplicable(Category.DOMAIN, "every real weight is in the domain"))
                .example("w = (3, −4, 0): 9 + 16 + 0 = 25", Tensors.of("w", Tensor.vector(3, -4, 0)), Tensors.of("r", 25.0), 0)
                .example("w = ((0.5, 0.5), (0.5, 0.5)): 4 · 0.25 = 1",
                        Tensors.of("w", Tensor.filled(0.5, 2, 2)), Tensors.of("r", 1.0), 0)
                .pytorch("w.pow(2).sum()", TorchForm.single("r", in -> in.get("w").square().sum()))
                .onnx("ReduceSumSquare(w) over every element", g -> g.output("r", g.reduce("ReduceSumSquare", g.input("w"), false)))
                .build();
    }

    /** Weights for the regularisers: any shape, adversarial entries, rarely {@link Samples#LONG} long. */
    private static Arbitrary<Tensors> weights() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.randomValue(r -> Tensors.of("w", tensor(r, shape(r), OptimisationEntries::adversarial)))),
                Tuple.of(1, Arbitraries.randomValue(r -> Tensors.of("w", tensor(r, new int[] {Samples.LONG},
                        (rr, i) -> i % 2 == 0 ? 1e8 * rr.nextDouble() : rr.nextDouble())))));
    }

    private static Arbitrary<Tensors> scaledWeights() {
        return Arbitraries.randomValue(r -> Tensors.of("w", tensor(r, shape(r), Samples.gaussian(5)), "c", -4 + 8 * r.nextDouble()));
    }

    // ---------------------------------------------------------------- weight_decay_step

    private static Formula weightDecayStep() {
        return Formula.define("weight_decay_step", Family.OPTIMISATION).sources("S3")
                .formula("objective = loss + (λ/2) Σ w²; w ← w − α(∂L/∂w + λ w) = w(1 − αλ) − α ∂L/∂w")
                .input(Port.differentiable("w", "[...]", "weights, any shape"))
                .input(Port.differentiable("grad", "[...]", "∂L/∂w of the loss alone, the shape of w"))
                .input(Port.hyperparameter("lr", "learning rate α > 0"))
                .input(Port.hyperparameter("lambda", "decay coefficient λ ≥ 0"))
                .output("w", "[...]", "w after one step on the objective, the shape of w")
                .compute(in -> Tensors.of("w", Optimisers.weightDecayStep(in.get("w"), in.get("grad"), in.scalar("lr"),
                        in.scalar("lambda"))))
                .vjp((in, c) -> {
                    Optimisers.StepGradients g = Optimisers.weightDecayStepVjp(c.get("w"), in.scalar("lr"), in.scalar("lambda"));
                    return Tensors.of("w", g.parameters(), "grad", g.gradient());
                })
                .samples(Arbitraries.randomValue(r -> {
                    int[] shape = shape(r);
                    return Tensors.of("w", tensor(r, shape, OptimisationEntries::adversarial),
                            "grad", tensor(r, shape, OptimisationEntries::adversarial), "lr", learningRate(r), "lambda", decay(r));
                }))
                .gradientSamples(Arbitraries.randomValue(r -> {
                    int[] shape = smallShape(r);
                    return Tensors.of("w", tensor(r, shape, Samples.gaussian(3)), "grad", tensor(r, shape, Samples.gaussian(3)),
                            "lr", 1e-3 + r.nextDouble(), "lambda", r.nextDouble());
                }))
                .fact(Fact.definitional("the weight-decay step is a gradient step on the objective's gradient ∂L/∂w + λw",
                        Arbitraries.randomValue(r -> {
                            int[] shape = shape(r);
                            return Tensors.of("w", tensor(r, shape, Samples.gaussian(3)), "grad", tensor(r, shape, Samples.gaussian(3)),
                                    "lr", learningRate(r), "lambda", decay(r));
                        }),
                        (engine, s) -> {
                            Tensor w = s.get("w");
                            double lr = s.scalar("lr");
                            double lambda = s.scalar("lambda");
                            Tensor objectiveGradient = w.zip(s.get("grad"), (x, g) -> g + lambda * x);
                            Tensor decayed = engine.evaluate("weight_decay_step", s, "w");
                            Tensor stepped = engine.evaluate("gd_step",
                                    Tensors.of("theta", w, "grad", objectiveGradient, "lr", lr), "theta");
                            Verdict v = Verdict.holds();
                            for (int i = 0; i < w.size(); i++) {
                                // the two differ by the rounding of w(1 − αλ) − αg against w − α(g + λw): a few ulp of the terms
                                double terms = Math.abs(w.at(i)) + lr * Math.abs(objectiveGradient.at(i)) + lr * lambda * Math.abs(w.at(i));
                                v = v.and(Verdict.close("element " + i, decayed.at(i), stepped.at(i), 8 * U * terms, 0));
                            }
                            return v;
                        }))
                .erratum(new Erratum(4, "S3", "w ← w(1 − λ) − ∂Loss/∂w", "w ← w(1 − αλ) − α ∂Loss/∂w",
                        OptimisationEntries::weightDecayEvidence))
                .bad(BadInput.ieee(Category.NAN, "NaN in grad", Tensors.of("w", Tensor.vector(1, 2), "grad", Tensor.vector(Double.NaN, 0),
                                "lr", 0.5, "lambda", 0.5),
                        "torch.optim.SGD(weight_decay=λ): NaN gradients propagate",
                        out -> Double.isNaN(out.get("w").at(0)) && out.get("w").at(1) == 1.5))
                .bad(BadInput.ieee(Category.INFINITY, "−∞ weight", Tensors.of("w", Tensor.vector(Double.NEGATIVE_INFINITY, 2), "grad",
                                Tensor.vector(0, 0), "lr", 0.5, "lambda", 0.5),
                        "torch.optim.SGD(weight_decay=λ): −∞ − α(0 + λ·(−∞)) = −∞ + ∞ = NaN",
                        out -> Double.isNaN(out.get("w").at(0)) && out.get("w").at(1) == 1.5))
                .bad(BadInput.ieee(Category.EMPTY, "no weights", Tensors.of("w", Tensor.zeros(0), "grad", Tensor.zeros(0), "lr", 0.1,
                                "lambda", 0.01),
                        "torch steps an empty parameter to an empty parameter", out -> out.get("w").isEmpty()))
                .bad(BadInput.rejects(Category.SHAPE, "gradient of another shape", Tensors.of("w", Tensor.vector(1, 2),
                        "grad", Tensor.zeros(2, 1), "lr", 0.1, "lambda", 0.01), "grad", "must equal the shape of w"))
                .bad(BadInput.rejects(Category.DOMAIN, "learning rate 0", Tensors.of("w", Tensor.vector(1, 2),
                        "grad", Tensor.vector(1, 2), "lr", 0.0, "lambda", 0.01), "lr", "must be > 0"))
                .bad(BadInput.rejects(Category.DOMAIN, "negative λ (torch: Invalid weight_decay value)", Tensors.of("w", Tensor.vector(1, 2),
                        "grad", Tensor.vector(1, 2), "lr", 0.1, "lambda", -0.01), "lambda", "must be >= 0"))
                .example("w = (1, −2), ∂L/∂w = (0.5, 0.5), α = 0.1, λ = 0.01: w(1 − 0.001) − 0.05 = (0.949, −2.048)",
                        Tensors.of("w", Tensor.vector(1, -2), "grad", Tensor.vector(0.5, 0.5), "lr", 0.1, "lambda", 0.01),
                        Tensors.of("w", Tensor.vector(0.949, -2.048)), 1e-15)
                .example("λ = 0 is a plain gradient step: 3 − 0.5·2 = 2",
                        Tensors.of("w", Tensor.vector(3), "grad", Tensor.vector(2), "lr", 0.5, "lambda", 0.0),
                        Tensors.of("w", Tensor.vector(2)), 0)
                .example("a zero loss gradient only shrinks: w(1 − αλ) = 4·(1 − 0.5·0.5) = 3",
                        Tensors.of("w", Tensor.vector(4), "grad", Tensor.vector(0), "lr", 0.5, "lambda", 0.5),
                        Tensors.of("w", Tensor.vector(3)), 0)
                .convention("Computed as w − α(∂L/∂w + λw), the order of torch.optim.SGD(weight_decay=λ); "
                        + "w(1 − αλ) − α ∂L/∂w is the same number up to a rounding or two.")
                .pytorch("w.add(grad.add(w, alpha=lambda_), alpha=-lr)",
                        TorchForm.single("w", in -> in.get("w").sub(in.get("grad").add(in.get("w").mul(TorchForm.scalar(in.get("lambda"))))
                                .mul(TorchForm.scalar(in.get("lr"))))))
                .onnx("Sub(w, Mul(lr, Add(grad, Mul(lambda, w)))), output w_new", g -> {
                    OnnxGraph.Value w = g.input("w");
                    g.output("w", g.sub(w, g.mul(g.input("lr"), g.add(g.input("grad"), g.mul(g.input("lambda"), w)))));
                })
                .build();
    }

    /**
     * §I.4: S3's w(1 − λ) − g and the corrected w(1 − αλ) − αg against a gradient-descent step on
     * the objective J(w) = L(w) + (λ/2)Σw² computed from its definition: L is a least-squares loss
     * (1/2N)‖Xw − y‖² on fixed data, g = ∂L/∂w = (1/N)Xᵀ(Xw − y), and ∇J comes from central
     * differences of J with step h = 1/2, exact for a quadratic up to rounding (the cubic term of
     * the Taylor expansion vanishes). α = 0.1, λ = 0.05. Measure: max |w_new − w_ref| / max |w_ref|.
     */
    static Erratum.Evidence weightDecayEvidence() {
        Random r = new Random(4);
        int n = 16;
        int d = 5;
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = r.nextGaussian();
            }
            y[i] = r.nextGaussian();
        }
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = r.nextGaussian();
        }
        double lr = 0.1;
        double lambda = 0.05;
        double[] residual = new double[n];
        for (int i = 0; i < n; i++) {
            residual[i] = Sums.dot(x[i], w) - y[i];
        }
        double[] g = new double[d];
        double[] column = new double[n];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < n; i++) {
                column[i] = x[i][j];
            }
            g[j] = Sums.dot(column, residual) / n;
        }
        double h = 0.5;
        double[] reference = new double[d];
        for (int j = 0; j < d; j++) {
            int coordinate = j;
            double objectiveGradient = FiniteDifferences.central(t -> {
                double[] moved = w.clone();
                moved[coordinate] = w[coordinate] + t;
                return objective(x, y, moved, lambda);
            }, h);
            reference[j] = w[j] - lr * objectiveGradient;
        }
        double[] seed = new double[d];
        for (int j = 0; j < d; j++) {
            seed[j] = w[j] * (1 - lambda) - g[j];
        }
        double[] corrected = Optimisers.weightDecayStep(Tensor.vector(w), Tensor.vector(g), lr, lambda).toArray();
        return new Erratum.Evidence("max |w_new − w_ref| / max |w_ref|, w_ref a gradient step (α = 0.1) on the objective "
                + "L + (λ/2)Σw² (λ = 0.05), its gradient by exact-for-quadratics central differences",
                FiniteDifferences.relativeError(Tensor.vector(seed), Tensor.vector(reference)),
                FiniteDifferences.relativeError(Tensor.vector(corrected), Tensor.vector(reference)), 1e-2, 1e-15);
    }

    /** J(w) = (1/2N) Σ (x_i·w − y_i)² + (λ/2) Σ w_j², compensated. */
    private static double objective(double[][] x, double[] y, double[] w, double lambda) {
        double[] residual = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            residual[i] = Sums.dot(x[i], w) - y[i];
        }
        return Sums.dot(residual, residual) / (2 * y.length) + lambda / 2 * Sums.dot(w, w);
    }

    // ---------------------------------------------------------------- adam_step

    private static Formula adamStep() {
        return Formula.define("adam_step", Family.OPTIMISATION).sources("S1")
                .formula("m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²; w ← w − α m̂ / (√v̂ + ε), m̂ = m/(1−β1^t), v̂ = v/(1−β2^t)")
                .input(Port.differentiable("w", "[...]", "weights, any shape"))
                .input(Port.differentiable("g", "[...]", "gradient ∂L/∂w, the shape of w"))
                .input(Port.differentiable("m", "[...]", "first moment before the step, the shape of w"))
                .input(Port.differentiable("v", "[...]", "second moment before the step, ≥ 0, the shape of w"))
                .input(Port.integerHyperparameter("t", "step number after incrementing, an integer ≥ 1 (1 on the first step)"))
                .input(Port.hyperparameter("lr", "learning rate α > 0"))
                .input(Port.hyperparameter("beta1", "β1 in [0, 1)"))
                .input(Port.hyperparameter("beta2", "β2 in [0, 1)"))
                .input(Port.hyperparameter("eps", "ε > 0, added to √v̂"))
                .output("w", "[...]", "weights after the step")
                .output("m", "[...]", "first moment after the step")
                .output("v", "[...]", "second moment after the step, ≥ 0")
                .compute(in -> {
                    Optimisers.AdamState s = Optimisers.adamStep(in.get("w"), in.get("g"), in.get("m"), in.get("v"),
                            in.scalar("t"), in.scalar("lr"), in.scalar("beta1"), in.scalar("beta2"), in.scalar("eps"));
                    return Tensors.of("w", s.w(), "m", s.m(), "v", s.v());
                })
                .vjp((in, c) -> {
                    Optimisers.AdamGradients d = Optimisers.adamStepVjp(in.get("w"), in.get("g"), in.get("m"), in.get("v"),
                            in.scalar("t"), in.scalar("lr"), in.scalar("beta1"), in.scalar("beta2"), in.scalar("eps"),
                            c.get("w"), c.get("m"), c.get("v"));
                    return Tensors.of("w", d.w(), "g", d.g(), "m", d.m(), "v", d.v());
                })
                .samples(Arbitraries.randomValue(r -> {
                    int[] shape = shape(r);
                    return adamSample(r, tensor(r, shape, OptimisationEntries::adversarial), tensor(r, shape, OptimisationEntries::adversarial),
                            tensor(r, shape, Samples.gaussian(1)), tensor(r, shape, (rr, i) -> rr.nextInt(5) == 0 ? 0 : Math.pow(rr.nextGaussian(), 2)));
                }))
                .gradientSamples(Arbitraries.randomValue(r -> {
                    int[] shape = smallShape(r);
                    return Tensors.of("w", tensor(r, shape, Samples.gaussian(2)),
                            "g", tensor(r, shape, (rr, i) -> (rr.nextBoolean() ? 1 : -1) * (0.1 + 3 * rr.nextDouble())),
                            "m", tensor(r, shape, Samples.gaussian(1)), "v", tensor(r, shape, (rr, i) -> 0.05 + 2 * rr.nextDouble()),
                            "t", 1 + r.nextInt(50), "lr", 1e-3 + 0.5 * r.nextDouble(), "beta1", 0.99 * r.nextDouble(),
                            "beta2", r.nextBoolean() ? 0.999 : 0.99 * r.nextDouble(), "eps", r.nextBoolean() ? 1e-8 : 0.1 * r.nextDouble() + 1e-8);
                }))
                .fact(Fact.definitional("Adam's first step moves every weight against its gradient by at most lr",
                        Arbitraries.randomValue(r -> {
                            int[] shape = shape(r);
                            Tensor zeros = Tensor.zeros(shape);
                            Tensors s = adamSample(r, tensor(r, shape, OptimisationEntries::adversarial),
                                    tensor(r, shape, OptimisationEntries::adversarial), zeros, zeros);
                            return s.with("t", 1.0);
                        }),
                        (engine, s) -> {
                            Tensor w = s.get("w");
                            Tensor g = s.get("g");
                            double lr = s.scalar("lr");
                            Tensor next = engine.evaluate("adam_step", s, "w");
                            Verdict v = Verdict.holds();
                            for (int i = 0; i < w.size(); i++) {
                                double move = next.at(i) - w.at(i);
                                boolean against = move == 0 || Math.signum(move) == -Math.signum(g.at(i));
                                v = v.and(Verdict.when(against && Math.abs(move) <= lr * (1 + 1e-12) + 2 * Math.ulp(w.at(i)),
                                        "element %d: w %s moved by %s with g = %s, lr = %s", i, w.at(i), move, g.at(i), lr));
                            }
                            return v;
                        }))
                .fact(Fact.definitional("Adam's step is invariant to rescaling the gradient (g, m, v → cg, cm, c²v) when ε is negligible",
                        Arbitraries.randomValue(r -> {
                            int[] shape = smallShape(r);
                            return Tensors.of("w", tensor(r, shape, Samples.gaussian(2)),
                                    "g", tensor(r, shape, (rr, i) -> (rr.nextBoolean() ? 1 : -1) * (1e-3 + 10 * rr.nextDouble())),
                                    "m", tensor(r, shape, Samples.gaussian(3)), "v", tensor(r, shape, (rr, i) -> 1e-4 + 100 * rr.nextDouble()),
                                    "t", 1 + r.nextInt(1000), "lr", 1e-3 + r.nextDouble(), "beta1", 0.9, "beta2", 0.999,
                                    "eps", 1e-300, "c", Math.exp(-7 + 14 * r.nextDouble()));
                        }),
                        (engine, s) -> {
                            double c = s.scalar("c");
                            Tensors plain = s.without("c");
                            Tensors scaled = plain.with("g", s.get("g").map(x -> c * x)).with("m", s.get("m").map(x -> c * x))
                                    .with("v", s.get("v").map(x -> c * c * x));
                            Tensor w = s.get("w");
                            Tensor a = engine.evaluate("adam_step", plain, "w");
                            Tensor b = engine.evaluate("adam_step", scaled, "w");
                            Verdict v = Verdict.holds();
                            for (int i = 0; i < w.size(); i++) {
                                double move = Math.abs(a.at(i) - w.at(i));
                                v = v.and(Verdict.close("element " + i, b.at(i), a.at(i), 1e-12 * move + 4 * Math.ulp(w.at(i)), 0));
                            }
                            return v;
                        }))
                .bad(BadInput.ieee(Category.NAN, "NaN in g", adamInputs(Tensor.vector(1, 1), Tensor.vector(Double.NaN, 1)),
                        "torch.optim.Adam: a NaN gradient makes the weight and both moments NaN",
                        out -> Double.isNaN(out.get("w").at(0)) && Double.isNaN(out.get("m").at(0)) && Double.isNaN(out.get("v").at(0))
                                && Double.isFinite(out.get("w").at(1))))
                .bad(BadInput.ieee(Category.INFINITY, "+∞ in g", adamInputs(Tensor.vector(1, 1), Tensor.vector(Double.POSITIVE_INFINITY, 1)),
                        "torch.optim.Adam: m = ∞, v = ∞, m̂/√v̂ = ∞/∞ = NaN",
                        out -> Double.isNaN(out.get("w").at(0)) && out.get("m").at(0) == Double.POSITIVE_INFINITY
                                && out.get("v").at(0) == Double.POSITIVE_INFINITY))
                .bad(BadInput.ieee(Category.EMPTY, "no weights", adamInputs(Tensor.zeros(0), Tensor.zeros(0)),
                        "torch.optim.Adam steps an empty parameter to an empty parameter",
                        out -> out.get("w").isEmpty() && out.get("m").isEmpty() && out.get("v").isEmpty()))
                .bad(BadInput.rejects(Category.SHAPE, "g of another shape", adamInputs(Tensor.vector(1, 1), Tensor.vector(1, 1, 1)),
                        "g", "must equal the shape of w"))
                .bad(BadInput.rejects(Category.SHAPE, "v of another shape",
                        adamInputs(Tensor.vector(1, 1), Tensor.vector(1, 1)).with("v", Tensor.zeros(1)), "v", "must equal the shape of w"))
                .bad(BadInput.rejects(Category.DOMAIN, "lr = 0", adamInputs(Tensor.vector(1), Tensor.vector(1)).with("lr", 0.0),
                        "lr", "must be > 0"))
                .bad(BadInput.rejects(Category.DOMAIN, "β1 = 1 (torch: Invalid beta parameter at index 0)",
                        adamInputs(Tensor.vector(1), Tensor.vector(1)).with("beta1", 1.0), "beta1", "[0, 1)"))
                .bad(BadInput.rejects(Category.DOMAIN, "β2 < 0", adamInputs(Tensor.vector(1), Tensor.vector(1)).with("beta2", -0.1),
                        "beta2", "[0, 1)"))
                .bad(BadInput.rejects(Category.DOMAIN, "ε = 0", adamInputs(Tensor.vector(1), Tensor.vector(1)).with("eps", 0.0),
                        "eps", "must be > 0"))
                .bad(BadInput.rejects(Category.DOMAIN, "t = 0 (steps count from 1)", adamInputs(Tensor.vector(1), Tensor.vector(1)).with("t", 0.0),
                        "t", "integer >= 1"))
                .bad(BadInput.rejects(Category.DOMAIN, "t = 1.5", adamInputs(Tensor.vector(1), Tensor.vector(1)).with("t", 1.5),
                        "t", "integer >= 1"))
                .bad(BadInput.rejects(Category.DOMAIN, "negative second moment", adamInputs(Tensor.vector(1), Tensor.vector(1))
                        .with("v", Tensor.vector(-1)), "v", ">= 0"))
                .example("first step from m = v = 0: m̂ = g, v̂ = g², so every weight moves by α·g/(|g| + ε) ≈ α·sign(g)",
                        Tensors.of("w", Tensor.vector(1, -2, 0.5), "g", Tensor.vector(0.5, -4, 1e-3), "m", Tensor.zeros(3),
                                "v", Tensor.zeros(3), "t", 1, "lr", 0.1, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8),
                        Tensors.of("w", Tensor.vector(1 - 0.1 * 0.5 / (0.5 + 1e-8), -2 + 0.1 * 4 / (4 + 1e-8), 0.5 - 0.1 * 1e-3 / (1e-3 + 1e-8)),
                                "m", Tensor.vector(0.05, -0.4, 1e-4), "v", Tensor.vector(0.00025, 0.016, 1e-9)), 1e-14)
                .example("second step, β1 = 1/2, β2 = 3/4, m = 1, v = 4, g = 3: m' = 2, v' = 5.25, m̂ = 2/(3/4) = 8/3, "
                                + "v̂ = 5.25/(7/16) = 12, w' = 0 − (8/3)/(√12 + ε)",
                        Tensors.of("w", Tensor.vector(0), "g", Tensor.vector(3), "m", Tensor.vector(1), "v", Tensor.vector(4), "t", 2,
                                "lr", 1, "beta1", 0.5, "beta2", 0.75, "eps", 1e-8),
                        Tensors.of("w", Tensor.vector(-(8.0 / 3) / (Math.sqrt(12) + 1e-8)), "m", Tensor.vector(2), "v", Tensor.vector(5.25)),
                        1e-15)
                .example("a zero gradient with zero moments leaves the weight where it is (0/(0 + ε) = 0)",
                        Tensors.of("w", Tensor.vector(7), "g", Tensor.vector(0), "m", Tensor.vector(0), "v", Tensor.vector(0), "t", 3,
                                "lr", 0.1, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8),
                        Tensors.of("w", Tensor.vector(7), "m", Tensor.vector(0), "v", Tensor.vector(0)), 0)
                .convention("As torch.optim.Adam: ε is added to √v̂ after bias correction, computed as √v/√(1−β2^t) + ε "
                        + "(equal to √(v/(1−β2^t)) + ε up to about one rounding).")
                .convention("1 − β^t is computed as −expm1(t·log β); torch's 1 − β**t can lose ~1e-13 relative accuracy for β = 0.999.")
                .convention("torch ≥ 2.1 updates m by lerp(m, g, 1−β1) = m + (1−β1)(g − m): the same real number as β1 m + (1−β1) g, "
                        + "a few ulp apart.")
                .convention("torch accepts lr = 0 and ε = 0; here lr > 0 and ε > 0. At v' = 0 with m' = 0 the v-gradient is 0/0 = NaN, "
                        + "as torch autograd through sqrt.")
                .pytorch("m_new = m.lerp(g, 1 - beta1); v_new = v.mul(beta2).addcmul(g, g, value=1 - beta2); "
                        + "denom = v_new.sqrt() / math.sqrt(1 - beta2 ** t) + eps; "
                        + "{'w': w.addcdiv(m_new, denom, value=-lr / (1 - beta1 ** t)), 'm': m_new, 'v': v_new}",
                        in -> {
                    double t = TorchForm.scalar(in.get("t"));
                    double lr = TorchForm.scalar(in.get("lr"));
                    double b1 = TorchForm.scalar(in.get("beta1"));
                    double b2 = TorchForm.scalar(in.get("beta2"));
                    double eps = TorchForm.scalar(in.get("eps"));
                    NDArray g = in.get("g");
                    NDArray m = in.get("m").add(g.sub(in.get("m")).mul(1 - b1));
                    NDArray v = in.get("v").mul(b2).add(g.mul(g).mul(1 - b2));
                    double stepSize = lr / (1 - Math.pow(b1, t));
                    NDArray denom = v.sqrt().div(Math.sqrt(1 - Math.pow(b2, t))).add(eps);
                    Map<String, NDArray> out = new LinkedHashMap<>();
                    out.put("w", in.get("w").sub(m.div(denom).mul(stepSize)));
                    out.put("m", m);
                    out.put("v", v);
                    return out;
                })
                .onnx("composed from Pow, Sub, Div, Sqrt, Mul, Add, Cast in torch.optim.Adam's order (not ai.onnx.preview.training Adam, "
                        + "which adds ε before the bias correction), outputs w_new, m_new, v_new", OnnxForms::adamStep)
                .build();
    }

    private static Tensors adamSample(Random r, Tensor w, Tensor g, Tensor m, Tensor v) {
        double t = switch (r.nextInt(6)) {
            case 0 -> 1;
            case 1 -> 1_000_000;
            default -> 1 + r.nextInt(100);
        };
        double beta1 = switch (r.nextInt(5)) {
            case 0 -> 0;
            case 1 -> r.nextDouble();
            default -> 0.9;
        };
        double beta2 = switch (r.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 1 - 1e-12;
            case 2 -> r.nextDouble();
            default -> 0.999;
        };
        double eps = r.nextInt(3) == 0 ? Math.pow(10, -12 + 12 * r.nextDouble()) : 1e-8;
        return Tensors.of("w", w, "g", g, "m", m, "v", v, "t", t, "lr", learningRate(r), "beta1", beta1, "beta2", beta2, "eps", eps);
    }

    /** A valid Adam input with zero moments at step 1 and the defaults of torch.optim.Adam. */
    private static Tensors adamInputs(Tensor w, Tensor g) {
        return Tensors.of("w", w, "g", g, "m", Tensor.zeros(w.shape()), "v", Tensor.zeros(w.shape()), "t", 1, "lr", 1e-3,
                "beta1", 0.9, "beta2", 0.999, "eps", 1e-8);
    }

    // ---------------------------------------------------------------- shared sample pieces


    /** A scalar, a vector of up to 20, a matrix up to 6×6, or a rank-3 tensor up to 3×3×3. */
    private static int[] shape(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> new int[0];
            case 1, 2, 3 -> new int[] {1 + r.nextInt(20)};
            case 4, 5, 6 -> new int[] {1 + r.nextInt(6), 1 + r.nextInt(6)};
            default -> new int[] {1 + r.nextInt(3), 1 + r.nextInt(3), 1 + r.nextInt(3)};
        };
    }

    /** A shape of at most 36 elements, for gradient checks. */
    private static int[] smallShape(Random r) {
        return r.nextBoolean() ? new int[] {1 + r.nextInt(12)} : new int[] {1 + r.nextInt(6), 1 + r.nextInt(6)};
    }

    private static Tensor tensor(Random r, int[] shape, Samples.Entry e) {
        double[] d = new double[Tensor.sizeOf(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = e.next(r, i);
        }
        return Tensor.of(shape, d);
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

    /** Learning rates from 1e-6 to 10, mostly ordinary. */
    private static double learningRate(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> 1e-6;
            case 1 -> 10 * r.nextDouble() + 1e-9;
            default -> 1e-3 + r.nextDouble();
        };
    }

    private static double decay(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 10 * r.nextDouble();
            default -> 0.1 * r.nextDouble();
        };
    }

    /** A random non-empty subset of [0, n) as indices in random order. */
    private static Tensor subset(Random r, int n) {
        double[] all = new double[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        shuffle(r, all);
        int size = 1 + r.nextInt(n);
        double[] batch = new double[size];
        System.arraycopy(all, 0, batch, 0, size);
        return Tensor.vector(batch);
    }

    private static void shuffle(Random r, double[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            double tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }
}

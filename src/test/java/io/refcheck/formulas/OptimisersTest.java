package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Evaluator;
import io.refcheck.catalog.Fact;
import io.refcheck.check.FactRunner;
import io.refcheck.engine.Engines;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Behaviour of the optimisation formulas that the generic catalog checks do not see. */
class OptimisersTest {
    private static final double U = Dtype.FLOAT64.unitRoundoff();

    @Test
    void biasCorrectionKeepsItsDigitsWhereOneMinusPowCancels() {
        double[] betas = {0.9, 0.999, 1 - 1e-12, 0.5, 0.3};
        int[] steps = {1, 2, 10, 1000, 100_000};
        for (double beta : betas) {
            for (int t : steps) {
                BigDecimal exact = BigDecimal.ONE.subtract(new BigDecimal(beta).pow(t, MathContext.DECIMAL128));
                double relative = Math.abs(Optimisers.biasCorrection(beta, t) - exact.doubleValue()) / exact.doubleValue();
                // t·log β carries the rounding of log β and of the product into expm1: a few u whatever t is
                assertTrue(relative <= 8 * U, () -> "β = " + beta + ", t = " + t + ": relative error " + relative);
            }
        }
        assertEquals(1.0, Optimisers.biasCorrection(0, 1), "β = 0: 1 − 0^t = 1");
    }

    @Test
    void adamFollowsTorchsSingleTensorUpdateOverManySteps() {
        // torch.optim.Adam (_single_tensor_adam, torch 2.0): exp_avg.mul_(β1).add_(g, alpha=1−β1);
        // exp_avg_sq.mul_(β2).addcmul_(g, g, value=1−β2); bc = 1 − β**t; step_size = lr/bc1;
        // denom = sqrt(v)/sqrt(bc2) + eps; param.addcdiv_(exp_avg, denom, value=−step_size).
        Random r = new Random(1);
        int n = 7;
        double[] target = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            target[i] = 3 * r.nextGaussian();
            w[i] = r.nextGaussian();
        }
        double lr = 0.01;
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
        double[] tw = w.clone();
        double[] tm = new double[n];
        double[] tv = new double[n];
        Tensor ours = Tensor.vector(w);
        Tensor m = Tensor.zeros(n);
        Tensor v = Tensor.zeros(n);
        for (int t = 1; t <= 200; t++) {
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                g[i] = ours.at(i) - target[i];
                double tg = tw[i] - target[i];
                tm[i] = tm[i] * beta1 + (1 - beta1) * tg;
                tv[i] = tv[i] * beta2 + ((1 - beta2) * tg) * tg;
                double stepSize = lr / (1 - Math.pow(beta1, t));
                double denom = Math.sqrt(tv[i]) / Math.sqrt(1 - Math.pow(beta2, t)) + eps;
                tw[i] = tw[i] + (-stepSize * tm[i]) / denom;
            }
            Optimisers.AdamState s = Optimisers.adamStep(ours, Tensor.vector(g), m, v, t, lr, beta1, beta2, eps);
            ours = s.w();
            m = s.m();
            v = s.v();
        }
        for (int i = 0; i < n; i++) {
            // the only difference is 1 − β^t (torch's pow loses ~1e-13 relative for β2 = 0.999), fed back over 200 steps
            assertEquals(tw[i], ours.at(i), 1e-11 * Math.abs(tw[i]), "weight " + i);
        }
    }

    @Test
    void adamAddsEpsilonOutsideTheSquareRoot() {
        // g = 1e-9, m = v = 0, t = 1: m̂ = g and √v̂ = |g| = 1e-9, so the move is lr·1e-9/(1e-9 + 1e-8) = lr/11;
        // with ε inside the root it would be lr·1e-9/√(1e-18 + 1e-8) ≈ lr·1e-5.
        Optimisers.AdamState s = Optimisers.adamStep(Tensor.vector(0), Tensor.vector(1e-9), Tensor.vector(0), Tensor.vector(0),
                1, 0.1, 0.9, 0.999, 1e-8);
        assertEquals(-0.1 / 11, s.w().at(0), 1e-14);
    }

    @Test
    void adamConvergesOnAnIllConditionedQuadratic() {
        // f(w) = ½ Σ k_i (w_i − 1)², curvatures 1e-3 … 1e3: Adam's per-coordinate scaling copes with all of them
        double[] curvature = {1e-3, 1, 1e3};
        Tensor w = Tensor.vector(5, -5, 5);
        Tensor m = Tensor.zeros(3);
        Tensor v = Tensor.zeros(3);
        for (int t = 1; t <= 5000; t++) {
            Tensor wt = w;
            Tensor g = Tensor.vector(curvature[0] * (wt.at(0) - 1), curvature[1] * (wt.at(1) - 1), curvature[2] * (wt.at(2) - 1));
            Optimisers.AdamState s = Optimisers.adamStep(w, g, m, v, t, 0.05, 0.9, 0.999, 1e-8);
            w = s.w();
            m = s.m();
            v = s.v();
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(1, w.at(i), 1e-2, "coordinate " + i + " of the minimiser");
        }
    }

    @Test
    void weightDecayStepIsTorchSgdWithWeightDecayBitForBit() {
        // torch.optim.SGD(lr, weight_decay=λ): d_p = g + λ·w; w.add_(d_p, alpha=−lr)
        Random r = new Random(2);
        for (int k = 0; k < 1000; k++) {
            double w = 10 * r.nextGaussian();
            double g = 10 * r.nextGaussian();
            double lr = r.nextDouble();
            double lambda = r.nextDouble();
            double torch = w + -lr * (g + lambda * w);
            assertEquals(torch, Optimisers.weightDecayStep(Tensor.vector(w), Tensor.vector(g), lr, lambda).at(0));
        }
    }

    @Test
    void seedsWeightDecayAgreesWithTheCorrectedStepOnlyAtLearningRateOne() {
        Tensor w = Tensor.vector(1.5, -2);
        Tensor g = Tensor.vector(0.25, 0.5);
        double lambda = 0.1;
        Tensor seed = w.zip(g, (x, d) -> x * (1 - lambda) - d);
        Tensor atOne = Optimisers.weightDecayStep(w, g, 1, lambda);
        Tensor atTenth = Optimisers.weightDecayStep(w, g, 0.1, lambda);
        for (int i = 0; i < 2; i++) {
            assertEquals(seed.at(i), atOne.at(i), 4 * Math.ulp(seed.at(i)));
            assertTrue(Math.abs(seed.at(i) - atTenth.at(i)) > 0.1, "α = 0.1 must differ from S3's update");
        }
    }

    @Test
    void minibatchGradientIsCompensatedOnValuesThatCancel() {
        // (1e16 + 1 − 1e16 + 1)/4 = 0.5; a naive running sum loses the first 1 and gives 0.25
        Tensor grads = Tensor.matrix(new double[] {1e16}, new double[] {1}, new double[] {-1e16}, new double[] {1});
        assertEquals(0.5, Optimisers.minibatchGradient(grads, Tensor.vector(0, 1, 2, 3)).at(0));
    }

    @Test
    void minibatchVjpSpreadsTheCotangentOverTheBatchRowsOnly() {
        Tensor grads = Tensor.zeros(4, 2);
        Tensor vjp = Optimisers.minibatchGradientVjp(grads, Tensor.vector(3, 1), Tensor.vector(2, -4));
        assertEquals(Tensor.matrix(new double[] {0, 0}, new double[] {1, -2}, new double[] {0, 0}, new double[] {1, -2}), vjp);
    }

    @Test
    void l1SubgradientIsZeroAtZeroAsPyTorchsAbs() {
        assertEquals(Tensor.vector(-3, 0, 3), Optimisers.l1RegularizationVjp(Tensor.vector(-0.5, 0, 2), 3));
    }

    @Test
    void theWeightDecayFactCatchesSeedsUpdateWithoutTheLearningRate() {
        Evaluator plain = Engines.plainJava();
        Evaluator seedsUpdate = new Evaluator() {
            @Override
            public Tensors evaluate(String id, Tensors in) {
                if (!id.equals("weight_decay_step")) {
                    return plain.evaluate(id, in);
                }
                double lambda = in.scalar("lambda");
                return Tensors.of("w", in.get("w").zip(in.get("grad"), (w, g) -> w * (1 - lambda) - g));
            }

            @Override
            public Tensors vjp(String id, Tensors in, Tensors c) {
                return plain.vjp(id, in, c);
            }
        };
        Fact fact = Catalog.get("weight_decay_step").facts().get(0);
        assertTrue(FactRunner.run(fact, plain, 3).pass());
        assertFalse(FactRunner.run(fact, seedsUpdate, 3).pass());
    }

    @Test
    void thePartitionFactCatchesASumInsteadOfAMean() {
        Evaluator plain = Engines.plainJava();
        Evaluator sum = new Evaluator() {
            @Override
            public Tensors evaluate(String id, Tensors in) {
                Tensors out = plain.evaluate(id, in);
                if (!id.equals("minibatch_gradient")) {
                    return out;
                }
                int b = in.get("batch").size();
                return out.with("g", out.get("g").map(x -> b * x));
            }

            @Override
            public Tensors vjp(String id, Tensors in, Tensors c) {
                return plain.vjp(id, in, c);
            }
        };
        for (Fact fact : Catalog.get("minibatch_gradient").facts()) {
            assertTrue(FactRunner.run(fact, plain, 4).pass(), fact.sentence());
            assertFalse(FactRunner.run(fact, sum, 4).pass(), fact.sentence());
        }
    }

    /** Runs {@code call} and asserts it throws an IllegalArgumentException whose message starts with {@code name:}. */
    private static void assertRejectsNaming(String name, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(name + ":"), () -> "expected the message to name " + name + ": " + e.getMessage());
    }

    @Test
    void everyAdamShapeRuleNamesTheTensorThatBreaksIt() {
        Tensor w = Tensor.vector(1, 2);
        Tensor ok = Tensor.vector(0.1, 0.2);
        Tensor bad = Tensor.vector(1, 2, 3);
        assertRejectsNaming("g", () -> Optimisers.adamUpdate(w, bad, ok, ok, 0.1, 1, 0.9, 0.999, 1e-8));
        assertRejectsNaming("m", () -> Optimisers.adamUpdate(w, ok, bad, ok, 0.1, 1, 0.9, 0.999, 1e-8));
        assertRejectsNaming("v", () -> Optimisers.adamUpdate(w, ok, ok, bad, 0.1, 1, 0.9, 0.999, 1e-8));
        assertRejectsNaming("g", () -> Optimisers.adamStepVjp(w, bad, ok, ok, 1, 0.1, 0.9, 0.999, 1e-8, ok, ok, ok));
        assertRejectsNaming("m", () -> Optimisers.adamStepVjp(w, ok, bad, ok, 1, 0.1, 0.9, 0.999, 1e-8, ok, ok, ok));
        assertRejectsNaming("v", () -> Optimisers.adamStepVjp(w, ok, ok, bad, 1, 0.1, 0.9, 0.999, 1e-8, ok, ok, ok));
        assertRejectsNaming("lr", () -> Optimisers.adamStepVjp(w, ok, ok, ok, 1, 0, 0.9, 0.999, 1e-8, ok, ok, ok));
        assertRejectsNaming("cw", () -> Optimisers.adamStepVjp(w, ok, ok, ok, 1, 0.1, 0.9, 0.999, 1e-8, bad, ok, ok));
        assertRejectsNaming("cm", () -> Optimisers.adamStepVjp(w, ok, ok, ok, 1, 0.1, 0.9, 0.999, 1e-8, ok, bad, ok));
        assertRejectsNaming("cv", () -> Optimisers.adamStepVjp(w, ok, ok, ok, 1, 0.1, 0.9, 0.999, 1e-8, ok, ok, bad));
    }

    @Test
    void theMinibatchVjpNamesAGradientTableThatIsNotAMatrixAndACotangentOfTheWrongLength() {
        Tensor grads = Tensor.matrix(new double[] {1, 2}, new double[] {3, 4});
        Tensor batch = Tensor.vector(0, 1);
        assertRejectsNaming("grads", () -> Optimisers.minibatchGradientVjp(Tensor.vector(1, 2), batch, Tensor.vector(1)));
        assertRejectsNaming("cotangent", () -> Optimisers.minibatchGradientVjp(grads, batch, Tensor.vector(1, 2, 3)));
    }
}

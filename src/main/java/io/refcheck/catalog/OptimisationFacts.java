package io.refcheck.catalog;

import static io.refcheck.catalog.Facts.U;

import io.refcheck.formulas.FiniteDifferences;
import io.refcheck.formulas.Optimisers;
import io.refcheck.formulas.Sums;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The facts of §F's entries (docs/catalog.md), their kink reference and the evidence of the weight-decay erratum. */
final class OptimisationFacts {
    private OptimisationFacts() {
    }

    static double halfSquaredDistance(Tensor a, Tensor b) {
        double[] d = a.zip(b, (x, y) -> x - y).toArray();
        return 0.5 * Sums.dot(d, d);
    }

    /** Full gradient vs the (plain or |B|-weighted) mean of the batch gradients, all through the engine. */
    static Verdict partitionVerdict(Evaluator engine, Tensors s, boolean weighted) {
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
    static double objective(double[][] x, double[] y, double[] w, double lambda) {
        double[] residual = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            residual[i] = Sums.dot(x[i], w) - y[i];
        }
        return Sums.dot(residual, residual) / (2 * y.length) + lambda / 2 * Sums.dot(w, w);
    }

    /** On ½‖θ − θ*‖², whose gradient is θ − θ*, one step gives ½‖θ' − θ*‖² = (1 − α)²·½‖θ − θ*‖². */
    static Verdict stepShrinksQuadratic(Evaluator engine, Tensors s) {
        Tensor theta = s.get("theta");
        Tensor target = s.get("target");
        double lr = s.scalar("lr");
        Tensor grad = theta.zip(target, (a, b) -> a - b);
        Tensor next = engine.evaluate("gd_step", Tensors.of("theta", theta, "grad", grad, "lr", lr), "theta");
        double before = halfSquaredDistance(theta, target);
        double after = halfSquaredDistance(next, target);
        return Verdict.close("loss after the step", after, (1 - lr) * (1 - lr) * before, 1e-300, 1e-9);
    }

    /** The plain mean of the batch gradients over a partition into equal batches is the full gradient. */
    static Verdict equalBatchesAverage(Evaluator engine, Tensors s) {
        return partitionVerdict(engine, s, false);
    }

    /** The |B|-weighted mean of the batch gradients over any partition is the full gradient. */
    static Verdict weightedBatchesAverage(Evaluator engine, Tensors s) {
        return partitionVerdict(engine, s, true);
    }

    /** Σ|c·w| = |c|·Σ|w|, to 10⁻¹³ relative. */
    static Verdict l1Homogeneous(Evaluator engine, Tensors s) {
        double c = s.scalar("c");
        Tensor w = s.get("w");
        double scaled = engine.evaluate("l1_regularization", Tensors.of("w", w.map(x -> c * x)), "r").item();
        double plain = engine.evaluate("l1_regularization", Tensors.of("w", w), "r").item();
        return Verdict.close("Σ|c·w|", scaled, Math.abs(c) * plain, 1e-300, 1e-13);
    }

    /** The subgradient c·sgn(w), 0 at w = 0, as PyTorch's abs backward. */
    static Tensors l1Subgradient(Tensors in, Tensors c) {
        return Tensors.of("w", in.get("w").map(w -> c.scalar("r") * Math.signum(w)));
    }

    /** 0 ≤ Σw² ≤ (Σ|w|)², with 10⁻¹⁴ relative slack for rounding. */
    static Verdict l2AtMostL1Squared(Evaluator engine, Tensors s) {
        double l2 = engine.evaluate("l2_regularization", s, "r").item();
        double l1 = engine.evaluate("l1_regularization", s, "r").item();
        return Verdict.when(l2 >= 0 && l2 <= l1 * l1 * (1 + 1e-14),
                "Σw² = %s, (Σ|w|)² = %s", l2, l1 * l1);
    }

    /** Σ(c·w)² = c²·Σw², to 10⁻¹³ relative. */
    static Verdict l2Homogeneous(Evaluator engine, Tensors s) {
        double c = s.scalar("c");
        Tensor w = s.get("w");
        double scaled = engine.evaluate("l2_regularization", Tensors.of("w", w.map(x -> c * x)), "r").item();
        double plain = engine.evaluate("l2_regularization", Tensors.of("w", w), "r").item();
        return Verdict.close("Σ(c·w)²", scaled, c * c * plain, 1e-300, 1e-13);
    }

    /** weight_decay_step(w, g) = gd_step(w, g + λw), to 8u of the terms. */
    static Verdict weightDecayIsGradientStep(Evaluator engine, Tensors s) {
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
    }

    /** At t = 1 from m = v = 0 each weight moves against its gradient by at most lr (plus 2 ulp of w). */
    static Verdict adamFirstStepBounded(Evaluator engine, Tensors s) {
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
    }

    /** With negligible ε, (g, m, v) → (cg, cm, c²v) leaves the step unchanged up to 10⁻¹² of the move and 4 ulp of w. */
    static Verdict adamScaleInvariant(Evaluator engine, Tensors s) {
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
    }
}

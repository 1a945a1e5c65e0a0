package io.refcheck.catalog;

import static io.refcheck.catalog.LossEntries.INF;

import io.refcheck.formulas.Losses;
import io.refcheck.formulas.Matrices;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Sample generators and input builders of §C's entries: regression and bce pairs, p-norm vectors and orders,
 * logits with labels and probability rows, adversarial ones included.
 */
final class LossSamples {
    private LossSamples() {
    }

    static final double[] SPECIAL = {1000, -1000, 0, 1e-300, -1e-300, 40, -40};

    /** An ordinary real in [−10, 10) mixed with ±1000, exact zero, ±1e-300, ±40 and values of order 1e-8. */
    static double real(Random r, int index) {
        return switch (r.nextInt(10)) {
            case 0 -> 2000 * r.nextDouble() - 1000;
            case 1 -> SPECIAL[r.nextInt(SPECIAL.length)];
            case 2 -> 2e-8 * r.nextDouble() - 1e-8;
            default -> 20 * r.nextDouble() - 10;
        };
    }

    /** A target in [0, 1]: a hard label 0 or 1 half the time, else a soft one. */
    static double label01(Random r, int index) {
        return r.nextBoolean() ? r.nextInt(2) : r.nextDouble();
    }

    /** A vector of 1–12 elements or a matrix of up to 4×5. */
    static int[] smallShape(Random r) {
        return r.nextBoolean() ? new int[] {1 + r.nextInt(12)} : new int[] {1 + r.nextInt(4), 1 + r.nextInt(5)};
    }

    static Tensor flat(Tensor t) {
        return t.reshape(t.size());
    }

    static Tensors regressionInput(double[] prediction, double[] target) {
        return Tensors.of("prediction", Tensor.vector(prediction), "target", Tensor.vector(target));
    }

    static Tensors bceInput(double[] prediction, double[] target) {
        return Tensors.of("prediction", Tensor.vector(prediction), "target", Tensor.vector(target));
    }

    /**
     * (prediction, target) pairs: ordinary and huge values, nearly equal pairs (the difference
     * cancels to 1e-9 relative), entries of ±1e150 and, rarely, 10,000-element vectors.
     */
    static Arbitrary<Tensors> regressionPairs() {
        Arbitrary<Tensors> ordinary = Arbitraries.randomValue(r -> {
            int[] shape = smallShape(r);
            return Tensors.of("prediction", Samples.tensor(r, shape, LossSamples::real), "target", Samples.tensor(r, shape, LossSamples::real));
        });
        Arbitrary<Tensors> nearlyEqual = Arbitraries.randomValue(r -> {
            int[] shape = smallShape(r);
            Tensor yHat = Samples.tensor(r, shape, (rr, i) -> 20 * rr.nextDouble() - 10);
            Tensor noise = Samples.tensor(r, shape, Samples.gaussian(1e-9));
            return Tensors.of("prediction", yHat, "target", yHat.zip(noise, (v, e) -> v * (1 + e)));
        });
        Arbitrary<Tensors> huge = Arbitraries.randomValue(r -> {
            int[] shape = smallShape(r);
            return Tensors.of("prediction", Samples.tensor(r, shape, (rr, i) -> 1e150 * (2 * rr.nextDouble() - 1)),
                    "target", Samples.tensor(r, shape, (rr, i) -> 1e150 * (2 * rr.nextDouble() - 1)));
        });
        Arbitrary<Tensors> longOnes = Arbitraries.randomValue(r -> {
            int[] shape = {Samples.LONG};
            return Tensors.of("prediction", Samples.tensor(r, shape, Samples.gaussian(5)), "target", Samples.tensor(r, shape, Samples.gaussian(5)));
        });
        return Arbitraries.frequencyOf(Tuple.of(10, ordinary), Tuple.of(2, nearlyEqual), Tuple.of(1, huge), Tuple.of(1, longOnes));
    }

    /** Moderate pairs for gradient checks, every |ŷ_i − y_i| at least {@code gap} (away from the kink of |·|). */
    static Arbitrary<Tensors> regressionGradientPairs(double gap) {
        return Arbitraries.randomValue(r -> {
            int[] shape = smallShape(r);
            Tensor yHat = Samples.tensor(r, shape, (rr, i) -> 10 * rr.nextDouble() - 5);
            Tensor d = Samples.tensor(r, shape, (rr, i) -> (rr.nextBoolean() ? 1 : -1) * (gap + (3 - gap) * rr.nextDouble()));
            return Tensors.of("prediction", yHat, "target", Matrices.add(yHat, d));
        });
    }

    /** Pairs whose every error exceeds 1 in magnitude (by at least 1e-3), up to 1e100, long ones included. */
    static Arbitrary<Tensors> bigErrorPairs() {
        return Arbitraries.randomValue(r -> {
            int[] shape = r.nextInt(16) == 0 ? new int[] {Samples.LONG} : smallShape(r);
            Tensor yHat = Samples.tensor(r, shape, (rr, i) -> 200 * rr.nextDouble() - 100);
            Tensor d = Samples.tensor(r, shape, (rr, i) -> (rr.nextBoolean() ? 1 : -1) * (1.001 + (rr.nextInt(8) == 0
                    ? Math.pow(10, 100 * rr.nextDouble()) : 5 * rr.nextDouble())));
            return Tensors.of("prediction", yHat, "target", Matrices.add(yHat, d));
        });
    }

    /**
     * bce pairs: predictions mostly in (1e-6, 1 − 1e-6), some within 1e-12 of 0 or 1, and (when
     * {@code withEnds}) exactly 0 or 1, where PyTorch's −100 clamp acts; hard and soft targets.
     */
    static Arbitrary<Tensors> bcePairs(boolean withEnds) {
        return Arbitraries.randomValue(r -> {
            int[] shape = r.nextInt(16) == 0 ? new int[] {Samples.LONG} : smallShape(r);
            Tensor yHat = Samples.tensor(r, shape, (rr, i) -> switch (rr.nextInt(12)) {
                case 0 -> 1e-13 + 9e-13 * rr.nextDouble();
                case 1 -> 1 - (1e-13 + 9e-13 * rr.nextDouble());
                case 2 -> withEnds ? rr.nextInt(2) : 0.5;
                default -> 1e-6 + (1 - 2e-6) * rr.nextDouble();
            });
            return Tensors.of("prediction", yHat, "target", Samples.tensor(r, shape, LossSamples::label01));
        });
    }

    /** Lp samples: ordinary, zero, scaled by 1e±150, subnormal and 10,000-element vectors. */
    static Tensor lpVector(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> Samples.tensor(r, new int[] {Samples.LONG}, Samples.gaussian(5));
            case 1 -> Tensor.zeros(smallShape(r));
            case 2 -> lpVector(r, smallShape(r)).map(v -> v * 1e150);
            case 3 -> lpVector(r, smallShape(r)).map(v -> v * 1e-150);
            case 4 -> Samples.tensor(r, smallShape(r), (rr, i) -> rr.nextBoolean() ? 0 : (rr.nextBoolean() ? 1 : -1) * Double.MIN_VALUE);
            default -> lpVector(r, smallShape(r));
        };
    }

    static Tensor lpVector(Random r, int[] shape) {
        return Samples.tensor(r, shape, LossSamples::real);
    }

    /** A norm order: 1, 2 and ∞ (the fast paths), 1.5, 3, 50, or uniform in [1, 10). */
    static double order(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> 1;
            case 1 -> 2;
            case 2 -> INF;
            case 3 -> 1.5;
            case 4 -> 3;
            case 5 -> 50;
            default -> 1 + 9 * r.nextDouble();
        };
    }

    /** A finite order for lp_loss: 1, 2, 1.5, 3 or uniform in [1, 6). */
    static double finiteOrder(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> 1;
            case 1 -> 2;
            case 2 -> 1.5;
            case 3 -> 3;
            default -> 1 + 5 * r.nextDouble();
        };
    }

    /** A scale factor for the homogeneity fact: ordinary, ±1e100, ±1e-100, 0 or −1. */
    static double scaleFactor(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> (r.nextBoolean() ? 1 : -1) * 1e100;
            case 1 -> (r.nextBoolean() ? 1 : -1) * 1e-100;
            case 2 -> r.nextBoolean() ? 0 : -1;
            default -> 200 * r.nextDouble() - 100;
        };
    }

    /**
     * lp_norm gradient samples: magnitudes in [0.5, 5] (away from the kink at 0) and, for p = ∞,
     * a single largest magnitude at least 0.5 above the rest (away from ties).
     */
    static Tensors lpNormGradientSample(Random r) {
        double p = switch (r.nextInt(6)) {
            case 0 -> 1;
            case 1 -> 2;
            case 2 -> INF;
            case 3 -> 1.5;
            case 4 -> 3;
            default -> 1 + 4 * r.nextDouble();
        };
        double[] x = Samples.tensor(r, smallShape(r), (rr, i) -> (rr.nextBoolean() ? 1 : -1) * (0.5 + 4.5 * rr.nextDouble())).toArray();
        int top = r.nextInt(x.length);
        x[top] = Math.copySign(5.5 + r.nextDouble(), x[top]);
        return Tensors.of("x", Tensor.vector(x), "p", p);
    }

    /** The logits with one random label per row. */
    static Arbitrary<Tensors> withLabels(Tensor logits) {
        return Arbitraries.randomValue(r -> Tensors.of("logits", logits, "labels", labels(r, logits.dim(0), logits.dim(1))));
    }

    static Tensor labels(Random r, int n, int classes) {
        return Samples.tensor(r, new int[] {n}, (rr, i) -> rr.nextInt(classes));
    }

    /** Logits with the label at −1000 and another class at +1000 in every row: each row costs about 2000. */
    static Tensors opposedThousands(Random r) {
        int n = 1 + r.nextInt(5);
        int c = 2 + r.nextInt(6);
        double[] z = Samples.tensor(r, new int[] {n * c}, Samples.gaussian(3)).toArray();
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            int label = r.nextInt(c);
            int rival = (label + 1 + r.nextInt(c - 1)) % c;
            labels[i] = label;
            z[i * c + label] = -1000;
            z[i * c + rival] = 1000;
        }
        return Tensors.of("logits", Tensor.of(new int[] {n, c}, z), "labels", Tensor.vector(labels));
    }

    /** Probability rows [N, C] with a label per row and a target row (one-hot or soft) per row. */
    record Rows(Tensor probabilities, Tensor labels, Tensor targets) {
    }

    /**
     * Probability rows: ordinary, nearly one-hot (entries of order 1e-12, the label sometimes at one
     * of them, costing about 27.6), with exact zeros (never at the label, and soft targets vanish
     * there too, so the loss stays finite), nearly uniform; rarely one row of 10,000 classes or
     * 10,000 rows of two classes.
     */
    static Arbitrary<Rows> probabilityRows() {
        Arbitrary<Rows> mixed = Arbitraries.randomValue(r -> rows(r, 1 + r.nextInt(6), 1 + r.nextInt(8), true));
        Arbitrary<Rows> longRow = Arbitraries.randomValue(r -> rows(r, 1, Samples.LONG, false));
        Arbitrary<Rows> manyRows = Arbitraries.randomValue(r -> rows(r, Samples.LONG, 2, false));
        return Arbitraries.frequencyOf(Tuple.of(14, mixed), Tuple.of(1, longRow), Tuple.of(1, manyRows));
    }

    static Rows rows(Random r, int n, int c, boolean adversarial) {
        double[] p = new double[n * c];
        double[] t = new double[n * c];
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            double[] row = new double[c];
            int kind = adversarial ? r.nextInt(5) : 0;
            int label = r.nextInt(c);
            switch (kind) {
                case 1 -> { // nearly one-hot
                    int hot = r.nextBoolean() ? label : r.nextInt(c);
                    for (int j = 0; j < c; j++) {
                        row[j] = j == hot ? 1 : 1e-12 * (0.5 + r.nextDouble());
                    }
                }
                case 2 -> { // exact zeros, never at the label
                    for (int j = 0; j < c; j++) {
                        row[j] = j != label && r.nextInt(3) == 0 ? 0 : r.nextDouble() + 1e-3;
                    }
                }
                case 3 -> { // nearly uniform
                    for (int j = 0; j < c; j++) {
                        row[j] = 1.0 / c * (1 + 1e-9 * r.nextGaussian());
                    }
                }
                default -> row = Samples.simplexRow(r, c, 1).toArray();
            }
            Samples.normalise(row);
            double[] target = new double[c];
            if (r.nextBoolean()) {
                target[label] = 1;
            } else {
                for (int j = 0; j < c; j++) {
                    target[j] = row[j] == 0 ? 0 : r.nextDouble() + (j == label ? 1 : 0);
                }
                Samples.normalise(target);
            }
            System.arraycopy(row, 0, p, i * c, c);
            System.arraycopy(target, 0, t, i * c, c);
            labels[i] = label;
        }
        return new Rows(Tensor.of(new int[] {n, c}, p), Tensor.vector(labels), Tensor.of(new int[] {n, c}, t));
    }

    /** Interior rows for gradient checks: 2–6 classes, every probability at least 1/12, targets one-hot or soft. */
    static Arbitrary<Rows> interiorRows() {
        return Arbitraries.randomValue(r -> {
            int n = 1 + r.nextInt(4);
            int c = 2 + r.nextInt(5);
            double[] p = new double[n * c];
            double[] t = new double[n * c];
            double[] labels = new double[n];
            for (int i = 0; i < n; i++) {
                double[] row = Samples.tensor(r, new int[] {c}, (rr, j) -> 1 + rr.nextDouble()).toArray();
                Samples.normalise(row);
                int label = r.nextInt(c);
                double[] target = new double[c];
                if (r.nextBoolean()) {
                    target[label] = 1;
                } else {
                    for (int j = 0; j < c; j++) {
                        target[j] = r.nextDouble();
                    }
                    Samples.normalise(target);
                }
                System.arraycopy(row, 0, p, i * c, c);
                System.arraycopy(target, 0, t, i * c, c);
                labels[i] = label;
            }
            return new Rows(Tensor.of(new int[] {n, c}, p), Tensor.vector(labels), Tensor.of(new int[] {n, c}, t));
        });
    }

    /** lp_loss at order p on a sample with ties ŷ_i = y_i (one of them at −0 against 0). */
    static Tensors lpLossAtTies(double p) {
        return regressionInput(new double[] {1, 2, -0.0, 4}, new double[] {1, 3, 0, 2.5}).with("p", p);
    }

    /** lp_norm of the vector x at order p. */
    static Tensors lpNormAt(double p, double... x) {
        return Tensors.of("x", Tensor.vector(x), "p", p);
    }

    /** lp_norm's samples: vectors as {@link #lpVector(Random)} with orders as {@link #order}. */
    static Arbitrary<Tensors> lpNormSamples() {
        return Arbitraries.randomValue(r -> Tensors.of("x", lpVector(r), "p", order(r)));
    }

    /** Samples as {@link #lpNormGradientSample}. */
    static Arbitrary<Tensors> lpNormGradientSamples() {
        return Arbitraries.randomValue(LossSamples::lpNormGradientSample);
    }

    /** x with an independent y, or with y = αx (α in [0, 2)) where the triangle inequality is an equality. */
    static Arbitrary<Tensors> lpNormPairs() {
        return Arbitraries.randomValue(r -> {
            Tensor x = lpVector(r);
            // an independent y, or y = αx (α > 0) where the inequality is an equality
            double alpha = 2 * r.nextDouble();
            Tensor y = r.nextBoolean() ? lpVector(r, x.shape()) : x.map(v -> alpha * v);
            return Tensors.of("x", x, "y", y, "p", order(r));
        });
    }

    /** Vectors with a scale α as {@link #scaleFactor}. */
    static Arbitrary<Tensors> scaledLpVectors() {
        return Arbitraries.randomValue(r -> Tensors.of("x", lpVector(r), "alpha", scaleFactor(r), "p", order(r)));
    }

    /** Zero tensors half the time, otherwise vectors as {@link #lpVector(Random)}. */
    static Arbitrary<Tensors> zeroOrLpVectors() {
        return Arbitraries.randomValue(r -> Tensors.of("x", r.nextBoolean() ? Tensor.zeros(smallShape(r)) : lpVector(r), "p", order(r)));
    }

    /** Vectors with orders 1 ≤ p ≤ q (p = q one time in five). */
    static Arbitrary<Tensors> orderedOrders() {
        return Arbitraries.randomValue(r -> {
            double p = 1 + 9 * r.nextDouble() * r.nextDouble();
            double q = r.nextInt(5) == 0 ? p : p + 10 * r.nextDouble();
            return Tensors.of("x", lpVector(r), "p", r.nextInt(6) == 0 ? 1.0 : p, "q", q);
        });
    }

    /** Regression pairs with a finite order p. */
    static Arbitrary<Tensors> lpLossSamples() {
        return regressionPairs().flatMap(pair -> Arbitraries.randomValue(r -> pair.with("p", finiteOrder(r))));
    }

    /** Gradient pairs 0.1 away from a tie, with a finite order p. */
    static Arbitrary<Tensors> lpLossGradientSamples() {
        return regressionGradientPairs(0.1).flatMap(pair -> Arbitraries.randomValue(r -> pair.with("p", finiteOrder(r))));
    }

    /** Gradient pairs with a finite order p. */
    static Arbitrary<Tensors> lpLossPairs() {
        return regressionGradientPairs(0).flatMap(pair -> Arbitraries.randomValue(r -> pair.with("p", finiteOrder(r))));
    }

    /** Small predictions in [0.05, 0.95) with targets as {@link #label01}. */
    static Arbitrary<Tensors> bceGradientSamples() {
        return Arbitraries.randomValue(r -> {
            int[] shape = smallShape(r);
            return Tensors.of("prediction", Samples.tensor(r, shape, (rr, i) -> 0.05 + 0.9 * rr.nextDouble()),
                    "target", Samples.tensor(r, shape, LossSamples::label01));
        });
    }

    /** Logits as {@link #real} with targets as {@link #label01}; one in sixteen {@link Samples#LONG} long. */
    static Arbitrary<Tensors> logitPairs() {
        return Arbitraries.randomValue(r -> {
            int[] shape = r.nextInt(16) == 0 ? new int[] {Samples.LONG} : smallShape(r);
            return Tensors.of("logits", Samples.tensor(r, shape, LossSamples::real), "target", Samples.tensor(r, shape, LossSamples::label01));
        });
    }

    /** Small N(0, 3²) logits with targets as {@link #label01}. */
    static Arbitrary<Tensors> logitGradientPairs() {
        return Arbitraries.randomValue(r -> {
            int[] shape = smallShape(r);
            return Tensors.of("logits", Samples.tensor(r, shape, Samples.gaussian(3)), "target", Samples.tensor(r, shape, LossSamples::label01));
        });
    }

    /** Logits in [−8, 8) with targets as {@link #label01}; one in sixteen {@link Samples#LONG} long. */
    static Arbitrary<Tensors> moderateLogitPairs() {
        return Arbitraries.randomValue(r -> {
            int[] shape = r.nextInt(16) == 0 ? new int[] {Samples.LONG} : smallShape(r);
            return Tensors.of("logits", Samples.tensor(r, shape, (rr, i) -> 16 * rr.nextDouble() - 8),
                    "target", Samples.tensor(r, shape, LossSamples::label01));
        });
    }

    /** one_hot's samples: 0–20 labels of 1–10 classes, one in sixteen {@link Samples#LONG} labels of 10 classes. */
    static Arbitrary<Tensors> oneHotSamples() {
        return Arbitraries.randomValue(r -> {
            boolean longOne = r.nextInt(16) == 0;
            int classes = longOne ? 10 : 1 + r.nextInt(10);
            int n = longOne ? Samples.LONG : r.nextInt(21);
            return Tensors.of("labels", labels(r, n, classes), "classes", classes);
        });
    }

    /** 1–20 labels of 1–10 classes. */
    static Arbitrary<Tensors> labelRows() {
        return Arbitraries.randomValue(r -> {
            int classes = 1 + r.nextInt(10);
            return Tensors.of("labels", labels(r, 1 + r.nextInt(20), classes), "classes", classes);
        });
    }

    /** Probability rows with target rows. */
    static Arbitrary<Tensors> targetRows() {
        return probabilityRows().map(rows -> Tensors.of("probabilities", rows.probabilities(), "targets", rows.targets()));
    }

    /** Interior probability rows with target rows. */
    static Arbitrary<Tensors> interiorTargetRows() {
        return interiorRows().map(rows -> Tensors.of("probabilities", rows.probabilities(), "targets", rows.targets()));
    }

    /** Probability rows with labels. */
    static Arbitrary<Tensors> labelledRows() {
        return probabilityRows().map(rows -> Tensors.of("probabilities", rows.probabilities(), "labels", rows.labels()));
    }

    /** Interior probability rows with labels. */
    static Arbitrary<Tensors> interiorLabelledRows() {
        return interiorRows().map(rows -> Tensors.of("probabilities", rows.probabilities(), "labels", rows.labels()));
    }

    /** Logits as {@link Samples#logits} with labels, and now and then rows of opposed thousands. */
    static Arbitrary<Tensors> labelledLogits() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Samples.logits(6, 8).flatMap(LossSamples::withLabels)),
                Tuple.of(1, Arbitraries.randomValue(LossSamples::opposedThousands)));
    }

    /** Losses in [0, 10) with now and then 0, 1e-300 or up to 1000, one in sixteen {@link Samples#LONG} long; regularisations from 0 to 1000. */
    static Arbitrary<Tensors> costSamples() {
        return Arbitraries.randomValue(r -> {
            int n = r.nextInt(16) == 0 ? Samples.LONG : 1 + r.nextInt(20);
            Tensor losses = Samples.tensor(r, new int[] {n}, (rr, i) -> switch (rr.nextInt(8)) {
                case 0 -> 1000 * rr.nextDouble();
                case 1 -> rr.nextBoolean() ? 0 : 1e-300;
                default -> 10 * rr.nextDouble();
            });
            double regularisation = switch (r.nextInt(5)) {
                case 0 -> 0;
                case 1 -> 1e-300;
                case 2 -> 1000;
                default -> 10 * r.nextDouble();
            };
            return Tensors.of("losses", losses, "regularisation", regularisation);
        });
    }

    /** Up to 20 losses in [0, 10), regularisation in [0.1, 10.1). */
    static Arbitrary<Tensors> costGradientSamples() {
        return Arbitraries.randomValue(r -> Tensors.of(
                "losses", Samples.tensor(r, new int[] {1 + r.nextInt(20)}, (rr, i) -> 10 * rr.nextDouble()),
                "regularisation", 0.1 + 10 * r.nextDouble()));
    }

    /** Gradient pairs flattened to vectors. */
    static Arbitrary<Tensors> flatRegressionPairs() {
        return regressionGradientPairs(0)
                        .map(pair -> Tensors.of("prediction", flat(pair.get("prediction")), "target", flat(pair.get("target"))));
    }

    /** Up to 20 losses in [0, 10), regularisation in [0, 10). */
    static Arbitrary<Tensors> lossesWithRegularisation() {
        return Arbitraries.randomValue(r -> Tensors.of("losses", Samples.tensor(r, new int[] {1 + r.nextInt(20)}, (rr, i) -> 10 * rr.nextDouble()),
                "regularisation", 10 * r.nextDouble()));
    }
}

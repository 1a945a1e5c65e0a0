package io.refcheck.catalog;

import io.refcheck.catalog.AccuracyCases.Case;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** The accuracy cases of docs/catalog.md §C (see {@link AccuracyCases}). */
final class LossAccuracy {
    private LossAccuracy() {
    }

    /** mse, half_sse, mae: N(0, 1) predictions against N(0, 1) targets. */
    static AccuracyCases regression() {
        return AccuracyCases.sums((r, n) -> List.of(regression("", r, n)));
    }

    /** lp_loss: the regression pairs at p = 1, 2, 3 and 7.5. */
    static AccuracyCases lpLoss() {
        return AccuracyCases.transcendental((r, n) -> {
            List<Case> c = new ArrayList<>();
            for (double p : new double[] {1, 2, 3, 7.5}) {
                Case base = regression(", p = " + p, r, n);
                c.add(new Case(base.label(), base.inputs().with("p", p)));
            }
            return c;
        });
    }

    /** lp_norm: N(0, 1) entries at p = 1, 2, 3.5 and ∞. */
    static AccuracyCases lpNorm() {
        return AccuracyCases.transcendental((r, n) -> {
            List<Case> c = new ArrayList<>();
            for (double p : new double[] {1, 2, 3.5, Double.POSITIVE_INFINITY}) {
                c.add(new Case(length(n) + " N(0, 1) entries, p = " + p,
                        Tensors.of("x", Samples.vector(r, n, Samples.gaussian(1)), "p", p)));
            }
            return c;
        });
    }

    /** bce: uniform predictions, hard and soft targets. */
    static AccuracyCases bce() {
        return AccuracyCases.transcendental((r, n) -> List.of(new Case(length(n) + " uniform predictions, hard and soft targets",
                Tensors.of("prediction", Samples.vector(r, n, (rr, i) -> rr.nextDouble()), "target", Samples.vector(r, n, LossAccuracy::target)))));
    }

    /** bce_with_logits: N(0, 10²) logits, hard and soft targets; and the loss of each element on its own. */
    static AccuracyCases bceWithLogits() {
        return AccuracyCases.transcendental((r, n) -> List.of(new Case(length(n) + " N(0, 10²) logits, hard and soft targets",
                Tensors.of("logits", Samples.vector(r, n, Samples.gaussian(10)), "target", Samples.vector(r, n, LossAccuracy::target)))))
                .perElement("logits", "target");
    }

    /** cross_entropy_onehot: rows of 100 probabilities with one-hot targets. */
    static AccuracyCases crossEntropyOneHot() {
        return AccuracyCases.transcendental((r, n) -> probabilityRows(r, n, false));
    }

    /** cross_entropy_index: rows of 100 probabilities with class indices. */
    static AccuracyCases crossEntropyIndex() {
        return AccuracyCases.transcendental((r, n) -> probabilityRows(r, n, true));
    }

    /** softmax_cross_entropy: rows of 1,000 N(0, 5²) logits with class indices. */
    static AccuracyCases softmaxCrossEntropy() {
        return AccuracyCases.transcendental((r, n) -> {
            int rows = Math.max(1, n / 1000);
            double[] labels = new double[rows];
            for (int i = 0; i < rows; i++) {
                labels[i] = r.nextInt(1000);
            }
            return List.of(new Case(String.format(Locale.ROOT, "%,d rows of 1,000 N(0, 5²) logits", rows), Tensors.of(
                    "logits", Samples.matrix(r, rows, 1000, Samples.gaussian(5)), "labels", Tensor.vector(labels))));
        });
    }

    private static String length(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static Case regression(String suffix, Random r, int n) {
        return new Case(length(n) + " N(0, 1) predictions against N(0, 1) targets" + suffix, Tensors.of(
                "prediction", Samples.vector(r, n, Samples.gaussian(1)), "target", Samples.vector(r, n, Samples.gaussian(1))));
    }

    /** A hard target (0 or 1) or a soft one (uniform in [0, 1)), equally often. */
    private static double target(Random r, int i) {
        return r.nextBoolean() ? r.nextInt(2) : r.nextDouble();
    }

    /** n/100 rows of 100 probabilities, and a class per row: as indices, or as one-hot rows. */
    private static List<Case> probabilityRows(Random r, int n, boolean indices) {
        int rows = Math.max(1, n / 100);
        Tensor probabilities = simplexRows(r, rows, 100);
        double[] labels = new double[rows];
        double[] oneHot = new double[rows * 100];
        for (int i = 0; i < rows; i++) {
            labels[i] = r.nextInt(100);
            oneHot[i * 100 + (int) labels[i]] = 1;
        }
        String label = String.format(Locale.ROOT, "%,d rows of 100 probabilities", rows);
        return List.of(indices
                ? new Case(label, Tensors.of("probabilities", probabilities, "labels", Tensor.vector(labels)))
                : new Case(label + ", one-hot targets", Tensors.of("probabilities", probabilities,
                "targets", Tensor.of(new int[] {rows, 100}, oneHot))));
    }

    private static Tensor simplexRows(Random r, int rows, int n) {
        double[] d = new double[rows * n];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(Samples.simplexRow(r, n, 1).toArray(), 0, d, i * n, n);
        }
        return Tensor.of(new int[] {rows, n}, d);
    }
}

package io.refcheck.catalog;

import io.refcheck.catalog.AccuracyCases.Case;
import io.refcheck.formulas.Sums;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** The accuracy cases of docs/catalog.md §D (see {@link AccuracyCases}). */
final class InformationAccuracy {
    private InformationAccuracy() {
    }

    /** self_information: a sweep of probabilities from 1e-300 to 1 − 1e-16. */
    static AccuracyCases selfInformation() {
        return AccuracyCases.elementwise((r, n) -> List.of(new Case("sweep of " + n + " probabilities from 1e-300 to 1 − 1e-16",
                Tensors.of("p", Tensor.vector(probabilitySweep(r, n))))));
    }

    /** entropy: one long distribution. */
    static AccuracyCases entropy() {
        return AccuracyCases.transcendental((r, n) -> List.of(new Case("one distribution of " + length(n),
                Tensors.of("p", Samples.simplexRow(r, n, 1)))));
    }

    /** cross_entropy_dist: two independent long distributions. */
    static AccuracyCases crossEntropyDist() {
        return AccuracyCases.transcendental((r, n) -> List.of(new Case("two independent distributions of " + length(n),
                Tensors.of("p", Samples.simplexRow(r, n, 1), "q", Samples.simplexRow(r, n, 1)))));
    }

    /**
     * kl_divergence: two independent long distributions, and two within 1e-9 of each other, where
     * it is ill-conditioned: K = |D| + Σ_i |p_i log(p_i/q_i)|. For nearly equal P and Q the terms
     * are of first order in p − q while D is of second order, so their sum cancels: the condition
     * number of the sum is Σ_i|p_i log(p_i/q_i)| / D ≈ 2/‖P − Q‖₁, and the rows themselves sum to 1
     * only to within a few u, an error of first order that no rearrangement removes.
     */
    static AccuracyCases klDivergence() {
        return AccuracyCases.transcendental((r, n) -> {
            Tensor p = Samples.simplexRow(r, n, 1);
            return List.of(new Case("two independent distributions of " + length(n), Tensors.of("p", p, "q", Samples.simplexRow(r, n, 1))),
                    new Case("two distributions of " + length(n) + " within 1e-9 relative of each other",
                            Tensors.of("p", p, "q", nearby(r, p))));
        }).conditioning((in, output) -> AccuracyScales.perRow(in.get("p"), in.get("q"), (p, q, n, off) -> {
            double total = 0;
            double magnitude = 0;
            for (int j = 0; j < n; j++) {
                double pj = p[off + j];
                double qj = q[off + j];
                if (pj > 0 && qj > 0) {
                    double t = pj * Math.log(pj / qj);
                    total += t;
                    magnitude += Math.abs(t);
                }
            }
            return Math.abs(total) + magnitude;
        }));
    }

    private static String length(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A third each: log-uniform in [1e-300, 1], uniform in [0, 1), and within 1e-16 to 1e-1 of 1. */
    private static double[] probabilitySweep(Random r, int n) {
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = switch (i % 3) {
                case 0 -> Math.pow(10, -300 * r.nextDouble());
                case 1 -> r.nextDouble();
                default -> 1 - Math.pow(10, -1 - 15 * r.nextDouble());
            };
        }
        return p;
    }

    /** q_i = p_i(1 + 10^−9 g_i), renormalised (compensated). */
    private static Tensor nearby(Random r, Tensor p) {
        double[] q = p.toArray();
        for (int i = 0; i < q.length; i++) {
            q[i] *= 1 + 1e-9 * r.nextGaussian();
        }
        double s = Sums.sum(q);
        for (int i = 0; i < q.length; i++) {
            q[i] /= s;
        }
        return Tensor.vector(q);
    }
}

package io.refcheck.catalog;

import io.refcheck.catalog.AccuracyCases.Case;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** The accuracy cases of docs/catalog.md §A (see {@link AccuracyCases}). */
final class ActivationAccuracy {
    private ActivationAccuracy() {
    }

    /** sigmoid, tanh, relu, sign, step: a sweep of reals over every range their kernels switch between. */
    static AccuracyCases elementwise() {
        return AccuracyCases.elementwise((r, n) -> List.of(new Case("sweep of " + n + " reals, |z| from 1e-300 to 1e3",
                Tensors.of("z", sweep(r, n)))));
    }

    /** softmax, log_softmax: one long row of wide logits, and many rows of narrower ones. */
    static AccuracyCases softmax() {
        return AccuracyCases.transcendental(ActivationAccuracy::logits);
    }

    /**
     * logsumexp: as softmax, and ill-conditioned where lse is near 0 while the logits are not:
     * K = |lse| + Σ_j s_j|z_j| (s = softmax(z)). The derivative of lse is s, so relative
     * perturbations of size u in the logits (which is what rounding z_j − max z already is) move
     * lse by up to u·Σ_j s_j|z_j|; lse([−log 2, −log 2]) = 0 up to the rounding of log 2, and no
     * algorithm working in double precision on the shifted logits can promise a few ulps there.
     */
    static AccuracyCases logsumexp() {
        return softmax().conditioning((in, output) -> AccuracyScales.perRow(in.get("z"), null, (z, q, n, off) -> {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                m = Math.max(m, z[off + j]);
            }
            double s = 0;
            double weighted = 0;
            for (int j = 0; j < n; j++) {
                double e = Math.exp(z[off + j] - m);
                s += e;
                weighted += e * Math.abs(z[off + j]);
            }
            return Math.abs(m + Math.log(s)) + weighted / s;
        }));
    }

    private static List<Case> logits(Random r, int n) {
        String len = String.format(Locale.ROOT, "%,d", n);
        return List.of(new Case("one row of " + len + " N(0, 10²) logits", Tensors.of("z", Samples.vector(r, n, Samples.gaussian(10)))),
                new Case(String.format(Locale.ROOT, "%,d rows of 1,000 N(0, 3²) logits", Math.max(1, n / 1000)),
                        Tensors.of("z", Samples.matrix(r, Math.max(1, n / 1000), 1000, Samples.gaussian(3)))));
    }

    /** Reals with magnitudes log-uniform in [1e-300, 1e3] (half) or uniform in [−40, 40] (half), both signs. */
    private static Tensor sweep(Random r, int n) {
        return Samples.vector(r, n, (rr, i) -> rr.nextBoolean()
                ? (rr.nextBoolean() ? 1 : -1) * Math.pow(10, -300 + 303 * rr.nextDouble())
                : 80 * rr.nextDouble() - 40);
    }
}

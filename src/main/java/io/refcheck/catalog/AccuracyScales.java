package io.refcheck.catalog;

import io.refcheck.tensor.Tensor;

/** Per-row conditioning scales of the accuracy cases (see {@link AccuracyCases.Conditioning}). */
final class AccuracyScales {
    private AccuracyScales() {
    }

    /** The scale of one row of n elements of p (and q, null where there is none) from {@code offset}. */
    interface RowScale {
        double of(double[] p, double[] q, int n, int offset);
    }

    /** {@code scale} per row of p (and q) along the last axis. */
    static double[] perRow(Tensor p, Tensor q, RowScale scale) {
        int n = p.dim(-1);
        double[] pd = p.toArray();
        double[] qd = q == null ? null : q.toArray();
        double[] out = new double[pd.length / n];
        for (int r = 0; r < out.length; r++) {
            out[r] = scale.of(pd, qd, n, r * n);
        }
        return out;
    }
}

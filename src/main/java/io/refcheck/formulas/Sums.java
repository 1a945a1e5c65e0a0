package io.refcheck.formulas;

/**
 * Summation that keeps its digits on long inputs.
 *
 * <p>{@link #sum} is Neumaier's improved Kahan–Babuška summation: the rounding error of every
 * addition is carried in a compensation term, so the error bound is about
 * {@code 2u·Σ|x_i|} independent of n (u = 2⁻⁵³), against {@code (n−1)u·Σ|x_i|} for a naive loop.
 * It is exact for inputs whose partial sums are representable and handles ±Inf and NaN the IEEE
 * way (the compensation is dropped when the running sum is not finite).
 */
public final class Sums {
    private Sums() {
    }

    /** Σ x_i, compensated (Neumaier). The empty sum is 0. */
    public static double sum(double[] x) {
        return sum(x, 0, x.length);
    }

    /** Σ x_i for i in [from, to), compensated (Neumaier). */
    public static double sum(double[] x, int from, int to) {
        double s = 0;
        double c = 0;
        for (int i = from; i < to; i++) {
            double v = x[i];
            double t = s + v;
            if (Math.abs(s) >= Math.abs(v)) {
                c += (s - t) + v;
            } else {
                c += (v - t) + s;
            }
            s = t;
        }
        if (!Double.isFinite(s)) {
            return s;
        }
        return s + c;
    }

    /**
     * Σ x_i·y_i, each product exact through {@link Math#fma} error terms, then compensated.
     *
     * @throws IllegalArgumentException if y's length differs from x's
     */
    public static double dot(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("y: length " + y.length + " must equal length of x " + x.length);
        }
        return dot(x, 0, 1, y, 0, 1, x.length);
    }

    /** Strided dot product Σ_k x[xo + k·xs]·y[yo + k·ys], k in [0, n), with the error of every product and sum compensated (Dot2 of Ogita, Rump and Oishi). */
    public static double dot(double[] x, int xo, int xs, double[] y, int yo, int ys, int n) {
        double s = 0;
        double c = 0;
        for (int k = 0; k < n; k++) {
            double a = x[xo + k * xs];
            double b = y[yo + k * ys];
            double p = a * b;
            double pe = Math.fma(a, b, -p);
            double t = s + p;
            double z = t - s;
            double se = (s - (t - z)) + (p - z);
            s = t;
            c += se + pe;
        }
        if (!Double.isFinite(s)) {
            return s;
        }
        return s + c;
    }

    /** The arithmetic mean, compensated; the mean of nothing is NaN (as torch.mean of an empty tensor). */
    public static double mean(double[] x) {
        return sum(x) / x.length;
    }
}

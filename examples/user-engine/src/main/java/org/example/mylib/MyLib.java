package org.example.mylib;

/** The user's own formulas, on plain arrays, written as a careful user would. */
public final class MyLib {
    private MyLib() {
    }

    /** softmax over each row: e^(z_i − max z) / Σ_j e^(z_j − max z). */
    public static double[][] softmax(double[][] z) {
        double[][] s = new double[z.length][];
        for (int r = 0; r < z.length; r++) {
            if (z[r].length == 0) {
                throw new IllegalArgumentException("z: a row must not be empty (softmax of no classes)");
            }
            double max = Double.NEGATIVE_INFINITY;
            for (double x : z[r]) {
                max = Math.max(max, x);
            }
            double sum = 0;
            s[r] = new double[z[r].length];
            for (int j = 0; j < z[r].length; j++) {
                s[r][j] = Math.exp(z[r][j] - max);
                sum += s[r][j];
            }
            for (int j = 0; j < z[r].length; j++) {
                s[r][j] /= sum;
            }
        }
        return s;
    }

    /**
     * Mean over rows of −log softmax(z)[c] = logsumexp(z) − z_c, from the logits, as
     * (max − z_c) + log1p(Σ_{j ≠ argmax} e^(z_j − max)): where the label's logit is far above the rest
     * the loss is tiny (log(1 + e^−40) = 4.2e-18), and max + log(Σ) − z_c would round it to 0.
     */
    public static double crossEntropyFromLogits(double[][] z, int[] labels) {
        double total = 0; // an empty batch gives 0/0 = NaN, the mean over no rows, as PyTorch does
        for (int r = 0; r < z.length; r++) {
            if (z[r].length == 0) {
                throw new IllegalArgumentException("logits: a row must have at least one class");
            }
            int argmax = 0;
            for (int j = 1; j < z[r].length; j++) {
                if (z[r][j] > z[r][argmax] || Double.isNaN(z[r][j])) {
                    argmax = j;
                }
            }
            double max = z[r][argmax];
            double rest = 0;
            for (int j = 0; j < z[r].length; j++) {
                if (j != argmax) {
                    rest += Math.exp(z[r][j] - max);
                }
            }
            total += (max - z[r][labels[r]]) + Math.log1p(rest);
        }
        return total / z.length;
    }

    /** ∂/∂z of {@link #crossEntropyFromLogits}: (softmax(z) − onehot(c)) / N. */
    public static double[][] crossEntropyFromLogitsGradient(double[][] z, int[] labels) {
        double[][] g = softmax(z);
        for (int r = 0; r < z.length; r++) {
            g[r][labels[r]] -= 1;
            for (int j = 0; j < g[r].length; j++) {
                g[r][j] /= z.length;
            }
        }
        return g;
    }

    /** One Adam step in place on copies: returns {w, m, v} after the step. */
    public static double[][] adamStep(double[] w, double[] g, double[] m, double[] v, int t,
                                      double lr, double beta1, double beta2, double eps) {
        if (t < 1) {
            throw new IllegalArgumentException("t: the step number must be ≥ 1, got " + t);
        }
        if (!(lr > 0) || !(eps > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("hyperparameters: need lr > 0, eps > 0, β1 and β2 in [0, 1)");
        }
        if (g.length != w.length || m.length != w.length || v.length != w.length) {
            throw new IllegalArgumentException("g, m, v: must have the length of w, " + w.length);
        }
        for (double x : v) {
            if (x < 0) {
                throw new IllegalArgumentException("v: the second moment must be ≥ 0, got " + x);
            }
        }
        double[] w2 = new double[w.length];
        double[] m2 = new double[w.length];
        double[] v2 = new double[w.length];
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < w.length; i++) {
            m2[i] = beta1 * m[i] + (1 - beta1) * g[i];
            v2[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
            w2[i] = w[i] - lr * (m2[i] / c1) / (Math.sqrt(v2[i] / c2) + eps);
        }
        return new double[][] {w2, m2, v2};
    }
}

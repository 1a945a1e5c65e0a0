package io.refcheck.formulas;

import io.refcheck.tensor.Tensor;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Dropout (docs/catalog.md §G, S3): in training each unit is kept with probability q = 1 − p, where p is
 * the DROP probability (as {@code torch.nn.Dropout(p)}); the expected activation is kept equal
 * between training and test either by scaling at test time (classic: test output × q) or by
 * scaling in training (inverted, PyTorch's: training output ÷ q, test output unchanged).
 */
public final class Dropout {
    private Dropout() {
    }

    /** How the expected activation is kept equal between training and test. */
    public enum Mode {
        /** Training output x·m/q, test output x: what PyTorch does. Catalog code 0. */
        INVERTED,
        /** Training output x·m, test output x·q. Catalog code 1. */
        CLASSIC;

        /**
         * The mode for a catalog code: 0 inverted, 1 classic.
         *
         * @throws IllegalArgumentException if code is neither 0 (inverted) nor 1 (classic)
         */
        public static Mode ofCode(double code) {
            if (code == 0) {
                return INVERTED;
            }
            if (code == 1) {
                return CLASSIC;
            }
            throw new IllegalArgumentException("mode: must be 0 (inverted) or 1 (classic), got " + code);
        }
    }

    /** The dropout output y and the keep mask m (1 kept, 0 dropped; all ones at test time). */
    public record Result(Tensor y, Tensor mask) {
    }

    /**
     * Dropout: y = x ⊙ s with the per-unit factor
     * <pre>
     *              training        test
     * inverted     m/q             1
     * classic      m               q
     * </pre>
     * where q = 1 − p and m_i ~ Bernoulli(q) independently: m_i = 1 when the i-th draw
     * (row-major) of {@code nextDouble()} from {@link Initialisation#generator}(seed) is &lt; q.
     *
     * <p>As PyTorch's CPU dropout ({@code noise.bernoulli_(1-p).div_(1-p); input * noise}), the
     * factor is formed first and then multiplied, so a dropped unit gives x·0: 0 for finite x, NaN
     * for x = NaN or ±∞. Empty x gives empty y and mask.
     *
     * <p>p must lie in [0, 1). PyTorch also accepts p = 1 (and returns x·0); here the keep
     * probability q = 0 would make the inverted factor 1/q undefined, so p = 1 is rejected.
     *
     * @param x        activations, any shape
     * @param p        drop probability in [0, 1)
     * @param mode     inverted (PyTorch) or classic
     * @param training true for the training pass, false for test (eval)
     * @param seed     integer seed of the mask (unused at test time but still validated)
     * @throws IllegalArgumentException if p does not lie in [0, 1) (NaN included), or seed is not an integer with
     *         |seed| &lt;= 2^53
     */
    public static Result dropout(Tensor x, double p, Mode mode, boolean training, double seed) {
        double q = keepProbability(p);
        RandomGenerator rng = Initialisation.generator("seed", seed);
        int n = x.size();
        double[] mask = new double[n];
        double[] factor = new double[n];
        for (int i = 0; i < n; i++) {
            mask[i] = training ? (rng.nextDouble() < q ? 1 : 0) : 1;
            factor[i] = factor(mask[i], q, mode, training);
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = x.at(i) * factor[i];
        }
        int[] shape = x.shape();
        return new Result(Tensor.wrap(shape, y), Tensor.wrap(shape, mask));
    }

    /**
     * The vjp of {@link #dropout} with respect to x: c ⊙ s, the same per-unit factor (m/q for inverted training).
     *
     * @throws IllegalArgumentException if cotangent's shape differs from x's, p does not lie in [0, 1) (NaN included),
     *         or seed is not an integer with |seed| &lt;= 2^53
     */
    public static Tensor dropoutVjp(Tensor x, double p, Mode mode, boolean training, double seed, Tensor cotangent) {
        Require.sameShape("x", x, "cotangent", cotangent);
        double q = keepProbability(p);
        Tensor mask = dropout(x, p, mode, training, seed).mask();
        double[] d = new double[x.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = cotangent.at(i) * factor(mask.at(i), q, mode, training);
        }
        return Tensor.wrap(x.shape(), d);
    }

    /**
     * q = 1 − p for a drop probability p in [0, 1).
     *
     * @throws IllegalArgumentException if p does not lie in [0, 1), NaN included
     */
    public static double keepProbability(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("p: must lie in [0, 1) (the drop probability; p = 1 leaves keep probability 0), got " + p);
        }
        return 1 - p;
    }

    /**
     * The catalog's training flag: 1 training, 0 test.
     *
     * @throws IllegalArgumentException if flag is neither 1 (training) nor 0 (test)
     */
    public static boolean training(double flag) {
        if (flag != 0 && flag != 1) {
            throw new IllegalArgumentException("training: must be 1 (training) or 0 (test), got " + flag);
        }
        return flag == 1;
    }

    private static double factor(double mask, double q, Mode mode, boolean training) {
        if (!training) {
            return mode == Mode.CLASSIC ? q : 1;
        }
        return mode == Mode.INVERTED ? mask / q : mask;
    }
}

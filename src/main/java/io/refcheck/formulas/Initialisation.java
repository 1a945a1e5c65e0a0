package io.refcheck.formulas;

import io.refcheck.formulas.Backprop.TwoLayerParameters;
import io.refcheck.tensor.Tensor;
import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Initialisation (docs/catalog.md §G): Gaussian initialisation W ~ N(0, σ²), b = 0, and the symmetry
 * that all-equal initial weights keep under gradient descent on a two-layer net.
 *
 * <p>Randomness in this project's seeded formulas comes from one documented generator,
 * {@link #generator}: commons-math3's {@link Well19937c} seeded with the seed as a long. The same
 * seed always gives the same numbers, on every JVM.
 */
public final class Initialisation {
    private Initialisation() {
    }

    /** The largest seed magnitude a double holds exactly (2⁵³). */
    private static final double MAX_SEED = 9007199254740992.0;

    /**
     * The generator behind every seeded formula: {@code new Well19937c((long) seed)}.
     *
     * @param name the argument's name, for the message when {@code seed} is not an integer
     * @param seed an integer with |seed| ≤ 2⁵³ (so the scalar tensor holding it is exact)
     * @throws IllegalArgumentException if seed is not an integer with |seed| &lt;= 2^53
     */
    public static RandomGenerator generator(String name, double seed) {
        if (seed != Math.rint(seed) || !(Math.abs(seed) <= MAX_SEED)) {
            throw new IllegalArgumentException(name + ": must be an integer with |seed| <= 2^53, got " + seed);
        }
        return new Well19937c((long) seed);
    }

    /** The weights and biases of a Gaussian initialisation, in S4's column layout. */
    public record Layer(Tensor W, Tensor b) {
    }

    /**
     * Gaussian initialisation W ~ N(0, σ²), b = 0 (S4's {@code np.random.randn(n1, n0) * 0.01} with
     * σ = 0.01; S3's "N~(0, 0.01)" read as the standard deviation, docs/catalog.md §I.6).
     *
     * <p>W[i][j] is the (i·cols + j)-th draw, row-major, of {@code new NormalDistribution(rng, 0, σ)}
     * over {@code rng = } {@link #generator}(seed), i.e. σ·z with z from Well19937c's
     * {@code nextGaussian()} (Marsaglia's polar method). Deterministic given the seed. About
     * 99.73 % of the weights lie within 3σ of 0 (P(|Z| ≤ 3) = erf(3/√2) = 0.99730020…).
     *
     * <p>rows or cols = 0 gives empty tensors (as {@code torch.randn(0, n)}); a negative size is
     * rejected (torch: "negative dimension"). σ must be &gt; 0 and finite: torch.normal also rejects
     * a negative or NaN std and returns zeros for std = 0, which is no random initialisation.
     *
     * @param rows n1, the number of units of the layer (rows of W, entries of b)
     * @param cols n0, the number of inputs (columns of W)
     * @return W [rows, cols] and b = 0 [rows, 1]
     * @throws IllegalArgumentException if rows or cols is not an integer &gt;= 0, W would have more than 2^31-1
     *         elements, sigma is not &gt; 0 and finite, or seed is not an integer with |seed| &lt;= 2^53
     */
    public static Layer gaussian(double rows, double cols, double sigma, double seed) {
        int n1 = size("rows", rows);
        int n0 = size("cols", cols);
        Require.positive("sigma", sigma);
        RandomGenerator rng = generator("seed", seed);
        double[] w = new double[Tensor.sizeOf(new int[] {n1, n0})];
        if (w.length > 0) {
            w = new NormalDistribution(rng, 0, sigma).sample(w.length);
        }
        return new Layer(Tensor.wrap(new int[] {n1, n0}, w), Tensor.zeros(n1, 1));
    }

    /**
     * Trains a one-hidden-layer net (column layout, S4: A1 = g(W1 X + b1), A2 = σ(W2 A1 + b2))
     * for {@code steps} steps of gradient descent on the mean binary cross-entropy: the preconditions
     * of zero_init_symmetry, then {@link Backprop#trainTwoLayer(Tensor, Tensor, TwoLayerParameters,
     * String, double, int)}, every parameter updated by {@link Optimisers#gdStep} with the gradients
     * of {@link Backprop#twoLayerVectorized}.
     *
     * <p>All-equal initial weights keep every hidden unit identical: if the rows of W1 are equal,
     * the entries of b1 are equal and each row of W2 is constant, then every hidden unit computes
     * the same numbers by the same arithmetic in the same order, so its gradient row is the same
     * double, bit for bit, and the symmetry survives every step (S3, S4). Random initialisation
     * breaks it.
     *
     * @param X      inputs [n0, m], m ≥ 1 examples as columns
     * @param Y      targets in [0, 1], [n2, m]
     * @param init   initial W1 [n1, n0], b1 [n1, 1], W2 [n2, n1], b2 [n2, 1]; n1 = 0 is allowed
     *               (no hidden units: empty W1, b1, W2)
     * @param lr     learning rate &gt; 0
     * @param steps  number of steps, an integer ≥ 0
     * @param hidden the hidden activation: "tanh", "sigmoid" or "relu"
     * @return the parameters after training
     * @throws IllegalArgumentException if X does not have rank 2 with at least one example (column); Y does not have
     *         rank 2 with one column per example of X, or an element of Y is not a probability in [0, 1]; W1 does not
     *         have rank 2 with one column per input row of X; b1, W2 or b2 does not have shape [n1, 1], [n2, n1] or
     *         [n2, 1] (n1 the rows of W1, n2 the rows of Y); lr is not &gt; 0 and finite; steps is not an integer
     *         &gt;= 0; or hidden is not one of tanh, sigmoid, relu
     */
    public static TwoLayerParameters gradientDescentTwoLayer(Tensor X, Tensor Y, TwoLayerParameters init, double lr,
                                                             double steps, String hidden) {
        Require.rank("X", X, 2);
        Require.that(X.dim(1) >= 1, "X", "must hold at least one example (column); the mean BCE over none is undefined, shape "
                + Arrays.toString(X.shape()));
        Require.rank("Y", Y, 2);
        Require.dim("Y", Y, 1, X.dim(1), "one column per example of X");
        Require.probabilities("Y", Y);
        Require.rank("W1", init.W1(), 2);
        Require.dim("W1", init.W1(), 1, X.dim(0), "one column per input row of X");
        int n1 = init.W1().dim(0);
        Require.shape("b1", init.b1(), n1, 1);
        Require.shape("W2", init.W2(), Y.dim(0), n1);
        Require.shape("b2", init.b2(), Y.dim(0), 1);
        Require.positive("lr", lr);
        int k = size("steps", steps);
        Require.that(hidden.equals("tanh") || hidden.equals("sigmoid") || hidden.equals("relu"), "hidden",
                "must be one of tanh, sigmoid, relu, got " + hidden);
        return Backprop.trainTwoLayer(X, Y, init, hidden, lr, k);
    }

    /** A size or count: an integer ≥ 0 held in a double. */
    private static int size(String name, double v) {
        if (!(v >= 0 && v <= Integer.MAX_VALUE) || v != Math.rint(v)) {
            throw new IllegalArgumentException(name + ": must be an integer >= 0, got " + v);
        }
        return (int) v;
    }
}

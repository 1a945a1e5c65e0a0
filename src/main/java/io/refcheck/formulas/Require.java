package io.refcheck.formulas;

import io.refcheck.tensor.Tensor;
import java.util.Arrays;

/**
 * Preconditions, checked first in every formula. Each failure is an {@link IllegalArgumentException}
 * whose message starts with the argument's name and states the rule broken, in the manner of
 * Apache Commons Math: {@code "p: must be >= 1, got 0.5"}.
 */
public final class Require {
    private Require() {
    }

    /**
     * t has at least one element.
     *
     * @throws IllegalArgumentException if t is empty
     */
    public static void nonEmpty(String name, Tensor t) {
        if (t.isEmpty()) {
            throw new IllegalArgumentException(name + ": must not be empty, shape " + Arrays.toString(t.shape()));
        }
    }

    /**
     * t has rank {@code rank}.
     *
     * @throws IllegalArgumentException if t's rank is not {@code rank}
     */
    public static void rank(String name, Tensor t, int rank) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(name + ": must have rank " + rank + ", shape " + Arrays.toString(t.shape()));
        }
    }

    /**
     * t has rank at least {@code rank}.
     *
     * @throws IllegalArgumentException if t's rank is below {@code rank}
     */
    public static void rankAtLeast(String name, Tensor t, int rank) {
        if (t.rank() < rank) {
            throw new IllegalArgumentException(name + ": must have rank >= " + rank + ", shape " + Arrays.toString(t.shape()));
        }
    }

    /**
     * tb has the shape of ta; the message names b.
     *
     * @throws IllegalArgumentException if tb's shape differs from ta's
     */
    public static void sameShape(String a, Tensor ta, String b, Tensor tb) {
        if (!ta.sameShape(tb)) {
            throw new IllegalArgumentException(b + ": shape " + Arrays.toString(tb.shape()) + " must equal the shape of "
                    + a + " " + Arrays.toString(ta.shape()));
        }
    }

    /**
     * Dimension {@code axis} of t is {@code expected}; {@code what} says why, in the message.
     *
     * @throws IllegalArgumentException if t's dimension {@code axis} is not {@code expected}
     */
    public static void dim(String name, Tensor t, int axis, int expected, String what) {
        if (t.dim(axis) != expected) {
            throw new IllegalArgumentException(name + ": dimension " + axis + " must be " + expected + " (" + what
                    + "), shape " + Arrays.toString(t.shape()));
        }
    }

    /**
     * t has exactly this shape: {@code "b1: must have shape [4, 1], shape [4]"}.
     *
     * @throws IllegalArgumentException if t's shape is not {@code shape}
     */
    public static void shape(String name, Tensor t, int... shape) {
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException(name + ": must have shape " + Arrays.toString(shape) + ", shape "
                    + Arrays.toString(t.shape()));
        }
    }

    /**
     * t holds exactly one element (a scalar of any rank).
     *
     * @throws IllegalArgumentException if t does not hold exactly one element
     */
    public static void scalar(String name, Tensor t) {
        if (t.size() != 1) {
            throw new IllegalArgumentException(name + ": must be a scalar, shape " + Arrays.toString(t.shape()));
        }
    }

    /**
     * No element is NaN.
     *
     * @throws IllegalArgumentException if an element of t is NaN
     */
    public static void notNaN(String name, Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (Double.isNaN(t.at(i))) {
                throw new IllegalArgumentException(name + ": must not contain NaN (element " + i + ")");
            }
        }
    }

    /**
     * Every element is finite.
     *
     * @throws IllegalArgumentException if an element of t is NaN or ±∞
     */
    public static void finite(String name, Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (!Double.isFinite(t.at(i))) {
                throw new IllegalArgumentException(name + ": must be finite, element " + i + " is " + t.at(i));
            }
        }
    }

    /**
     * v is finite.
     *
     * @throws IllegalArgumentException if v is NaN or ±∞
     */
    public static void finite(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + ": must be finite, got " + v);
        }
    }

    /**
     * v &gt; 0 and finite; NaN fails.
     *
     * @throws IllegalArgumentException if v is not &gt; 0 and finite, NaN included
     */
    public static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + ": must be > 0 and finite, got " + v);
        }
    }

    /**
     * v ≥ 0 and finite; NaN fails.
     *
     * @throws IllegalArgumentException if v is not &gt;= 0 and finite, NaN included
     */
    public static void nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + ": must be >= 0 and finite, got " + v);
        }
    }

    /**
     * {@code lo <= v <= hi}; NaN fails.
     *
     * @throws IllegalArgumentException if v does not lie in [lo, hi], NaN included
     */
    public static void inClosed(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(name + ": must lie in [" + lo + ", " + hi + "], got " + v);
        }
    }

    /**
     * Every element in [0, 1] (NaN fails).
     *
     * @throws IllegalArgumentException if an element of t is not a probability in [0, 1], NaN included
     */
    public static void probabilities(String name, Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            double v = t.at(i);
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(name + ": every element must be a probability in [0, 1], element "
                        + i + " is " + v);
            }
        }
    }

    /** Relative tolerance for rows on the simplex: sums within 1e-6 of 1 (float32-rounded inputs pass). */
    public static final double SIMPLEX_TOLERANCE = 1e-6;

    /**
     * Every row (last axis) is a probability vector: elements in [0, 1] summing to 1 within {@link #SIMPLEX_TOLERANCE}.
     *
     * @throws IllegalArgumentException if an element of t is not a probability in [0, 1] (NaN included), or a row does
     *         not sum to 1 within {@link #SIMPLEX_TOLERANCE}
     */
    public static void simplexRows(String name, Tensor t) {
        probabilities(name, t);
        int n = t.rank() == 0 ? 1 : t.dim(-1);
        if (n == 0) {
            return;
        }
        for (int row = 0; row < t.size() / n; row++) {
            double[] r = new double[n];
            for (int j = 0; j < n; j++) {
                r[j] = t.at(row * n + j);
            }
            double s = Sums.sum(r);
            if (Math.abs(s - 1) > SIMPLEX_TOLERANCE) {
                throw new IllegalArgumentException(name + ": every row must lie on the probability simplex (sum to 1), row "
                        + row + " sums to " + s);
            }
        }
    }

    /**
     * Every element an integer label in [0, classes).
     *
     * @throws IllegalArgumentException if an element of t is not an integer label in [0, classes), NaN included
     */
    public static void labels(String name, Tensor t, int classes) {
        for (int i = 0; i < t.size(); i++) {
            double v = t.at(i);
            if (!(v >= 0 && v < classes) || v != Math.rint(v)) {
                throw new IllegalArgumentException(name + ": every label must be an integer in [0, " + classes + "), element "
                        + i + " is " + v);
            }
        }
    }

    /**
     * The condition holds; otherwise the message is {@code name + ": " + rule}.
     *
     * @throws IllegalArgumentException if condition is false
     */
    public static void that(boolean condition, String name, String rule) {
        if (!condition) {
            throw new IllegalArgumentException(name + ": " + rule);
        }
    }
}

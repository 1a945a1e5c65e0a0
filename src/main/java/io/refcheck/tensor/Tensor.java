package io.refcheck.tensor;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A tiny immutable n-dimensional array of doubles: a shape and a row-major {@code double[]}.
 *
 * <p>Rank 0 is a scalar (shape {@code []}, one element). A dimension may be 0, giving an empty
 * tensor. The data array is copied on the way in and on the way out, so a {@code Tensor} can be
 * shared freely. {@link #toFloat32()} rounds every element to the nearest float, which is how the
 * project models float32 engines in double arithmetic.
 */
public final class Tensor {
    private final int[] shape;
    private final double[] data;

    private Tensor(int[] shape, double[] data, boolean copy) {
        this.shape = copy ? shape.clone() : shape;
        this.data = copy ? data.clone() : data;
    }

    /**
     * A tensor of the given shape over a copy of {@code data}; the sizes must agree.
     *
     * @throws IllegalArgumentException if a dimension of shape is negative, shape has more than 2^31-1 elements, or
     *         data's length does not match the size of shape
     */
    public static Tensor of(int[] shape, double... data) {
        if (sizeOf(shape) != data.length) {
            throw new IllegalArgumentException("data: length " + data.length + " does not match shape "
                    + Arrays.toString(shape) + " (size " + sizeOf(shape) + ")");
        }
        return new Tensor(shape, data, true);
    }

    /**
     * Wraps without copying; only for code in this project that hands over a fresh array.
     *
     * @throws IllegalArgumentException if a dimension of shape is negative, shape has more than 2^31-1 elements, or
     *         data's length does not match the size of shape
     */
    public static Tensor wrap(int[] shape, double[] data) {
        if (sizeOf(shape) != data.length) {
            throw new IllegalArgumentException("data: length " + data.length + " does not match shape " + Arrays.toString(shape));
        }
        return new Tensor(shape.clone(), data, false);
    }

    /** A rank-0 tensor (shape []) holding value. */
    public static Tensor scalar(double value) {
        return new Tensor(new int[0], new double[] {value}, false);
    }

    /** A rank-1 tensor of shape [n] over a copy of the n values. */
    public static Tensor vector(double... values) {
        return new Tensor(new int[] {values.length}, values, true);
    }

    /**
     * A matrix from rows; every row must have the same length.
     *
     * @throws IllegalArgumentException if a row's length differs from the first row's
     */
    public static Tensor matrix(double[]... rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] d = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("rows: row " + i + " has length " + rows[i].length + ", expected " + cols);
            }
            System.arraycopy(rows[i], 0, d, i * cols, cols);
        }
        return new Tensor(new int[] {rows.length, cols}, d, false);
    }

    /**
     * A tensor of the given shape, every element 0.
     *
     * @throws IllegalArgumentException if a dimension of shape is negative or shape has more than 2^31-1 elements
     */
    public static Tensor zeros(int... shape) {
        return new Tensor(shape.clone(), new double[sizeOf(shape)], false);
    }

    /**
     * A tensor of the given shape, every element value.
     *
     * @throws IllegalArgumentException if a dimension of shape is negative or shape has more than 2^31-1 elements
     */
    public static Tensor filled(double value, int... shape) {
        double[] d = new double[sizeOf(shape)];
        Arrays.fill(d, value);
        return new Tensor(shape.clone(), d, false);
    }

    /**
     * The number of elements of a tensor of this shape, the product of its dimensions (1 for []).
     *
     * @throws IllegalArgumentException if a dimension of shape is negative or shape has more than 2^31-1 elements
     */
    public static int sizeOf(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape: every dimension must be >= 0, got " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape: " + Arrays.toString(shape) + " has more than 2^31-1 elements");
        }
        return (int) n;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of dimensions: 0 for a scalar. */
    public int rank() {
        return shape.length;
    }

    /** The length of dimension axis; a negative axis counts from the end (−1 is the last). */
    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    /** The number of elements. */
    public int size() {
        return data.length;
    }

    /** Whether the tensor has no element (some dimension is 0). */
    public boolean isEmpty() {
        return data.length == 0;
    }

    /** A copy of the row-major data. */
    public double[] toArray() {
        return data.clone();
    }

    /** Element at a flat row-major index. */
    public double at(int flatIndex) {
        return data[flatIndex];
    }

    /**
     * Element at a multi-index.
     *
     * @throws IllegalArgumentException if index's length does not match the tensor's rank
     * @throws IndexOutOfBoundsException if an index lies outside the shape (below 0 or at least its dimension)
     */
    public double get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index: rank " + index.length + " does not match tensor rank " + shape.length);
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside shape " + Arrays.toString(shape));
            }
            flat = flat * shape[i] + index[i];
        }
        return data[flat];
    }

    /**
     * The scalar value of a one-element tensor of any rank.
     *
     * @throws IllegalArgumentException if the tensor does not hold exactly one element
     */
    public double item() {
        if (data.length != 1) {
            throw new IllegalArgumentException("tensor: item() needs exactly one element, shape is " + Arrays.toString(shape));
        }
        return data[0];
    }

    /**
     * The same elements, in row-major order, under newShape.
     *
     * @throws IllegalArgumentException if a dimension of newShape is negative, newShape's size differs from this
     *         tensor's size, or newShape has more than 2^31-1 elements
     */
    public Tensor reshape(int... newShape) {
        if (sizeOf(newShape) != data.length) {
            throw new IllegalArgumentException("shape: cannot reshape " + Arrays.toString(shape) + " to " + Arrays.toString(newShape));
        }
        return new Tensor(newShape.clone(), data, false);
    }

    /** A copy with one flat element replaced. */
    public Tensor with(int flatIndex, double value) {
        double[] d = data.clone();
        d[flatIndex] = value;
        return new Tensor(shape, d, false);
    }

    /** f applied to every element, in the same shape. */
    public Tensor map(DoubleUnaryOperator f) {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = f.applyAsDouble(data[i]);
        }
        return new Tensor(shape, d, false);
    }

    /**
     * Elementwise combination of two tensors of equal shape.
     *
     * @throws IllegalArgumentException if other's shape differs from this tensor's
     */
    public Tensor zip(Tensor other, DoubleBinaryOperator f) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new IllegalArgumentException("shape: " + Arrays.toString(shape) + " and " + Arrays.toString(other.shape) + " differ");
        }
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = f.applyAsDouble(data[i], other.data[i]);
        }
        return new Tensor(shape, d, false);
    }

    /** Every element rounded to the nearest IEEE-754 binary32 value (round half to even). */
    public Tensor toFloat32() {
        return map(x -> (double) (float) x);
    }

    /** Whether other has this tensor's shape. */
    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Arrays.toString(shape)).append(' ');
        int n = Math.min(data.length, 8);
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(data[i]);
        }
        if (data.length > n) {
            sb.append(", … (").append(data.length).append(" elements)");
        }
        return sb.append(']').toString();
    }
}

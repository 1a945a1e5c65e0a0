package io.refcheck.catalog;

import io.refcheck.tensor.Tensor;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * An output of an exact form before rounding: per element either an exact {@link Real} or, where
 * that is null, an IEEE special (NaN or ±∞) given by the formula's convention.
 */
public final class ExactTensor {
    private final int[] shape;
    private final Real[] values;
    private final double[] specials;

    /** {@code values[i]} null means element i is {@code specials[i]}. */
    public ExactTensor(int[] shape, Real[] values, double[] specials) {
        if (values.length != specials.length) {
            throw new IllegalArgumentException("values and specials must have the same length");
        }
        this.shape = shape.clone();
        this.values = values;
        this.specials = specials;
    }

    /** A 0-d output of value v; NaN where v is null. */
    public static ExactTensor scalar(Real v) {
        return v == null ? special(Double.NaN) : new ExactTensor(new int[0], new Real[] {v}, new double[1]);
    }

    /** A 0-d output that is the IEEE special v. */
    public static ExactTensor special(double v) {
        return new ExactTensor(new int[0], new Real[1], new double[] {v});
    }

    /**
     * f over every element of x: {@code finite} on the exact value of each finite element (a null
     * result is +∞), {@code special} on NaN and ±∞.
     */
    public static ExactTensor elementwise(RealArithmetic arithmetic, Tensor x, UnaryOperator<Real> finite,
                                          DoubleUnaryOperator special) {
        Real[] v = new Real[x.size()];
        double[] s = new double[x.size()];
        for (int i = 0; i < v.length; i++) {
            double xi = x.at(i);
            if (Double.isFinite(xi)) {
                v[i] = finite.apply(arithmetic.of(xi));
                if (v[i] == null) {
                    s[i] = Double.POSITIVE_INFINITY;
                }
            } else {
                s[i] = special.applyAsDouble(xi);
            }
        }
        return new ExactTensor(x.shape(), v, s);
    }

    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        return values.length;
    }

    /** The exact value of element i, or null where the element is NaN or ±∞. */
    public Real value(int i) {
        return values[i];
    }

    /** Every element rounded once to the nearest double. */
    public Tensor toFloat64() {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i] == null ? specials[i] : values[i].toDouble();
        }
        return Tensor.wrap(shape, d);
    }

    /** Every element rounded once to the nearest float (held in a double). */
    public Tensor toFloat32() {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i] == null ? (float) specials[i] : values[i].toFloat();
        }
        return Tensor.wrap(shape, d);
    }
}

package io.refcheck.tensor;

import java.util.Arrays;

/**
 * The floating-point types an engine computes in, each with its unit roundoff u = 2^−p (p the
 * significand's precision): a correctly rounded result is within a relative u of the exact one.
 * Every comparison's rounding allowance is a multiple of u (see
 * {@code io.refcheck.catalog.Formula#roundingAllowance}); the labels are those the report and
 * PyTorch use.
 */
public enum Dtype {
    /** IEEE binary64: p = 53, u = 2^−53 ≈ 1.1e-16. */
    FLOAT64("float64", 0x1p-53),
    /** IEEE binary32: p = 24, u = 2^−24 ≈ 6.0e-8. */
    FLOAT32("float32", 0x1p-24);

    private final String label;
    private final double unitRoundoff;

    Dtype(String label, double unitRoundoff) {
        this.label = label;
        this.unitRoundoff = unitRoundoff;
    }

    /** "float64" or "float32". */
    public String label() {
        return label;
    }

    /** u = 2^−p. */
    public double unitRoundoff() {
        return unitRoundoff;
    }

    /**
     * The dtype of this label.
     *
     * @throws IllegalArgumentException naming the label and the known ones
     */
    public static Dtype of(String label) {
        for (Dtype d : values()) {
            if (d.label.equals(label)) {
                return d;
            }
        }
        throw new IllegalArgumentException("dtype: must be one of " + Arrays.stream(values()).map(Dtype::label).toList() + ", got " + label);
    }

    @Override
    public String toString() {
        return label;
    }
}

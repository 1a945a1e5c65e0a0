package io.refcheck.tensor;

import java.util.Arrays;

/**
 * The floating-point types an engine computes in, and the one comparison policy that goes with
 * each: its unit roundoff u = 2^−p (p the significand's precision; a correctly rounded result is
 * within a relative u of the exact one), its smallest normal and subnormal numbers, the default
 * tolerance of a value comparison with the reference, and the rounding-allowance rule u·S
 * ({@link #allowance}) that every comparison of another engine's values with plain Java's adds on
 * top of the tolerance. The labels are those the report, the golden data and PyTorch use.
 */
public enum Dtype {
    /**
     * IEEE binary64: p = 53, u = 2^−53 ≈ 1.1e-16. Default tolerance atol 1e-12, rtol 1e-10: two
     * float64 engines round each operation in different orders (plain Java compensates its sums,
     * libtorch does not), so they differ by a few ulps times the length of the sums.
     */
    FLOAT64("float64", 0x1p-53, Double.MIN_NORMAL, Double.MIN_VALUE, 1e-12, 1e-10),
    /**
     * IEEE binary32: p = 24, u = 2^−24 ≈ 6.0e-8. Default tolerance atol 1e-5, rtol 1.3e-6:
     * torch.testing.assert_close's float32 defaults.
     */
    FLOAT32("float32", 0x1p-24, Float.MIN_NORMAL, Float.MIN_VALUE, 1e-5, 1.3e-6);

    private final String label;
    private final double unitRoundoff;
    private final double smallestNormal;
    private final double smallestSubnormal;
    private final double atol;
    private final double rtol;

    Dtype(String label, double unitRoundoff, double smallestNormal, double smallestSubnormal, double atol, double rtol) {
        this.label = label;
        this.unitRoundoff = unitRoundoff;
        this.smallestNormal = smallestNormal;
        this.smallestSubnormal = smallestSubnormal;
        this.atol = atol;
        this.rtol = rtol;
    }

    /** "float64" or "float32". */
    public String label() {
        return label;
    }

    /** u = 2^−p: a rounding to this format changes a normal number by at most u relative. */
    public double unitRoundoff() {
        return unitRoundoff;
    }

    /** The smallest positive normal number of the format. */
    public double smallestNormal() {
        return smallestNormal;
    }

    /** η, the smallest positive subnormal: a rounding to this format changes a subnormal result by at most η absolute. */
    public double smallestSubnormal() {
        return smallestSubnormal;
    }

    /** The default absolute tolerance of a value comparison with the reference in this dtype. */
    public double atol() {
        return atol;
    }

    /** The default relative tolerance of a value comparison with the reference in this dtype. */
    public double rtol() {
        return rtol;
    }

    /**
     * The rounding allowance u·S for an element whose forward-error scale is S: what an engine
     * that rounds every operation to this dtype may differ from the exact result by (the classical
     * bound γₙ·Σ|terms| of a sum). Every comparison with plain Java adds this on top of the
     * tolerance.
     */
    public double allowance(double scale) {
        return unitRoundoff * scale;
    }

    /**
     * The dtype of this label.
     *
     * @throws IllegalArgumentException if label is not one of "float64", "float32"
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

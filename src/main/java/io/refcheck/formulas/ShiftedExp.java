package io.refcheck.formulas;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * e^(z_j − m) over a row of logits whose maximum is m, to the accuracy of
 * {@link Activations#shiftedExp} (within an ulp, z − m taken exactly), in loops that the JIT
 * compiler vectorises: the inner loop of softmax cross-entropy and its gradient, where one
 * {@link Math#exp} per logit was most of the time.
 *
 * <p>For x = z − m = d + δ, d = fl(z − m) and δ its rounding error (Knuth's TwoSum):
 * n = round(d/ln 2) and r = (d − n·ln2_head) + (δ − n·ln2_tail), with ln 2 split into a 32-bit
 * head (n times it is exact, and so is d minus that, by Sterbenz) and a tail, so |r| ≤ ln2/2 +
 * tiny and r is x − n·ln 2 to within an ulp of r. Then e^x = 2ⁿ·(1 + (r + r²·q(r))), q the
 * Taylor polynomial of (e^r − 1 − r)/r² to degree 11, whose truncation error r¹⁴/14! &lt; 5·10⁻¹⁸
 * is far below an ulp; the rounding of 1 + (…) is the largest error, half an ulp, and the
 * scaling by 2ⁿ is exact. The reduction and the polynomial are two branch-free loops over plain
 * arrays (C2 vectorises them); the scaling, which needs the bits of n, and the compensated sum
 * are one scalar loop.
 *
 * <p>Terms with z − m outside [−700, 700] (whose exponential is below 10⁻³⁰⁴ or above 10³⁰⁴, or
 * subnormal, zero, infinite), NaN and ±∞ are {@link Activations#shiftedExp}'s, so every IEEE case is
 * that method's.
 */
final class ShiftedExp {
    /** A term with z − m outside [−RANGE, RANGE] is {@link Activations#shiftedExp}'s; inside it 2ⁿ and the result are normal. */
    private static final double RANGE = 700;
    /** 1.5·2⁵²: adding it rounds a double of magnitude below 2⁵¹ to an integer, kept in its low bits. */
    private static final double ROUNDER = 0x1.8p52;
    /** 1/ln 2; its own rounding only chooses n, the reduction is exact. */
    private static final double INVERSE_LN2 = 1 / Math.log(2);
    private static final double LN2_HEAD;
    private static final double LN2_TAIL;
    private static final double Q2 = 1.0 / 2;
    private static final double Q3 = 1.0 / 6;
    private static final double Q4 = 1.0 / 24;
    private static final double Q5 = 1.0 / 120;
    private static final double Q6 = 1.0 / 720;
    private static final double Q7 = 1.0 / 5040;
    private static final double Q8 = 1.0 / 40320;
    private static final double Q9 = 1.0 / 362880;
    private static final double Q10 = 1.0 / 3628800;
    private static final double Q11 = 1.0 / 39916800;
    private static final double Q12 = 1.0 / 479001600;
    private static final double Q13 = 1.0 / 6227020800.0;

    static {
        BigDecimal ln2 = new BigDecimal("0.693147180559945309417232121458176568075500134360255254120680009");
        // 32 significant bits: n·head is exact for |n| < 2²¹ (here |n| ≤ 1010)
        LN2_HEAD = Double.longBitsToDouble(Double.doubleToRawLongBits(ln2.doubleValue()) & ~((1L << 21) - 1));
        LN2_TAIL = ln2.subtract(new BigDecimal(LN2_HEAD), new MathContext(40)).doubleValue();
    }

    private ShiftedExp() {
    }

    /**
     * Leaves e_j = e^(z_j − m) in {@code e[j]} for j in [0, n) and returns Σ_(j ≠ skip) e_j,
     * compensated by Knuth's branch-free TwoSum (about 2u·Σ whatever n). m must be finite (the
     * row's maximum, so no term exceeds 1); {@code skip} outside [0, n) skips nothing.
     *
     * @param row the logits z_j in its first n elements
     * @param e   at least n elements
     */
    static double row(double[] row, int n, double m, int skip, double[] e) {
        return row(row, 0, n, m, skip, e);
    }

    /** {@link #row(double[], int, double, int, double[])} over the logits z[off, off + n). */
    static double row(double[] z, int off, int n, double m, int skip, double[] e) {
        reduce(z, off, n, m, e);
        expOfReduced(e, n);
        double sum = 0;
        double compensation = 0;
        for (int j = 0; j < n; j++) {
            double zj = z[off + j];
            double d = zj - m;
            double ej = d >= -RANGE && d <= RANGE
                    ? e[j] * Double.longBitsToDouble((Double.doubleToRawLongBits(d * INVERSE_LN2 + ROUNDER) + 1023) << 52)
                    : Activations.shiftedExp(zj, m);
            e[j] = ej;
            if (j != skip) {
                double t = sum + ej;
                double eVirtual = t - sum;
                compensation += (sum - (t - eVirtual)) + (ej - eVirtual);
                sum = t;
            }
        }
        return sum + compensation;
    }

    /**
     * r_j = x_j − n_j·ln 2 for x_j = z_j − m taken exactly, n_j = round(fl(z_j − m)/ln 2) (the
     * low bits of fl(z_j − m)/ln 2 + 1.5·2⁵², recovered in {@link #row}). Terms out of range get
     * meaningless values here and are replaced there.
     */
    private static void reduce(double[] z, int off, int n, double m, double[] r) {
        for (int j = 0; j < n; j++) {
            double zj = z[off + j];
            double d = zj - m;
            double mPart = d - zj;
            double delta = (zj - (d - mPart)) + (-m - mPart);
            double nd = (d * INVERSE_LN2 + ROUNDER) - ROUNDER;
            r[j] = (d - nd * LN2_HEAD) + (delta - nd * LN2_TAIL);
        }
    }

    /** e^r_j in place, as 1 + (r + r²·q(r)) with q's Taylor coefficients 1/2!, …, 1/13! (Horner). */
    private static void expOfReduced(double[] y, int n) {
        for (int j = 0; j < n; j++) {
            double r = y[j];
            double q = Q13 * r + Q12;
            q = q * r + Q11;
            q = q * r + Q10;
            q = q * r + Q9;
            q = q * r + Q8;
            q = q * r + Q7;
            q = q * r + Q6;
            q = q * r + Q5;
            q = q * r + Q4;
            q = q * r + Q3;
            q = q * r + Q2;
            y[j] = 1 + (r + r * r * q);
        }
    }
}

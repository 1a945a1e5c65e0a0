package io.refcheck.formulas;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * e^(z − m) for the max-shifted reductions, to the accuracy of {@link Activations#shiftedExp}
 * (within an ulp, z − m taken exactly) at a fraction of the cost of {@link Math#exp} and its
 * correction: the inner loop of softmax cross-entropy and its gradient evaluates one per logit.
 *
 * <p>Tang's table-driven method (ACM TOMS 15(2), 1989) on the exact argument x = z − m = d + δ,
 * d = fl(z − m) and δ its rounding error (Knuth's TwoSum): n = round(x·128/ln 2), so
 * x = n·ln2/128 + r with |r| ≤ ln2/256 + tiny, and e^x = 2^⌊n/128⌋ · 2^((n mod 128)/128) · e^r.
 * ln2/128 is split into a 32-bit head (n times it is exact, and so is d minus that, by Sterbenz)
 * and a tail; 2^(j/128) is tabulated as head + tail, rounded from a 50-digit value computed at
 * class initialisation; e^r − 1 is its Taylor polynomial to degree 5, whose truncation error
 * r⁶/720 &lt; 10⁻¹⁸ is far below an ulp. The result head + (head·(e^r − 1) + tail) is rounded
 * once more and scaled by an exact power of two.
 *
 * <p>Outside −708 ≤ z − m ≤ 709 (where the result is subnormal, zero or infinite) and for NaN
 * and ±∞ it defers to {@link Activations#shiftedExp}, so every IEEE case is that method's.
 */
final class ShiftedExp {
    private static final int TABLE_BITS = 7;
    private static final int TABLE_SIZE = 1 << TABLE_BITS;
    /** 1.5·2⁵²: adding it rounds a double of magnitude below 2⁵¹ to an integer kept in the low bits. */
    private static final double ROUNDER = 0x1.8p52;
    /** 128/ln 2; its own rounding only chooses n, the reduction below is exact. */
    private static final double TABLE_SIZE_OVER_LN2 = TABLE_SIZE / Math.log(2);
    private static final double LN2_STEP_HEAD;
    private static final double LN2_STEP_TAIL;
    private static final double[] POWER_HEAD = new double[TABLE_SIZE];
    private static final double[] POWER_TAIL = new double[TABLE_SIZE];

    static {
        MathContext mc = new MathContext(50);
        BigDecimal ln2 = new BigDecimal("0.693147180559945309417232121458176568075500134360255254120680009");
        BigDecimal step = ln2.divide(BigDecimal.valueOf(TABLE_SIZE), mc);
        // 32 significant bits: n·head is exact for |n| < 2²¹ (here |n| ≤ 131,000)
        LN2_STEP_HEAD = Double.longBitsToDouble(Double.doubleToRawLongBits(step.doubleValue()) & ~((1L << 21) - 1));
        LN2_STEP_TAIL = step.subtract(new BigDecimal(LN2_STEP_HEAD), mc).doubleValue();
        for (int j = 0; j < TABLE_SIZE; j++) {
            // x = 2^(j/128) by Newton's method on x¹²⁸ = 2ʲ from the double estimate: 3 steps reach 50 digits
            BigDecimal target = BigDecimal.valueOf(2).pow(j);
            BigDecimal x = new BigDecimal(Math.pow(2, j / (double) TABLE_SIZE));
            for (int step3 = 0; step3 < 3; step3++) {
                BigDecimal power = x.pow(TABLE_SIZE - 1, mc);
                x = x.subtract(power.multiply(x, mc).subtract(target, mc)
                        .divide(power.multiply(BigDecimal.valueOf(TABLE_SIZE), mc), mc), mc);
            }
            POWER_HEAD[j] = x.doubleValue();
            POWER_TAIL[j] = x.subtract(new BigDecimal(POWER_HEAD[j]), mc).doubleValue();
        }
    }

    private ShiftedExp() {
    }

    /** e^(z − m), z − m taken exactly; the IEEE cases and the subnormal range as {@link Activations#shiftedExp}. */
    static double of(double z, double m) {
        double d = z - m;
        if (!(d >= -708 && d <= 709)) {
            return Activations.shiftedExp(z, m);
        }
        double mPart = d - z;
        double delta = (z - (d - mPart)) + (-m - mPart);
        double rounded = d * TABLE_SIZE_OVER_LN2 + ROUNDER;
        int n = (int) Double.doubleToRawLongBits(rounded);
        double nd = rounded - ROUNDER;
        double r = (d - nd * LN2_STEP_HEAD) + (delta - nd * LN2_STEP_TAIL);
        double expm1 = r + r * r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120))));
        int j = n & (TABLE_SIZE - 1);
        double head = POWER_HEAD[j];
        double y = head + (head * expm1 + POWER_TAIL[j]);
        return y * Double.longBitsToDouble((long) ((n >> TABLE_BITS) + 1023) << 52);
    }
}

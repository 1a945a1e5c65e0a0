package io.refcheck.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real arithmetic on {@link BigDecimal} to {@value #DIGITS} significant digits: the elementary
 * functions the oracle's {@link DecimalArithmetic} needs (exp, expm1, log, log1p, sqrt, pow) and the rounding of
 * a result to the nearest double or float.
 *
 * <p><b>Why BigDecimal and not commons-math3 {@code Dfp}.</b> Dfp has exp and log, but its
 * conversion {@code Dfp.toDouble()} is not correctly rounded (it goes through a power-of-ten
 * estimate), and the oracle's one job is the final rounding: with BigDecimal, inputs convert
 * exactly ({@code new BigDecimal(double)}), sums and products of inputs can be exact, and
 * {@link #toDouble}/{@link #toFloat} are checked against both neighbours, so they are correctly
 * rounded (ties to even) by construction. The price is writing exp and log here; each is a
 * textbook series with argument reduction, short enough to read in full, and tested against
 * published 50-digit constants.
 *
 * <p><b>Error budget.</b> Every intermediate is rounded to {@value #DIGITS} digits (relative
 * error ≤ ½·10^−63). exp reduces its argument by k·ln 2 and 2^−10, sums 18 terms of the
 * Taylor series and squares 10 times, in binary fixed point with 240 fraction bits (BigInteger
 * products and shifts, several times faster than decimal rounding; relative error below 10^−69),
 * then scales by 2^k and rounds to {@value #DIGITS} digits; log
 * inverts exp by two Halley steps from {@link Math#log} (cubic convergence: 10^−16 → 10^−48 →
 * 10^−64) or, within 10^−3 of 1, sums the atanh series (relative error 10^−62 however close to 1
 * the argument is). A formula built from a few hundred such steps, or a sum of 10^6 terms, is
 * therefore accurate to better than 10^−55 relative, unless it cancels; where it does (KL
 * divergence of nearly equal rows, logsumexp near 0) the cancellation of doubles costs at most
 * about 17 + log10(n) digits, leaving more than 35. The double nearest such a value is then the
 * correctly rounded result except when the exact value lies within 10^−35 relative of a rounding
 * boundary, which no sample here comes near.
 */
final class HighPrecision {
    private HighPrecision() {
    }

    /** Significant digits of every intermediate result. */
    static final int DIGITS = 64;
    static final MathContext MC = new MathContext(DIGITS, RoundingMode.HALF_EVEN);

    /** exp(x) is taken as exactly 0 below this: e^(−2^20) ≈ 10^(−455,000), far below any float or double. */
    private static final BigDecimal EXP_FLOOR = BigDecimal.valueOf(-(1 << 20));
    private static final BigDecimal EXP_CEILING = BigDecimal.valueOf(1 << 20);
    private static final int TAYLOR_TERMS = 18;
    private static final int HALVINGS = 10;
    /**
     * Fraction bits of the binary fixed point exp works in: 2^−240 ≈ 6·10^−73 absolute on values
     * near 1, so the 18 Horner steps and 10 squarings stay below 10^−69 relative.
     */
    private static final int FRACTION_BITS = 240;
    private static final BigDecimal ONE_FIXED = new BigDecimal(BigInteger.ONE.shiftLeft(FRACTION_BITS));
    private static final BigInteger[] INVERSE_FACTORIAL_FIXED = new BigInteger[TAYLOR_TERMS + 1];
    private static final BigDecimal[] INVERSE_FACTORIAL = new BigDecimal[TAYLOR_TERMS + 1];
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final BigDecimal SERIES_LIMIT = new BigDecimal("1e-3");

    static {
        BigDecimal f = BigDecimal.ONE;
        for (int k = 0; k <= TAYLOR_TERMS; k++) {
            if (k > 0) {
                f = f.multiply(BigDecimal.valueOf(k));
            }
            INVERSE_FACTORIAL[k] = BigDecimal.ONE.divide(f, MC);
            INVERSE_FACTORIAL_FIXED[k] = ONE_FIXED.divide(f, 0, RoundingMode.HALF_EVEN).unscaledValue();
        }
    }

    /** ln 2 = 2 atanh(1/3) = 2 Σ_k (1/3)^(2k+1)/(2k+1). */
    static final BigDecimal LN2 = atanhSeries(BigDecimal.ONE.divide(BigDecimal.valueOf(3), MC)).multiply(TWO, MC);
    private static final double LN2_DOUBLE = Math.log(2);
    /** ln 10 = 3 ln 2 + 2 atanh(1/9) (ln(5/4) = 2 atanh((5/4 − 1)/(5/4 + 1))). */
    static final BigDecimal LN10 = LN2.multiply(BigDecimal.valueOf(3), MC)
            .add(atanhSeries(BigDecimal.ONE.divide(BigDecimal.valueOf(9), MC)).multiply(TWO, MC), MC);

    private static final ConcurrentHashMap<Integer, BigDecimal> POWERS_OF_TWO = new ConcurrentHashMap<>();

    /** The exact value of a finite double. */
    static BigDecimal exact(double x) {
        if (!Double.isFinite(x)) {
            throw new ArithmeticException("x: must be finite, got " + x);
        }
        return new BigDecimal(x);
    }

    /** e^x. */
    static BigDecimal exp(BigDecimal x) {
        if (x.signum() == 0) {
            return BigDecimal.ONE;
        }
        if (x.compareTo(EXP_FLOOR) < 0) {
            return BigDecimal.ZERO;
        }
        if (x.compareTo(EXP_CEILING) > 0) {
            throw new ArithmeticException("exp: argument " + x.round(new MathContext(6)) + " too large");
        }
        // x = k ln 2 + r with |r| ≤ ln 2 / 2 (plus the error of the double estimate of k)
        int k = (int) Math.rint(x.doubleValue() / LN2_DOUBLE);
        BigDecimal r = k == 0 ? x : x.subtract(LN2.multiply(BigDecimal.valueOf(k), MC), MC);
        // e^r = (e^(r/2^10))^(2^10), in binary fixed point: a value v is held as the integer v·2^F
        BigInteger scaled = r.multiply(ONE_FIXED).setScale(0, RoundingMode.HALF_EVEN).unscaledValue().shiftRight(HALVINGS);
        BigInteger y = INVERSE_FACTORIAL_FIXED[TAYLOR_TERMS];
        for (int j = TAYLOR_TERMS - 1; j >= 0; j--) {
            y = y.multiply(scaled).shiftRight(FRACTION_BITS).add(INVERSE_FACTORIAL_FIXED[j]);
        }
        for (int i = 0; i < HALVINGS; i++) {
            y = y.multiply(y).shiftRight(FRACTION_BITS);
        }
        return new BigDecimal(y).multiply(powerOfTwo(k - FRACTION_BITS), MC);
    }

    private static BigDecimal powerOfTwo(int k) {
        return POWERS_OF_TWO.computeIfAbsent(k, n -> TWO.pow(n, MC));
    }

    /**
     * e^x − 1 with full relative precision near 0: for |x| &lt; 1/2 the argument is halved until
     * |x|/2^s ≤ 2^−10, the series Σ_{k≥1} r^k/k! has no leading 1 to cancel, and each doubling
     * uses e^(2r) − 1 = (e^r − 1)(e^r − 1 + 2).
     */
    static BigDecimal expm1(BigDecimal x) {
        if (x.abs().compareTo(new BigDecimal("0.5")) >= 0) {
            return exp(x).subtract(BigDecimal.ONE, MC);
        }
        if (x.signum() == 0) {
            return BigDecimal.ZERO;
        }
        int s = Math.max(0, Math.getExponent(x.doubleValue()) + HALVINGS);
        BigDecimal r = s == 0 ? x : x.divide(TWO.pow(s), MC);
        BigDecimal p = INVERSE_FACTORIAL[TAYLOR_TERMS];
        for (int k = TAYLOR_TERMS - 1; k >= 1; k--) {
            p = p.multiply(r, MC).add(INVERSE_FACTORIAL[k], MC);
        }
        BigDecimal e = p.multiply(r, MC);
        for (int i = 0; i < s; i++) {
            e = e.multiply(e.add(TWO, MC), MC);
        }
        return e;
    }

    /** Natural logarithm of x &gt; 0. */
    static BigDecimal log(BigDecimal x) {
        if (x.signum() <= 0) {
            throw new ArithmeticException("log: argument must be > 0, got " + x);
        }
        BigDecimal t = x.subtract(BigDecimal.ONE, MC);
        if (t.abs().compareTo(SERIES_LIMIT) < 0) {
            return log1p(t);
        }
        // x = m·10^e with m in [1, 10): log x = log m + e ln 10
        int e = x.precision() - x.scale() - 1;
        BigDecimal m = x.scaleByPowerOfTen(-e);
        BigDecimal y = BigDecimal.valueOf(Math.log(m.doubleValue()));
        for (int i = 0; i < 2; i++) {
            // Halley's step for exp(y) = m: y ← y + 2(m − e^y)/(m + e^y)
            BigDecimal ey = exp(y);
            y = y.add(TWO.multiply(m.subtract(ey, MC), MC).divide(m.add(ey, MC), MC), MC);
        }
        return e == 0 ? y : y.add(LN10.multiply(BigDecimal.valueOf(e), MC), MC);
    }

    /** log(1 + t) for t &gt; −1, with full relative precision however small t is. */
    static BigDecimal log1p(BigDecimal t) {
        if (t.abs().compareTo(SERIES_LIMIT) >= 0) {
            return log(BigDecimal.ONE.add(t, MC));
        }
        if (t.signum() == 0) {
            return BigDecimal.ZERO;
        }
        // log(1 + t) = 2 atanh(w), w = t/(2 + t), |w| < 5·10^−4
        return atanhSeries(t.divide(TWO.add(t, MC), MC)).multiply(TWO, MC);
    }

    /** atanh(w) = Σ_k w^(2k+1)/(2k+1), for |w| ≤ 1/3, summed until the terms fall below 10^−70 of the first. */
    private static BigDecimal atanhSeries(BigDecimal w) {
        BigDecimal w2 = w.multiply(w, MC);
        BigDecimal power = w;
        BigDecimal sum = w;
        BigDecimal limit = w.abs().movePointLeft(DIGITS + 6);
        for (int k = 1; ; k++) {
            power = power.multiply(w2, MC);
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), MC);
            if (term.abs().compareTo(limit) < 0) {
                return sum;
            }
            sum = sum.add(term, MC);
        }
    }

    static BigDecimal sqrt(BigDecimal x) {
        return x.sqrt(MC);
    }

    /** a^p for a ≥ 0 and real p &gt; 0: repeated multiplication for small integer p, else e^(p log a). */
    static BigDecimal pow(BigDecimal a, double p) {
        if (a.signum() == 0) {
            return BigDecimal.ZERO;
        }
        if (p == Math.rint(p) && p <= 64) {
            return a.pow((int) p, MC);
        }
        return exp(log(a).multiply(exact(p), MC));
    }

    /** a^(1/p) for a ≥ 0, p ≥ 1. */
    static BigDecimal root(BigDecimal a, double p) {
        if (a.signum() == 0) {
            return BigDecimal.ZERO;
        }
        if (p == 1) {
            return a;
        }
        if (p == 2) {
            return sqrt(a);
        }
        return exp(log(a).divide(exact(p), MC));
    }

    /** The double nearest x (ties to even), checked against both neighbours. */
    static double toDouble(BigDecimal x) {
        double d = x.doubleValue();
        if (Double.isInfinite(d)) {
            return d;
        }
        for (int i = 0; i < 4; i++) {
            double better = nearer(x, d, Math.nextDown(d), Math.nextUp(d), false);
            if (better == d) {
                return d;
            }
            d = better;
        }
        throw new IllegalStateException("toDouble did not settle for " + x);
    }

    /** The float nearest x (ties to even), rounded once from the exact value, not through double. */
    static float toFloat(BigDecimal x) {
        float f = x.floatValue();
        if (Float.isInfinite(f)) {
            return f;
        }
        for (int i = 0; i < 4; i++) {
            float better = (float) nearer(x, f, Math.nextDown(f), Math.nextUp(f), true);
            if (better == f) {
                return f;
            }
            f = better;
        }
        throw new IllegalStateException("toFloat did not settle for " + x);
    }

    /** Of a candidate and its two neighbours, the one nearest x; a tie goes to the even significand. */
    private static double nearer(BigDecimal x, double candidate, double below, double above, boolean float32) {
        double best = candidate;
        BigDecimal bestDistance = distance(x, candidate);
        for (double other : new double[] {below, above}) {
            if (Double.isInfinite(other)) {
                continue;
            }
            int c = distance(x, other).compareTo(bestDistance);
            if (c < 0 || (c == 0 && evenSignificand(other, float32) && !evenSignificand(best, float32))) {
                best = other;
                bestDistance = distance(x, other);
            }
        }
        return best;
    }

    private static BigDecimal distance(BigDecimal x, double d) {
        return x.subtract(new BigDecimal(d)).abs();
    }

    private static boolean evenSignificand(double d, boolean float32) {
        return float32 ? (Float.floatToRawIntBits((float) d) & 1) == 0 : (Double.doubleToRawLongBits(d) & 1) == 0;
    }
}

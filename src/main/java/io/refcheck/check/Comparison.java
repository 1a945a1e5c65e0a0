package io.refcheck.check;

import io.refcheck.tensor.Tensor;
import java.util.Arrays;

/**
 * The result of comparing an actual tensor with an expected one under torch.testing.assert_close
 * semantics: element i passes when |a − e| ≤ atol + rtol·|e|, NaN equals NaN and ±Inf equals
 * itself. Also reports the worst element and the largest distance in units in the last place.
 */
public record Comparison(boolean pass, double maxAbsError, double maxRelError, long maxUlp, int worstIndex,
                         double worstActual, double worstExpected, String reason) {

    /** Compares {@code actual} with {@code expected}. */
    public static Comparison of(Tensor actual, Tensor expected, double atol, double rtol) {
        return of(actual, expected, atol, rtol, null);
    }

    /**
     * Compares with an extra per-element allowance (a forward-error bound u·S), added to
     * atol + rtol·|e|; {@code allowance} may be null.
     */
    public static Comparison of(Tensor actual, Tensor expected, double atol, double rtol, Tensor allowance) {
        if (!actual.sameShape(expected) || (allowance != null && allowance.size() != expected.size())) {
            return new Comparison(false, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Long.MAX_VALUE, -1,
                    Double.NaN, Double.NaN, "shape " + Arrays.toString(actual.shape()) + " differs from expected "
                    + Arrays.toString(expected.shape()));
        }
        boolean pass = true;
        double maxAbs = 0;
        double maxRel = 0;
        long maxUlp = 0;
        int worst = -1;
        double worstExcess = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < actual.size(); i++) {
            double a = actual.at(i);
            double e = expected.at(i);
            if (sameSpecial(a, e)) {
                continue;
            }
            double abs = Math.abs(a - e);
            if (Double.isNaN(abs) || !Double.isFinite(e)) {
                // NaN against a number, or anything but itself against ±∞: rtol·|∞| would allow it otherwise
                abs = Double.POSITIVE_INFINITY;
            }
            double rel = e == 0 ? (abs == 0 ? 0 : Double.POSITIVE_INFINITY) : abs / Math.abs(e);
            long ulp = ulpDistance(a, e);
            maxAbs = Math.max(maxAbs, abs);
            maxRel = Math.max(maxRel, rel);
            maxUlp = Math.max(maxUlp, ulp);
            double allowed = atol + rtol * Math.abs(e) + (allowance == null ? 0 : allowance.at(i));
            boolean ok = abs <= allowed && abs < Double.POSITIVE_INFINITY;
            pass &= ok;
            double excess = abs - allowed;
            if (excess > worstExcess || worst < 0) {
                worstExcess = excess;
                worst = i;
            }
        }
        String reason = pass ? "" : String.format(java.util.Locale.ROOT,
                "element %d: got %s, expected %s (|diff| %.3g > atol %.3g + rtol %.3g·|e|)",
                worst, actual.at(worst), expected.at(worst), Math.abs(actual.at(worst) - expected.at(worst)), atol, rtol);
        return new Comparison(pass, maxAbs, maxRel, maxUlp, worst,
                worst >= 0 ? actual.at(worst) : Double.NaN, worst >= 0 ? expected.at(worst) : Double.NaN, reason);
    }

    private static boolean sameSpecial(double a, double e) {
        return (Double.isNaN(a) && Double.isNaN(e)) || (a == e);
    }

    /**
     * Number of representable doubles between a and b (0 when equal, +0 and −0 count as equal);
     * Long.MAX_VALUE when either is NaN and the other is not.
     */
    public static long ulpDistance(double a, double b) {
        if (a == b) {
            return 0;
        }
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Long.MAX_VALUE;
        }
        long la = ordered(a);
        long lb = ordered(b);
        long d = la - lb;
        if ((la > lb) != (d > 0)) {
            return Long.MAX_VALUE; // overflow
        }
        return Math.abs(d);
    }

    private static long ordered(double x) {
        long bits = Double.doubleToLongBits(x);
        return bits < 0 ? Long.MIN_VALUE - bits : bits;
    }

    /** Merges per-sample comparisons into one worst case. */
    public Comparison worst(Comparison other) {
        boolean p = pass && other.pass;
        Comparison w = !other.pass && pass ? other : (this.maxAbsError >= other.maxAbsError || !this.pass ? this : other);
        return new Comparison(p, Math.max(maxAbsError, other.maxAbsError), Math.max(maxRelError, other.maxRelError),
                Math.max(maxUlp, other.maxUlp), w.worstIndex, w.worstActual, w.worstExpected,
                p ? "" : (!this.pass ? this.reason : other.reason));
    }

    public static Comparison empty() {
        return new Comparison(true, 0, 0, 0, -1, Double.NaN, Double.NaN, "");
    }
}

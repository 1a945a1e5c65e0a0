package io.refcheck.check;

import io.refcheck.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of comparing an actual tensor with an expected one under torch.testing.assert_close
 * semantics: element i passes when |a − e| ≤ atol + rtol·|e|, NaN equals NaN and ±Inf equals
 * itself. Also reports the worst element and the largest distance in units in the last place.
 */
public record Comparison(boolean pass, double maxAbsError, double maxRelError, long maxUlp, int worstIndex,
                         double worstActual, double worstExpected, String reason) {

    /**
     * Compares {@code actual} with {@code expected}, which came {@code from} there: a failing
     * reason reads "got a, expected (plain Java) e" and names a clean ratio (see {@link #ratio}).
     */
    public static Comparison of(Tensor actual, Tensor expected, Expected from, double atol, double rtol) {
        return of(actual, expected, from, atol, rtol, null);
    }

    /**
     * Compares with an extra per-element allowance (a forward-error bound u·S), added to
     * atol + rtol·|e|; {@code allowance} may be null.
     */
    public static Comparison of(Tensor actual, Tensor expected, Expected from, double atol, double rtol, Tensor allowance) {
        return compare(actual, expected, Objects.requireNonNull(from, "from"), atol, rtol, allowance);
    }

    /**
     * A comparison whose reason does not say where the expected side came from.
     *
     * @deprecated say where it came from: {@link #of(Tensor, Tensor, Expected, double, double)}
     */
    @Deprecated
    public static Comparison of(Tensor actual, Tensor expected, double atol, double rtol) {
        return compare(actual, expected, null, atol, rtol, null);
    }

    /**
     * A comparison with an allowance whose reason does not say where the expected side came from.
     *
     * @deprecated say where it came from: {@link #of(Tensor, Tensor, Expected, double, double, Tensor)}
     */
    @Deprecated
    public static Comparison of(Tensor actual, Tensor expected, double atol, double rtol, Tensor allowance) {
        return compare(actual, expected, null, atol, rtol, allowance);
    }

    private static Comparison compare(Tensor actual, Tensor expected, Expected from, double atol, double rtol, Tensor allowance) {
        if (!actual.sameShape(expected) || (allowance != null && allowance.size() != expected.size())) {
            return new Comparison(false, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Long.MAX_VALUE, -1,
                    Double.NaN, Double.NaN, "shape " + Arrays.toString(actual.shape()) + " differs from "
                    + expectedPhrase(from, Arrays.toString(expected.shape()))
                    + (allowance != null && allowance.size() != expected.size() ? " or from the allowance's size " + allowance.size() : ""));
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
            double allowed = allowed(e, atol, rtol, allowance, i);
            boolean ok = abs <= allowed && abs < Double.POSITIVE_INFINITY;
            pass &= ok;
            double excess = abs - allowed;
            if (excess > worstExcess || worst < 0) {
                worstExcess = excess;
                worst = i;
            }
        }
        String reason = pass ? "" : String.format(Locale.ROOT,
                "element %d: got %s, %s (|diff| %.3g > atol %.3g + rtol %.3g·|e|)",
                worst, actual.at(worst), expectedPhrase(from, expected.at(worst)),
                Math.abs(actual.at(worst) - expected.at(worst)), atol, rtol)
                + ratio(actual, expected, atol, rtol, allowance).map(r -> "; " + r).orElse("");
        return new Comparison(pass, maxAbs, maxRel, maxUlp, worst,
                worst >= 0 ? actual.at(worst) : Double.NaN, worst >= 0 ? expected.at(worst) : Double.NaN, reason);
    }

    private static String expectedPhrase(Expected from, Object value) {
        return from == null ? "expected " + value : from.expected(value);
    }

    private static double allowed(double e, double atol, double rtol, Tensor allowance, int i) {
        return atol + rtol * Math.abs(e) + (allowance == null ? 0 : allowance.at(i));
    }

    private static boolean fails(double a, double e, double atol, double rtol, Tensor allowance, int i) {
        if (sameSpecial(a, e)) {
            return false;
        }
        double abs = Math.abs(a - e);
        return Double.isNaN(abs) || abs > allowed(e, atol, rtol, allowance, i);
    }

    /**
     * The clean ratio of a failure, in words, when there is one: every failing element has
     * actual = c·expected, c an integer N ≥ 2, its inverse 1/N, or either negated, within the
     * comparison's own tolerance scaled by max(1, |c|) plus a few ulps of c·e (the rounding of the
     * product). c is read off the failing element with the largest |expected|. That is the shape of
     * a forgotten 1/N of a mean (×N), a doubled loss (×2) or a gradient of the wrong sign.
     */
    static Optional<String> ratio(Tensor actual, Tensor expected, double atol, double rtol, Tensor allowance) {
        int anchor = -1;
        int failing = 0;
        for (int i = 0; i < actual.size(); i++) {
            if (fails(actual.at(i), expected.at(i), atol, rtol, allowance, i)) {
                failing++;
                if (anchor < 0 || Math.abs(expected.at(i)) > Math.abs(expected.at(anchor))) {
                    anchor = i;
                }
            }
        }
        if (anchor < 0) {
            return Optional.empty();
        }
        double r = actual.at(anchor) / expected.at(anchor);
        if (!Double.isFinite(r) || r == 0) {
            return Optional.empty();
        }
        double mag = Math.abs(r);
        long n = Math.round(mag >= 1 ? mag : 1 / mag);
        if (n < 1 || n > 1L << 40 || (n == 1 && r > 0)) {
            return Optional.empty();
        }
        double c = Math.signum(r) * (mag >= 1 ? n : 1.0 / n);
        for (int i = 0; i < actual.size(); i++) {
            double a = actual.at(i);
            double e = expected.at(i);
            if (!fails(a, e, atol, rtol, allowance, i)) {
                continue;
            }
            double ce = c * e;
            double within = Math.max(1, Math.abs(c)) * allowed(e, atol, rtol, allowance, i) + 8 * Math.ulp(ce);
            if (!Double.isFinite(a) || !Double.isFinite(ce) || Math.abs(a - ce) > within) {
                return Optional.empty();
            }
        }
        String where = "on every failing element (" + failing + " of " + actual.size() + ")";
        if (c == -1) {
            return Optional.of("actual is expected with its sign flipped " + where);
        }
        return Optional.of("actual is ×" + factor(c, mag >= 1, n) + " the expected " + where);
    }

    /** 2, 0.5, 0.125, 1/3, −2, −1/3: the factor as the message writes it. */
    private static String factor(double c, boolean whole, long n) {
        String sign = c < 0 ? "−" : "";
        if (whole) {
            return sign + n;
        }
        String decimal = Double.toString(1.0 / n);
        return sign + (decimal.length() <= 6 ? decimal : "1/" + n);
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

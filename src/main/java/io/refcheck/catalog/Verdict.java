package io.refcheck.catalog;

import java.util.Locale;
import java.util.function.IntFunction;

/** Whether a fact held on one sample, and if not, the numbers that show it. */
public record Verdict(boolean ok, String detail) {
    private static final Verdict HOLDS = new Verdict(true, "");

    /** The fact held. */
    public static Verdict holds() {
        return HOLDS;
    }

    public static Verdict fails(String format, Object... args) {
        return new Verdict(false, String.format(Locale.ROOT, format, args));
    }

    /** Holds when {@code condition}; otherwise fails with the formatted detail. */
    public static Verdict when(boolean condition, String format, Object... args) {
        return condition ? HOLDS : fails(format, args);
    }

    /** |actual − expected| ≤ atol + rtol·|expected| (NaN equal to NaN, infinities to themselves). */
    public static Verdict close(String what, double actual, double expected, double atol, double rtol) {
        boolean ok = actual == expected
                || (Double.isNaN(actual) && Double.isNaN(expected))
                || Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
        return when(ok, "%s: got %s, expected %s (atol %s, rtol %s)", what, actual, expected, atol, rtol);
    }

    /** The first of check(0), …, check(count − 1) that fails, or holds if none does. */
    public static Verdict forEvery(int count, IntFunction<Verdict> check) {
        for (int i = 0; i < count; i++) {
            Verdict v = check.apply(i);
            if (!v.ok()) {
                return v;
            }
        }
        return HOLDS;
    }

    /** This verdict if it fails, else the next one. */
    public Verdict and(Verdict next) {
        return ok ? next : this;
    }
}

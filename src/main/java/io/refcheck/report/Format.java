package io.refcheck.report;

import java.util.Locale;

/** Numbers for people: errors and tolerances with two or three significant digits, in text or HTML. */
final class Format {
    private Format() {
    }

    /** Mantissa and decimal exponent of a finite non-zero number, rounded to {@code digits} significant digits. */
    private record Sci(String mantissa, int exponent) {
    }

    private static Sci sci(double v, int digits) {
        String s = String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
        int e = s.indexOf('e');
        String mantissa = trimZeros(s.substring(0, e));
        return new Sci(mantissa, Integer.parseInt(s.substring(e + 1)));
    }

    private static String trimZeros(String m) {
        if (m.indexOf('.') < 0) {
            return m;
        }
        m = m.replaceAll("0+$", "");
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    private static String special(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Double.POSITIVE_INFINITY) {
            return "∞";
        }
        if (v == Double.NEGATIVE_INFINITY) {
            return "−∞";
        }
        return v == 0 ? "0" : null;
    }

    /** Plain text: "0", "0.25", "1e-12", "3.1e-16", "∞", "NaN". Numbers in [0.001, 10⁴) are written out. */
    static String text(double v) {
        String s = special(v);
        if (s != null) {
            return s;
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e4) {
            return trimZeros(String.format(Locale.ROOT, "%.3g", v).contains("e")
                    ? String.format(Locale.ROOT, "%.3f", v) : String.format(Locale.ROOT, "%.3g", v));
        }
        Sci x = sci(v, 2);
        return x.mantissa() + "e" + x.exponent();
    }

    /** HTML: as {@link #text} but "3.1×10<sup>−16</sup>"; a bare power of ten is "10<sup>−12</sup>". */
    static String html(double v) {
        String s = special(v);
        double a = Math.abs(v);
        if (s != null || (a >= 1e-3 && a < 1e4)) {
            return s != null ? s : text(v).replace('-', '−');
        }
        Sci x = sci(v, 2);
        String power = "10<sup>" + (x.exponent() < 0 ? "−" + (-x.exponent()) : Integer.toString(x.exponent())) + "</sup>";
        if (x.mantissa().equals("1")) {
            return power;
        }
        if (x.mantissa().equals("-1")) {
            return "−" + power;
        }
        return x.mantissa().replace('-', '−') + "×" + power;
    }

    /**
     * An ulp distance in HTML: exact up to 10⁶, then as a power of ten (10¹⁵ ulps means "a
     * different number", usually a value near 0 compared in float64 ulps); {@code Long.MAX_VALUE}
     * (not comparable: NaN against a number, or a shape mismatch) as "∞".
     */
    static String ulps(long u) {
        return u == Long.MAX_VALUE ? "∞" : u < 1_000_000 ? Long.toString(u) : html(u);
    }

    /** Seconds with one decimal: "12.3 s". */
    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }
}

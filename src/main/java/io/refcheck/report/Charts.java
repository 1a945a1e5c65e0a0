package io.refcheck.report;

import io.refcheck.check.Check;
import io.refcheck.check.SampleError;
import io.refcheck.tensor.Dtype;
import java.util.List;
import java.util.Locale;

/**
 * The report's inline SVG charts, drawn here with no library: error against input magnitude per
 * engine (log–log scatter), and the errata's source-versus-corrected error bars (log scale).
 *
 * <p>Why a scatter of every sample rather than bars of each row's worst error: the worst error
 * alone hides whether an engine is uniformly a few ulps off or exact almost everywhere with one
 * outlier, and whether the error tracks the size of the input (rounding, which grows with |x|) or
 * not (a wrong formula, which does not). With both axes logarithmic, rounding error lies along
 * the dashed line u·|x| (u the dtype's unit roundoff), so a reader sees at a glance which it is.
 * Exact agreement (error 0) and zero input have no logarithm: they get their own lanes at the
 * bottom and left edge, labelled 0 (or "&lt;10ᵏ" when values far below the rest share the lane);
 * infinite or NaN errors a lane at the top.
 */
final class Charts {
    private static final int WIDTH = 300;
    private static final int HEIGHT = 212;
    private static final int LEFT = 50;
    private static final int RIGHT = 12;
    private static final int TOP = 10;
    private static final int BOTTOM = 36;
    /** Width of the lanes for 0 (bottom, left) and ∞ (top). */
    private static final int LANE = 14;

    private Charts() {
    }

    /**
     * Decades [lo, hi] spanned by the positive finite values: at least {@code minSpan} wide and at
     * most {@code maxSpan}, counted down from the largest (an error of 10⁻³⁰⁸ next to one of 10⁻⁷
     * would otherwise squash the picture; such values go to the low lane).
     */
    record Decades(int lo, int hi) {
        static Decades of(List<Double> values, int minSpan, int maxSpan) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                if (v > 0 && Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            if (min > max) {
                return new Decades(-1, 1);
            }
            int lo = (int) Math.floor(Math.log10(min));
            int hi = (int) Math.ceil(Math.log10(max));
            while (hi - lo < minSpan) {
                hi++;
                if (hi - lo < minSpan) {
                    lo--;
                }
            }
            return new Decades(Math.max(lo, hi - maxSpan), hi);
        }

        /** Whether a finite v ≥ 0 lies below the axis (0, or smaller than 10^lo): drawn in the low lane. */
        boolean below(double v) {
            return v < Math.pow(10, lo);
        }

        double position(double v, double from, double to) {
            return from + (Math.log10(v) - lo) / (hi - lo) * (to - from);
        }

        /** Whether decade d gets a label: every k-th (k = 1, 2, 3, 4, 5, 10, …, fewer than {@code max} labels), at multiples of k. */
        boolean labelled(int d, int max) {
            int step = 1;
            while ((hi - lo) / step > max - 1) {
                step = step < 5 ? step + 1 : step * 2;
            }
            return Math.floorMod(d, step) == 0;
        }

        /** The low lane's label: "0" when it holds only zeros, "<10ᵏ" when it holds small values too; null when empty. */
        String lowLabel(List<Double> values) {
            boolean any = false;
            boolean onlyZeros = true;
            for (double v : values) {
                if (Double.isFinite(v) && below(v)) {
                    any = true;
                    onlyZeros &= v == 0;
                }
            }
            return !any ? null : onlyZeros ? "0" : "<" + power(lo);
        }
    }

    /**
     * The axes an id's small multiples share, so that its engines can be compared by eye: x up to
     * 12 decades of input magnitude, y up to 14 decades of error below the worst (enough for float64
     * rounding next to a float32 engine's error); lanes below each axis (label null when empty) and
     * one above y for infinite or NaN errors.
     */
    record Axes(Decades x, Decades y, String lowX, String lowY, boolean infiniteY) {
        static Axes of(List<SampleError> points) {
            List<Double> xs = points.stream().map(SampleError::inputMagnitude).toList();
            List<Double> ys = points.stream().map(SampleError::maxAbsError).toList();
            Decades x = Decades.of(xs, 2, 12);
            Decades y = Decades.of(ys, 3, 14);
            boolean infY = ys.stream().anyMatch(v -> !Double.isFinite(v));
            return new Axes(x, y, x.lowLabel(xs), y.lowLabel(ys), infY);
        }
    }

    /**
     * One panel: the samples of one engine column (value checks as circles, gradient checks as
     * diamonds, failures ringed in red) with the rounding guide u·|x| for the column's dtype.
     */
    static String errorScatter(String title, Dtype dtype, List<SampleError> points, Axes axes) {
        double x0 = LEFT;
        double x1 = WIDTH - RIGHT;
        double y0 = TOP;
        double y1 = HEIGHT - BOTTOM;
        // data region inside the lanes
        double dx0 = x0 + (axes.lowX() != null ? LANE + 4 : 0);
        double dy1 = y1 - (axes.lowY() != null ? LANE + 4 : 0);
        double dy0 = y0 + (axes.infiniteY() ? LANE + 4 : 0);
        StringBuilder svg = new StringBuilder();
        long values = points.stream().filter(p -> p.check() == Check.VALUE).count();
        long gradients = points.size() - values;
        svg.append(String.format(Locale.ROOT,
                "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">",
                WIDTH, HEIGHT, WIDTH, HEIGHT, Html.attr(title + ": max absolute error of " + values + " value and "
                        + gradients + " gradient samples against the largest |input|, log-log")));
        svg.append("<title>").append(Html.text(title)).append("</title>");
        svg.append(rect(x0, y0, x1 - x0, y1 - y0, "plot"));
        // grid and tick labels
        Decades xs = axes.x();
        for (int d = xs.lo(); d <= xs.hi(); d++) {
            double x = xs.position(Math.pow(10, d), dx0, x1);
            svg.append(line(x, y0, x, y1, "grid"));
            if (xs.labelled(d, 5) && !(d == xs.lo() && axes.lowX() != null)) {
                svg.append(text(x, y1 + 13, "middle", "tick", power(d)));
            }
        }
        Decades ys = axes.y();
        for (int d = ys.lo(); d <= ys.hi(); d++) {
            double y = ys.position(Math.pow(10, d), dy1, dy0);
            svg.append(line(x0, y, x1, y, "grid"));
            if (ys.labelled(d, 6) && !(d == ys.lo() && axes.lowY() != null)) {
                svg.append(text(x0 - 4, y + 3.5, "end", "tick", power(d)));
            }
        }
        if (axes.lowX() != null) {
            double x = x0 + LANE / 2.0;
            svg.append(line(x0 + LANE + 2, y0, x0 + LANE + 2, y1, "lane"));
            svg.append(text(x, y1 + 13, "middle", "tick", axes.lowX()));
        }
        if (axes.lowY() != null) {
            double y = y1 - LANE / 2.0;
            svg.append(line(x0, y1 - LANE - 2, x1, y1 - LANE - 2, "lane"));
            svg.append(text(x0 - 4, y + 3.5, "end", "tick", axes.lowY()));
        }
        if (axes.infiniteY()) {
            double y = y0 + LANE / 2.0;
            svg.append(line(x0, y0 + LANE + 2, x1, y0 + LANE + 2, "lane"));
            svg.append(text(x0 - 4, y + 3.5, "end", "tick", "∞"));
        }
        guide(svg, dtype, xs, ys, dx0, x1, dy0, dy1);
        svg.append(text((x0 + x1) / 2, HEIGHT - 6, "middle", "axis", "largest |input|"));
        svg.append(String.format(Locale.ROOT, "<text class=\"axis\" transform=\"translate(11 %.1f) rotate(-90)\" text-anchor=\"middle\">abs error</text>",
                (y0 + y1) / 2));
        // points grouped by kind, styled by the page's CSS; failures last, on top
        for (Check check : List.of(Check.VALUE, Check.GRADIENT)) {
            for (boolean failing : new boolean[] {false, true}) {
                StringBuilder group = new StringBuilder();
                for (SampleError p : points) {
                    if (p.pass() == failing || p.check() != check) {
                        continue;
                    }
                    double m = p.inputMagnitude();
                    double x = xs.below(m) ? x0 + LANE / 2.0 : xs.position(m, dx0, x1);
                    double e = p.maxAbsError();
                    double y = !Double.isFinite(e) ? y0 + LANE / 2.0 : ys.below(e) ? y1 - LANE / 2.0 : ys.position(e, dy1, dy0);
                    group.append(marker(p, x, y));
                }
                if (group.length() > 0) {
                    svg.append("<g class=\"mk ").append(check.label()).append(failing ? " failed" : "").append("\">").append(group).append("</g>");
                }
            }
        }
        svg.append("</svg>");
        return svg.toString();
    }

    /**
     * The dashed line error = u·|x|, clipped to the data region: the dtype's allowance rule
     * ({@link Dtype#allowance}) at scale |x|, a line of slope 1 through log₁₀ of the allowance at scale 1.
     */
    private static void guide(StringBuilder svg, Dtype dtype, Decades xs, Decades ys, double dx0, double x1,
                              double dy0, double dy1) {
        double logU = Math.log10(dtype.allowance(1));
        double from = Math.max(xs.lo(), ys.lo() - logU);
        double to = Math.min(xs.hi(), ys.hi() - logU);
        if (from >= to) {
            return;
        }
        double ax = xs.position(Math.pow(10, from), dx0, x1);
        double bx = xs.position(Math.pow(10, to), dx0, x1);
        double ay = ys.position(Math.pow(10, from + logU), dy1, dy0);
        double by = ys.position(Math.pow(10, to + logU), dy1, dy0);
        svg.append(line(ax, ay, bx, by, "guide"));
        double lx = ax + 0.3 * (bx - ax);
        double ly = ay + 0.3 * (by - ay);
        svg.append(String.format(Locale.ROOT, "<text class=\"guide-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"start\">u·|x|</text>",
                lx + 4, ly + 11));
    }

    /** A circle (value) or a diamond (gradient); a failed sample also says what it was in a tooltip. */
    private static String marker(SampleError p, double x, double y) {
        String tip = p.pass() ? "" : "<title>" + Html.text("failed " + p.check() + ": |x| " + Format.text(p.inputMagnitude())
                + ", abs error " + Format.text(p.maxAbsError())) + "</title>";
        String shape = p.check() == Check.VALUE
                ? String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.2\"", x, y)
                : String.format(Locale.ROOT, "<path d=\"M%.1f %.1fl3.6 3.6l-3.6 3.6l-3.6-3.6z\"", x, y - 3.6);
        return tip.isEmpty() ? shape + "/>" : shape + ">" + tip + (shape.startsWith("<circle") ? "</circle>" : "</path>");
    }

    /**
     * An erratum's evidence: the source's error and the corrected error as bars on one log scale, with
     * the two thresholds the check uses (the source's formula must exceed "wrong above", the correction must
     * stay at or below "right below").
     */
    static String errataBars(double sourceError, double correctedError, double wrongAbove, double rightBelow, String label) {
        int width = 420;
        int height = 96;
        double x0 = 86;
        double x1 = width - 16;
        List<Double> all = List.of(sourceError, correctedError, wrongAbove, rightBelow);
        Decades d = Decades.of(all, 2, 20);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg class=\"chart errata-chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">",
                width, height, width, height, Html.attr(label)));
        for (int k = d.lo(); k <= d.hi(); k++) {
            double x = d.position(Math.pow(10, k), x0, x1);
            svg.append(line(x, 6, x, 66, "grid"));
            if (d.labelled(k, 7)) {
                svg.append(text(x, 80, "middle", "tick", power(k)));
            }
        }
        bar(svg, d, x0, x1, 12, "the source's", sourceError, "source");
        bar(svg, d, x0, x1, 40, "corrected", correctedError, "corrected");
        threshold(svg, d, x0, x1, wrongAbove, "wrong above", true);
        threshold(svg, d, x0, x1, rightBelow, "right below", false);
        svg.append("</svg>");
        return svg.toString();
    }

    private static void bar(StringBuilder svg, Decades d, double x0, double x1, double y, String name, double v, String cls) {
        svg.append(text(x0 - 6, y + 13, "end", "bar-label", name));
        if (v > 0 && Double.isFinite(v)) {
            double w = Math.max(1.5, d.position(v, x0, x1) - x0);
            svg.append(String.format(Locale.ROOT, "<rect class=\"bar %s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"18\" rx=\"2\"><title>%s</title></rect>",
                    cls, x0, y, w, Html.text(name + " error " + Format.text(v))));
        } else {
            svg.append(text(x0 + 4, y + 13, "start", "bar-label", Format.text(v)));
        }
    }

    private static void threshold(StringBuilder svg, Decades d, double x0, double x1, double v, String name, boolean above) {
        if (!(v > 0 && Double.isFinite(v))) {
            return;
        }
        double x = d.position(v, x0, x1);
        svg.append(String.format(Locale.ROOT, "<line class=\"threshold\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"><title>%s</title></line>",
                x, above ? 8 : 36, x, above ? 34 : 62, Html.text(name + " " + Format.text(v))));
    }

    /** 10⁻¹⁶ in Unicode superscripts, for SVG text. */
    static String power(int exponent) {
        String sup = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        StringBuilder b = new StringBuilder("10");
        if (exponent < 0) {
            b.append('⁻');
        }
        for (char c : Integer.toString(Math.abs(exponent)).toCharArray()) {
            b.append(sup.charAt(c - '0'));
        }
        return b.toString();
    }

    private static String rect(double x, double y, double w, double h, String cls) {
        return String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", cls, x, y, w, h);
    }

    private static String line(double xa, double ya, double xb, double yb, String cls) {
        return String.format(Locale.ROOT, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", cls, xa, ya, xb, yb);
    }

    private static String text(double x, double y, String anchor, String cls, String s) {
        return String.format(Locale.ROOT, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", cls, x, y, anchor,
                Html.text(s));
    }
}

package io.refcheck.check;

import io.refcheck.catalog.Answer;
import io.refcheck.catalog.ExactTensor;
import io.refcheck.catalog.Formula;
import io.refcheck.catalog.Tail;
import io.refcheck.engine.Engine;
import io.refcheck.engine.Engines;
import io.refcheck.engine.OnnxRuntimeEngine;
import io.refcheck.engine.OracleEngine;
import io.refcheck.engine.PlainJavaEngine;
import io.refcheck.engine.PyTorchEngine;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tail check ({@code tail}): relative accuracy in ulps, against the high-precision
 * {@link OracleEngine}, of every engine other than plain Java on the ids the oracle computes, on a
 * few of the entry's samples and on the tail points its catalog entry declares
 * ({@link Formula#tails()}: σ at z = −40 and −700, logits hundreds apart, bce_with_logits at large
 * |z|, self_information near 1, …).
 *
 * <p><b>Why.</b> The value check accepts |a − e| ≤ 10⁻¹² + 10⁻¹⁰·|e|: where the exact result is a
 * small number, the absolute term lets an engine return 0, or a value with no correct digit, and
 * pass (σ(z) written as 1 − σ(−z) gives 0 at z = −40, where σ = 4.2·10⁻¹⁸, and its log is then
 * −∞). Here the absolute term is gone: each element is judged by its distance in ulps of the
 * engine's dtype from the correctly rounded exact value.
 *
 * <p><b>Which elements.</b> Those whose exact value, rounded to the engine's dtype, is a normal
 * number (0 and subnormals have no relative accuracy to judge; NaN and ±∞ are the bad-input and
 * value checks' business), and where the formula is well-conditioned: the condition number
 * κ = K/|e| of {@link Accuracy#conditioning} (1 where that gives none) at most
 * {@code u^(−1/2)} ({@value #WELL_CONDITIONED_F64_LOG2} powers of 2 in float64,
 * {@value #WELL_CONDITIONED_F32_LOG2} in float32), so that at least half of the dtype's digits are
 * determined by the inputs.
 *
 * <p><b>The limit, per element.</b> {@link #FACTOR} × max(reference target, best established
 * error), where the reference target is what plain Java is held to by {@link Accuracy}: 1 ulp for
 * the scalar functions, 4 for the reductions, or 4u·K/ulp(e) where that is larger (ill-conditioned
 * rows); and the best established error is the smallest ulp error of PyTorch and ONNX Runtime in
 * the same dtype on the same element. The established engines are the ones {@link Engines#discover}
 * finds; when neither is available (or implements the id in that dtype) the limit falls back to
 * the reference target alone, and the row's reason says which it used. Their errors are computed
 * once per id, dtype and seed in a JVM, with the oracle's values.
 *
 * <p><b>Status.</b> An engine fails where any judged element exceeds its limit, and the reason
 * names the input, the exact value, what the engine gave, its ulps and the limit. PyTorch and ONNX
 * Runtime are judged by the same principle against the reference target and the other
 * established engine: they pass, or, where one of them breaks it, the row is not-applicable,
 * "measured, not judged", with the element it broke it on. They are the bar every other engine is
 * held to, so a miss of theirs is reported for what it is, a property of the established engines,
 * and never passed; refcheck's verdict is about the engines it checks against them. An engine that
 * throws on an input fails; a row that judged no element is not-applicable.
 */
public final class TailCheck {
    /** How the reason of a row that judged no element begins. */
    public static final String NOTHING_JUDGED = "nothing judged";

    /**
     * How far beyond the bar an engine may err before it fails: 16 = 2⁴, four bits. Sound
     * implementations of these formulas differ from the best established one by a few ulps: their
     * elementary functions are within 1 ulp (fdlibm, glibc) to 3.5 ulp (SLEEF's fast variants,
     * Eigen's float kernels), and their sums run in other orders over the at most
     * {@value #SAMPLE_ELEMENTS}-element inputs checked here. The defects this check is for keep no
     * digit (2⁵² float64 ulps, 2²³ float32 ulps, or an infinite relative error), so four bits of
     * room separate them by a factor of at least 2¹⁹ and never hide one.
     */
    public static final double FACTOR = 16;

    /** The engines whose errors set the bar: PyTorch and ONNX Runtime. */
    public static final List<String> ESTABLISHED = List.of(PyTorchEngine.NAME, OnnxRuntimeEngine.NAME);

    /** Catalog samples drawn per id (with a seed derived from the run's); those over {@link #SAMPLE_ELEMENTS} are left out. */
    static final int SAMPLES = 8;

    /**
     * The most input elements a drawn sample may have: with ten or so tail points, an id costs a
     * few hundred oracle evaluations (about 30 µs per exp or log) per dtype.
     */
    static final int SAMPLE_ELEMENTS = 32;

    static final int WELL_CONDITIONED_F64_LOG2 = 26;
    static final int WELL_CONDITIONED_F32_LOG2 = 12;

    /**
     * An error of at least this many ulps keeps no correct digit (relative error of order 1): where
     * the best established engine errs this much, the bar is its error and no engine fails there.
     */
    static final long NO_DIGIT_F64 = 1L << 52;
    static final long NO_DIGIT_F32 = 1L << 23;
    /** The best established error where no established engine gave one. */
    private static final long NO_BASELINE = -1;


    /** The bar per id × dtype × seed: the inputs, the oracle's values and the established engines' errors. */
    private static final Map<Key, Bar> BARS = new ConcurrentHashMap<>();
    private static volatile List<Engine> established;

    private TailCheck() {
    }

    /** Whether {@code engine} gets a tail row for {@code f}: every engine but plain Java, on the ids the oracle computes. */
    public static boolean applies(Engine engine, Formula f) {
        return !PlainJavaEngine.NAME.equals(engine.name()) && f.exact().isPresent();
    }

    /** Whether {@code engine} is PyTorch or ONNX Runtime, whose errors set the bar. */
    public static boolean isEstablished(Engine engine) {
        return ESTABLISHED.contains(engine.name());
    }

    /**
     * The tail row of an available engine that implements {@code f.id()}.
     *
     * @throws IllegalArgumentException if {@link #applies} is false
     */
    public static CheckResult check(Engine engine, Formula f, long seed) {
        return check(engine, f, seed, established());
    }

    /** As {@link #check(Engine, Formula, long)}, with the established engines given (tests: none, or one unavailable). */
    static CheckResult check(Engine engine, Formula f, long seed, List<Engine> established) {
        if (!applies(engine, f)) {
            throw new IllegalArgumentException("engine: the tail check judges every engine but plain Java on the oracle's ids, not "
                    + engine.name() + " on " + f.id());
        }
        Bar bar = bar(engine, f, seed, established);
        boolean float32 = isFloat32(engine);
        List<Baseline> others = bar.baselines().stream().filter(b -> !b.engine().equals(engine.name())).toList();
        Verdict v = new Verdict();
        List<Answer> answers = engine.evaluateAll(f.id(), bar.points().stream().map(Point::inputs).toList());
        for (int p = 0; p < bar.points().size(); p++) {
            Point point = bar.points().get(p);
            Tensors actual;
            try {
                actual = answers.get(p).get();
            } catch (RuntimeException e) {
                return row(f, engine, seed, Status.FAIL, v, p, "threw " + e + " on " + point.describe(float32));
            }
            for (Map.Entry<String, Expected> out : point.outputs().entrySet()) {
                Expected x = out.getValue();
                Tensor a = actual.has(out.getKey()) ? actual.get(out.getKey()) : null;
                if (a == null || !a.sameShape(x.rounded())) {
                    return row(f, engine, seed, Status.FAIL, v, p, "output " + out.getKey() + " missing or of the wrong shape on "
                            + point.describe(float32));
                }
                for (int i = 0; i < a.size(); i++) {
                    if (Double.isNaN(x.reference()[i])) {
                        continue;
                    }
                    long best = NO_BASELINE;
                    String bestEngine = "";
                    for (Baseline b : others) {
                        long[] e = !b.available() || b.ulps().get(p) == null ? null : b.ulps().get(p).get(out.getKey());
                        if (e != null && (best == NO_BASELINE || e[i] < best)) {
                            best = e[i];
                            bestEngine = b.engine() + " " + b.dtype();
                        }
                    }
                    v.judge(point, out.getKey(), i, a.at(i), x, best, bestEngine, float32);
                }
            }
        }
        Status status;
        String reason;
        if (v.judged == 0) {
            status = Status.NOT_APPLICABLE;
            reason = NOTHING_JUDGED + ": no output of the " + bar.points().size() + " inputs is a normal " + engine.dtype()
                    + " number where " + f.id() + " is well-conditioned";
        } else if (v.over > 0) {
            String miss = v.worstDescription + "; " + v.over + " of " + v.judged + " judged elements over the limit";
            status = isEstablished(engine) ? Status.NOT_APPLICABLE : Status.FAIL;
            reason = (isEstablished(engine) ? "measured, not judged: an established engine sets the bar, and " + engine.name()
                    + " misses the principle against the reference target and " + others(others) + ": " : "") + miss;
        } else {
            status = Status.PASS;
            reason = String.format(Locale.ROOT, "max %s over %d judged elements of %d inputs (%d catalog samples, %d tail points)",
                    ulps(v.maxUlp), v.judged, bar.points().size(), bar.samples(), bar.points().size() - bar.samples());
        }
        return row(f, engine, seed, status, v, bar.points().size(), reason + "; " + limitText(others, bar, engine)
                + (v.withoutBar > 0 ? "; " + v.withoutBar + " judged elements where the best established engine kept no correct digit "
                + "(so the bar there is its error)" : ""));
    }

    private static String limitText(List<Baseline> others, Bar bar, Engine engine) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "limit per element %.0f × max(reference target, ", FACTOR));
        List<Baseline> used = others.stream().filter(Baseline::available).toList();
        if (used.isEmpty()) {
            b.append("no established engine): reference target alone");
        } else {
            b.append("best of ").append(others(used)).append(")");
        }
        others.stream().filter(o -> !o.available()).forEach(o -> b.append("; ").append(o.engine()).append(' ').append(o.dtype())
                .append(" not used: ").append(o.note()));
        for (Baseline o : used) {
            if (!o.note().isEmpty()) {
                b.append("; ").append(o.engine()).append(' ').append(o.dtype()).append(": ").append(o.note());
            }
        }
        if (bar.notJudged() > 0) {
            b.append("; ").append(bar.notJudged()).append(" output elements not judged (not a normal ").append(engine.dtype())
                    .append(" number, or ill-conditioned)");
        }
        if (bar.unmeasurable() > 0) {
            b.append("; ").append(bar.unmeasurable()).append(" inputs left out: an infinite element (in ").append(engine.dtype())
                    .append(") in a reduction, which the oracle does not compute");
        }
        return b.toString();
    }

    private static String others(List<Baseline> others) {
        if (others.isEmpty()) {
            return "no other established engine";
        }
        return String.join(", ", others.stream().map(o -> o.engine() + " " + o.dtype()).toList());
    }

    private static CheckResult row(Formula f, Engine e, long seed, Status status, Verdict v, int inputs, String reason) {
        return new CheckResult(f.id(), f.family().key(), e.name(), e.dtype(), e.device(), Check.TAIL, status, v.maxAbs, v.maxRel,
                v.maxUlp, 0, v.worstRelativeLimit, inputs, seed, reason);
    }

    /** "3 ulp", "2.1e+06 ulp", "∞ ulp" (a non-finite result where the exact value is finite). */
    static String ulps(long u) {
        return u == Long.MAX_VALUE ? "∞ ulp" : u < 100_000 ? u + " ulp" : String.format(Locale.ROOT, "%.2g ulp", (double) u);
    }

    private static boolean isFloat32(Engine engine) {
        return engine.dtype() == Dtype.FLOAT32;
    }

    // ================================================================ judging

    /** Running maxima over the judged elements, and the element furthest over its limit. */
    private static final class Verdict {
        int judged;
        int over;
        int withoutBar;
        long maxUlp;
        double maxAbs;
        double maxRel;
        double worstRelativeLimit;
        String worstDescription = "";
        private double worstExcess = -1;

        void judge(Point point, String output, int i, double a, Expected x, long best, String bestEngine, boolean float32) {
            double e = x.rounded().at(i);
            long d = !Double.isFinite(a) ? Long.MAX_VALUE
                    : float32 ? Accuracy.floatUlpDistance((float) a, (float) e) : Comparison.ulpDistance(a, e);
            double reference = x.reference()[i];
            double bar = best == NO_BASELINE ? reference : Math.max(reference, best == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : best);
            double limit = FACTOR * bar;
            judged++;
            if (best != NO_BASELINE && best >= (float32 ? NO_DIGIT_F32 : NO_DIGIT_F64)) {
                withoutBar++;
            }
            BigDecimal exact = OracleEngine.decimal(x.exact().value(i));
            double abs = Double.isFinite(a) ? new BigDecimal(a).subtract(exact).abs().doubleValue() : Double.POSITIVE_INFINITY;
            maxUlp = Math.max(maxUlp, d);
            maxAbs = Math.max(maxAbs, abs);
            maxRel = Math.max(maxRel, abs / Math.abs(e));
            double excess = d == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : d / limit;
            boolean miss = d > limit;
            over += miss ? 1 : 0;
            if (miss && excess > worstExcess) {
                worstExcess = excess;
                double ulp = float32 ? Math.ulp((float) e) : Math.ulp(e);
                worstRelativeLimit = limit * ulp / Math.abs(e);
                worstDescription = String.format(Locale.ROOT, "%s: %s[%d] exact %s, got %s: %s > limit %s = %.0f × max(reference "
                                + "target %s, %s)", point.describe(float32), output, i, exact.round(new MathContext(17)).stripTrailingZeros().toString(),
                        float32 ? Float.toString((float) a) : Double.toString(a), ulps(d), limitUlps(limit), FACTOR,
                        limitUlps(reference), best == NO_BASELINE ? "no established engine"
                                : "best established " + ulps(best) + " (" + bestEngine + ")");
            } else if (!miss && worstExcess < 0) {
                double ulp = float32 ? Math.ulp((float) e) : Math.ulp(e);
                worstRelativeLimit = Math.max(worstRelativeLimit, limit == Double.POSITIVE_INFINITY ? 0 : limit * ulp / Math.abs(e));
            }
        }
    }

    private static String limitUlps(double ulps) {
        return ulps == Double.POSITIVE_INFINITY ? "∞ ulp" : ulps == Math.rint(ulps) && ulps < 100_000
                ? String.format(Locale.ROOT, "%.0f ulp", ulps) : String.format(Locale.ROOT, "%.3g ulp", ulps);
    }

    // ================================================================ the bar

    /** What a bar depends on: the id, the dtype, the seed, and which established engines (by name and dtype) gave errors. */
    private record Key(String id, Dtype dtype, long seed, List<String> established) {
    }

    /**
     * One input as the engine's dtype sees it, and per output what it should be.
     *
     * @param label what the input is: "catalog sample 3" or the tail point's why
     */
    private record Point(String label, Tensors inputs, Map<String, Expected> outputs) {
        String describe(boolean float32) {
            StringBuilder b = new StringBuilder(label).append(" (");
            boolean first = true;
            for (String name : inputs.nameList()) {
                b.append(first ? "" : ", ").append(name).append(" = ").append(format(inputs.get(name), float32));
                first = false;
            }
            return b.append(")").toString();
        }
    }

    /** Tensor values as "[−40.0, 3.5]" up to 12 elements, else its shape; float32 data printed as floats. */
    private static String format(Tensor t, boolean float32) {
        if (t.size() > 12) {
            return "a " + Arrays.toString(t.shape()) + " tensor";
        }
        StringBuilder b = new StringBuilder(t.rank() == 0 ? "" : "[");
        for (int i = 0; i < t.size(); i++) {
            double v = t.at(i);
            b.append(i == 0 ? "" : ", ").append(float32 && (float) v == v ? Float.toString((float) v) : Double.toString(v));
        }
        return b.append(t.rank() == 0 ? "" : "]").toString();
    }

    /**
     * An output of one input: the oracle's value, its rounding to the dtype, and per element the
     * reference target in ulps, NaN where the element is not judged.
     */
    private record Expected(ExactTensor exact, Tensor rounded, double[] reference) {
    }

    /**
     * An established engine's errors on every point, or why it gives none.
     *
     * @param ulps per point, per output, per element (Long.MAX_VALUE where it gave a non-finite value);
     *             null for a point it threw on
     */
    private record Baseline(String engine, Dtype dtype, boolean available, String note, List<Map<String, long[]>> ulps) {
    }

    /**
     * @param samples      how many of the points are catalog samples (they come first)
     * @param notJudged    output elements not judged: not a normal number of the dtype, or ill-conditioned
     * @param unmeasurable inputs left out because the oracle cannot compute them (an infinite element in a reduction)
     */
    private record Bar(List<Point> points, int samples, int notJudged, int unmeasurable, List<Baseline> baselines) {
    }

    private static Bar bar(Engine engine, Formula f, long seed, List<Engine> established) {
        List<String> names = established.stream().map(e -> e.name() + " " + e.dtype() + " " + e.getClass().getName()).toList();
        return BARS.computeIfAbsent(new Key(f.id(), engine.dtype(), seed, names), k -> computeBar(engine, f, seed, established));
    }

    private static Bar computeBar(Engine engine, Formula f, long seed, List<Engine> established) {
        boolean float32 = isFloat32(engine);
        OracleEngine oracle = new OracleEngine();
        List<Point> points = new ArrayList<>();
        int notJudged = 0;
        int unmeasurable = 0;
        List<Tensors> drawn = Sampling.draw(f.samples(), Sampling.derive(seed, f.id() + "/" + Check.TAIL), SAMPLES);
        List<String> labels = new ArrayList<>();
        List<Tensors> inputs = new ArrayList<>();
        for (int i = 0; i < drawn.size(); i++) {
            Tensors t = drawn.get(i);
            if (t.names().stream().mapToInt(n -> t.get(n).size()).sum() <= SAMPLE_ELEMENTS) {
                labels.add("catalog sample " + i);
                inputs.add(t);
            }
        }
        int samples = inputs.size();
        for (Tail t : f.tails()) {
            labels.add("tail point '" + t.why() + "'");
            inputs.add(t.inputs());
        }
        for (int p = 0; p < inputs.size(); p++) {
            Tensors in = Conformance.asSeenBy(engine, f, inputs.get(p));
            Map<String, ExactTensor> exact;
            try {
                exact = oracle.exact(f, in);
            } catch (RuntimeException e) {
                // an infinite element in a reduction (a sample's, or a float64 tail point's rounded to float32 ∞), or an
                // input outside the domain: the value and bad-input checks' business. A float64 tail point must be computable.
                if (p >= samples && !float32) {
                    throw new IllegalStateException(f.id() + ": the oracle cannot compute the " + labels.get(p) + ": " + e, e);
                }
                unmeasurable++;
                continue;
            }
            Map<String, Expected> outputs = new LinkedHashMap<>();
            for (Map.Entry<String, ExactTensor> out : exact.entrySet()) {
                Tensor rounded = float32 ? out.getValue().toFloat32() : out.getValue().toFloat64();
                double[] reference = reference(f.id(), in, out.getKey(), out.getValue(), rounded, engine.dtype());
                for (double r : reference) {
                    notJudged += Double.isNaN(r) ? 1 : 0;
                }
                outputs.put(out.getKey(), new Expected(out.getValue(), rounded, reference));
            }
            points.add(new Point(labels.get(p), in, outputs));
        }
        int kept = (int) points.stream().filter(p -> p.label().startsWith("catalog sample")).count();
        List<Baseline> baselines = new ArrayList<>();
        for (Engine e : established) {
            if (e.dtype() == engine.dtype()) {
                baselines.add(baseline(e, f, points, float32));
            }
        }
        return new Bar(List.copyOf(points), kept, notJudged, unmeasurable, List.copyOf(baselines));
    }

    /**
     * The reference target in ulps per element (see the class comment), NaN where the element is
     * not judged: its exact value is not a normal number of the dtype, or the formula is
     * ill-conditioned there.
     */
    private static double[] reference(String id, Tensors in, String output, ExactTensor exact, Tensor rounded,
                                      Dtype dtype) {
        boolean float32 = dtype == Dtype.FLOAT32;
        double[] k = Accuracy.conditioning(id, in, output);
        double u = dtype.unitRoundoff();
        double wellConditioned = Math.scalb(1.0, float32 ? WELL_CONDITIONED_F32_LOG2 : WELL_CONDITIONED_F64_LOG2);
        double base = Accuracy.target(id, Check.ORACLE);
        double[] out = new double[rounded.size()];
        for (int i = 0; i < out.length; i++) {
            double e = rounded.at(i);
            double minNormal = dtype.smallestNormal();
            if (exact.value(i) == null || !Double.isFinite(e) || Math.abs(e) < minNormal) {
                out[i] = Double.NaN;
                continue;
            }
            if (k == null) {
                out[i] = base;
                continue;
            }
            double kappa = k[i] / Math.abs(e);
            double ulp = float32 ? Math.ulp((float) e) : Math.ulp(e);
            out[i] = kappa > wellConditioned || Double.isNaN(kappa) ? Double.NaN
                    : Math.max(base, Accuracy.CONDITIONED_TARGET * u * k[i] / ulp);
        }
        return out;
    }

    private static Baseline baseline(Engine e, Formula f, List<Point> points, boolean float32) {
        Engine.Availability a = e.availability();
        if (!a.available()) {
            return new Baseline(e.name(), e.dtype(), false, "unavailable: " + a.reason(), List.of());
        }
        if (!e.implementsFormula(f.id())) {
            return new Baseline(e.name(), e.dtype(), false, "does not implement " + f.id(), List.of());
        }
        List<Map<String, long[]>> ulps = new ArrayList<>();
        List<String> threw = new ArrayList<>();
        List<Answer> answers = e.evaluateAll(f.id(), points.stream().map(Point::inputs).toList());
        for (int k = 0; k < points.size(); k++) {
            Point p = points.get(k);
            Tensors actual;
            try {
                actual = answers.get(k).get();
            } catch (RuntimeException ex) {
                ulps.add(null);
                threw.add(p.label());
                continue;
            }
            Map<String, long[]> byOutput = new LinkedHashMap<>();
            for (Map.Entry<String, Expected> out : p.outputs().entrySet()) {
                Tensor x = out.getValue().rounded();
                Tensor got = actual.has(out.getKey()) ? actual.get(out.getKey()) : null;
                long[] d = new long[x.size()];
                for (int i = 0; i < d.length; i++) {
                    double g = got == null || !got.sameShape(x) ? Double.NaN : got.at(i);
                    d[i] = !Double.isFinite(g) ? Long.MAX_VALUE
                            : float32 ? Accuracy.floatUlpDistance((float) g, (float) x.at(i)) : Comparison.ulpDistance(g, x.at(i));
                }
                byOutput.put(out.getKey(), d);
            }
            ulps.add(byOutput);
        }
        return new Baseline(e.name(), e.dtype(), true, threw.isEmpty() ? "" : "threw on " + String.join(", ", threw), ulps);
    }

    /** PyTorch and ONNX Runtime in both dtypes, as {@link Engines#discover} finds them, once per JVM. */
    private static List<Engine> established() {
        List<Engine> e = established;
        if (e == null) {
            synchronized (TailCheck.class) {
                if (established == null) {
                    established = Engines.discover().stream().filter(TailCheck::isEstablished).toList();
                }
                e = established;
            }
        }
        return Objects.requireNonNull(e);
    }
}

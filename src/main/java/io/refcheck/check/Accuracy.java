package io.refcheck.check;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.catalog.Samples;
import io.refcheck.engine.Engine;
import io.refcheck.engine.Engines;
import io.refcheck.engine.OracleEngine;
import io.refcheck.engine.PlainJavaEngine;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Accuracy of every engine against the high-precision {@link OracleEngine}, in units in the last
 * place: for each id the oracle computes, on the catalog's samples (adversarial ones included),
 * on dense sweeps of the scalar functions and on long inputs (up to 10^6 elements) for the
 * reductions, the largest distance in ulps between an engine's output and the correctly rounded
 * exact value. A float32 engine is measured in float32 ulps against the exact value, rounded once
 * to float, of the formula on the same float32-rounded inputs.
 *
 * <p><b>Rows.</b> One {@link CheckResult} per id × engine × check: check {@code oracle} for the
 * outputs, {@code oracle-derivative} for the derivatives the oracle has (sigmoid', tanh', as the
 * vector–Jacobian product with a cotangent of ones), and {@code oracle-element} for
 * bce_with_logits on one-element inputs (the per-element loss). {@code maxUlp} is the measured
 * maximum. For plain Java in float64 the status is pass or fail against the targets
 * ({@link #SCALAR_TARGET_ULPS} ulp for the scalar functions and their derivatives, for
 * self_information and for bce_with_logits per element; {@link #REDUCTION_TARGET_ULPS} ulp for
 * the reductions), relaxed only where the formula is ill-conditioned (see {@link #conditioning}).
 * Every other engine is measured, not judged: a row that was not judged is never a pass, so its
 * status is "not-applicable" (as for an engine that does not implement the id), it keeps the
 * measured {@code maxUlp}, {@code maxAbsError} and {@code maxRelError}, and its reason gives the
 * measurement and its rank among the engines of its dtype for that id and check (rank 1 = most
 * accurate, ties share a rank). An engine that threw is "fail", judged or not.
 *
 * <p><b>Which engines.</b> {@link #measuredEngines()}: every engine {@link Engines#discover()}
 * finds (the oracle is not registered there, and is left out if a user registers it): plain
 * Java, PyTorch and ONNX Runtime in float64 and float32, and any engine registered later, with no
 * change here.
 *
 * <p>{@code refcheck accuracy} (cli/AccuracyCommand) runs this with the tail rows of
 * {@link TailCheck}, prints {@link #table} and writes a {@link Run} for the report.
 */
public final class Accuracy {
    public static final long SCALAR_TARGET_ULPS = 1;
    public static final long REDUCTION_TARGET_ULPS = 4;
    /** Where a formula is ill-conditioned, the error allowed is this many u·K (K from {@link #conditioning}). */
    public static final double CONDITIONED_TARGET = 4;

    /** Ids held to {@link #SCALAR_TARGET_ULPS}; every other oracle id is a reduction. */
    public static final Set<String> SCALAR_IDS = Set.of("sigmoid", "tanh", "relu", "sign", "step", "self_information");
    /** Ids whose long inputs need an exp or log per element in the oracle (about 30 µs each). */
    private static final Set<String> TRANSCENDENTAL = Set.of("softmax", "log_softmax", "logsumexp", "lp_norm", "lp_loss",
            "bce", "bce_with_logits", "cross_entropy_onehot", "cross_entropy_index", "softmax_cross_entropy", "entropy",
            "cross_entropy_dist", "kl_divergence");


    /**
     * How much to measure: samples drawn from each entry's generator (those with more than
     * {@code maxSampleElements} elements in all are left out), the length of the long inputs of
     * the reductions whose oracle needs only sums and products ({@code sumLength}) and of those
     * that need an exp or log per element ({@code transcendentalLength}), the length of the
     * sweeps of the scalar functions, and the number of one-element bce_with_logits inputs.
     */
    public record Options(int catalogSamples, int maxSampleElements, int sumLength, int transcendentalLength,
                          int sweepLength, int elementCases, long seed) {
        /** What the unit test runs: a few seconds. */
        public static Options quick(long seed) {
            return new Options(12, 2_000, 100_000, 10_000, 2_000, 200, seed);
        }

        /** What the report runs: 10^6-element reductions, 60 catalog samples per id; about 15 minutes on two shared cores with five engines. */
        public static Options full(long seed) {
            return new Options(60, Integer.MAX_VALUE, 1_000_000, 1_000_000, 100_000, 2_000, seed);
        }
    }

    /** One input of one id, with a label that says where it came from. */
    public record Case(String label, Tensors inputs) {
    }

    /**
     * The worst case over an engine's outputs: the largest ulp distance, the largest error in
     * units of u·K where the id has a conditioning scale K (else NaN), how many elements missed
     * the target (plain Java float64 only) and a description of the worst one.
     */
    public record Measurement(long maxUlp, double maxConditioned, double maxAbs, double maxRel, int cases, int skipped,
                              int misses, String worst, String error) {
    }

    private final Options options;
    private final OracleEngine oracle = new OracleEngine();

    public Accuracy(Options options) {
        this.options = options;
    }

    /** Every engine on the classpath but the oracle. */
    public static List<Engine> measuredEngines() {
        return Engines.discover().stream().filter(e -> !OracleEngine.NAME.equals(e.name())).toList();
    }

    /** Rows for every oracle id (catalog order) and every given engine. */
    public List<CheckResult> run(List<Engine> engines) {
        List<CheckResult> rows = new ArrayList<>();
        for (String id : Catalog.ids()) {
            if (oracle.implementsFormula(id)) {
                rows.addAll(run(engines, id));
            }
        }
        return rows;
    }

    /** Rows for one id: {@code oracle} for every engine, and the derivative and per-element checks where they apply. */
    public List<CheckResult> run(List<Engine> engines, String id) {
        Formula f = Catalog.get(id);
        List<CheckResult> rows = new ArrayList<>();
        rows.addAll(ranked(f, engines, Check.ORACLE, cases(id)));
        if (OracleEngine.GRADIENT_IDS.contains(id)) {
            rows.addAll(ranked(f, engines, Check.ORACLE_DERIVATIVE, cases(id)));
        }
        if (id.equals("bce_with_logits")) {
            rows.addAll(ranked(f, engines, Check.ORACLE_ELEMENT, elementCases(cases(id))));
        }
        return rows;
    }

    private List<CheckResult> ranked(Formula f, List<Engine> engines, Check check, List<Case> cases) {
        List<CheckResult> rows = new ArrayList<>();
        List<Engine> measurable = new ArrayList<>();
        for (Engine e : engines) {
            Engine.Availability a = e.availability();
            if (!a.available()) {
                rows.add(row(f, e, check, Status.UNAVAILABLE, null, 0, a.reason()));
            } else if (!e.implementsFormula(f.id()) || (check == Check.ORACLE_DERIVATIVE && !e.implementsGradient(f.id()))) {
                rows.add(row(f, e, check, Status.NOT_APPLICABLE, null, 0, e.name() + " does not implement "
                        + f.id() + (check == Check.ORACLE_DERIVATIVE ? "'s gradient" : "")));
            } else {
                measurable.add(e);
            }
        }
        Map<Engine, Measurement> measured = measure(measurable, f.id(), check, cases);
        for (Map.Entry<Engine, Measurement> m : measured.entrySet()) {
            Engine e = m.getKey();
            Measurement x = m.getValue();
            long better = measured.entrySet().stream()
                    .filter(o -> o.getKey().dtype() == e.dtype() && o.getValue().error().isEmpty())
                    .filter(o -> o.getValue().maxUlp() < x.maxUlp()).count();
            long of = measured.keySet().stream().filter(o -> o.dtype() == e.dtype()).count();
            String rank = x.error().isEmpty() ? String.format(Locale.ROOT, "rank %d of %d among %s engines", better + 1, of, e.dtype())
                    : "threw " + x.error();
            boolean judged = isJudged(e);
            long target = target(f.id(), check);
            Status status = !x.error().isEmpty() ? Status.FAIL
                    : !judged ? Status.NOT_APPLICABLE
                    : x.misses() == 0 ? Status.PASS : Status.FAIL;
            StringBuilder reason = new StringBuilder();
            reason.append(String.format(Locale.ROOT, "max %d ulp", x.maxUlp()));
            if (judged) {
                reason.append(String.format(Locale.ROOT, " (target ≤ %d ulp", target));
                if (!Double.isNaN(x.maxConditioned())) {
                    reason.append(String.format(Locale.ROOT, ", or ≤ %.0f·u·K where ill-conditioned: max %.3g·u·K", CONDITIONED_TARGET,
                            x.maxConditioned()));
                }
                reason.append(")");
                if (x.misses() > 0) {
                    reason.append("; ").append(x.misses()).append(" elements missed it, worst: ").append(x.worst());
                }
            } else {
                if (!Double.isNaN(x.maxConditioned())) {
                    reason.append(String.format(Locale.ROOT, ", max %.3g·u·K", x.maxConditioned()));
                }
                reason.append("; measured, not judged; worst: ").append(x.worst());
            }
            reason.append("; ").append(rank);
            if (x.skipped() > 0) {
                reason.append("; ").append(x.skipped()).append(" cases with infinite inputs not measured");
            }
            rows.add(row(f, e, check, status, x, target, reason.toString()));
        }
        return rows;
    }

    /** Plain Java in float64 is held to the targets; every other engine is measured. */
    private static boolean isJudged(Engine e) {
        return PlainJavaEngine.NAME.equals(e.name()) && e.dtype() == Dtype.FLOAT64;
    }

    /** The target in ulps for plain Java in float64. */
    public static long target(String id, Check check) {
        return check == Check.ORACLE_DERIVATIVE || check == Check.ORACLE_ELEMENT || SCALAR_IDS.contains(id)
                ? SCALAR_TARGET_ULPS : REDUCTION_TARGET_ULPS;
    }

    private CheckResult row(Formula f, Engine e, Check check, Status status, Measurement m, long target, String reason) {
        return new CheckResult(f.id(), f.family().key(), e.name(), e.dtype(), e.availability().available() ? e.device() : "unknown",
                check, status, m == null ? 0 : m.maxAbs(), m == null ? 0 : m.maxRel(), m == null ? 0 : m.maxUlp(),
                0, 0, m == null ? 0 : m.cases(), options.seed(), reason);
    }

    // ================================================================ measuring

    /** The worst error of {@code engine} on {@code cases} of {@code id} ({@code oracle} or a derivative / element check). */
    public Measurement measure(Engine engine, String id, Check check, List<Case> cases) {
        return measure(List.of(engine), id, check, cases).get(engine);
    }

    /**
     * The worst error of each engine on {@code cases} of {@code id}: case by case, the oracle once
     * per case and dtype (it is the expensive part), then every engine against it.
     */
    public Map<Engine, Measurement> measure(List<Engine> engines, String id, Check check, List<Case> cases) {
        Formula f = Catalog.get(id);
        Map<Engine, Worst> worst = new LinkedHashMap<>();
        engines.forEach(e -> worst.put(e, new Worst()));
        for (Case c : cases) {
            Map<Dtype, Map<String, OracleEngine.Exact>> oracleByDtype = new EnumMap<>(Dtype.class);
            for (Engine engine : engines) {
                Worst w = worst.get(engine);
                if (!w.error.isEmpty()) {
                    continue;
                }
                Tensors in = Conformance.asSeenBy(engine, f, c.inputs());
                Map<String, OracleEngine.Exact> exact;
                try {
                    exact = oracleByDtype.computeIfAbsent(engine.dtype(), d -> check == Check.ORACLE_DERIVATIVE
                            ? oracle.exactVjp(id, in, ones(in)) : oracle.exact(id, in));
                } catch (ArithmeticException e) {
                    w.skipped++;
                    continue;
                }
                Tensors actual;
                try {
                    actual = check == Check.ORACLE_DERIVATIVE ? engine.vjp(id, in, ones(in)) : engine.evaluate(id, in);
                } catch (RuntimeException e) {
                    w.error = e + " on " + c.label();
                    continue;
                }
                w.cases++;
                long target = isJudged(engine) ? target(id, check) : Long.MAX_VALUE;
                for (Map.Entry<String, OracleEngine.Exact> out : exact.entrySet()) {
                    double[] k = check == Check.ORACLE ? conditioning(id, in, out.getKey()) : null;
                    w.compare(c.label(), out.getKey(), actual.get(out.getKey()), out.getValue(), engine.dtype(), k, target);
                }
            }
        }
        Map<Engine, Measurement> out = new LinkedHashMap<>();
        worst.forEach((e, w) -> out.put(e, new Measurement(w.ulp, w.conditioned, w.abs, w.rel, w.cases, w.skipped, w.misses,
                w.description, w.error)));
        return out;
    }

    private static Tensors ones(Tensors in) {
        return Tensors.of("a", Tensor.filled(1, in.get("z").shape()));
    }

    /** Running maxima over elements, and the worst element that missed its target. */
    private static final class Worst {
        int cases;
        int skipped;
        String error = "";
        long ulp;
        double conditioned = Double.NaN;
        double abs;
        double rel;
        int misses;
        String description = "none";
        private long worstMissUlp = -1;
        private long worstUlpSeen = -1;

        void compare(String label, String output, Tensor actual, OracleEngine.Exact exact, Dtype dtype, double[] k, long target) {
            boolean float32 = dtype == Dtype.FLOAT32;
            Tensor rounded = float32 ? exact.toFloat32() : exact.toFloat64();
            if (actual == null || !actual.sameShape(rounded)) {
                ulp = Long.MAX_VALUE;
                misses++;
                description = label + ": output " + output + " missing or of the wrong shape";
                return;
            }
            double u = dtype.unitRoundoff();
            for (int i = 0; i < rounded.size(); i++) {
                double a = actual.at(i);
                double e = rounded.at(i);
                BigDecimal exactValue = exact.value(i);
                long d;
                double err;
                if (exactValue == null || !Double.isFinite(a)) {
                    boolean same = Double.isNaN(e) ? Double.isNaN(a) : a == e;
                    d = same ? 0 : Long.MAX_VALUE;
                    err = same ? 0 : Double.POSITIVE_INFINITY;
                } else {
                    d = float32 ? floatUlpDistance((float) a, (float) e) : Comparison.ulpDistance(a, e);
                    err = new BigDecimal(a).subtract(exactValue).abs().doubleValue();
                }
                double ev = exactValue == null ? Math.abs(e) : Math.abs(exactValue.doubleValue());
                double relative = err == 0 ? 0 : ev == 0 ? Double.POSITIVE_INFINITY : err / ev;
                double c = Double.NaN;
                if (k != null) {
                    c = err == 0 ? 0 : k[i] == 0 ? Double.POSITIVE_INFINITY : err / (u * k[i]);
                    conditioned = Double.isNaN(conditioned) ? c : Math.max(conditioned, c);
                }
                ulp = Math.max(ulp, d);
                abs = Math.max(abs, err);
                rel = Math.max(rel, relative);
                boolean miss = d > target && !(c <= CONDITIONED_TARGET);
                String here = String.format(Locale.ROOT, "%s, %s[%d]: got %s, correctly rounded %s (%d ulp%s)", label, output, i,
                        a, e, d, Double.isNaN(c) ? "" : String.format(Locale.ROOT, ", %.3g·u·K", c));
                if (miss) {
                    misses++;
                    if (d > worstMissUlp) {
                        worstMissUlp = d;
                        description = here;
                    }
                } else if (worstMissUlp < 0 && d > worstUlpSeen) {
                    worstUlpSeen = d;
                    description = here;
                }
            }
        }
    }

    /** The number of floats between a and b (0 when equal; +0 and −0 are equal). */
    public static long floatUlpDistance(float a, float b) {
        if (a == b) {
            return 0;
        }
        if (Float.isNaN(a) || Float.isNaN(b)) {
            return Long.MAX_VALUE;
        }
        return Math.abs(ordered(a) - ordered(b));
    }

    private static long ordered(float x) {
        int bits = Float.floatToIntBits(x);
        return bits < 0 ? (long) Integer.MIN_VALUE - bits : bits;
    }

    // ================================================================ conditioning

    /**
     * The scale K of the error a careful double-precision algorithm cannot avoid, per output
     * element, for the ids whose {@link #REDUCTION_TARGET_ULPS}-ulp target cannot hold in
     * general; null for the others. The target there is |error| ≤ 4u·K, which reduces to about
     * 4 ulps where the formula is well-conditioned (K ≈ |value|).
     *
     * <ul>
     *   <li><b>logsumexp</b>, K = |lse| + Σ_j s_j|z_j| (s = softmax(z)). The derivative of lse is
     *       s, so relative perturbations of size u in the logits (which is what rounding
     *       z_j − max z already is) move lse by up to u·Σ_j s_j|z_j|; the relative condition
     *       number Σ_j s_j|z_j| / |lse| is unbounded where lse is near 0 while the logits are
     *       not (lse([−log 2, −log 2]) = 0 up to the rounding of log 2): no algorithm working in
     *       double precision on the shifted logits can promise a few ulps there.</li>
     *   <li><b>kl_divergence</b>, K = |D| + Σ_i |p_i log(p_i/q_i)|. For nearly equal P and Q the
     *       terms are of first order in p − q while D is of second order, so their sum cancels:
     *       the condition number of the sum is Σ_i|p_i log(p_i/q_i)| / D ≈ 2/‖P − Q‖₁, and the
     *       rows themselves sum to 1 only to within a few u, an error of first order that no
     *       rearrangement removes.</li>
     * </ul>
     */
    static double[] conditioning(String id, Tensors in, String output) {
        return switch (id) {
            case "logsumexp" -> perRow(in.get("z"), null, (z, q, n, off) -> {
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    m = Math.max(m, z[off + j]);
                }
                double s = 0;
                double weighted = 0;
                for (int j = 0; j < n; j++) {
                    double e = Math.exp(z[off + j] - m);
                    s += e;
                    weighted += e * Math.abs(z[off + j]);
                }
                return Math.abs(m + Math.log(s)) + weighted / s;
            });
            case "kl_divergence" -> perRow(in.get("p"), in.get("q"), (p, q, n, off) -> {
                double total = 0;
                double magnitude = 0;
                for (int j = 0; j < n; j++) {
                    double pj = p[off + j];
                    double qj = q[off + j];
                    if (pj > 0 && qj > 0) {
                        double t = pj * Math.log(pj / qj);
                        total += t;
                        magnitude += Math.abs(t);
                    }
                }
                return Math.abs(total) + magnitude;
            });
            default -> null;
        };
    }

    private interface RowScale {
        double of(double[] p, double[] q, int n, int offset);
    }

    private static double[] perRow(Tensor p, Tensor q, RowScale scale) {
        int n = p.dim(-1);
        double[] pd = p.toArray();
        double[] qd = q == null ? null : q.toArray();
        double[] out = new double[pd.length / n];
        for (int r = 0; r < out.length; r++) {
            out[r] = scale.of(pd, qd, n, r * n);
        }
        return out;
    }

    // ================================================================ cases

    /** Every case of {@code id}: catalog samples, then the sweep (scalar functions) or the long inputs (reductions). */
    public List<Case> cases(String id) {
        Formula f = Catalog.get(id);
        List<Case> cases = new ArrayList<>();
        long seed = Sampling.derive(options.seed(), id + "/oracle");
        List<Tensors> drawn = Sampling.draw(f.samples(), seed, options.catalogSamples());
        for (int i = 0; i < drawn.size(); i++) {
            Tensors t = drawn.get(i);
            int size = t.names().stream().mapToInt(n -> t.get(n).size()).sum();
            if (size <= options.maxSampleElements()) {
                cases.add(new Case("catalog sample " + i + " " + shapes(t), t));
            }
        }
        cases.addAll(longCases(id, new Random(seed)));
        return cases;
    }

    private static String shapes(Tensors t) {
        StringBuilder b = new StringBuilder("(");
        for (String n : t.names()) {
            b.append(b.length() > 1 ? ", " : "").append(n).append(java.util.Arrays.toString(t.get(n).shape()));
        }
        return b.append(")").toString();
    }

    /** One-element inputs taken from the elements of the given cases (bce_with_logits per element). */
    private List<Case> elementCases(List<Case> from) {
        List<Case> out = new ArrayList<>();
        Random r = new Random(options.seed());
        while (out.size() < options.elementCases()) {
            Case c = from.get(r.nextInt(from.size()));
            Tensor z = c.inputs().get("logits");
            int i = r.nextInt(Math.max(1, z.size()));
            if (z.size() == 0) {
                continue;
            }
            out.add(new Case(c.label() + " element " + i, Tensors.of("logits", Tensor.vector(z.at(i)),
                    "target", Tensor.vector(c.inputs().get("target").at(i)))));
        }
        return out;
    }

    private List<Case> longCases(String id, Random r) {
        int n = TRANSCENDENTAL.contains(id) ? options.transcendentalLength() : options.sumLength();
        String len = String.format(Locale.ROOT, "%,d", n);
        List<Case> c = new ArrayList<>();
        switch (id) {
            case "sigmoid", "tanh", "relu", "sign", "step" -> c.add(new Case("sweep of " + options.sweepLength()
                    + " reals, |z| from 1e-300 to 1e3", Tensors.of("z", sweep(r, options.sweepLength()))));
            case "self_information" -> c.add(new Case("sweep of " + options.sweepLength() + " probabilities from 1e-300 to 1 − 1e-16",
                    Tensors.of("p", Tensor.vector(probabilitySweep(r, options.sweepLength())))));
            case "softmax", "log_softmax", "logsumexp" -> {
                c.add(new Case("one row of " + len + " N(0, 10²) logits", Tensors.of("z", Samples.vector(r, n, Samples.gaussian(10)))));
                c.add(new Case(String.format(Locale.ROOT, "%,d rows of 1,000 N(0, 3²) logits", Math.max(1, n / 1000)),
                        Tensors.of("z", Samples.matrix(r, Math.max(1, n / 1000), 1000, Samples.gaussian(3)))));
            }
            case "mse", "half_sse", "mae" -> c.add(regression("", len, r, n));
            case "lp_loss" -> {
                for (double p : new double[] {1, 2, 3, 7.5}) {
                    Case base = regression(", p = " + p, len, r, n);
                    c.add(new Case(base.label(), base.inputs().with("p", p)));
                }
            }
            case "lp_norm" -> {
                for (double p : new double[] {1, 2, 3.5, Double.POSITIVE_INFINITY}) {
                    c.add(new Case(len + " N(0, 1) entries, p = " + p, Tensors.of("x", Samples.vector(r, n, Samples.gaussian(1)), "p", p)));
                }
            }
            case "bce" -> c.add(new Case(len + " uniform predictions, hard and soft targets", Tensors.of(
                    "prediction", Samples.vector(r, n, (rr, i) -> rr.nextDouble()), "target", Samples.vector(r, n, Accuracy::target))));
            case "bce_with_logits" -> c.add(new Case(len + " N(0, 10²) logits, hard and soft targets", Tensors.of(
                    "logits", Samples.vector(r, n, Samples.gaussian(10)), "target", Samples.vector(r, n, Accuracy::target))));
            case "cross_entropy_onehot", "cross_entropy_index" -> {
                int rows = Math.max(1, n / 100);
                Tensor probabilities = simplexRows(r, rows, 100);
                double[] labels = new double[rows];
                double[] oneHot = new double[rows * 100];
                for (int i = 0; i < rows; i++) {
                    labels[i] = r.nextInt(100);
                    oneHot[i * 100 + (int) labels[i]] = 1;
                }
                String label = String.format(Locale.ROOT, "%,d rows of 100 probabilities", rows);
                c.add(id.equals("cross_entropy_index")
                        ? new Case(label, Tensors.of("probabilities", probabilities, "labels", Tensor.vector(labels)))
                        : new Case(label + ", one-hot targets", Tensors.of("probabilities", probabilities,
                        "targets", Tensor.of(new int[] {rows, 100}, oneHot))));
            }
            case "softmax_cross_entropy" -> {
                int rows = Math.max(1, n / 1000);
                double[] labels = new double[rows];
                for (int i = 0; i < rows; i++) {
                    labels[i] = r.nextInt(1000);
                }
                c.add(new Case(String.format(Locale.ROOT, "%,d rows of 1,000 N(0, 5²) logits", rows), Tensors.of(
                        "logits", Samples.matrix(r, rows, 1000, Samples.gaussian(5)), "labels", Tensor.vector(labels))));
            }
            case "entropy" -> c.add(new Case("one distribution of " + len, Tensors.of("p", Samples.simplexRow(r, n, 1))));
            case "cross_entropy_dist" -> c.add(new Case("two independent distributions of " + len,
                    Tensors.of("p", Samples.simplexRow(r, n, 1), "q", Samples.simplexRow(r, n, 1))));
            case "kl_divergence" -> {
                Tensor p = Samples.simplexRow(r, n, 1);
                c.add(new Case("two independent distributions of " + len, Tensors.of("p", p, "q", Samples.simplexRow(r, n, 1))));
                c.add(new Case("two distributions of " + len + " within 1e-9 relative of each other",
                        Tensors.of("p", p, "q", nearby(r, p))));
            }
            case "l1_regularization", "l2_regularization" -> c.add(new Case(len + " N(0, 1) weights",
                    Tensors.of("w", Samples.vector(r, n, Samples.gaussian(1)))));
            default -> throw new IllegalArgumentException("id: no long inputs for " + id);
        }
        return c;
    }

    private static Case regression(String suffix, String len, Random r, int n) {
        return new Case(len + " N(0, 1) predictions against N(0, 1) targets" + suffix, Tensors.of(
                "prediction", Samples.vector(r, n, Samples.gaussian(1)), "target", Samples.vector(r, n, Samples.gaussian(1))));
    }

    private static double target(Random r, int i) {
        return r.nextBoolean() ? r.nextInt(2) : r.nextDouble();
    }

    /** Reals with magnitudes log-uniform in [1e-300, 1e3] (half) or uniform in [−40, 40] (half), both signs. */
    private static Tensor sweep(Random r, int n) {
        return Samples.vector(r, n, (rr, i) -> rr.nextBoolean()
                ? (rr.nextBoolean() ? 1 : -1) * Math.pow(10, -300 + 303 * rr.nextDouble())
                : 80 * rr.nextDouble() - 40);
    }

    private static double[] probabilitySweep(Random r, int n) {
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = switch (i % 3) {
                case 0 -> Math.pow(10, -300 * r.nextDouble());
                case 1 -> r.nextDouble();
                default -> 1 - Math.pow(10, -1 - 15 * r.nextDouble());
            };
        }
        return p;
    }

    private static Tensor simplexRows(Random r, int rows, int n) {
        double[] d = new double[rows * n];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(Samples.simplexRow(r, n, 1).toArray(), 0, d, i * n, n);
        }
        return Tensor.of(new int[] {rows, n}, d);
    }

    /** q_i = p_i(1 + 10^−9 g_i), renormalised (compensated). */
    private static Tensor nearby(Random r, Tensor p) {
        double[] q = p.toArray();
        for (int i = 0; i < q.length; i++) {
            q[i] *= 1 + 1e-9 * r.nextGaussian();
        }
        double s = io.refcheck.formulas.Sums.sum(q);
        for (int i = 0; i < q.length; i++) {
            q[i] /= s;
        }
        return Tensor.vector(q);
    }

    // ================================================================ the committed run

    /**
     * One run of {@code refcheck accuracy}, as its {@code --json} file holds it: the command line,
     * "quick" or "full", the seed and sizes, the wall-clock seconds, when (an ISO instant) and on
     * what it ran, and every row (the oracle checks and the tail rows), for the report's accuracy
     * section to read back.
     */
    public record Run(String command, String mode, long seed, Options options, double seconds, String measured, String machine,
                      List<CheckResult> rows) {
        public Run {
            rows = List.copyOf(rows);
        }
    }

    /** Dtypes, statuses and check names are written and read as their labels ("float64", "pass", "value"), their toString. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
            .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING);

    /** Writes {@code run} as pretty-printed JSON, creating the folder. */
    public static void write(Run run, Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), run);
    }

    /** Reads a file {@link #write} wrote. */
    public static Run read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Run.class);
    }

    // ================================================================ summary

    /**
     * The ranking of the engines per id and check: one line per id and check (catalog order;
     * {@code oracle}, {@code oracle-element}, {@code oracle-derivative}, then {@code tail}),
     * one column per engine and dtype, in the order the rows name them.
     */
    public record Ranking(List<String> columns, List<Line> lines) {
        public Ranking {
            columns = List.copyOf(columns);
            lines = List.copyOf(lines);
        }
    }

    /** One id and check; {@code cells} in the order of {@link Ranking#columns}, null where that engine has no row. */
    public record Line(String id, Check check, List<Cell> cells) {
        public Line {
            cells = java.util.Collections.unmodifiableList(new ArrayList<>(cells));
        }
    }

    /**
     * One engine's row: its max ulps ("∞" for a non-finite result, or the status where nothing
     * was measured), its rank among the measured engines of its dtype on that line (1 = most
     * accurate, ties share a rank; 0 where not ranked), and its status.
     */
    public record Cell(String ulps, int rank, int of, Status status, String reason, boolean notJudged) {
        /**
         * "516 (#3 of 5)", "2 FAIL (#1 of 3)", "2.1e06 not judged (#2 of 2)" (a tail row that was
         * measured, not judged), or the status where nothing was measured.
         */
        public String text() {
            String mark = status == Status.FAIL ? " FAIL" : notJudged ? " not judged" : "";
            return rank == 0 ? ulps : ulps + mark + " (#" + rank + " of " + of + ")";
        }
    }

    /** The ranking of {@code rows} (oracle rows and tail rows). */
    public static Ranking ranking(List<CheckResult> rows) {
        List<String> columns = rows.stream().sorted(COLUMNS).map(Accuracy::column).distinct().toList();
        Map<String, Map<String, CheckResult>> byLine = new TreeMap<>(Comparator.comparingInt(Accuracy::catalogOrder)
                .thenComparing(Comparator.naturalOrder()));
        for (CheckResult r : rows) {
            byLine.computeIfAbsent(r.id() + " " + r.check(), k -> new LinkedHashMap<>()).put(column(r), r);
        }
        List<Line> lines = new ArrayList<>();
        byLine.forEach((key, byColumn) -> {
            String[] parts = key.split(" ");
            List<Cell> cells = new ArrayList<>();
            for (String c : columns) {
                CheckResult r = byColumn.get(c);
                if (r == null) {
                    cells.add(null);
                    continue;
                }
                if (!ranked(r)) {
                    cells.add(new Cell(measured(r) ? ulps(r.maxUlp()) : r.status().label(), 0, 0, r.status(), r.reason(), false));
                    continue;
                }
                List<CheckResult> peers = byColumn.values().stream().filter(o -> o.dtype() == r.dtype() && ranked(o)).toList();
                long better = peers.stream().filter(o -> Long.compareUnsigned(o.maxUlp(), r.maxUlp()) < 0).count();
                boolean notJudged = r.check() == Check.TAIL && r.status() == Status.NOT_APPLICABLE;
                cells.add(new Cell(ulps(r.maxUlp()), (int) better + 1, peers.size(), r.status(), r.reason(), notJudged));
            }
            lines.add(new Line(parts[0], Check.of(parts[1]), cells));
        });
        return new Ranking(columns, lines);
    }

    /**
     * A Markdown table of {@link #ranking}: one line per id and check, one column per engine and
     * dtype, cells the max ulps and the rank among the engines of that dtype ("516 (#3 of 5)"),
     * " FAIL" after a failed row, the status where nothing was measured (unavailable, or an engine
     * that does not implement the id).
     */
    public static String table(List<CheckResult> rows) {
        Ranking ranking = ranking(rows);
        StringBuilder b = new StringBuilder("| id | check | ").append(String.join(" | ", ranking.columns())).append(" |\n|---|---|");
        ranking.columns().forEach(c -> b.append("---|"));
        b.append('\n');
        for (Line line : ranking.lines()) {
            b.append("| ").append(line.id()).append(" | ").append(line.check()).append(" |");
            for (Cell c : line.cells()) {
                b.append(' ').append(c == null ? "" : c.text()).append(" |");
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** "4", "4.3e18", "∞": a row's max ulps as the ranking shows it. */
    public static String ulps(long u) {
        if (u == Long.MAX_VALUE) {
            return "∞";
        }
        return u < 100_000 ? Long.toString(u) : String.format(Locale.ROOT, "%.1e", (double) u).replace("e+", "e");
    }

    /** Plain Java first, then PyTorch and ONNX Runtime, then every other engine by name; dtypes in {@link Dtype} order (float64 first). */
    private static final Comparator<CheckResult> COLUMNS = Comparator.<CheckResult>comparingInt(r -> engineOrder(r.engine()))
            .thenComparing(CheckResult::engine).thenComparing(CheckResult::dtype);

    private static int engineOrder(String engine) {
        if (engine.equals(PlainJavaEngine.NAME)) {
            return 0;
        }
        int i = TailCheck.ESTABLISHED.indexOf(engine);
        return i < 0 ? TailCheck.ESTABLISHED.size() + 1 : i + 1;
    }

    private static String column(CheckResult r) {
        return r.engine() + " " + r.dtype();
    }

    /** A measured row that ran to the end (not one that threw): it has a rank. */
    private static boolean ranked(CheckResult r) {
        return measured(r) && !r.reason().startsWith("threw") && !r.reason().contains("; threw ");
    }

    /**
     * Whether a row carries a measurement: judged rows (pass or fail) and measured-not-judged
     * ones, which are not-applicable with at least one case measured; not the not-applicable rows
     * of an engine that does not implement the id, nor unavailable ones, which measured nothing.
     */
    private static boolean measured(CheckResult r) {
        return r.status() == Status.PASS || r.status() == Status.FAIL
                || (r.status() == Status.NOT_APPLICABLE && r.samples() > 0 && !r.reason().startsWith(TailCheck.NOTHING_JUDGED));
    }

    private static int catalogOrder(String idAndCheck) {
        String[] parts = idAndCheck.split(" ");
        return Catalog.ids().indexOf(parts[0]) * 4 + List.of(Check.ORACLE, Check.ORACLE_ELEMENT, Check.ORACLE_DERIVATIVE, Check.TAIL).indexOf(Check.of(parts[1]));
    }
}

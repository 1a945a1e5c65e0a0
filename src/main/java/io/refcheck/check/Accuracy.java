package io.refcheck.check;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.refcheck.catalog.AccuracyCases;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.ExactTensor;
import io.refcheck.catalog.Formula;
import io.refcheck.catalog.Real;
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
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Accuracy of every engine against the high-precision {@link OracleEngine}, in units in the last
 * place: for each id the oracle computes, on the catalog's samples (adversarial ones included),
 * on dense sweeps of the scalar functions and on long inputs (up to 10^6 elements) for the
 * reductions (the entry's {@link AccuracyCases}, {@link Formula#accuracy()}), the largest distance in ulps between an engine's output and the correctly rounded
 * exact value. A float32 engine is measured in float32 ulps against the exact value, rounded once
 * to float, of the formula on the same float32-rounded inputs.
 *
 * <p><b>Rows.</b> One {@link CheckResult} per id × engine × check: check {@code oracle} for the
 * outputs, {@code oracle-derivative} for the derivatives the oracle has (the entries with an
 * exact vector–Jacobian product: sigmoid', tanh', with a cotangent of ones), and
 * {@code oracle-element} for the entries whose cases ask for a per-element check
 * ({@link AccuracyCases#perElement}: bce_with_logits, the per-element loss). {@code maxUlp} is
 * the measured maximum. For plain Java in float64 the status is pass or fail against the targets
 * ({@link #SCALAR_TARGET_ULPS} ulp for the elementwise formulas ({@link AccuracyCases.Kind#ELEMENTWISE}),
 * the derivatives and the per-element checks; {@link #REDUCTION_TARGET_ULPS} ulp for the
 * reductions), relaxed only where the formula is ill-conditioned (see {@link #conditioning}).
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


    /**
     * How much to measure: samples drawn from each entry's generator (those with more than
     * {@code maxSampleElements} elements in all are left out), the length of the long inputs of
     * the reductions whose oracle needs only sums and products ({@code sumLength}) and of those
     * that need an exp or log per element ({@code transcendentalLength}, about 30 µs each), the
     * length of the sweeps of the scalar functions, and the number of one-element inputs of a
     * per-element check.
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
        if (f.exactVjp().isPresent()) {
            rows.addAll(ranked(f, engines, Check.ORACLE_DERIVATIVE, cases(id)));
        }
        if (!accuracyCases(f).elementInputs().isEmpty()) {
            rows.addAll(ranked(f, engines, Check.ORACLE_ELEMENT, elementCases(f, cases(id))));
        }
        return rows;
    }

    /** Told after each id is measured, with its rows and the wall-clock seconds it took. */
    @FunctionalInterface
    public interface Measured {
        void measured(String id, List<CheckResult> rows, double seconds);
    }

    /**
     * What {@code refcheck accuracy} runs: for each id in the order given, the rows of
     * {@link #run(List, String)} and the {@link TailCheck} row of every engine the tail check applies
     * to that is available and implements the id.
     */
    public List<CheckResult> runWithTails(List<Engine> engines, List<String> ids, Measured listener) {
        List<CheckResult> rows = new ArrayList<>();
        for (String id : ids) {
            long start = System.nanoTime();
            List<CheckResult> r = new ArrayList<>(run(engines, id));
            for (Engine e : engines) {
                if (TailCheck.applies(e, Catalog.get(id)) && e.availability().available() && e.implementsFormula(id)) {
                    r.add(TailCheck.check(e, Catalog.get(id), options.seed()));
                }
            }
            rows.addAll(r);
            listener.measured(id, r, (System.nanoTime() - start) / 1e9);
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
        Map<Engine, Measurement> measured = measure(measurable, f, check, cases);
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
            long target = target(f, check);
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
        return target(Catalog.get(id), check);
    }

    /** The target in ulps for plain Java in float64 on entry {@code f}: 1 ulp where elementwise, else 4. */
    public static long target(Formula f, Check check) {
        return check == Check.ORACLE_DERIVATIVE || check == Check.ORACLE_ELEMENT
                || accuracyCases(f).kind() == AccuracyCases.Kind.ELEMENTWISE ? SCALAR_TARGET_ULPS : REDUCTION_TARGET_ULPS;
    }

    /** The entry's accuracy cases, which every entry with an exact form states. */
    private static AccuracyCases accuracyCases(Formula f) {
        return f.accuracy().orElseThrow(() -> new IllegalArgumentException("id: " + f.id() + " states no exact form and accuracy cases"));
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
        return measure(engines, Catalog.get(id), check, cases);
    }

    /**
     * As {@link #measure(List, String, Check, List)}, with the oracle evaluating entry {@code f}'s
     * exact forms (the engines evaluate {@code f.id()}).
     */
    public Map<Engine, Measurement> measure(List<Engine> engines, Formula f, Check check, List<Case> cases) {
        String id = f.id();
        Map<Engine, Worst> worst = new LinkedHashMap<>();
        engines.forEach(e -> worst.put(e, new Worst()));
        for (Case c : cases) {
            Map<Dtype, Map<String, ExactTensor>> oracleByDtype = new EnumMap<>(Dtype.class);
            for (Engine engine : engines) {
                Worst w = worst.get(engine);
                if (!w.error.isEmpty()) {
                    continue;
                }
                Tensors in = Conformance.asSeenBy(engine, f, c.inputs());
                Map<String, ExactTensor> exact;
                try {
                    exact = oracleByDtype.computeIfAbsent(engine.dtype(), d -> check == Check.ORACLE_DERIVATIVE
                            ? oracle.exactVjp(f, in, ones(f, in)) : oracle.exact(f, in));
                } catch (ArithmeticException e) {
                    w.skipped++;
                    continue;
                }
                Tensors actual;
                try {
                    actual = check == Check.ORACLE_DERIVATIVE ? engine.vjp(id, in, ones(f, in)) : engine.evaluate(id, in);
                } catch (RuntimeException e) {
                    w.error = e + " on " + c.label();
                    continue;
                }
                w.cases++;
                long target = isJudged(engine) ? target(f, check) : Long.MAX_VALUE;
                for (Map.Entry<String, ExactTensor> out : exact.entrySet()) {
                    double[] k = check == Check.ORACLE ? conditioning(f, in, out.getKey()) : null;
                    w.compare(c.label(), out.getKey(), actual.get(out.getKey()), out.getValue(), engine.dtype(), k, target);
                }
            }
        }
        Map<Engine, Measurement> out = new LinkedHashMap<>();
        worst.forEach((e, w) -> out.put(e, new Measurement(w.ulp, w.conditioned, w.abs, w.rel, w.cases, w.skipped, w.misses,
                w.description, w.error)));
        return out;
    }

    /** A cotangent of ones for every output of {@code f} on {@code in}, of the output's shape. */
    private static Tensors ones(Formula f, Tensors in) {
        Tensors outputs = f.compute(in);
        Map<String, Tensor> ones = new LinkedHashMap<>();
        for (String name : outputs.names()) {
            ones.put(name, Tensor.filled(1, outputs.get(name).shape()));
        }
        return Tensors.of(ones);
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

        void compare(String label, String output, Tensor actual, ExactTensor exact, Dtype dtype, double[] k, long target) {
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
                Real exactElement = exact.value(i);
                BigDecimal exactValue = exactElement == null ? null : OracleEngine.decimal(exactElement);
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
     * element, where the entry's accuracy cases state one ({@link AccuracyCases#conditioning()}:
     * logsumexp and kl_divergence, whose {@link #REDUCTION_TARGET_ULPS}-ulp target cannot hold in
     * general); null for the others. The target there is |error| ≤ 4u·K, which reduces to about
     * 4 ulps where the formula is well-conditioned (K ≈ |value|).
     */
    static double[] conditioning(String id, Tensors in, String output) {
        return conditioning(Catalog.get(id), in, output);
    }

    static double[] conditioning(Formula f, Tensors in, String output) {
        return f.accuracy().flatMap(AccuracyCases::conditioning).map(k -> k.scale(in, output)).orElse(null);
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
        cases.addAll(longCases(f, new Random(seed)));
        return cases;
    }

    private static String shapes(Tensors t) {
        StringBuilder b = new StringBuilder("(");
        for (String n : t.names()) {
            b.append(b.length() > 1 ? ", " : "").append(n).append(Arrays.toString(t.get(n).shape()));
        }
        return b.append(")").toString();
    }

    /**
     * One-element inputs taken from the elements of the given cases: the same element of each of
     * the inputs the entry's per-element check names ({@link AccuracyCases#elementInputs()}).
     */
    private List<Case> elementCases(Formula f, List<Case> from) {
        List<String> names = accuracyCases(f).elementInputs();
        List<Case> out = new ArrayList<>();
        Random r = new Random(options.seed());
        while (out.size() < options.elementCases()) {
            Case c = from.get(r.nextInt(from.size()));
            Tensor first = c.inputs().get(names.get(0));
            int i = r.nextInt(Math.max(1, first.size()));
            if (first.size() == 0) {
                continue;
            }
            Map<String, Tensor> element = new LinkedHashMap<>();
            for (String name : names) {
                element.put(name, Tensor.vector(c.inputs().get(name).at(i)));
            }
            out.add(new Case(c.label() + " element " + i, Tensors.of(element)));
        }
        return out;
    }

    /**
     * The entry's long inputs ({@link AccuracyCases#longInputs()}): a sweep of the sweep length for
     * an elementwise formula, else inputs of the sum or the transcendental length.
     */
    private List<Case> longCases(Formula f, Random r) {
        AccuracyCases cases = accuracyCases(f);
        int n = switch (cases.kind()) {
            case ELEMENTWISE -> options.sweepLength();
            case SUMS -> options.sumLength();
            case TRANSCENDENTAL -> options.transcendentalLength();
        };
        return cases.longInputs().draw(r, n).stream().map(c -> new Case(c.label(), c.inputs())).toList();
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
            cells = Collections.unmodifiableList(new ArrayList<>(cells));
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

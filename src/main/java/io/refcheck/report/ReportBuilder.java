package io.refcheck.report;

import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Erratum;
import io.refcheck.catalog.Formula;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Conformance;
import io.refcheck.check.SampleError;
import io.refcheck.engine.Engine;
import io.refcheck.engine.Engines;
import io.refcheck.onnx.NodeTestResult;
import io.refcheck.report.ConformanceReport.EngineInfo;
import io.refcheck.report.ConformanceReport.EngineTiming;
import io.refcheck.report.ConformanceReport.ErratumResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link ConformanceReport}: runs {@link Conformance} (the code the tests assert on) for
 * every engine and every catalog id (and every engine's claims the catalog lacks), measures every erratum's evidence, and adds the rows and
 * node-test results other producers hand in (golden-data checks, the ONNX node-test runner).
 *
 * <pre>{@code
 * ConformanceReport r = new ReportBuilder(seed)
 *         .withRows(goldenRows)          // optional
 *         .withNodeTests(nodeTests)      // optional
 *         .progress(listener)            // optional
 *         .build();
 * }</pre>
 */
public final class ReportBuilder {

    /** Told before each engine × id is checked, so a long run can show where it is. */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param done  engine × id pairs finished so far
         * @param total engine × id pairs in the run
         */
        void starting(Engine engine, Formula formula, int done, int total);
    }

    private final long seed;
    private List<Engine> engines;
    private List<String> ids = Catalog.ids();
    private final List<CheckResult> extraRows = new ArrayList<>();
    private final List<NodeTestResult> nodeTests = new ArrayList<>();
    private final List<io.refcheck.golden.TorchDeltas.Delta> torchDeltas = new ArrayList<>();
    private Progress progress = (e, f, done, total) -> { };
    private Clock clock = Clock.systemUTC();
    private Path benchmarks = Benchmarks.DEFAULT_DIR;

    public ReportBuilder(long seed) {
        this.seed = seed;
    }

    /** The engines to check; default: every engine {@link Engines#discover()} finds. */
    public ReportBuilder engines(List<Engine> engines) {
        this.engines = List.copyOf(engines);
        return this;
    }

    /** Only these catalog ids (and their errata); default: the whole catalog. */
    public ReportBuilder ids(List<String> ids) {
        ids.forEach(Catalog::get); // an unknown id fails here, naming it
        this.ids = List.copyOf(ids);
        return this;
    }

    /** Rows computed elsewhere (golden-data checks, an oracle), merged into the report's order. */
    public ReportBuilder withRows(List<CheckResult> rows) {
        extraRows.addAll(rows);
        return this;
    }

    /** Results of the ONNX node-test runner. */
    public ReportBuilder withNodeTests(List<NodeTestResult> results) {
        nodeTests.addAll(results);
        return this;
    }

    /** PyTorch's CPU-vs-CUDA and TF32 deltas ({@code TorchDeltas.of(goldenDir)}), shown in their own section. */
    public ReportBuilder withTorchDeltas(List<io.refcheck.golden.TorchDeltas.Delta> deltas) {
        torchDeltas.addAll(deltas);
        return this;
    }

    public ReportBuilder progress(Progress progress) {
        this.progress = Objects.requireNonNull(progress);
        return this;
    }

    /** The folder of benchmark results shown in the report's benchmark section; default {@code reports/bench}. */
    public ReportBuilder benchmarks(Path dir) {
        this.benchmarks = Objects.requireNonNull(dir);
        return this;
    }

    /** The clock the timestamp comes from, to the second (tests fix it). */
    public ReportBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        return this;
    }

    public ConformanceReport build() {
        List<Engine> checked = engines != null ? engines : Engines.discover();
        List<Formula> formulas = ids.stream().map(Catalog::get).toList();
        List<SampleError> samples = new ArrayList<>();
        Conformance conformance = new Conformance(seed, samples::add);
        List<CheckResult> rows = new ArrayList<>();
        List<EngineTiming> timings = new ArrayList<>();
        int total = checked.size() * formulas.size();
        int done = 0;
        long start = System.nanoTime();
        for (Engine engine : checked) {
            long engineStart = System.nanoTime();
            rows.addAll(conformance.catalogClaims(engine));
            for (Formula f : formulas) {
                progress.starting(engine, f, done, total);
                rows.addAll(conformance.run(engine, f));
                done++;
            }
            timings.add(new EngineTiming(engine.name(), engine.dtype(), engine.device(), seconds(engineStart)));
        }
        rows.addAll(extraRows);
        rows.sort(Order.ROW);
        samples.sort(Order.SAMPLE);
        List<ErratumResult> errata = errata(formulas);
        List<NodeTestResult> onnx = new ArrayList<>(nodeTests);
        onnx.sort(Comparator.comparing(NodeTestResult::caseName).thenComparing(NodeTestResult::engine));
        List<EngineInfo> engineInfo = checked.stream().map(ReportBuilder::describe)
                .sorted(Comparator.comparing(e -> new Order.Column(e.name(), e.dtype(), e.device()), Order.COLUMN)).toList();
        timings.sort(Comparator.comparing(t -> new Order.Column(t.engine(), t.dtype(), t.device()), Order.COLUMN));
        return new ConformanceReport(Environments.current(engineInfo, seed, clock.instant().truncatedTo(ChronoUnit.SECONDS)), rows, errata, onnx,
                samples, new ConformanceReport.Timings(seconds(start), timings), torchDeltas, Benchmarks.read(benchmarks));
    }

    private static double seconds(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e6) / 1e3;
    }

    private static EngineInfo describe(Engine e) {
        Engine.Availability a = e.availability();
        return new EngineInfo(e.name(), e.version(), e.dtype(), e.device(), a.available(), a.reason());
    }

    /** Every erratum of the selected ids, by §I item, with its evidence measured now. */
    static List<ErratumResult> errata(List<Formula> formulas) {
        List<ErratumResult> out = new ArrayList<>();
        for (Formula f : formulas) {
            for (Erratum e : f.errata()) {
                out.add(measure(f.id(), e));
            }
        }
        out.sort(Comparator.comparingInt(ErratumResult::item).thenComparing(ErratumResult::id, Order.ID));
        return out;
    }

    private static ErratumResult measure(String id, Erratum e) {
        Erratum.Evidence ev;
        try {
            ev = e.evidence().get();
        } catch (RuntimeException ex) {
            return new ErratumResult(e.item(), id, e.source(), e.seedForm(), e.corrected(), "", Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, CheckResult.FAIL, "evidence threw " + ex);
        }
        List<String> problems = new ArrayList<>();
        if (!ev.seedIsWrong()) {
            problems.add("the seed's formula is not clearly wrong: error " + ev.seedError() + " ≤ " + ev.wrongAbove());
        }
        if (!ev.correctedHolds()) {
            problems.add("the corrected formula fails: error " + ev.correctedError() + " > " + ev.rightBelow());
        }
        return new ErratumResult(e.item(), id, e.source(), e.seedForm(), e.corrected(), ev.measure(), ev.seedError(),
                ev.correctedError(), ev.wrongAbove(), ev.rightBelow(),
                problems.isEmpty() ? CheckResult.PASS : CheckResult.FAIL, String.join("; ", problems));
    }
}

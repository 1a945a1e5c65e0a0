package io.refcheck.report;

import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Erratum;
import io.refcheck.catalog.Formula;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Conformance;
import io.refcheck.check.SampleError;
import io.refcheck.check.Status;
import io.refcheck.engine.Engine;
import io.refcheck.engine.Engines;
import io.refcheck.golden.Golden;
import io.refcheck.golden.GoldenChecker;
import io.refcheck.golden.TorchDeltas;
import io.refcheck.golden.TorchGoldenChecker;
import io.refcheck.onnx.NodeTestResult;
import io.refcheck.onnx.NodeTestRunner;
import io.refcheck.report.ConformanceReport.EngineInfo;
import io.refcheck.report.ConformanceReport.EngineTiming;
import io.refcheck.report.ConformanceReport.ErratumResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

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
    private final List<TorchDeltas.Delta> torchDeltas = new ArrayList<>();
    private Progress progress = (e, f, done, total) -> { };
    /** Held while a listener is told something: the tasks run on several threads, the listeners need not be thread-safe. */
    private final Object listeners = new Object();
    private Clock clock = Clock.systemUTC();
    private Path benchmarks = Benchmarks.DEFAULT_DIR;
    private Path accuracy = AccuracyResults.DEFAULT_FILE;
    private Path golden;
    private final List<Path> nodeTestRoots = new ArrayList<>();
    private Consumer<NodeTestResult> nodeTestProgress = r -> { };

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

    /**
     * The golden data in {@code dir} joins the run: its regression rows for the selected ids
     * (ONNX Runtime's cases and PyTorch's sets, against plain Java), PyTorch's CPU-vs-CUDA deltas,
     * and its ONNX cases as node tests on the plain-Java evaluator. A folder that is not there adds
     * nothing (the caller says so where it matters).
     */
    public ReportBuilder golden(Path dir) {
        this.golden = Objects.requireNonNull(dir);
        return this;
    }

    /** Folders of ONNX node tests ({@code model.onnx} and {@code test_data_set_*}), run on the plain-Java evaluator. */
    public ReportBuilder nodeTests(List<Path> roots) {
        nodeTestRoots.addAll(roots);
        return this;
    }

    /** Told of each node test's result as it finishes. */
    public ReportBuilder nodeTestProgress(Consumer<NodeTestResult> listener) {
        this.nodeTestProgress = Objects.requireNonNull(listener);
        return this;
    }

    /** Results of the ONNX node-test runner. */
    public ReportBuilder withNodeTests(List<NodeTestResult> results) {
        nodeTests.addAll(results);
        return this;
    }

    /** PyTorch's CPU-vs-CUDA and TF32 deltas ({@code TorchDeltas.of(goldenDir)}), shown in their own section. */
    public ReportBuilder withTorchDeltas(List<TorchDeltas.Delta> deltas) {
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

    /** The accuracy run shown in the report's accuracy section; default {@code reports/accuracy/accuracy.json}. */
    public ReportBuilder accuracy(Path file) {
        this.accuracy = Objects.requireNonNull(file);
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
        int total = checked.size() * formulas.size();
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        List<Callable<EngineRun>> tasks = new ArrayList<>();
        checked.forEach(engine -> tasks.add(() -> check(engine, formulas, done, total)));
        tasks.add(this::goldenAndNodeTests);
        List<CheckResult> rows = new ArrayList<>();
        List<SampleError> samples = new ArrayList<>();
        List<EngineTiming> timings = new ArrayList<>();
        List<NodeTestResult> onnx = new ArrayList<>(nodeTests);
        List<TorchDeltas.Delta> deltas = new ArrayList<>(torchDeltas);
        double goldenSeconds = 0;
        for (EngineRun run : inParallel(tasks)) {
            rows.addAll(run.rows());
            samples.addAll(run.samples());
            run.timing().ifPresent(timings::add);
            onnx.addAll(run.nodeTests());
            deltas.addAll(run.deltas());
            goldenSeconds += run.goldenSeconds();
        }
        rows.addAll(extraRows);
        rows.sort(Order.ROW);
        samples.sort(Order.SAMPLE);
        List<ErratumResult> errata = errata(formulas);
        onnx.sort(Comparator.comparing(NodeTestResult::caseName).thenComparing(NodeTestResult::engine));
        List<EngineInfo> engineInfo = checked.stream().map(ReportBuilder::describe)
                .sorted(Comparator.comparing(e -> new Order.Column(e.name(), e.dtype(), e.device()), Order.COLUMN)).toList();
        timings.sort(Comparator.comparing(t -> new Order.Column(t.engine(), t.dtype(), t.device()), Order.COLUMN));
        return new ConformanceReport(Environments.current(engineInfo, seed, clock.instant().truncatedTo(ChronoUnit.SECONDS)), rows, errata, onnx,
                samples, new ConformanceReport.Timings(seconds(start), timings, goldenSeconds), deltas, Benchmarks.read(benchmarks),
                AccuracyResults.read(accuracy));
    }

    /**
     * One task's share of the run: an engine's rows, the samples its checks could not evaluate and
     * how long it took; or the golden data's rows, deltas and node tests.
     */
    private record EngineRun(List<CheckResult> rows, List<SampleError> samples, Optional<EngineTiming> timing,
                             List<NodeTestResult> nodeTests, List<TorchDeltas.Delta> deltas, double goldenSeconds) {
    }

    /**
     * The golden data's rows and deltas for the selected ids, its node-test cases of those ids,
     * and every node-test folder's results.
     */
    private EngineRun goldenAndNodeTests() throws IOException {
        long start = System.nanoTime();
        List<CheckResult> rows = new ArrayList<>();
        List<TorchDeltas.Delta> deltas = new ArrayList<>();
        List<NodeTestRunner.Case> cases = new ArrayList<>();
        if (golden != null && Files.isDirectory(golden)) {
            Predicate<String> selected = Set.copyOf(ids)::contains;
            rows.addAll(new GoldenChecker().check(golden, selected));
            rows.addAll(new TorchGoldenChecker().check(golden, selected));
            TorchDeltas.of(golden).stream().filter(d -> selected.test(d.id())).forEach(deltas::add);
            // the golden cases are node tests too: the plain-Java ONNX evaluator must reproduce ORT's outputs
            cases.addAll(Golden.nodeCases(golden, selected));
        }
        for (Path root : nodeTestRoots) {
            cases.addAll(NodeTestRunner.findCases(root));
        }
        List<NodeTestResult> nodeTestResults = new NodeTestRunner().run(cases, List.of(NodeTestRunner.Engine.JAVA), r -> {
            synchronized (listeners) {
                nodeTestProgress.accept(r);
            }
        });
        return new EngineRun(rows, List.of(), Optional.empty(), nodeTestResults, deltas, seconds(start));
    }

    /**
     * Every check of one engine on every formula, in the formulas' order. Each engine gets its own
     * {@link Conformance}, and a check's outcome depends only on the seed, the id and the engine, so
     * engines can be checked side by side and the report is the same as one engine after another.
     */
    private EngineRun check(Engine engine, List<Formula> formulas, AtomicInteger done, int total) {
        long engineStart = System.nanoTime();
        List<SampleError> samples = new ArrayList<>();
        Conformance conformance = new Conformance(seed, samples::add);
        List<CheckResult> rows = new ArrayList<>(conformance.catalogClaims(engine));
        for (Formula f : formulas) {
            synchronized (listeners) {
                progress.starting(engine, f, done.get(), total);
            }
            rows.addAll(conformance.run(engine, f));
            done.incrementAndGet();
        }
        return new EngineRun(rows, samples, Optional.of(new EngineTiming(engine.name(), engine.dtype(), engine.device(), seconds(engineStart))),
                List.of(), List.of(), 0);
    }

    /**
     * The tasks' results in the tasks' order, computed on as many threads as there are cores (at most
     * one per task): checking one engine is mostly one thread's work, and most runs check several
     * engines. Each engine is used by one thread only, so an engine need not be thread-safe.
     */
    private static <T> List<T> inParallel(List<Callable<T>> tasks) {
        int threads = Math.max(1, Math.min(tasks.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "refcheck-engine");
            t.setDaemon(true);
            return t;
        });
        try {
            List<T> out = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(tasks)) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the engines", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
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
            return new ErratumResult(e.item(), id, e.source(), e.sourceForm(), e.corrected(), "", Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Status.FAIL, "evidence threw " + ex);
        }
        List<String> problems = new ArrayList<>();
        if (!ev.sourceIsWrong()) {
            problems.add("the source's formula is not clearly wrong: error " + ev.sourceError() + " ≤ " + ev.wrongAbove());
        }
        if (!ev.correctedHolds()) {
            problems.add("the corrected formula fails: error " + ev.correctedError() + " > " + ev.rightBelow());
        }
        return new ErratumResult(e.item(), id, e.source(), e.sourceForm(), e.corrected(), ev.measure(), ev.sourceError(),
                ev.correctedError(), ev.wrongAbove(), ev.rightBelow(),
                problems.isEmpty() ? Status.PASS : Status.FAIL, String.join("; ", problems));
    }
}

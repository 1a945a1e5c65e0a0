package io.refcheck.report;

import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Erratum;
import io.refcheck.catalog.Formula;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Run;
import io.refcheck.check.SampleError;
import io.refcheck.check.Status;
import io.refcheck.engine.Engine;
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
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Builds a {@link ConformanceReport} around a {@link Run} (the checks of the selected ids on the
 * selected engines, the code the tests assert on): it adds every erratum's evidence, measured now,
 * the golden data's rows, deltas and node tests, the node-test folders' results, and the rows and
 * node-test results other producers hand in.
 *
 * <pre>{@code
 * ConformanceReport r = new ReportBuilder(new Run(seed).ids(ids))
 *         .golden(Path.of("golden-data"))  // optional
 *         .nodeTests(folders)              // optional
 *         .build();
 * }</pre>
 *
 * <p>The golden data and the node tests are checked on the run's threads, beside the engines.
 */
public final class ReportBuilder {

    private final Run run;
    private final List<CheckResult> extraRows = new ArrayList<>();
    private final List<NodeTestResult> nodeTests = new ArrayList<>();
    private final List<TorchDeltas.Delta> torchDeltas = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private Path benchmarks = Benchmarks.DEFAULT_DIR;
    private Path accuracy = AccuracyResults.DEFAULT_FILE;
    private Commits commits = Commits.NONE;
    private Path golden;
    private final List<Path> nodeTestRoots = new ArrayList<>();
    private Consumer<NodeTestResult> nodeTestProgress = r -> { };

    /** A report of {@code run}: its seed, engines and ids; its golden rows and node tests follow its ids. */
    public ReportBuilder(Run run) {
        this.run = Objects.requireNonNull(run);
    }

    /** Rows computed elsewhere (golden-data checks, an oracle), merged into the report's order. */
    public ReportBuilder withRows(List<CheckResult> rows) {
        extraRows.addAll(rows);
        return this;
    }

    /**
     * The golden data in {@code dir} joins the run: its regression rows for the selected ids
     * (ONNX Runtime's cases and PyTorch's sets, against plain Java), PyTorch's CPU-vs-CUDA deltas,
     * and its ONNX cases of those ids as node tests on the plain-Java evaluator. A folder that is
     * not there adds nothing (the caller says so where it matters).
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

    /** Told of each node test's result as it finishes, under the same lock as the run's progress. */
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

    /** The folder of benchmark results shown in the report's benchmark section; default {@code reports/bench}. */
    public ReportBuilder benchmarks(Path dir) {
        this.benchmarks = Objects.requireNonNull(dir);
        return this;
    }

    /**
     * Where the benchmark and accuracy sections learn which commit a result file is from; default
     * {@link Commits#NONE}: they are dated by the files' modification times.
     */
    public ReportBuilder commits(Commits commits) {
        this.commits = Objects.requireNonNull(commits);
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
        long start = System.nanoTime();
        FutureTask<GoldenPart> goldenPart = new FutureTask<>(this::goldenAndNodeTests);
        Run.Result result = run.execute(List.of(goldenPart));
        GoldenPart g = done(goldenPart);
        List<CheckResult> rows = new ArrayList<>(result.rows());
        rows.addAll(g.rows());
        rows.addAll(extraRows);
        rows.sort(Order.ROW);
        List<SampleError> samples = new ArrayList<>(result.samples());
        samples.sort(Order.SAMPLE);
        List<Formula> formulas = run.ids().stream().map(Catalog::get).toList();
        List<ErratumResult> errata = errata(formulas);
        List<NodeTestResult> onnx = new ArrayList<>(nodeTests);
        onnx.addAll(g.nodeTests());
        onnx.sort(Comparator.comparing(NodeTestResult::caseName).thenComparing(NodeTestResult::engine));
        List<TorchDeltas.Delta> deltas = new ArrayList<>(torchDeltas);
        deltas.addAll(g.deltas());
        List<EngineInfo> engineInfo = run.engines().stream().map(ReportBuilder::describe)
                .sorted(Comparator.comparing(e -> new Order.Column(e.name(), e.dtype(), e.device()), Order.COLUMN)).toList();
        List<EngineTiming> timings = new ArrayList<>(result.timings().stream()
                .map(t -> new EngineTiming(t.engine().name(), t.engine().dtype(), t.engine().device(), t.seconds())).toList());
        timings.sort(Comparator.comparing(t -> new Order.Column(t.engine(), t.dtype(), t.device()), Order.COLUMN));
        return new ConformanceReport(Environments.current(engineInfo, run.seed(), clock.instant().truncatedTo(ChronoUnit.SECONDS)), rows,
                errata, onnx, samples, new ConformanceReport.Timings(seconds(start), timings, g.seconds()), deltas,
                Benchmarks.read(benchmarks, commits), AccuracyResults.read(accuracy, commits));
    }

    /** The golden data's rows and deltas for the selected ids, and the node tests' results, with how long they took. */
    private record GoldenPart(List<CheckResult> rows, List<TorchDeltas.Delta> deltas, List<NodeTestResult> nodeTests, double seconds) {
    }

    /**
     * The golden data's rows and deltas for the selected ids, its node-test cases of those ids,
     * and every node-test folder's results.
     */
    private GoldenPart goldenAndNodeTests() throws IOException {
        long start = System.nanoTime();
        List<CheckResult> rows = new ArrayList<>();
        List<TorchDeltas.Delta> deltas = new ArrayList<>();
        List<NodeTestRunner.Case> cases = new ArrayList<>();
        if (golden != null && Files.isDirectory(golden)) {
            Predicate<String> selected = Set.copyOf(run.ids())::contains;
            rows.addAll(new GoldenChecker().check(golden, selected));
            rows.addAll(new TorchGoldenChecker().check(golden, selected));
            TorchDeltas.of(golden).stream().filter(d -> selected.test(d.id())).forEach(deltas::add);
            // the golden cases are node tests too: the plain-Java ONNX evaluator must reproduce ORT's outputs
            cases.addAll(Golden.nodeCases(golden, selected));
        }
        for (Path root : nodeTestRoots) {
            cases.addAll(NodeTestRunner.findCases(root));
        }
        List<NodeTestResult> results = new NodeTestRunner().run(cases, List.of(NodeTestRunner.Engine.JAVA), run.inStep(nodeTestProgress));
        return new GoldenPart(rows, deltas, results, seconds(start));
    }

    /** The result of a task that has run, its failure rethrown unchecked. */
    private static <T> T done(FutureTask<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the golden data", e);
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

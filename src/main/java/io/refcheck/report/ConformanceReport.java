package io.refcheck.report;

import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.SampleError;
import io.refcheck.check.Status;
import io.refcheck.golden.TorchDeltas;
import io.refcheck.onnx.NodeTestResult;
import io.refcheck.tensor.Dtype;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one conformance run found, in a fixed order: where it ran, the rows of every check
 * (the same {@link CheckResult} rows the tests assert on), the errata of docs/catalog.md §I with their
 * measured evidence, the ONNX node-test results, and the per-sample errors behind the charts.
 * Built by {@link ReportBuilder}; rendered by {@link JsonReport}, {@link MarkdownReport} and
 * {@link HtmlReport}.
 *
 * @param rows         sorted by catalog order of id, then engine, dtype, device and check (see {@link Order})
 * @param sampleErrors the per-sample errors of the value and gradient checks, in the order of {@code rows}
 * @param torchDeltas  PyTorch's CPU-vs-CUDA and TF32 deltas per id ({@link TorchDeviceSection}); empty when not measured
 * @param benchmarks   the committed benchmark results (reports/bench), read, not measured, by this run
 * @param accuracy     the committed accuracy run (reports/accuracy/accuracy.json), read, not measured, by this run
 */
public record ConformanceReport(Environment environment, List<CheckResult> rows, List<ErratumResult> errata,
                                List<NodeTestResult> onnxTests, List<SampleError> sampleErrors, Timings timings,
                                List<TorchDeltas.Delta> torchDeltas, Benchmarks benchmarks,
                                AccuracyResults accuracy) {

    /** A report without the accuracy run (its section then says it was not read). */
    public ConformanceReport(Environment environment, List<CheckResult> rows, List<ErratumResult> errata,
                             List<NodeTestResult> onnxTests, List<SampleError> sampleErrors, Timings timings,
                             List<TorchDeltas.Delta> torchDeltas, Benchmarks benchmarks) {
        this(environment, rows, errata, onnxTests, sampleErrors, timings, torchDeltas, benchmarks,
                AccuracyResults.none("not read for this report"));
    }

    /** A report without PyTorch device deltas (its section is then left out). */
    public ConformanceReport(Environment environment, List<CheckResult> rows, List<ErratumResult> errata,
                             List<NodeTestResult> onnxTests, List<SampleError> sampleErrors, Timings timings,
                             Benchmarks benchmarks) {
        this(environment, rows, errata, onnxTests, sampleErrors, timings, List.of(), benchmarks,
                AccuracyResults.none("not read for this report"));
    }

    public ConformanceReport {
        torchDeltas = List.copyOf(torchDeltas);
        rows = List.copyOf(rows);
        errata = List.copyOf(errata);
        onnxTests = List.copyOf(onnxTests);
        sampleErrors = List.copyOf(sampleErrors);
        Objects.requireNonNull(accuracy);
    }

    /** Where and when the run happened; {@code timestamp} is the one field that differs between identical runs. */
    public record Environment(String refcheckVersion, String jdk, String os, String cpuModel, int cores, String gpu,
                              List<EngineInfo> engines, String gitCommit, long seed, Instant timestamp) {
        public Environment {
            engines = List.copyOf(engines);
        }
    }

    /** One discovered engine as it described itself. */
    public record EngineInfo(String name, String version, Dtype dtype, String device, boolean available,
                             String reason) {
    }

    /**
     * One erratum of docs/catalog.md §I: the source's formula as written, the corrected one, and the measured
     * errors of each against an independent reference. It passes when the source's error is above
     * {@code wrongAbove} (clearly wrong) and the corrected error at or below {@code rightBelow}.
     */
    public record ErratumResult(int item, String id, String source, String sourceForm, String corrected, String measure,
                                double sourceError, double correctedError, double wrongAbove, double rightBelow,
                                Status status, String reason) {
        public boolean failed() {
            return status == Status.FAIL;
        }
    }

    /**
     * Wall-clock seconds in all, per engine, and for the golden data and node tests; excluded when
     * two runs are compared for determinism. The engines and the golden data are checked side by
     * side, so the parts add up to more than the total.
     */
    public record Timings(double totalSeconds, List<EngineTiming> engines, double goldenSeconds) {
        public Timings {
            engines = List.copyOf(engines);
        }
    }

    public record EngineTiming(String engine, Dtype dtype, String device, double seconds) {
    }

    /** Counts by status, and whether the whole run passed. */
    public record Summary(Map<Status, Integer> rows, Map<Status, Integer> errata, Map<String, Integer> onnxTests,
                          boolean passed) {
    }

    /**
     * Counts of rows by status (all four statuses, zeros included), of errata by pass/fail and of
     * node tests by PASS/FAIL/ERROR. The run passed when no row failed, every erratum was
     * demonstrated and every node test passed.
     */
    public Summary summary() {
        Map<Status, Integer> byStatus = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            byStatus.put(s, 0);
        }
        rows.forEach(r -> byStatus.merge(r.status(), 1, Integer::sum));
        Map<Status, Integer> byErratum = new EnumMap<>(Status.class);
        byErratum.put(Status.PASS, 0);
        byErratum.put(Status.FAIL, 0);
        errata.forEach(e -> byErratum.merge(e.status(), 1, Integer::sum));
        Map<String, Integer> byNodeTest = new LinkedHashMap<>();
        for (String s : List.of(NodeTestResult.PASS, NodeTestResult.FAIL, NodeTestResult.ERROR)) {
            byNodeTest.put(s, 0);
        }
        onnxTests.forEach(t -> byNodeTest.merge(t.status(), 1, Integer::sum));
        boolean passed = rows.stream().noneMatch(CheckResult::failed)
                && errata.stream().noneMatch(ErratumResult::failed)
                && onnxTests.stream().allMatch(NodeTestResult::passed);
        return new Summary(byStatus, byErratum, byNodeTest, passed);
    }

    /**
     * Whether a row compared numbers, so that its errors and tolerance mean something: value,
     * gradient and other comparisons that passed or failed, not properties or bad inputs (their
     * errors are 0 by construction) and not rows that did not run.
     */
    public static boolean measured(CheckResult r) {
        return (r.status() == Status.PASS || r.status() == Status.FAIL)
                && r.check() != Check.PROPERTY && r.check() != Check.BAD_INPUT;
    }

    /** The rows that failed, in report order. */
    public List<CheckResult> failures() {
        return rows.stream().filter(CheckResult::failed).toList();
    }
}

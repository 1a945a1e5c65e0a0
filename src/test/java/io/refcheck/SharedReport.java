package io.refcheck;

import io.refcheck.catalog.Catalog;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Sampling;
import io.refcheck.golden.GoldenChecker;
import io.refcheck.onnx.NodeTestRunner;
import io.refcheck.report.ConformanceReport;
import io.refcheck.report.ReportBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The one conformance run of a test JVM: every catalog id on every engine found, the golden-data
 * regression check, built by the same {@link ReportBuilder} the {@code report} command uses. The
 * catalog, engine and report tests all assert on these rows, so each check is computed once per
 * build and what the report shows is exactly what the tests assert. {@code -Drefcheck.ids=a,b}
 * narrows it to those ids.
 */
public final class SharedReport {
    private static ConformanceReport report;

    private SharedReport() {
    }

    /** The ids this run covers: {@code refcheck.ids} if set, else the whole catalog. */
    public static List<String> ids() {
        String ids = System.getProperty("refcheck.ids", "").trim();
        return ids.isEmpty() ? Catalog.ids() : Arrays.stream(ids.split(",")).map(String::trim).toList();
    }

    public static synchronized ConformanceReport get() {
        if (report == null) {
            ReportBuilder builder = new ReportBuilder(Sampling.defaultSeed()).ids(ids());
            Path golden = Path.of("golden-data");
            if (Files.isDirectory(golden)) {
                builder.withRows(new GoldenChecker().check(golden).stream()
                        .filter(r -> ids().contains(r.id()) || !Catalog.contains(r.id())).toList());
                builder.withRows(new io.refcheck.golden.TorchGoldenChecker().check(golden).stream()
                        .filter(r -> ids().contains(r.id()) || !Catalog.contains(r.id())).toList());
                builder.withTorchDeltas(io.refcheck.golden.TorchDeltas.of(golden).stream().filter(d -> ids().contains(d.id())).toList());
                try {
                    builder.withNodeTests(new NodeTestRunner().runAll(List.of(golden), List.of(NodeTestRunner.Engine.JAVA), r -> { }));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            report = builder.build();
        }
        return report;
    }

    /** The rows of one engine and dtype. */
    public static List<CheckResult> rows(String engine, String dtype) {
        return get().rows().stream().filter(r -> r.engine().equals(engine) && r.dtype().equals(dtype)).toList();
    }

    /** The rows of one engine, dtype and id. */
    public static List<CheckResult> rows(String engine, String dtype, String id) {
        return rows(engine, dtype).stream().filter(r -> r.id().equals(id)).toList();
    }
}

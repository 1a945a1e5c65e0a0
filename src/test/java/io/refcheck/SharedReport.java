package io.refcheck;

import io.refcheck.catalog.Catalog;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Conformance;
import io.refcheck.check.Run;
import io.refcheck.check.Sampling;
import io.refcheck.cli.GitCommits;
import io.refcheck.engine.PlainJavaEngine;
import io.refcheck.golden.Golden;
import io.refcheck.report.ConformanceReport;
import io.refcheck.report.ReportBuilder;
import io.refcheck.tensor.Dtype;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The one conformance run of a test JVM: every catalog id on every engine found and the
 * golden-data regression check, asked for as the {@code report} command asks for its run (a
 * {@link Run} wrapped in a {@link ReportBuilder}). The catalog, engine and report tests all assert
 * on these rows, so each check is computed once per build and what the report shows is exactly
 * what the tests assert. {@code -Drefcheck.ids=a,b} narrows it to those ids.
 *
 * <p>The run's time lands in whichever test class asks first; so that a build's time can be
 * attributed honestly (scripts/verify_phases.py), it writes {@value #TIMING_FILE}: which class
 * built it and how long its parts took.
 */
public final class SharedReport {
    /** Written after the run: {"builtBy", "seconds", "golden and node tests", "engines": [{"engine", "dtype", "seconds"}]}. */
    static final String TIMING_FILE = "target/shared-conformance-run.json";

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
            long start = System.nanoTime();
            report = new ReportBuilder(new Run(Sampling.defaultSeed()).ids(ids())).golden(Golden.DEFAULT_DIR).commits(new GitCommits()).build();
            writeTiming(start);
        }
        return report;
    }

    /**
     * {@value #TIMING_FILE}, when target/ exists (a Maven build); the caller is the first io.refcheck class below this one.
     * The engines and the golden data are checked side by side: each part's seconds are its own wall clock.
     */
    private static void writeTiming(long start) {
        Path file = Path.of(TIMING_FILE);
        if (!Files.isDirectory(file.getParent())) {
            return;
        }
        String builtBy = StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                .filter(n -> n.startsWith("io.refcheck.") && !n.equals(SharedReport.class.getName()))
                .map(n -> n.replaceAll("\\$.*", "")).findFirst().orElse("unknown"));
        StringBuilder engines = new StringBuilder();
        for (ConformanceReport.EngineTiming t : report.timings().engines()) {
            engines.append(engines.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                    "{\"engine\": \"%s\", \"dtype\": \"%s\", \"seconds\": %.3f}", t.engine(), t.dtype(), t.seconds()));
        }
        String json = String.format(Locale.ROOT, "{\"builtBy\": \"%s\", \"seconds\": %.3f, \"golden and node tests\": %.3f, "
                + "\"engines\": [%s]}%n", builtBy, (System.nanoTime() - start) / 1e9, report.timings().goldenSeconds(), engines);
        try {
            Files.writeString(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of one engine and dtype. */
    public static List<CheckResult> rows(String engine, Dtype dtype) {
        return get().rows().stream().filter(r -> r.engine().equals(engine) && r.dtype() == dtype).toList();
    }

    /**
     * The rows of one engine, dtype and id. With {@code -Drefcheck.uncached=true} (the mutation-testing profile sets
     * it) the plain-Java float64 rows of the id are computed afresh on every call instead: PIT swaps each mutated class
     * into a JVM that has already run the tests, and a cached run would answer for the class as it was before.
     */
    public static List<CheckResult> rows(String engine, Dtype dtype, String id) {
        if (Boolean.getBoolean("refcheck.uncached") && engine.equals(PlainJavaEngine.NAME) && dtype == Dtype.FLOAT64) {
            return new Conformance(Sampling.defaultSeed()).run(new PlainJavaEngine(), Catalog.get(id));
        }
        return rows(engine, dtype).stream().filter(r -> r.id().equals(id)).toList();
    }
}

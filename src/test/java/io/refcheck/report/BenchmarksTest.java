package io.refcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.refcheck.report.Benchmarks.B1Row;
import io.refcheck.report.Benchmarks.B2Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark section on hand-written result files with known numbers, and on missing and broken ones. */
class BenchmarksTest {

    /** One JMH result entry as {@code -rf json} writes it (the fields the reader uses). */
    private static String jmh(String method, String param, String value, double score, double error, String unit, String mode) {
        return String.format(Locale.ROOT, """
                {"jmhVersion": "1.37", "benchmark": "io.refcheck.bench.X.%s", "mode": "%s", "threads": 1, "forks": 1,
                 "jvm": "/usr/bin/java", "jvmArgs": ["-Xmx6g"], "jdkVersion": "17.0.15", "vmName": "OpenJDK 64-Bit Server VM",
                 "vmVersion": "17.0.15+6", "warmupIterations": 3, "warmupTime": "2 s", "measurementIterations": 5,
                 "measurementTime": "2 s", "params": {"%s": "%s"},
                 "primaryMetric": {"score": %s, "scoreError": %s, "scoreUnit": "%s"}}""", method, mode, param, value, score, error, unit);
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** The committed cases file of {@code jmhFile} (descriptions, pairs, goals), copied beside the test's JMH file in {@code dir}. */
    private static void committedCases(Path dir, String jmhFile) throws IOException {
        Files.copy(Benchmarks.casesFile(Benchmarks.DEFAULT_DIR.resolve(jmhFile)), Benchmarks.casesFile(dir.resolve(jmhFile)));
    }

    private static B1Row row(Benchmarks b, String javaMethod, String torchMethod, String threads) {
        return b.b1().rows().stream().filter(r -> r.javaBenchmark().equals(javaMethod) && r.torchBenchmark().equals(torchMethod)
                && r.threads().equals(threads)).findFirst().orElseThrow();
    }

    @Test
    void ratioIsOursOverPytorchAcrossUnitsAndTheGoalDependsOnTheCase(@TempDir Path dir) throws IOException {
        write(dir, Benchmarks.B1_FILE, "[" + String.join(",",
                jmh("javaSigmoid1M", "threads", "1", 2000, 100, "us/op", "avgt"),
                jmh("torchSigmoid1M", "threads", "1", 1, 0.1, "ms/op", "avgt"),
                jmh("javaMlpStep", "threads", "1", 3, 0.5, "ms/op", "avgt"),
                jmh("torchMlpStep", "threads", "1", 2000, 10, "us/op", "avgt"),
                jmh("javaRelu1M", "threads", "2", 500, 1, "us/op", "avgt"),
                jmh("torchRelu1M", "threads", "2", 1000, 1, "us/op", "avgt")) + "]");
        committedCases(dir, Benchmarks.B1_FILE);
        Benchmarks b = Benchmarks.read(dir);
        assertTrue(b.b1().source().measured(), b.b1().source().reason());

        B1Row sigmoid = row(b, "javaSigmoid1M", "torchSigmoid1M", "1");
        assertEquals(2.0, sigmoid.ratio(), 1e-12);
        assertEquals(1.0, sigmoid.goal());
        assertEquals("not met", sigmoid.verdict());
        assertEquals(2e-3, sigmoid.java().seconds(), 1e-15);
        assertEquals(1e-4, sigmoid.java().errorSeconds(), 1e-15);

        B1Row mlp = row(b, "javaMlpStep", "torchMlpStep", "1");
        assertEquals(1.5, mlp.ratio(), 1e-12);
        assertEquals(2.0, mlp.goal(), "the MLP step may take twice PyTorch's time");
        assertEquals("met", mlp.verdict());

        assertEquals("met", row(b, "javaRelu1M", "torchRelu1M", "2").verdict());
        B1Row reluAtOneThread = row(b, "javaRelu1M", "torchRelu1M", "1");
        assertNull(reluAtOneThread.ratio());
        assertEquals("not measured", reluAtOneThread.verdict(), "a case missing at one thread count is not invented");

        String md = BenchmarkSection.markdown(b, 2);
        assertTrue(md.contains("| sigmoid, 10⁶ elements | 1 | 2.00 ± 0.10 ms | 1.00 ± 0.10 ms | 2.0 | ≤ 1.0 | ❌ not met |"), md);
        assertTrue(md.contains("| MLP step 784 → 256 → 10, batch 256 (forward, backward, gd_step) | 1 | 3.00 ± 0.50 ms | 2.00 ± 0.010 ms | 1.5 | ≤ 2.0 | ✅ met |"), md);
        assertTrue(md.contains("Goal met in 2 of 3 measured rows."), md);
        assertTrue(md.contains("JMH 1.37, OpenJDK 64-Bit Server VM 17.0.15+6, JVM arguments -Xmx6g"), "the file's own provenance: " + md);
    }

    /**
     * The cases are the methods in the JMH file given, every one and no other: described ones under
     * their description, in the cases file's order; the others under their own names; a described
     * case whose methods the file lacks is not shown.
     */
    @Test
    void theSectionListsExactlyTheCasesInTheJmhFileGivenToIt(@TempDir Path dir) throws IOException {
        List<String> b1Methods = List.of("torchSigmoid1M", "javaSigmoid1M", "javaNewKernel", "torchNewKernel", "torchOnlyThere", "unprefixed");
        List<String> entries = new ArrayList<>();
        for (String m : b1Methods) {
            for (String threads : List.of("1", "2")) {
                entries.add(jmh(m, "threads", threads, 2, 0.1, "ms/op", "avgt"));
            }
        }
        write(dir, Benchmarks.B1_FILE, "[" + String.join(",", entries) + "]");
        committedCases(dir, Benchmarks.B1_FILE);
        write(dir, Benchmarks.B2_JAVA_FILE, "[" + String.join(",",
                jmh("directional", "parameters", "1000", 4, 1, "ms/op", "ss"),
                jmh("sparseCheck", "parameters", "1000", 9, 1, "ms/op", "ss")) + "]");
        committedCases(dir, Benchmarks.B2_JAVA_FILE);
        Benchmarks b = Benchmarks.read(dir);

        Set<String> shown = new TreeSet<>();
        for (B1Row r : b.b1().rows()) {
            assertTrue(r.java() != null || r.torch() != null, "a row with neither method in the file: " + r);
            if (r.java() != null) {
                shown.add(r.javaBenchmark());
            }
            if (r.torch() != null) {
                shown.add(r.torchBenchmark());
            }
        }
        assertEquals(new TreeSet<>(b1Methods), shown, "every method of the file, and no other, in some row");
        assertEquals(List.of("sigmoid, 10⁶ elements", "NewKernel", "OnlyThere", "unprefixed (named neither java… nor torch…)"),
                b.b1().rows().stream().map(B1Row::description).distinct().toList(), "described cases first, then the others by name");
        String md = BenchmarkSection.markdown(b, 2);
        for (B1Row r : b.b1().rows()) {
            assertTrue(md.contains("| " + r.description() + " | " + r.threads() + " |"), r.description() + " at " + r.threads() + ": " + md);
        }
        assertFalse(md.contains("MLP step"), "a described case the file lacks is not shown: " + md);

        List<String> checks = b.b2().rows().stream().map(B2Row::check).filter(c -> !c.startsWith("torch.autograd")).toList();
        assertEquals(List.of("directional check (4 loss evaluations)", "sparseCheck"), checks);
        assertTrue(md.contains("| sparseCheck | 9.00 ± 1.0 ms | — | — | — |"), md);
        assertTrue(md.contains("Directional check within 1.0 s at 10⁶ parameters: ⚠️ not measured."), "the goal, from the cases file: " + md);
    }

    @Test
    void aMissingFileReadsNotMeasuredWithItsReasonAndNoNumbers(@TempDir Path dir) {
        Benchmarks b = Benchmarks.read(dir);
        assertFalse(b.b1().source().measured());
        assertTrue(b.b1().rows().isEmpty());
        assertEquals("not measured", b.b2().goalVerdict());
        assertEquals("not measured", b.b3().verdict());
        String md = BenchmarkSection.markdown(b, 2);
        assertTrue(md.contains("**not measured: no file " + dir.resolve(Benchmarks.B1_FILE) + "**"), md);
        assertTrue(md.contains("**not measured: no file " + dir.resolve(Benchmarks.B3_FILE) + "**"), md);
        assertFalse(md.replace("within 1.0 s at", "").matches("(?s).*\\d (ms|µs|ns|s)\\b.*"), "a time appeared without a file: " + md);
        JsonNode json = BenchmarkSection.json(b);
        assertFalse(json.get("b1").get("measured").asBoolean());
        assertTrue(json.get("b2").get("rows").get(0).get("cells").get(0).get("seconds").isNull());
        assertTrue(BenchmarkSection.html(b).contains("not measured: no file"));
    }

    @Test
    void aBrokenOrForeignFileIsNotMeasuredAndSaysWhy(@TempDir Path dir) throws IOException {
        write(dir, Benchmarks.B1_FILE, "[{\"benchmark\": \"x\", \"primaryMetric\": {\"score\": 1, ");
        write(dir, Benchmarks.B2_JAVA_FILE, "{\"not\": \"jmh\"}");
        write(dir, Benchmarks.B2_TORCH_FILE, "[]");
        write(dir, Benchmarks.B3_FILE, "{\"phases\": []}");
        Benchmarks b = Benchmarks.read(dir);
        assertTrue(b.b1().source().reason().contains("is not readable JSON"), b.b1().source().reason());
        assertTrue(b.b2().java().reason().contains("is not a JMH result"), b.b2().java().reason());
        assertTrue(b.b2().torch().reason().contains("no \"results\" array"), b.b2().torch().reason());
        assertTrue(b.b3().source().reason().contains("no totalSeconds"), b.b3().source().reason());
        write(dir, Benchmarks.B1_FILE, "[" + jmh("javaSigmoid8", "threads", "1", 5, 1, "ops/us", "thrpt").replace("ops/us", "furlongs") + "]");
        assertTrue(Benchmarks.read(dir).b1().source().reason().contains("score unit furlongs"));
    }

    @Test
    void gradientCheckTimingsGoInTheColumnOfTheirPowerOfTenAndTheMillionGoalIsJudged(@TempDir Path dir) throws IOException {
        write(dir, Benchmarks.B2_JAVA_FILE, "[" + String.join(",",
                jmh("directional", "parameters", "1000", 4, 1, "ms/op", "ss"),
                jmh("directional", "parameters", "1000000", 1200, 100, "ms/op", "ss"),
                jmh("perElement", "parameters", "1000", 400, 10, "ms/op", "ss")) + "]");
        committedCases(dir, Benchmarks.B2_JAVA_FILE);
        write(dir, Benchmarks.B2_TORCH_FILE, """
                {"torch": "1.13.0a0", "results": [
                 {"parameters": 1036, "width": 27, "fast_mode": true, "repeats": 3, "seconds_min": 0.001, "seconds_median": 0.0015, "passed": true, "threads": 1},
                 {"parameters": 1000980, "width": 995, "fast_mode": false, "repeats": 3, "seconds_min": 9, "seconds_median": 10, "passed": false, "threads": 1}]}
                """);
        Benchmarks.B2 b2 = Benchmarks.read(dir).b2();
        assertEquals(List.of(1_000L, 10_000L, 100_000L, 1_000_000L), b2.parameters());
        B2Row directional = b2.rows().get(0);
        assertEquals(4e-3, directional.at(1_000).time().seconds(), 1e-15);
        assertNull(directional.at(10_000).time());
        assertEquals("not in the file", directional.at(10_000).missing());
        assertEquals("not met", b2.goalVerdict(), "1.2 s at 10⁶ is over the 1 s goal");
        assertEquals(1.5e-3, b2.rows().get(2).at(1_000).time().seconds(), 1e-15, "gradcheck's 1,036 parameters are the 10³ column");
        assertEquals(Boolean.FALSE, b2.rows().get(3).at(1_000_000).passed());
        assertTrue(b2.network().contains("1,036, 1,000,980 parameters"), b2.network());
        String md = BenchmarkSection.markdown(new Benchmarks(Benchmarks.read(dir).b1(), b2, Benchmarks.read(dir).b3(), Benchmarks.read(dir).b4()), 1);
        assertTrue(md.contains("| directional check (4 loss evaluations) | 4.00 ± 1.0 ms | — | — | 1.20 ± 0.10 s |"), md);
        assertTrue(md.contains("| torch.autograd.gradcheck fast_mode=False | — | — | — | 10.0 s (check failed) |"), md);
        assertTrue(md.contains("PyTorch 1.13.0a0; 1 thread"), md);
    }

    @Test
    void verifyPhasesAreShownWithTheirShareAndJudgedAgainstTheGoal(@TempDir Path dir) throws IOException {
        write(dir, Benchmarks.B3_FILE, """
                {"command": "mvn -B -o verify", "measured": "2026-11-24T10:00:00Z",
                 "machine": {"cpuModel": "Test CPU", "cores": 2, "os": "Linux", "loadAverageBefore": [0.1, 0.2, 0.3]},
                 "totalSeconds": 80, "goalSeconds": 60,
                 "phases": [{"phase": "compile", "seconds": 20, "detail": "javac"}, {"phase": "unit tests", "seconds": 60, "detail": "formulas"}],
                 "slowest": [{"item": "CatalogTest (set-up)", "phase": "unit tests", "seconds": 14}],
                 "sharedConformanceRun": {"seconds": 14, "builtBy": "io.refcheck.catalog.CatalogTest", "attribution": "engine comparisons 12 s"}}
                """);
        Benchmarks.B3 b3 = Benchmarks.read(dir).b3();
        assertEquals("not met", b3.verdict());
        String md = BenchmarkSection.markdown(Benchmarks.read(dir), 2);
        assertTrue(md.contains("| compile | 20.0 s | 25 % | javac |"), md);
        assertTrue(md.contains("| **total** | **80.0 s** | 100 % | goal ≤ 60.0 s: ❌ not met |"), md);
        assertTrue(md.contains("built by io.refcheck.catalog.CatalogTest"), md);
        assertTrue(md.contains("load average before the run 0.10 / 0.20 / 0.30"), md);
        assertNotNull(BenchmarkSection.json(Benchmarks.read(dir)).get("b3").get("phases").get(1));
    }

    @Test
    void theCommittedResultsAreReadAndEveryRowWithoutARatioNamesTheMissingBenchmark() {
        Benchmarks b = Benchmarks.read(Benchmarks.DEFAULT_DIR);
        assertTrue(b.b1().source().measured(), b.b1().source().reason());
        assertTrue(b.b1().rows().stream().filter(r -> r.ratio() != null).count() >= 8, "measured rows: " + b.b1().rows());
        b.b1().rows().stream().filter(r -> r.ratio() == null)
                .forEach(r -> assertTrue(r.missing().contains(r.java() == null ? r.javaBenchmark() : r.torchBenchmark()), r.toString()));
        assertTrue(b.b2().java().measured() && b.b2().torch().measured(), b.b2().java().reason() + b.b2().torch().reason());
        assertNotNull(b.b2().rows().get(0).at(1_000_000).time(), "the directional check at 10⁶ parameters");
    }

    /** docs/benchmarks.md names each benchmark as {@link Benchmark} does, and each of its files is committed. */
    @Test
    void everyBenchmarkIsNamedInTheDocsAndItsFilesAreCommitted() throws IOException {
        String docs = Files.readString(Path.of("docs", "benchmarks.md"));
        for (Benchmark b : Benchmark.values()) {
            assertTrue(docs.contains("| " + b.name() + ", " + b.title() + " |"), b + " is not named in docs/benchmarks.md");
            for (String file : b.files()) {
                assertTrue(Files.isRegularFile(Benchmarks.DEFAULT_DIR.resolve(file)), file);
                assertTrue(docs.contains("`" + file + "`"), file + " is not named in docs/benchmarks.md");
            }
        }
    }

    /** The report reads files and is given what a process would tell (cli/GitCommits asks git): no report class starts one. */
    @Test
    void noReportClassStartsAProcess() throws IOException {
        try (var files = Files.list(Path.of("src", "main", "java", "io", "refcheck", "report"))) {
            for (Path f : files.toList()) {
                String source = Files.readString(f);
                assertFalse(source.contains("ProcessBuilder") || source.contains(".exec("), f + " starts a process");
            }
        }
    }

    @Test
    void timesAreWrittenInTheUnitThatGivesOneToNineHundredNinetyNine() {
        assertEquals("114 ms", BenchmarkSection.time(0.1139936));
        assertEquals("72.2 ns", BenchmarkSection.time(7.218e-8));
        assertEquals("1.00 s", BenchmarkSection.time(0.99999));
        assertEquals("514 ± 150 ms", BenchmarkSection.time(new Benchmarks.Time(0.5144564, 0.15254)));
        assertEquals("43", BenchmarkSection.ratio(43.0));
        assertEquals("0.029", BenchmarkSection.ratio(0.02937));
    }

    @Test
    void theProcessEngineOverheadIsReadWithItsRatioToTheInJvmEngineAndJudgedAgainstTheGoal(@TempDir Path dir) throws IOException {
        String b4 = """
                {"written": "2026-12-05T13:00:00Z", "load_average_before": 1.5, "load_average_after": 2.0, "cpus": 2,
                 "java": "OpenJDK 64-Bit Server VM 17.0.15", "engine": "numpy-example numpy 2.4.6",
                 "per_call": {"process_us_median": 100.0, "batched_100_us_per_sample": 20.0},
                 "check_all_ids": {"ids": ["relu", "sigmoid"], "rounds_measured": 8, "warm_up_rounds": 2,
                  "numpy_seconds_median": NUMPY, "in_jvm_seconds_median": 0.2, "goal_ratio": 2.0,
                  "evaluate_requests": 30, "evaluate_samples": 400, "vjp_requests": 10, "vjp_samples": 100, "requests": 40}}
                """;
        write(dir, Benchmarks.B4_FILE, b4.replace("NUMPY", "0.6"));
        Benchmarks.B4 slow = Benchmarks.read(dir).b4();
        assertTrue(slow.source().measured(), slow.source().reason());
        assertEquals(3.0, slow.ratio(), 1e-12);
        assertEquals("not met", slow.verdict());
        assertEquals(40L, slow.requests());
        assertEquals(500L, slow.samples());
        String md = BenchmarkSection.markdown(Benchmarks.read(dir), 1);
        assertTrue(md.contains("| numpy-example numpy 2.4.6 | 2 | 600 ms | 200 ms | 3.0 | ≤ 2.0 | 40 / 500 | 100 µs | 20 µs |"), md);
        assertTrue(md.contains("load average 1.50 before, 2.00 after"), md);
        assertTrue(BenchmarkSection.html(Benchmarks.read(dir)).contains("B4: an engine over the engine protocol"));
        assertEquals("not met", BenchmarkSection.json(Benchmarks.read(dir)).get("b4").get("verdict").asText());

        write(dir, Benchmarks.B4_FILE, b4.replace("NUMPY", "0.3"));
        assertEquals("met", Benchmarks.read(dir).b4().verdict());
        write(dir, Benchmarks.B4_FILE, "{\"check_all_ids\": {}}");
        assertTrue(Benchmarks.read(dir).b4().source().reason().contains("not written by io.refcheck.bench.ProcessEngineTiming"));
        Files.delete(dir.resolve(Benchmarks.B4_FILE));
        assertEquals("not measured", Benchmarks.read(dir).b4().verdict());
    }
}

package io.refcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.refcheck.catalog.Catalog;
import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Sampling;
import io.refcheck.check.Status;
import io.refcheck.engine.Engine;
import io.refcheck.engine.Engines;
import io.refcheck.golden.Golden;
import io.refcheck.onnx.NodeTestResult;
import io.refcheck.onnx.NodeTestRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Builds the full conformance report once — every catalog id on every engine found on the test
 * classpath, through the same {@link ReportBuilder} and {@link io.refcheck.check.Conformance} the
 * CLI uses — writes it to {@code target/reports/conformance.{json,md,html}}, and fails the build
 * when any check failed. The committed {@code reports/} folder is the CLI's; tests never write there.
 */
class ReportTest {
    static final Path OUT = Path.of("target", "reports");
    private static final long SEED = Sampling.defaultSeed();
    /** One id of every family, a stochastic one, and errata 1, 2, 5: the determinism check's subset (each id costs a fresh JVM's run on every engine). */
    private static final List<String> SUBSET = List.of("softmax", "mlp_forward", "bce", "kl_divergence", "s1_backprop",
            "adam_step", "dropout");

    private static ConformanceReport report;
    private static String json;
    private static String html;
    private static String markdown;

    @BeforeAll
    static void buildTheReportOnce() throws IOException {
        report = io.refcheck.SharedReport.get();
        ReportFiles.write(report, OUT);
        json = Files.readString(OUT.resolve(ReportFiles.JSON));
        html = Files.readString(OUT.resolve(ReportFiles.HTML));
        markdown = Files.readString(OUT.resolve(ReportFiles.MARKDOWN));
    }

    @Test
    void noCheckFailsOnAnyEngine() {
        String failures = report.failures().stream()
                .map(r -> r.id() + " " + r.engine() + " " + r.dtype() + " " + r.check() + " (seed " + r.seed() + "): " + r.reason())
                .collect(Collectors.joining("\n"));
        assertEquals("", failures, "failed rows; rerun one with -Drefcheck.seed=" + SEED + " -Drefcheck.ids=ID -Dtest=CatalogTest");
        assertTrue(report.summary().passed(), () -> report.summary().toString());
    }

    @Test
    void everyErratumIsDemonstrated() {
        assertTrue(report.errata().size() >= 5, "errata: " + report.errata().size());
        report.errata().forEach(e -> assertEquals(Status.PASS, e.status(), () -> "§I." + e.item() + ": " + e.reason()));
    }

    @Test
    void everyIdHasAValueRowOnEveryAvailableEngineAndNeverASilentGap() {
        for (Engine e : Engines.discover()) {
            for (String id : Catalog.ids()) {
                List<CheckResult> rows = report.rows().stream()
                        .filter(r -> r.id().equals(id) && r.engine().equals(e.name()) && r.dtype() == e.dtype()).toList();
                assertTrue(rows.stream().anyMatch(r -> r.check() == Check.VALUE), id + " has no value row on " + e.name() + " " + e.dtype());
                rows.stream().filter(r -> r.status() != Status.PASS)
                        .forEach(r -> assertFalse(r.reason().isBlank(), id + " " + r.check() + " on " + e.name() + " is " + r.status() + " without a reason"));
            }
        }
    }

    @Test
    void rowsComeInTheDocumentedOrder() {
        List<CheckResult> sorted = new ArrayList<>(report.rows());
        sorted.sort(Order.ROW);
        assertEquals(sorted, report.rows());
        assertEquals(Catalog.ids(), report.rows().stream().map(CheckResult::id).distinct().toList());
    }

    @Test
    void theJsonFollowsTheSchemaFileAndTheSchemaRejectsABrokenRow() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonSchemaSubset schema = new JsonSchemaSubset(mapper.readTree(Path.of("reports", "conformance.schema.json").toFile()));
        JsonNode doc = mapper.readTree(json);
        assertEquals(List.of(), schema.validate(doc));
        assertEquals(report.rows().size(), doc.get("rows").size());

        ObjectNode broken = doc.deepCopy();
        ((ObjectNode) broken.get("rows").get(0)).put("status", "passed");
        ((ObjectNode) broken.get("rows").get(1)).remove("tolerance");
        List<String> problems = schema.validate(broken);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("$.rows[0].status")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.equals("$.rows[1]: missing tolerance")), problems.toString());
    }

    @Test
    void theHtmlIsOneSelfContainedPageWithEveryIdInTheMatrix() {
        assertTrue(html.startsWith("<!DOCTYPE html>"), "doctype");
        Matcher ref = Pattern.compile("(?i)\\b(?:src|href)\\s*=\\s*\"([^\"]*)\"").matcher(html);
        while (ref.find()) {
            assertTrue(ref.group(1).startsWith("#"), "a reference leaves the page: " + ref.group());
        }
        for (String forbidden : List.of("<link", "@import", "url(", "<script src", "<iframe", "<img")) {
            assertFalse(html.toLowerCase(Locale.ROOT).contains(forbidden), "contains " + forbidden);
        }
        String matrix = html.substring(html.indexOf("<section id=\"matrix\">"), html.indexOf("</section>", html.indexOf("<section id=\"matrix\">")));
        for (String id : Catalog.ids()) {
            assertTrue(matrix.contains("<tr data-id=\"" + id + "\">"), id + " missing from the matrix");
            assertTrue(html.contains("<details class=\"formula pass\" id=\"f-" + id + "\">"), id + " has no passing detail view");
        }
        assertEquals(report.errata().size(), count(html, "<article class=\"erratum pass\""));
    }

    @Test
    void theMarkdownCarriesTheVerdictAndTheMatrix() {
        assertTrue(markdown.contains("**✅ Every check passed.**"), markdown.lines().limit(3).collect(Collectors.joining("\n")));
        for (String id : Catalog.ids()) {
            assertTrue(markdown.contains("| `" + id + "` |"), id + " missing from the Markdown matrix");
        }
        assertTrue(markdown.lines().filter(l -> l.startsWith("| `")).noneMatch(l -> l.contains("❌")), "a failed cell in a passing report");
    }

    /**
     * The same seed gives the same JSON apart from the timestamp and timings: the CLI, in a fresh
     * JVM (so nothing that differs between processes, such as hash order, can leak in), writes the
     * report of a subset of ids, which must equal this JVM's full report cut down to those ids. So
     * a second run reproduces the first, and a check's outcome depends on its id and the seed, not
     * on what else ran before it.
     */
    @Test
    void theSameSeedGivesTheSameJsonInAFreshJvm() throws Exception {
        Path dir = Files.createTempDirectory("refcheck-report");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-cp", System.getProperty("java.class.path"), "io.refcheck.cli.Main", "report", "--quiet",
                "--seed", Long.toString(SEED), "--id", String.join(",", SUBSET), "--out", dir.toString()));
        String torchThreads = System.getProperty("ai.djl.pytorch.num_threads");
        if (torchThreads != null) {
            command.add(1, "-Dai.djl.pytorch.num_threads=" + torchThreads); // as in this JVM (pom: refcheck.jvm.args), so both compute alike
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the CLI did not finish");
        assertEquals(0, p.exitValue(), output);

        ConformanceReport cut = new ConformanceReport(report.environment(),
                report.rows().stream().filter(r -> SUBSET.contains(r.id())).toList(),
                report.errata().stream().filter(e -> SUBSET.contains(e.id())).toList(), subsetNodeTests(),
                report.sampleErrors().stream().filter(e -> SUBSET.contains(e.id())).toList(), report.timings(),
                report.torchDeltas().stream().filter(d -> SUBSET.contains(d.id())).toList(), report.benchmarks());
        ObjectMapper mapper = new ObjectMapper();
        JsonNode here = withoutTimes(mapper.readTree(JsonReport.render(cut)));
        JsonNode there = withoutTimes(mapper.readTree(dir.resolve(ReportFiles.JSON).toFile()));
        assertEquals(mapper.writeValueAsString(here), mapper.writeValueAsString(there));
    }

    /** The shared run's node tests that a run of SUBSET has: the golden cases of its ids, and no other folder's. */
    private static List<NodeTestResult> subsetNodeTests() throws IOException {
        Set<String> names = Golden.nodeCases(Golden.DEFAULT_DIR, SUBSET::contains).stream()
                .map(NodeTestRunner.Case::name).collect(Collectors.toSet());
        return report.onnxTests().stream().filter(t -> names.contains(t.caseName())).toList();
    }

    private static JsonNode withoutTimes(JsonNode doc) {
        ObjectNode copy = doc.deepCopy();
        ((ObjectNode) copy.get("environment")).remove("timestamp");
        copy.remove("timings");
        return copy;
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}

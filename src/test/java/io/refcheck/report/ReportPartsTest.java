package io.refcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.SampleError;
import io.refcheck.check.Status;
import io.refcheck.onnx.NodeTestResult;
import io.refcheck.report.ConformanceReport.EngineInfo;
import io.refcheck.report.ConformanceReport.Environment;
import io.refcheck.report.ConformanceReport.Timings;
import io.refcheck.tensor.Dtype;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's parts on hand-made inputs: numbers, statuses, order, git and CPU detection. */
class ReportPartsTest {
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private static CheckResult row(String id, String engine, Dtype dtype, Check check, Status status, double maxAbs) {
        return new CheckResult(id, "activation", engine, dtype, "cpu", check, status, maxAbs, maxAbs, 3, 1e-12, 1e-10, 5, 7L,
                status == Status.PASS ? "" : "because");
    }

    private static ConformanceReport report(List<CheckResult> rows, List<NodeTestResult> nodeTests) {
        Environment env = new Environment("dev", "17", "Linux", "cpu", 2, "none: test",
                List.of(new EngineInfo("plain-java", "1", Dtype.FLOAT64, "cpu", true, "")), "unknown", 1, Instant.EPOCH);
        return new ConformanceReport(env, rows, List.of(), nodeTests, List.of(), new Timings(0, List.of(), 0),
                Benchmarks.none("not read for hand-made reports"));
    }

    @Test
    void nonFiniteErrorsAreWrittenAsStringsAndStillParse() throws IOException {
        ConformanceReport r = report(List.of(row("sigmoid", "plain-java", Dtype.FLOAT64, Check.VALUE, Status.FAIL, Double.POSITIVE_INFINITY),
                row("tanh", "plain-java", Dtype.FLOAT64, Check.VALUE, Status.FAIL, Double.NaN)), List.of());
        JsonNode rows = new ObjectMapper().readTree(JsonReport.render(r)).get("rows");
        assertEquals("Infinity", rows.get(0).get("maxAbsError").asText());
        assertTrue(rows.get(0).get("maxAbsError").isTextual());
        assertEquals("NaN", rows.get(1).get("maxRelError").asText());
        assertTrue(rows.get(0).get("tolerance").get("atol").isNumber());
    }

    @Test
    void aFailedRowAFailedNodeTestOrAnErroredOneMeansTheRunDidNotPass() {
        CheckResult pass = row("sigmoid", "plain-java", Dtype.FLOAT64, Check.VALUE, Status.PASS, 0);
        assertTrue(report(List.of(pass), List.of()).summary().passed());
        assertFalse(report(List.of(pass, row("tanh", "pytorch", Dtype.FLOAT32, Check.GRADIENT, Status.FAIL, 1)), List.of()).summary().passed());
        assertFalse(report(List.of(pass), List.of(new NodeTestResult("test_relu", "java", NodeTestResult.ERROR, "no such op", Double.NaN,
                Double.NaN))).summary().passed());
        ConformanceReport unavailable = report(List.of(pass, row("tanh", "pytorch", Dtype.FLOAT64, Check.VALUE, Status.UNAVAILABLE, 0)), List.of());
        assertTrue(unavailable.summary().passed(), "an unavailable engine is shown, not failed");
        assertEquals(1, unavailable.summary().rows().get(Status.UNAVAILABLE));
        assertEquals(0, unavailable.summary().rows().get(Status.FAIL), "every status is counted, zeros included");
    }

    @Test
    void theBadInputSectionShowsWhatPyTorchDidPerIdAndOnlyWhenPyTorchRanThem() {
        CheckResult confirmed = new CheckResult("sigmoid", "activation", "pytorch-python", Dtype.FLOAT64, "cpu", Check.BAD_INPUT, Status.PASS,
                0, 0, 0, 0, 0, 4, 7L, "set cpu-float64, 4 bad inputs run by PyTorch: 4 IEEE results as PyTorch gives them, 0 rejected by both");
        CheckResult contradicted = new CheckResult("tanh", "activation", "pytorch-python", Dtype.FLOAT64, "cuda", Check.BAD_INPUT, Status.FAIL,
                0, 0, 0, 0, 0, 4, 7L, "1 contradict the entry: NAN (x|y): PyTorch gives {a=0.5}");
        CheckResult plainJava = row("relu", "plain-java", Dtype.FLOAT64, Check.BAD_INPUT, Status.PASS, 0);
        ConformanceReport r = report(List.of(confirmed, contradicted, plainJava), List.of());
        String md = MarkdownReport.render(r);
        assertTrue(md.contains("## Bad input in PyTorch"), md);
        assertTrue(md.contains("| `sigmoid` | cpu | pass | set cpu-float64, 4 bad inputs run by PyTorch: 4 IEEE results"), md);
        assertTrue(md.contains("| `tanh` | cuda | fail | 1 contradict the entry: NAN (x\\|y): PyTorch gives {a=0.5} |"), md);
        String section = md.substring(md.indexOf("## Bad input in PyTorch"));
        section = section.substring(0, section.indexOf("\n## ") < 0 ? section.length() : section.indexOf("\n## "));
        assertFalse(section.contains("`relu`"), "plain Java's own bad-input rows are not PyTorch's: " + section);
        String html = HtmlReport.render(r);
        assertTrue(html.contains("<section id=\"bad-input-pytorch\">") && html.contains("<a href=\"#bad-input-pytorch\">Bad input</a>"));
        assertTrue(html.contains("<td><code>tanh</code></td><td>cuda</td><td><span class=\"st fail\">"), html);
        String without = MarkdownReport.render(report(List.of(plainJava), List.of()));
        assertFalse(without.contains("Bad input in PyTorch"), "no section without PyTorch's bad-input rows");
        assertFalse(HtmlReport.render(report(List.of(plainJava), List.of())).contains("#bad-input-pytorch"));
    }

    @Test
    void aCellIsAsBadAsItsWorstRowAndAMissingEngineIsNotApplicable() {
        List<CheckResult> rows = List.of(
                row("sigmoid", "plain-java", Dtype.FLOAT64, Check.VALUE, Status.PASS, 0),
                row("sigmoid", "plain-java", Dtype.FLOAT64, Check.PROPERTY, Status.FAIL, 0),
                row("tanh", "plain-java", Dtype.FLOAT64, Check.VALUE, Status.PASS, 0),
                row("tanh", "pytorch", Dtype.FLOAT32, Check.VALUE, Status.UNAVAILABLE, 0));
        Matrix m = Matrix.of(rows);
        assertEquals(List.of("plain-java float64", "pytorch float32"), m.columns().stream().map(Order.Column::label).toList());
        assertEquals(Status.FAIL, m.cell("sigmoid", m.columns().get(0)).status());
        assertEquals(Status.NOT_APPLICABLE, m.cell("sigmoid", m.columns().get(1)).status());
        assertEquals(Status.UNAVAILABLE, m.cell("tanh", m.columns().get(1)).status());
        assertEquals(Status.FAIL, m.status("sigmoid"));
        assertEquals("1 pass, 1 fail", m.cell("sigmoid", m.columns().get(0)).counts());
    }

    @Test
    void rowsSortByCatalogOrderThenPlainJavaFirstThenFloat64FirstThenValueFirst() {
        List<CheckResult> rows = new ArrayList<>(List.of(
                row("tanh", "plain-java", Dtype.FLOAT64, Check.VALUE, Status.PASS, 0),
                row("sigmoid", "pytorch", Dtype.FLOAT32, Check.VALUE, Status.PASS, 0),
                row("sigmoid", "a-users-engine", Dtype.FLOAT64, Check.VALUE, Status.PASS, 0),
                row("sigmoid", "pytorch", Dtype.FLOAT64, Check.GRADIENT, Status.PASS, 0),
                row("sigmoid", "pytorch", Dtype.FLOAT64, Check.VALUE, Status.PASS, 0),
                row("sigmoid", "plain-java", Dtype.FLOAT64, Check.PROPERTY, Status.PASS, 0)));
        rows.sort(Order.ROW);
        assertEquals(List.of("sigmoid plain-java float64 property", "sigmoid pytorch float64 value", "sigmoid pytorch float64 gradient",
                        "sigmoid pytorch float32 value", "sigmoid a-users-engine float64 value", "tanh plain-java float64 value"),
                rows.stream().map(r -> r.id() + " " + r.engine() + " " + r.dtype() + " " + r.check()).toList());
    }

    @Test
    void numbersReadAsPeopleWriteThem() {
        assertEquals("0", Format.text(0));
        assertEquals("0.25", Format.text(0.25));
        assertEquals("1e-12", Format.text(1e-12));
        assertEquals("3.1e-16", Format.text(3.14e-16));
        assertEquals("∞", Format.text(Double.POSITIVE_INFINITY));
        assertEquals("NaN", Format.text(Double.NaN));
        assertEquals("10<sup>−12</sup>", Format.html(1e-12));
        assertEquals("1.3×10<sup>−6</sup>", Format.html(1.3e-6));
        assertEquals("−2.5×10<sup>7</sup>", Format.html(-2.5e7));
        assertEquals("740", Format.ulps(740));
        assertEquals("∞", Format.ulps(Long.MAX_VALUE));
        assertEquals("10⁻¹⁶", Charts.power(-16));
    }

    @Test
    void theErrorChartPutsExactAgreementInItsOwnLaneAndFailuresOnTop() {
        List<SampleError> points = List.of(
                new SampleError("softmax", "pytorch", Dtype.FLOAT32, "cpu", Check.VALUE, 1000, 6e-5, 1e-7, 40, true),
                new SampleError("softmax", "pytorch", Dtype.FLOAT32, "cpu", Check.VALUE, 0.5, 0, 0, 0, true),
                new SampleError("softmax", "pytorch", Dtype.FLOAT32, "cpu", Check.GRADIENT, 3, 2e-3, 1e-2, 9, false));
        Charts.Axes axes = Charts.Axes.of(points);
        assertEquals("0", axes.lowY());
        assertEquals(null, axes.lowX());
        String svg = Charts.errorScatter("softmax on pytorch float32", Dtype.FLOAT32, points, axes);
        assertTrue(svg.startsWith("<svg") && svg.endsWith("</svg>"));
        assertEquals(2, svg.split("<circle").length - 1, "two value samples");
        assertTrue(svg.indexOf("class=\"mk gradient failed\"") > svg.indexOf("class=\"mk value\""), "failures drawn last");
        assertTrue(svg.contains("<title>failed gradient: |x| 3, abs error 0.002</title>"), svg);
        assertTrue(svg.contains("class=\"guide\""), "the u·|x| guide");
    }

    @Test
    void theGitCommitIsReadFromHeadThroughARefFileAWorktreeOrPackedRefs(@TempDir Path tmp) throws IOException {
        Path repo = tmp.resolve("repo");
        Path git = Files.createDirectories(repo.resolve(".git"));
        Files.createDirectories(git.resolve("refs/heads"));
        Files.writeString(git.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.writeString(git.resolve("refs/heads/main"), COMMIT + "\n");
        Path sub = Files.createDirectories(repo.resolve("src/main"));
        assertEquals(COMMIT, Environments.gitCommit(sub), "found from a subfolder through the ref file");

        Files.delete(git.resolve("refs/heads/main"));
        Files.writeString(git.resolve("packed-refs"), "# pack-refs with: peeled\n" + COMMIT + " refs/heads/main\n");
        assertEquals(COMMIT, Environments.gitCommit(repo), "packed-refs");

        Path worktreeGitDir = Files.createDirectories(git.resolve("worktrees/wt"));
        Files.writeString(worktreeGitDir.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.writeString(worktreeGitDir.resolve("commondir"), "../..\n");
        Path worktree = Files.createDirectories(tmp.resolve("wt"));
        Files.writeString(worktree.resolve(".git"), "gitdir: " + worktreeGitDir + "\n");
        assertEquals(COMMIT, Environments.gitCommit(worktree), "a worktree's .git file and commondir");

        Files.writeString(git.resolve("HEAD"), COMMIT.toUpperCase(Locale.ROOT) + "\n");
        assertEquals(COMMIT, Environments.gitCommit(repo), "a detached HEAD");

        Files.writeString(git.resolve("HEAD"), "ref: refs/heads/gone\n");
        assertEquals("unknown", Environments.gitCommit(repo), "a branch with no commit");
    }

    @Test
    void theCpuModelIsTheFirstModelNameOfCpuinfo(@TempDir Path tmp) throws IOException {
        Path cpuinfo = Files.writeString(tmp.resolve("cpuinfo"),
                "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 7B13\n");
        assertEquals("AMD EPYC 7B13", Environments.cpuModel(cpuinfo));
        assertEquals("unknown", Environments.cpuModel(tmp.resolve("missing")));
    }
}

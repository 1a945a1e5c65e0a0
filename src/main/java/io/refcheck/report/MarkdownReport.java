package io.refcheck.report;

import io.refcheck.check.CheckResult;
import io.refcheck.check.Status;
import io.refcheck.onnx.NodeTestResult;
import io.refcheck.report.ConformanceReport.EngineInfo;
import io.refcheck.report.ConformanceReport.Environment;
import io.refcheck.report.ConformanceReport.ErratumResult;
import io.refcheck.report.ConformanceReport.Summary;
import io.refcheck.report.Order.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * conformance.md: the verdict, the counts and the ids × engines matrix, plus failures, errata and
 * the environment — short enough for a CI job summary ($GITHUB_STEP_SUMMARY) or a pull-request
 * comment. Status symbols: ✅ pass, ❌ fail, ⚠️ unavailable, ➖ not applicable.
 */
public final class MarkdownReport {
    /** Longest reason printed in the failures table; the JSON has the full text. */
    private static final int REASON_CHARS = 300;

    private MarkdownReport() {
    }

    static String symbol(Status status) {
        return switch (status) {
            case PASS -> "✅";
            case FAIL -> "❌";
            case UNAVAILABLE -> "⚠️";
            case NOT_APPLICABLE -> "➖";
        };
    }

    public static String render(ConformanceReport report) {
        StringBuilder md = new StringBuilder();
        Summary s = report.summary();
        Environment env = report.environment();
        md.append("# refcheck conformance report\n\n");
        md.append(s.passed() ? "**✅ Every check passed.**" : "**❌ " + failedCount(report) + " failed.**");
        md.append(' ').append(counts(s.rows())).append(" rows");
        md.append(" · errata demonstrated: ").append(s.errata().get(Status.PASS)).append('/').append(report.errata().size());
        md.append(" · ONNX node tests: ").append(report.onnxTests().isEmpty() ? "none run"
                : s.onnxTests().get(NodeTestResult.PASS) + "/" + report.onnxTests().size() + " passed");
        md.append("\n\n");
        md.append("Seed `").append(env.seed()).append("` · commit `").append(shortCommit(env.gitCommit())).append("` · ")
                .append(env.timestamp()).append(" · ").append(Format.seconds(report.timings().totalSeconds())).append("\n\n");

        matrix(md, Matrix.of(report.rows()));
        failures(md, report.failures());
        errata(md, report.errata());
        nodeTests(md, report.onnxTests());
        TorchDeviceSection.markdown(md, report.torchDeltas());
        BadInputSection.markdown(md, report.rows());
        md.append(BenchmarkSection.markdown(report.benchmarks(), 2));
        md.append(AccuracySection.markdown(report.accuracy(), report.rows(), 2));
        environment(md, env);
        return md.toString();
    }

    /** "7 check rows and 2 node tests": the parts that failed, in words. */
    private static String failedCount(ConformanceReport r) {
        Summary s = r.summary();
        List<String> parts = new ArrayList<>();
        int rows = s.rows().get(Status.FAIL);
        int errata = s.errata().get(Status.FAIL);
        int nodeTests = s.onnxTests().get(NodeTestResult.FAIL) + s.onnxTests().get(NodeTestResult.ERROR);
        if (rows > 0) {
            parts.add(rows + " check row" + (rows == 1 ? "" : "s"));
        }
        if (errata > 0) {
            parts.add(errata + " errat" + (errata == 1 ? "um" : "a"));
        }
        if (nodeTests > 0) {
            parts.add(nodeTests + " node test" + (nodeTests == 1 ? "" : "s"));
        }
        return parts.size() <= 1 ? String.join("", parts)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private static String counts(Map<Status, Integer> c) {
        StringBuilder b = new StringBuilder();
        c.forEach((status, n) -> b.append(b.length() == 0 ? "" : " · ").append(n).append(' ').append(status));
        return b.toString();
    }

    static String shortCommit(String commit) {
        return commit.length() >= 12 && !commit.equals("unknown") ? commit.substring(0, 12) : commit;
    }

    private static void matrix(StringBuilder md, Matrix m) {
        md.append("## Matrix\n\n");
        md.append("Each cell combines the id's value, gradient, property and bad-input checks on that engine: ")
                .append("✅ all applicable checks passed · ❌ failed (failed/total) · ⚠️ engine unavailable · ➖ not applicable.\n\n");
        md.append("| id |");
        for (Column c : m.columns()) {
            md.append(' ').append(cell(c.label())).append(" |");
        }
        md.append("\n|---|");
        md.append(":-:|".repeat(m.columns().size()));
        md.append('\n');
        for (Matrix.Group g : m.groups()) {
            md.append("| **").append(cell(g.title())).append("** |").append(" |".repeat(m.columns().size())).append('\n');
            for (String id : g.ids()) {
                md.append("| `").append(id).append("` |");
                for (Column c : m.columns()) {
                    Matrix.Cell cell = m.cell(id, c);
                    md.append(' ').append(symbol(cell.status()));
                    if (cell.status() == Status.FAIL) {
                        md.append(' ').append(cell.count(Status.FAIL)).append('/').append(cell.rows().size());
                    }
                    md.append(" |");
                }
                md.append('\n');
            }
        }
        md.append('\n');
    }

    private static void failures(StringBuilder md, List<CheckResult> failed) {
        if (failed.isEmpty()) {
            return;
        }
        md.append("## Failures\n\n| id | engine | check | max abs error | tolerance | seed | reason |\n|---|---|---|--:|---|--:|---|\n");
        for (CheckResult r : failed) {
            boolean measured = ConformanceReport.measured(r);
            md.append("| `").append(r.id()).append("` | ").append(cell(Column.of(r).label())).append(" | ").append(r.check())
                    .append(" | ").append(measured ? Format.text(r.maxAbsError()) : "—").append(" | ")
                    .append(measured ? "atol " + Format.text(r.atol()) + ", rtol " + Format.text(r.rtol()) : "—")
                    .append(" | ").append(r.seed()).append(" | ").append(cell(shorten(r.reason()))).append(" |\n");
        }
        md.append('\n');
    }

    private static void errata(StringBuilder md, List<ErratumResult> errata) {
        if (errata.isEmpty()) {
            return;
        }
        md.append("## Errata (§I of docs/catalog.md)\n\n")
                .append("| § | id | source | the source wrote | corrected | measure | source's error | corrected error | |\n")
                .append("|--:|---|---|---|---|---|--:|--:|:-:|\n");
        for (ErratumResult e : errata) {
            md.append("| I.").append(e.item()).append(" | `").append(e.id()).append("` | ").append(cell(e.source()))
                    .append(" | ").append(cell(e.sourceForm())).append(" | ").append(cell(e.corrected())).append(" | ")
                    .append(cell(e.measure())).append(" | ").append(Format.text(e.sourceError())).append(" | ")
                    .append(Format.text(e.correctedError())).append(" | ").append(symbol(e.status())).append(" |\n");
        }
        md.append('\n');
    }

    private static void nodeTests(StringBuilder md, List<NodeTestResult> tests) {
        md.append("## ONNX node tests\n\n");
        if (tests.isEmpty()) {
            md.append("None were run.\n\n");
            return;
        }
        long passed = tests.stream().filter(NodeTestResult::passed).count();
        md.append(passed).append(" of ").append(tests.size()).append(" passed.\n\n");
        List<NodeTestResult> bad = tests.stream().filter(t -> !t.passed()).toList();
        if (!bad.isEmpty()) {
            md.append("| case | engine | status | reason |\n|---|---|---|---|\n");
            for (NodeTestResult t : bad) {
                md.append("| `").append(cell(t.caseName())).append("` | ").append(t.engine()).append(" | ")
                        .append(t.status()).append(" | ").append(cell(shorten(t.reason()))).append(" |\n");
            }
            md.append('\n');
        }
    }

    private static void environment(StringBuilder md, Environment env) {
        md.append("## Environment\n\n");
        md.append("- refcheck ").append(env.refcheckVersion()).append(", commit `").append(env.gitCommit()).append("`\n");
        md.append("- JDK ").append(env.jdk()).append('\n');
        md.append("- ").append(env.os()).append(", ").append(env.cpuModel()).append(", ").append(env.cores()).append(" cores\n");
        md.append("- GPU: ").append(cell(env.gpu())).append('\n');
        for (EngineInfo e : env.engines()) {
            md.append("- engine **").append(e.name()).append("** ").append(e.dtype()).append(" on ").append(e.device())
                    .append(": ").append(e.version()).append(e.available() ? "" : " — unavailable: " + cell(e.reason())).append('\n');
        }
        md.append('\n');
    }

    private static String shorten(String s) {
        return s.length() <= REASON_CHARS ? s : s.substring(0, REASON_CHARS) + "…";
    }

    /** Text safe inside a table cell: no line breaks, pipes escaped. */
    private static String cell(String s) {
        return s.replace("\r", " ").replace("\n", " ").replace("|", "\\|");
    }
}

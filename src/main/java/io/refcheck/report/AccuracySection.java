package io.refcheck.report;

import io.refcheck.check.Accuracy;
import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Status;
import io.refcheck.check.TailCheck;
import java.util.List;
import java.util.Locale;

/**
 * The report's accuracy section: the ranking of the engines against the high-precision oracle
 * ({@link Accuracy#ranking}), read from the committed run ({@link AccuracyResults}), in Markdown
 * (conformance.md) and HTML (conformance.html); and, from this report's own rows, the tail rows of
 * the established engines that were measured, not judged, with their reasons.
 */
public final class AccuracySection {
    private AccuracySection() {
    }

    private static final String WHAT = "Cells: the largest error in ulps of the engine's dtype (float32 engines in float32 ulps) "
            + "and the rank among the engines of that dtype on that line (#1 = most accurate; ties share a rank). Checks: "
            + "`oracle` (outputs on the entry's samples, sweeps and long inputs), `oracle-element` (bce_with_logits per element), "
            + "`oracle-derivative` (sigmoid', tanh'), `tail` (relative error where the exact result is a small normal number; "
            + "an engine fails above " + String.format(Locale.ROOT, "%.0f", TailCheck.FACTOR)
            + " × max(reference target, best of PyTorch and ONNX Runtime) per element). Plain Java's oracle rows and every "
            + "other engine's tail rows are judged; the other oracle rows are measured, not judged.";

    /** The tail rows of PyTorch and ONNX Runtime that broke the principle: not-applicable, measured, not judged. */
    static List<CheckResult> establishedMisses(List<CheckResult> rows) {
        return rows.stream().filter(r -> r.check() == Check.TAIL && TailCheck.ESTABLISHED.contains(r.engine())
                && r.status() == Status.NOT_APPLICABLE && r.reason().startsWith("measured, not judged")).toList();
    }

    // ---------------------------------------------------------------- Markdown

    /** The section as Markdown, headed "## Accuracy against the oracle" (level 2). */
    public static String markdown(AccuracyResults a, List<CheckResult> rows, int level) {
        String h = "#".repeat(level);
        StringBuilder md = new StringBuilder();
        md.append(h).append(" Accuracy against the oracle\n\n");
        Benchmarks.Source s = a.source();
        md.append("- `").append(s.file().isEmpty() ? AccuracyResults.DEFAULT_FILE.toString() : s.file()).append("`: ")
                .append(s.measured() ? s.provenance() : "**not measured: " + cell(s.reason()) + "**").append('\n');
        md.append("- Read from that file, not measured by this report (`refcheck accuracy --json ").append(AccuracyResults.DEFAULT_FILE)
                .append("` writes it). ").append(WHAT).append("\n\n");
        if (a.run() != null) {
            md.append(Accuracy.table(a.run().rows()));
            List<CheckResult> failed = a.run().rows().stream().filter(CheckResult::failed).toList();
            md.append('\n').append(failed.size()).append(" of ").append(a.run().rows().size()).append(" rows failed in that run")
                    .append(failed.isEmpty() ? "." : ":").append('\n');
            failed.forEach(r -> md.append("- ").append(r.id()).append(' ').append(r.check()).append(", ").append(r.engine()).append(' ')
                    .append(r.dtypeLabel()).append(": ").append(cell(r.reason())).append('\n'));
            md.append('\n');
        }
        List<CheckResult> misses = establishedMisses(rows);
        if (!misses.isEmpty()) {
            md.append("Established engines' tail rows outside the principle in this report (not-applicable: measured, not judged, "
                    + "because their errors set the bar):\n\n");
            misses.forEach(r -> md.append("- ").append(r.id()).append(", ").append(r.engine()).append(' ').append(r.dtypeLabel()).append(": ")
                    .append(cell(r.reason())).append('\n'));
            md.append('\n');
        }
        return md.toString();
    }

    private static String cell(String s) {
        return s.replace("\r", " ").replace("\n", " ").replace("|", "\\|");
    }

    // ---------------------------------------------------------------- HTML

    /** The section as HTML, {@code <section id="accuracy">}. */
    public static String html(AccuracyResults a, List<CheckResult> rows) {
        StringBuilder h = new StringBuilder();
        h.append("<section id=\"accuracy\">\n<h2>Accuracy against the oracle <small>read from the file named below; not measured by "
                + "this report</small></h2>\n");
        Benchmarks.Source s = a.source();
        h.append("<p class=\"note\"><code>").append(Html.text(s.file().isEmpty() ? AccuracyResults.DEFAULT_FILE.toString() : s.file()))
                .append("</code>: ").append(s.measured() ? Html.text(s.provenance())
                        : "<span class=\"st unavailable\"><i>!</i> not measured: " + Html.text(s.reason()) + "</span>").append("</p>\n");
        h.append("<p class=\"note\">").append(Html.text(WHAT.replace("`", ""))).append("</p>\n");
        if (a.run() != null) {
            Accuracy.Ranking ranking = Accuracy.ranking(a.run().rows());
            h.append("<table class=\"checks accuracy\"><thead><tr><th>id</th><th>check</th>");
            ranking.columns().forEach(c -> h.append("<th class=\"num\">").append(Html.text(c)).append("</th>"));
            h.append("</tr></thead><tbody>\n");
            for (Accuracy.Line line : ranking.lines()) {
                h.append("<tr><th>").append(Html.text(line.id())).append("</th><td>").append(Html.text(line.check().label())).append("</td>");
                for (Accuracy.Cell c : line.cells()) {
                    if (c == null) {
                        h.append("<td></td>");
                        continue;
                    }
                    h.append("<td class=\"num ").append(HtmlReport.css(c.status())).append("\" title=\"")
                            .append(Html.attr(c.reason().length() > 2000 ? c.reason().substring(0, 2000) + "…" : c.reason())).append("\">")
                            .append(Html.text(c.text())).append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</tbody></table>\n");
            long failed = a.run().rows().stream().filter(CheckResult::failed).count();
            h.append("<p class=\"note\">").append(failed).append(" of ").append(a.run().rows().size())
                    .append(" rows failed in that run; hover a cell for its reason.</p>\n");
        }
        List<CheckResult> misses = establishedMisses(rows);
        if (!misses.isEmpty()) {
            h.append("<p class=\"note\">Established engines' tail rows outside the principle in this report (not-applicable: measured, "
                    + "not judged, because their errors set the bar):</p>\n<ul class=\"note\">");
            misses.forEach(r -> h.append("<li>").append(Html.text(r.id() + ", " + r.engine() + " " + r.dtypeLabel() + ": " + r.reason()))
                    .append("</li>"));
            h.append("</ul>\n");
        }
        h.append("</section>\n");
        return h.toString();
    }
}

package io.refcheck.report;

import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.golden.TorchBadInputs;
import io.refcheck.golden.TorchGolden;
import java.util.List;

/**
 * The report's section "Bad input in PyTorch": per id and float64 set, what PyTorch itself did with
 * the entry's bad inputs ({@link TorchBadInputs}): how many documented IEEE results it gave, how many
 * inputs it rejected as refcheck does, and each rule refcheck checks that PyTorch does not, with
 * what PyTorch returned. The rows are the report's own (check {@code bad-input}, engine
 * pytorch-python); nothing is recomputed here. Rendered into conformance.md and .html (the JSON
 * holds the rows).
 */
final class BadInputSection {
    private BadInputSection() {
    }

    private static final String INTRO = "Every bad input of the catalog run by PyTorch itself (golden-data/pytorch-python, float64 sets): "
            + "an IEEE result an entry documents must be what PyTorch gives, or the id fails. Inputs refcheck rejects and PyTorch "
            + "returns on are rules PyTorch does not check; they are listed with what PyTorch returned.";

    static List<CheckResult> rows(List<CheckResult> all) {
        return all.stream().filter(r -> r.engine().equals(TorchGolden.ENGINE) && r.check() == Check.BAD_INPUT).toList();
    }

    static void markdown(StringBuilder md, List<CheckResult> all) {
        List<CheckResult> rows = rows(all);
        if (rows.isEmpty()) {
            return;
        }
        md.append("## Bad input in PyTorch\n\n").append(INTRO).append("\n\n| id | device | status | what PyTorch did |\n|---|---|---|---|\n");
        for (CheckResult r : rows) {
            md.append("| `").append(r.id()).append("` | ").append(r.device()).append(" | ").append(r.status()).append(" | ")
                    .append(r.reason().replace("|", "\\|")).append(" |\n");
        }
        md.append('\n');
    }

    static void html(StringBuilder h, List<CheckResult> all) {
        List<CheckResult> rows = rows(all);
        if (rows.isEmpty()) {
            return;
        }
        h.append("<section id=\"bad-input-pytorch\">\n<h2>Bad input in PyTorch <small>the documented IEEE results, measured</small></h2>\n")
                .append("<p class=\"legend-note\">").append(Html.text(INTRO)).append("</p>\n")
                .append("<table class=\"checks bad-input-pytorch\"><thead><tr><th>id</th><th>device</th><th>status</th>")
                .append("<th>what PyTorch did</th></tr></thead><tbody>\n");
        for (CheckResult r : rows) {
            h.append("<tr><td><code>").append(Html.text(r.id())).append("</code></td><td>").append(Html.text(r.device()))
                    .append("</td><td><span class=\"st ").append(HtmlReport.css(r.status())).append("\"><i>")
                    .append(HtmlReport.symbol(r.status())).append("</i> ").append(Html.text(r.status().label())).append("</span></td><td>")
                    .append(Html.text(r.reason())).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n</section>\n");
    }
}

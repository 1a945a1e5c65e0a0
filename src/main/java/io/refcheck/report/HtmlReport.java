package io.refcheck.report;

import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.catalog.Port;
import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.SampleError;
import io.refcheck.check.Status;
import io.refcheck.engine.PlainJavaEngine;
import io.refcheck.onnx.NodeTestResult;
import io.refcheck.report.ConformanceReport.EngineInfo;
import io.refcheck.report.ConformanceReport.EngineTiming;
import io.refcheck.report.ConformanceReport.Environment;
import io.refcheck.report.ConformanceReport.ErratumResult;
import io.refcheck.report.ConformanceReport.Summary;
import io.refcheck.report.Order.Column;
import io.refcheck.tensor.Dtype;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * conformance.html: one self-contained page that opens offline — its CSS, its few lines of
 * script (open the formula a link points at, expand or collapse all) and its SVG charts are all
 * inline; nothing is fetched. Sections: an overview, the ids × engines matrix coloured by status
 * and grouped by family, one collapsible detail per id (formula, conventions, PyTorch's form,
 * tolerances, a chart of error against input magnitude per engine, every check row), the errata,
 * the ONNX node tests and the environment. Statuses carry a symbol as well as a colour
 * (✓ pass, ✗ fail, ! unavailable, – not applicable), so nothing depends on telling colours apart.
 */
public final class HtmlReport {
    /** Longest reason shown in a table cell; the full text is in the cell's tooltip and in the JSON. */
    private static final int REASON_CHARS = 280;
    /** Node tests listed in full; a longer list shows its failures first and folds the rest. */
    private static final int NODE_TESTS_SHOWN = 30;

    private HtmlReport() {
    }

    static String symbol(Status status) {
        return switch (status) {
            case PASS -> "✓";
            case FAIL -> "✗";
            case UNAVAILABLE -> "!";
            case NOT_APPLICABLE -> "–";
        };
    }

    /** CSS class of a row's status: pass, fail, unavailable, na. */
    static String css(Status status) {
        return switch (status) {
            case PASS -> "pass";
            case FAIL -> "fail";
            case UNAVAILABLE -> "unavailable";
            case NOT_APPLICABLE -> "na";
        };
    }

    /** CSS class of an ONNX node test's status: pass or fail. */
    static String css(String nodeTestStatus) {
        return switch (nodeTestStatus) {
            case NodeTestResult.PASS -> "pass";
            case NodeTestResult.FAIL, NodeTestResult.ERROR -> "fail";
            default -> "na";
        };
    }

    public static String render(ConformanceReport report) {
        Matrix matrix = Matrix.of(report.rows());
        Summary summary = report.summary();
        StringBuilder h = new StringBuilder(1 << 20);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"refcheck report\">\n")
                .append("<title>").append(summary.passed() ? "✓" : "✗").append(" refcheck conformance report</title>\n")
                .append("<style>\n").append(resource("report.css")).append("</style>\n</head>\n<body>\n");
        header(h, report, summary);
        h.append("<main>\n");
        overview(h, report, matrix, summary);
        matrix(h, matrix, report);
        formulas(h, matrix, report);
        errata(h, report.errata());
        nodeTests(h, report.onnxTests());
        h.append(BenchmarkSection.html(report.benchmarks()));
        h.append(AccuracySection.html(report.accuracy(), report.rows()));
        TorchDeviceSection.html(h, report.torchDeltas());
        BadInputSection.html(h, report.rows());
        environment(h, report);
        h.append("</main>\n");
        h.append("<footer><p>Written by <code>refcheck report</code> from the same <code>Conformance</code> rows that ")
                .append("<code>mvn verify</code> asserts on. This page is self-contained: it loads nothing from the network.</p></footer>\n");
        h.append("<script>\n").append(resource("report.js")).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, ConformanceReport report, Summary s) {
        h.append("<header class=\"top\"><div class=\"top-inner\">");
        h.append("<a class=\"brand\" href=\"#overview\"><b>refcheck</b> conformance</a>");
        int failed = s.rows().get(Status.FAIL) + s.errata().get(Status.FAIL)
                + s.onnxTests().get(NodeTestResult.FAIL) + s.onnxTests().get(NodeTestResult.ERROR);
        h.append("<span class=\"verdict ").append(s.passed() ? "pass" : "fail").append("\">")
                .append(s.passed() ? "✓ every check passed" : "✗ " + failed + " failed").append("</span>");
        h.append("<span class=\"counts\">");
        s.rows().forEach((status, n) -> h.append("<span class=\"count ").append(css(status)).append("\" title=\"")
                .append(n).append(' ').append(status).append(" rows\"><i>").append(symbol(status)).append("</i> ")
                .append(n).append(' ').append(status).append("</span>"));
        h.append("</span>");
        h.append("<nav><a href=\"#matrix\">Matrix</a><a href=\"#formulas\">Formulas</a><a href=\"#errata\">Errata</a>")
                .append("<a href=\"#onnx\">ONNX tests</a>")
                .append(report.torchDeltas().isEmpty() ? "" : "<a href=\"#torch-devices\">Devices</a>")
                .append(BadInputSection.rows(report.rows()).isEmpty() ? "" : "<a href=\"#bad-input-pytorch\">Bad input</a>")
                .append("<a href=\"#benchmarks\">Benchmarks</a><a href=\"#accuracy\">Accuracy</a><a href=\"#environment\">Environment</a></nav>");
        h.append("</div></header>\n");
    }

    private static void overview(StringBuilder h, ConformanceReport report, Matrix matrix, Summary s) {
        Environment env = report.environment();
        h.append("<section id=\"overview\">\n<h1>Conformance report</h1>\n");
        h.append("<p class=\"lede\">Every formula of the catalog checked on ").append(matrix.columns().size())
                .append(" engine column").append(matrix.columns().size() == 1 ? "" : "s")
                .append(" — values, gradients, properties and bad inputs — with seed <code>").append(env.seed())
                .append("</code> at commit <code>").append(Html.text(MarkdownReport.shortCommit(env.gitCommit())))
                .append("</code>, ").append(Html.text(env.timestamp().toString())).append(", in ")
                .append(Format.seconds(report.timings().totalSeconds())).append(".</p>\n");
        h.append("<div class=\"cards\">\n");
        int rows = report.rows().size();
        card(h, "Check rows", s.rows().get(Status.PASS), rows, "passed",
                stackedBar(s.rows(), rows) + "<p class=\"note\">" + s.rows().get(Status.FAIL) + " failed · "
                        + s.rows().get(Status.NOT_APPLICABLE) + " not applicable · " + s.rows().get(Status.UNAVAILABLE)
                        + " unavailable</p>");
        Map<Status, Long> ids = matrix.groups().stream().flatMap(g -> g.ids().stream())
                .collect(Collectors.groupingBy(matrix::status, LinkedHashMap::new, Collectors.counting()));
        int idCount = (int) ids.values().stream().mapToLong(Long::longValue).sum();
        card(h, "Formulas", idCount - ids.getOrDefault(Status.FAIL, 0L).intValue(), idCount, "ids with no failed check",
                "<p class=\"note\">Every id runs on plain Java; other engines run the ids they implement.</p>");
        card(h, "Errata (§I)", s.errata().get(Status.PASS), report.errata().size(), "demonstrated",
                "<p class=\"note\">The source's formula measurably wrong, the correction within its bound.</p>");
        if (report.onnxTests().isEmpty()) {
            h.append("<div class=\"card\"><h3>ONNX node tests</h3><p class=\"big muted\">—</p><p class=\"label\">none run</p>")
                    .append("<p class=\"note\">No node-test results were handed to this report.</p></div>\n");
        } else {
            card(h, "ONNX node tests", s.onnxTests().get(NodeTestResult.PASS), report.onnxTests().size(), "passed",
                    "<p class=\"note\">" + s.onnxTests().get(NodeTestResult.FAIL) + " failed · " + s.onnxTests().get(NodeTestResult.ERROR)
                            + " errors</p>");
        }
        h.append("<div class=\"card\"><h3>Engines</h3><ul class=\"engines\">");
        for (EngineInfo e : env.engines()) {
            h.append("<li><span class=\"dot ").append(e.available() ? "pass" : "unavailable").append("\"></span><b>")
                    .append(Html.text(e.name())).append("</b> ").append(Html.text(e.dtype().label())).append(" · ")
                    .append(Html.text(e.device())).append("</li>");
        }
        h.append("</ul></div>\n</div>\n</section>\n");
    }

    /** An overview card: "454 / 561", a label under it, then more HTML. */
    private static void card(StringBuilder h, String title, int count, int of, String label, String more) {
        h.append("<div class=\"card\"><h3>").append(title).append("</h3><p class=\"big\">").append(count)
                .append("<small> / ").append(of).append("</small></p><p class=\"label\">").append(label).append("</p>")
                .append(more).append("</div>\n");
    }

    /** A horizontal bar split by status counts. */
    private static String stackedBar(Map<Status, Integer> counts, int total) {
        StringBuilder b = new StringBuilder("<div class=\"stack\" role=\"img\" aria-label=\"rows by status\">");
        counts.forEach((status, n) -> {
            if (n > 0 && total > 0) {
                b.append("<span class=\"").append(css(status)).append("\" style=\"flex-grow:").append(n)
                        .append("\" title=\"").append(n).append(' ').append(status).append("\"></span>");
            }
        });
        return b.append("</div>").toString();
    }

    private static void matrix(StringBuilder h, Matrix m, ConformanceReport report) {
        h.append("<section id=\"matrix\">\n<h2>Matrix</h2>\n");
        h.append("<p class=\"legend\"><span class=\"st pass\"><i>✓</i> pass</span><span class=\"st fail\"><i>✗</i> fail</span>")
                .append("<span class=\"st unavailable\"><i>!</i> engine unavailable</span><span class=\"st na\"><i>–</i> not applicable</span>")
                .append("<span class=\"legend-note\">Each cell combines that id's value, gradient, property and bad-input rows on one engine; ")
                .append("the number counts its passing rows. Hover for details, click an id for its checks.</span></p>\n");
        Map<String, List<Integer>> errataByIdItem = report.errata().stream()
                .collect(Collectors.groupingBy(ErratumResult::id, Collectors.mapping(ErratumResult::item, Collectors.toList())));
        // a family table needs about 150 px for its ids and 95 px a column: two tables side by side only where both fit
        int engines = m.columns().size();
        h.append("<div class=\"matrix\" style=\"--engines: ").append(engines).append("; column-width: ")
                .append(150 + 95 * engines).append("px\">\n");
        for (Matrix.Group g : m.groups()) {
            h.append("<table class=\"family\"><caption>").append(Html.text(g.title())).append("</caption><thead><tr><th scope=\"col\">id</th>");
            for (Column c : m.columns()) {
                h.append("<th scope=\"col\" title=\"").append(Html.attr(c.label())).append("\">").append(Html.text(c.engine()))
                        .append("<small>").append(Html.text(c.dtypeLabel())).append("cpu".equals(c.device()) ? "" : " · " + Html.text(c.device()))
                        .append("</small></th>");
            }
            h.append("</tr></thead><tbody>\n");
            for (String id : g.ids()) {
                h.append("<tr data-id=\"").append(Html.attr(id)).append("\"><th scope=\"row\"><a href=\"#")
                        .append(Html.anchor("f-", id)).append("\">").append(Html.text(id)).append("</a>");
                for (int item : errataByIdItem.getOrDefault(id, List.of())) {
                    h.append(" <a class=\"tag\" href=\"#").append("erratum-").append(item).append("\" title=\"erratum §I.")
                            .append(item).append("\">§I.").append(item).append("</a>");
                }
                h.append("</th>");
                for (Column c : m.columns()) {
                    Matrix.Cell cell = m.cell(id, c);
                    String tip = id + " on " + c.label() + ": " + cell.counts() + firstReason(cell);
                    h.append("<td class=\"st ").append(css(cell.status())).append("\" title=\"").append(Html.attr(tip)).append("\"><i>")
                            .append(symbol(cell.status())).append("</i>");
                    if (cell.status() == Status.FAIL) {
                        h.append(' ').append(cell.count(Status.FAIL)).append('/').append(cell.rows().size());
                    } else if (cell.status() == Status.PASS) {
                        h.append(' ').append(cell.count(Status.PASS));
                    }
                    h.append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</tbody></table>\n");
        }
        h.append("</div>\n</section>\n");
    }

    /** For a cell that did not pass: the reason of its first non-passing row, shortened. */
    private static String firstReason(Matrix.Cell cell) {
        if (cell.status() == Status.PASS) {
            return "";
        }
        return cell.rows().stream().filter(r -> r.status().equals(cell.status())).map(CheckResult::reason)
                .filter(r -> !r.isEmpty()).findFirst().map(r -> " — " + shorten(r, 200)).orElse("");
    }

    private static void formulas(StringBuilder h, Matrix m, ConformanceReport report) {
        h.append("<section id=\"formulas\">\n<div class=\"section-head\"><h2>Formulas</h2>")
                .append("<span class=\"buttons\"><button type=\"button\" data-toggle-all=\"open\">Expand all</button>")
                .append("<button type=\"button\" data-toggle-all=\"close\">Collapse all</button></span></div>\n");
        h.append("<p class=\"legend\"><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><g class=\"mk value\"><circle cx=\"6\" cy=\"6\" r=\"4\"/></g></svg> value sample ")
                .append("<svg width=\"12\" height=\"12\" aria-hidden=\"true\"><g class=\"mk gradient\"><path d=\"M6 1.5l4.5 4.5l-4.5 4.5l-4.5-4.5z\"/></g></svg> gradient sample ")
                .append("<svg width=\"12\" height=\"12\" aria-hidden=\"true\"><g class=\"mk value failed\"><circle cx=\"6\" cy=\"6\" r=\"4\"/></g></svg> failed sample ")
                .append("<svg width=\"22\" height=\"12\" aria-hidden=\"true\"><line class=\"guide\" x1=\"1\" y1=\"11\" x2=\"21\" y2=\"1\"/></svg> u·|x|, rounding at the dtype's unit roundoff ")
                .append("<span class=\"legend-note\">Charts: each sample's largest absolute error against the largest |input| it saw, log–log. ")
                .append("Plain Java is checked against worked examples (values) and finite differences (gradients); other engines against plain Java.</span></p>\n");
        Map<String, List<CheckResult>> rowsById = report.rows().stream()
                .collect(Collectors.groupingBy(CheckResult::id, LinkedHashMap::new, Collectors.toList()));
        Map<String, List<SampleError>> samplesById = report.sampleErrors().stream()
                .collect(Collectors.groupingBy(SampleError::id, LinkedHashMap::new, Collectors.toList()));
        Map<String, List<ErratumResult>> errataById = report.errata().stream()
                .collect(Collectors.groupingBy(ErratumResult::id));
        for (Matrix.Group g : m.groups()) {
            h.append("<h3 class=\"family-title\">").append(Html.text(g.title())).append("</h3>\n");
            for (String id : g.ids()) {
                formula(h, id, m, rowsById.getOrDefault(id, List.of()), samplesById.getOrDefault(id, List.of()),
                        errataById.getOrDefault(id, List.of()));
            }
        }
        h.append("</section>\n");
    }

    private static void formula(StringBuilder h, String id, Matrix m, List<CheckResult> rows, List<SampleError> samples,
                                List<ErratumResult> errata) {
        Status status = m.status(id);
        Formula f = Catalog.contains(id) ? Catalog.get(id) : null;
        h.append("<details class=\"formula ").append(css(status)).append("\" id=\"").append(Html.anchor("f-", id)).append('"')
                .append(status == Status.FAIL ? " open" : "").append(">\n<summary><span class=\"badge st ")
                .append(css(status)).append("\"><i>").append(symbol(status)).append("</i></span><code class=\"id\">")
                .append(Html.text(id)).append("</code><span class=\"formula-inline\">")
                .append(f == null ? "" : Html.text(f.formula())).append("</span><span class=\"chips\">");
        for (Column c : m.columns()) {
            Matrix.Cell cell = m.cell(id, c);
            h.append("<span class=\"chip st ").append(css(cell.status())).append("\" title=\"").append(Html.attr(c.label() + ": " + cell.counts()))
                    .append("\"><i>").append(symbol(cell.status())).append("</i> ").append(Html.text(c.engine()))
                    .append(c.dtype() == Dtype.FLOAT32 ? " f32" : "").append("cpu".equals(c.device()) ? "" : " " + Html.text(c.device()))
                    .append("</span>");
        }
        h.append("</span></summary>\n<div class=\"body\">\n");
        if (f != null) {
            about(h, f, errata);
        }
        charts(h, id, m, samples);
        checks(h, rows);
        h.append("</div>\n</details>\n");
    }

    private static void about(StringBuilder h, Formula f, List<ErratumResult> errata) {
        h.append("<div class=\"formula-text\">").append(Html.text(f.formula())).append("</div>\n<dl class=\"about\">");
        dt(h, "Family", Html.text(Matrix.title(f.family().key())) + " · sources " + Html.text(String.join(", ", f.sources())));
        dt(h, "Inputs", ports(f.inputs()));
        dt(h, "Outputs", ports(f.outputs()));
        dt(h, "PyTorch", (f.pytorch().isPresent() ? "<code>" + Html.text(f.pytorchNote()) + "</code>"
                : "<span class=\"muted\">no counterpart: </span>" + Html.text(f.pytorchNote())));
        if (!f.conventions().isEmpty()) {
            dt(h, "Conventions", "<ul>" + f.conventions().stream().map(c -> "<li>" + Html.text(c) + "</li>").collect(Collectors.joining())
                    + "</ul>");
        }
        StringBuilder tol = new StringBuilder("<ul>");
        tolerance(tol, "float64 vs plain Java", f.float64Tolerance());
        tolerance(tol, "float32 vs plain Java", f.float32Tolerance());
        if (f.differentiable()) {
            tolerance(tol, "gradient vs finite differences", f.gradientTolerance());
        }
        if (f.roundingScale().isPresent()) {
            tol.append("<li>plus the rounding bound u·S the entry states for each output element</li>");
        }
        dt(h, "Tolerances", tol.append("</ul>").toString());
        if (!errata.isEmpty()) {
            dt(h, "Errata", errata.stream().map(e -> "<a href=\"#erratum-" + e.item() + "\">§I." + e.item() + "</a> "
                    + Html.text(e.sourceForm()) + " → " + Html.text(e.corrected())).collect(Collectors.joining("<br>")));
        }
        h.append("</dl>\n");
    }

    private static void tolerance(StringBuilder b, String what, Formula.Tolerance t) {
        b.append("<li>").append(what).append(": atol ").append(Format.html(t.atol())).append(", rtol ").append(Format.html(t.rtol()))
                .append(" <span class=\"muted\">— ").append(Html.text(t.reason())).append("</span></li>");
    }

    private static String ports(List<Port> ports) {
        return ports.stream().map(p -> "<code>" + Html.text(p.name()) + "</code> <code>" + Html.text(p.shape().toString()) + "</code> "
                + Html.text(p.kind().label()) + (p.optional() ? ", optional" : "") + ": " + Html.text(p.domain())
                + (p.differentiable() ? " <span class=\"muted\">(differentiable)</span>" : "")).collect(Collectors.joining("; "));
    }

    private static void dt(StringBuilder h, String term, String html) {
        h.append("<dt>").append(term).append("</dt><dd>").append(html).append("</dd>");
    }

    private static void charts(StringBuilder h, String id, Matrix m, List<SampleError> samples) {
        if (samples.isEmpty()) {
            return;
        }
        Charts.Axes axes = Charts.Axes.of(samples);
        h.append("<div class=\"charts\">");
        for (Column c : m.columns()) {
            List<SampleError> mine = samples.stream().filter(s -> Column.of(s).equals(c)).toList();
            if (mine.isEmpty()) {
                continue;
            }
            double worst = mine.stream().mapToDouble(SampleError::maxAbsError).max().orElse(0);
            h.append("<figure>").append(Charts.errorScatter(id + " on " + c.label(), c.dtype(), mine, axes))
                    .append("<figcaption><b>").append(Html.text(c.label())).append("</b><br>").append(mine.size())
                    .append(" samples · worst ").append(Format.html(worst)).append("</figcaption></figure>");
        }
        h.append("</div>\n");
    }

    private static void checks(StringBuilder h, List<CheckResult> rows) {
        h.append("<table class=\"checks\"><thead><tr><th>engine</th><th>check</th><th>status</th><th class=\"num\">samples</th>")
                .append("<th class=\"num\">max abs</th><th class=\"num\">max rel</th><th class=\"num\">max ulp</th><th>tolerance</th>")
                .append("<th>detail</th><th>seed</th></tr></thead><tbody>\n");
        for (int i = 0; i < rows.size(); i++) {
            CheckResult r = rows.get(i);
            Column c = Column.of(r);
            h.append("<tr class=\"").append(css(r.status())).append("\">");
            if (i == 0 || !Column.of(rows.get(i - 1)).equals(c)) {
                int span = 1;
                while (i + span < rows.size() && Column.of(rows.get(i + span)).equals(c)) {
                    span++;
                }
                h.append("<th scope=\"rowgroup\" rowspan=\"").append(span).append("\">").append(Html.text(c.engine())).append("<small>")
                        .append(Html.text(c.dtypeLabel())).append(" · ").append(Html.text(c.device())).append("</small></th>");
            }
            h.append("<td class=\"check\">").append(Html.text(r.check().label())).append("</td><td><span class=\"st ").append(css(r.status()))
                    .append("\"><i>").append(symbol(r.status())).append("</i> ").append(Html.text(r.status().label())).append("</span></td>");
            h.append("<td class=\"num\">").append(r.samples()).append("</td>");
            String reason = r.reason() == null || r.reason().isEmpty() ? defaultDetail(r) : r.reason();
            String detail = Html.text(shorten(reason, REASON_CHARS));
            String title = reason.length() > REASON_CHARS ? " title=\"" + Html.attr(shorten(reason, 4000)) + "\"" : "";
            if (ConformanceReport.measured(r)) {
                h.append("<td class=\"num\">").append(Format.html(r.maxAbsError())).append("</td>");
                h.append("<td class=\"num\">").append(Format.html(r.maxRelError())).append("</td>");
                h.append("<td class=\"num\">").append(Format.ulps(r.maxUlp())).append("</td>");
                h.append("<td class=\"tol\">atol ").append(Format.html(r.atol())).append(" · rtol ").append(Format.html(r.rtol())).append("</td>");
                h.append("<td class=\"reason\"").append(title).append('>').append(detail).append("</td>");
            } else {
                // properties and bad inputs have no error to show: their sentence takes the room
                h.append("<td class=\"reason sentence\" colspan=\"5\"").append(title).append('>').append(detail).append("</td>");
            }
            h.append("<td><code class=\"seed\">").append(r.seed()).append("</code></td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    /** What a passing row with no reason of its own checked. */
    private static String defaultDetail(CheckResult r) {
        if (r.check() == Check.BAD_INPUT && r.status() == Status.PASS) {
            return "every bad input (NaN, ±Inf, empty, shape, domain) rejected with the stated message or given PyTorch's IEEE result";
        }
        if (r.check() == Check.VALUE && r.engine().equals(PlainJavaEngine.NAME) && r.status() == Status.PASS) {
            return "worked examples derived by hand, each within its own stated tolerance";
        }
        return "";
    }

    private static void errata(StringBuilder h, List<ErratumResult> errata) {
        h.append("<section id=\"errata\">\n<h2>Errata <small>§I of docs/catalog.md: where the source pages are wrong or loose</small></h2>\n");
        if (errata.isEmpty()) {
            h.append("<p class=\"muted\">No errata in this report.</p></section>\n");
            return;
        }
        h.append("<p class=\"legend-note\">Each erratum computes the source's formula as written and the corrected one against an ")
                .append("independent reference. The bars put both errors on one log scale; the dotted lines are the thresholds: the source's ")
                .append("error must lie above the upper one (clearly wrong), the corrected error at or below the lower one.</p>\n");
        h.append("<div class=\"errata\">\n");
        for (ErratumResult e : errata) {
            h.append("<article class=\"erratum ").append(css(e.status())).append("\" id=\"erratum-").append(e.item()).append("\">");
            h.append("<h3><span class=\"st ").append(css(e.status())).append("\"><i>").append(symbol(e.status())).append("</i></span> §I.")
                    .append(e.item()).append(" <a href=\"#").append(Html.anchor("f-", e.id())).append("\"><code>").append(Html.text(e.id()))
                    .append("</code></a> <small>").append(Html.text(e.source())).append("</small></h3>");
            h.append("<dl><dt>the source wrote</dt><dd class=\"wrong\">").append(Html.text(e.sourceForm())).append("</dd>")
                    .append("<dt>corrected</dt><dd class=\"right\">").append(Html.text(e.corrected())).append("</dd>")
                    .append("<dt>measure</dt><dd>").append(Html.text(e.measure())).append("</dd>")
                    .append("<dt>errors</dt><dd>source's ").append(Format.html(e.sourceError())).append(" (wrong above ")
                    .append(Format.html(e.wrongAbove())).append(") · corrected ").append(Format.html(e.correctedError()))
                    .append(" (right at or below ").append(Format.html(e.rightBelow())).append(")</dd></dl>");
            h.append(Charts.errataBars(e.sourceError(), e.correctedError(), e.wrongAbove(), e.rightBelow(),
                    "§I." + e.item() + ": the source's error " + Format.text(e.sourceError()) + " against corrected " + Format.text(e.correctedError())));
            if (!e.reason().isEmpty()) {
                h.append("<p class=\"reason\">").append(Html.text(e.reason())).append("</p>");
            }
            h.append("</article>\n");
        }
        h.append("</div>\n</section>\n");
    }

    /** Node tests: a table of them all; beyond {@value #NODE_TESTS_SHOWN} cases the ones that did not pass first, the rest folded. */
    private static void nodeTests(StringBuilder h, List<NodeTestResult> tests) {
        h.append("<section id=\"onnx\">\n<h2>ONNX node tests</h2>\n");
        if (tests.isEmpty()) {
            h.append("<p class=\"muted\">None were run for this report.</p>\n</section>\n");
            return;
        }
        long passed = tests.stream().filter(NodeTestResult::passed).count();
        h.append("<p>").append(passed).append(" of ").append(tests.size()).append(" passed.</p>\n");
        if (tests.size() <= NODE_TESTS_SHOWN) {
            nodeTestTable(h, tests);
        } else {
            List<NodeTestResult> bad = tests.stream().filter(t -> !t.passed()).toList();
            if (!bad.isEmpty()) {
                nodeTestTable(h, bad);
            }
            h.append("<details class=\"all-cases\"><summary>All ").append(tests.size()).append(" cases</summary>\n");
            nodeTestTable(h, tests);
            h.append("</details>\n");
        }
        h.append("</section>\n");
    }

    private static void nodeTestTable(StringBuilder h, List<NodeTestResult> tests) {
        h.append("<table class=\"checks onnx\"><thead><tr><th>case</th><th>engine</th><th>status</th><th class=\"num\">max abs</th>")
                .append("<th class=\"num\">max rel</th><th>detail</th></tr></thead><tbody>\n");
        for (NodeTestResult t : tests) {
            String st = css(t.status());
            h.append("<tr class=\"").append(st).append("\"><td><code>").append(Html.text(t.caseName())).append("</code></td><td>")
                    .append(Html.text(t.engine())).append("</td><td><span class=\"st ").append(st).append("\"><i>")
                    .append(t.passed() ? "✓" : "✗").append("</i> ").append(Html.text(t.status())).append("</span></td><td class=\"num\">")
                    .append(Format.html(t.maxAbsError())).append("</td><td class=\"num\">").append(Format.html(t.maxRelError()))
                    .append("</td><td class=\"reason\">").append(Html.text(shorten(t.reason() == null ? "" : t.reason(), REASON_CHARS)))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static void environment(StringBuilder h, ConformanceReport report) {
        Environment env = report.environment();
        h.append("<section id=\"environment\">\n<h2>Environment</h2>\n<dl class=\"about env\">");
        dt(h, "refcheck", Html.text(env.refcheckVersion()));
        dt(h, "git commit", "<code>" + Html.text(env.gitCommit()) + "</code>");
        dt(h, "seed", "<code>" + env.seed() + "</code> <span class=\"muted\">(rerun: <code>-Drefcheck.seed=" + env.seed()
                + "</code> or <code>report --seed " + env.seed() + "</code>)</span>");
        dt(h, "generated", Html.text(env.timestamp().toString()) + " in " + Format.seconds(report.timings().totalSeconds()));
        dt(h, "JDK", Html.text(env.jdk()));
        dt(h, "OS", Html.text(env.os()));
        dt(h, "CPU", Html.text(env.cpuModel()) + " · " + env.cores() + " cores");
        dt(h, "GPU", Html.text(env.gpu()));
        h.append("</dl>\n<table class=\"checks engines-table\"><thead><tr><th>engine</th><th>dtype</th><th>device</th><th>version</th>")
                .append("<th>available</th><th class=\"num\">time</th></tr></thead><tbody>\n");
        for (EngineInfo e : env.engines()) {
            double seconds = report.timings().engines().stream()
                    .filter(t -> t.engine().equals(e.name()) && t.dtype() == e.dtype() && t.device().equals(e.device()))
                    .mapToDouble(EngineTiming::seconds).sum();
            h.append("<tr><td><b>").append(Html.text(e.name())).append("</b></td><td>").append(Html.text(e.dtype().label())).append("</td><td>")
                    .append(Html.text(e.device())).append("</td><td>").append(Html.text(e.version())).append("</td><td>")
                    .append(e.available() ? "<span class=\"st pass\"><i>✓</i> yes</span>"
                            : "<span class=\"st unavailable\"><i>!</i> no</span> " + Html.text(e.reason()))
                    .append("</td><td class=\"num\">").append(Format.seconds(seconds)).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n</section>\n");
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("report resource missing from the jar: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

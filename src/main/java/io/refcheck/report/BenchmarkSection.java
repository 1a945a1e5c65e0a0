package io.refcheck.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.refcheck.report.Benchmarks.B1;
import io.refcheck.report.Benchmarks.B1Row;
import io.refcheck.report.Benchmarks.B2;
import io.refcheck.report.Benchmarks.B2Cell;
import io.refcheck.report.Benchmarks.B2Row;
import io.refcheck.report.Benchmarks.B3;
import io.refcheck.report.Benchmarks.B4;
import io.refcheck.report.Benchmarks.Item;
import io.refcheck.report.Benchmarks.Phase;
import io.refcheck.report.Benchmarks.Source;
import io.refcheck.report.Benchmarks.Time;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/**
 * The report's benchmark section, from {@link Benchmarks}: Markdown (conformance.md and the
 * {@code bench summary} command, whose output docs/benchmarks.md's tables are pasted from), HTML
 * (conformance.html) and JSON (conformance.json's {@code benchmarks}). Times are written in the
 * unit that gives 1 to 999 of it, with three significant digits; ratios with two.
 */
public final class BenchmarkSection {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BenchmarkSection() {
    }

    // ---------------------------------------------------------------- numbers

    /** "114 ms", "72.2 ns", "1.5 s"; three significant digits. */
    static String time(double seconds) {
        double a = Math.abs(seconds);
        String[] units = {"s", "ms", "µs", "ns"};
        double scale = 1;
        int u = 0;
        while (u < units.length - 1 && a * scale < 0.9995 && a != 0) { // 0.9995 rounds to 1.00 of this unit
            scale *= 1000;
            u++;
        }
        return significant(seconds * scale, 3) + " " + units[u];
    }

    /** A time and its error in the time's unit: "114 ± 18 ms". */
    static String time(Time t) {
        String value = time(t.seconds());
        if (t.errorSeconds() == null) {
            return value;
        }
        String unit = value.substring(value.indexOf(' ') + 1);
        double scale = switch (unit) {
            case "ms" -> 1e3;
            case "µs" -> 1e6;
            case "ns" -> 1e9;
            default -> 1;
        };
        return value.substring(0, value.indexOf(' ')) + " ± " + significant(t.errorSeconds() * scale, 2) + " " + unit;
    }

    /** ours / PyTorch with two significant digits: "3.4", "43", "0.029". */
    static String ratio(double r) {
        return significant(r, 2);
    }

    private static String significant(double v, int digits) {
        if (v == 0 || !Double.isFinite(v)) {
            return Format.text(v);
        }
        double rounded = new BigDecimal(v).round(new MathContext(digits)).doubleValue();
        int magnitude = (int) Math.floor(Math.log10(Math.abs(rounded)));
        int decimals = Math.max(0, digits - 1 - magnitude);
        return String.format(Locale.ROOT, "%." + decimals + "f", rounded);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }

    private static String goal(Double g) {
        return g == null ? "—" : "≤ " + String.format(Locale.ROOT, "%.1f", g);
    }

    /** "Directional check within 1.0 s at 10⁶ parameters": the goal's check without its parenthesis, capitalised. */
    private static String goal(Benchmarks.B2Goal g) {
        String check = g.check().replaceAll(" \\(.*\\)$", "");
        return check.substring(0, 1).toUpperCase(Locale.ROOT) + check.substring(1) + " within " + seconds(g.seconds()) + " at "
                + power(g.parameters()) + " parameters";
    }

    private static String mdVerdict(String verdict) {
        return switch (verdict) {
            case Benchmarks.MET -> "✅ met";
            case Benchmarks.NOT_MET -> "❌ not met";
            case Benchmarks.NOT_MEASURED -> "⚠️ not measured";
            default -> verdict;
        };
    }

    private static String css(String verdict) {
        return switch (verdict) {
            case Benchmarks.MET -> "pass";
            case Benchmarks.NOT_MET -> "fail";
            case Benchmarks.NOT_MEASURED -> "unavailable";
            default -> "na";
        };
    }

    private static String htmlVerdict(String verdict) {
        String symbol = switch (verdict) {
            case Benchmarks.MET -> "✓";
            case Benchmarks.NOT_MET -> "✗";
            case Benchmarks.NOT_MEASURED -> "!";
            default -> "–";
        };
        return "<span class=\"st " + css(verdict) + "\"><i>" + symbol + "</i> " + Html.text(verdict) + "</span>";
    }

    /** "1,036 / 10³": the column heading of a parameter count. */
    private static String power(long n) {
        int e = (int) Math.round(Math.log10(n));
        String sup = Integer.toString(e).chars().mapToObj(c -> String.valueOf("⁰¹²³⁴⁵⁶⁷⁸⁹".charAt(c - '0'))).reduce("", String::concat);
        return (long) Math.pow(10, e) == n ? "10" + sup : String.format(Locale.ROOT, "%,d", n);
    }

    private static String b2Cell(B2Cell c) {
        if (c.time() == null) {
            return "—";
        }
        return time(c.time()) + (Boolean.FALSE.equals(c.passed()) ? " (check failed)" : "");
    }

    private static String cell(String s) {
        return s.replace("\r", " ").replace("\n", " ").replace("|", "\\|");
    }

    // ---------------------------------------------------------------- Markdown

    /** The section as Markdown, headed "## Benchmarks" (with {@code level} 2) or "# Benchmarks" (1). */
    public static String markdown(Benchmarks b, int level) {
        String h = "#".repeat(level);
        StringBuilder md = new StringBuilder();
        md.append(h).append(" Benchmarks\n\n");
        md.append("Read from the benchmark JSON files named below when this was written; nothing here is typed in. ")
                .append("JMH benchmarks never run in `mvn verify`: docs/benchmarks.md has the commands.\n\n");
        b1Markdown(md, b.b1(), h + "#");
        b2Markdown(md, b.b2(), h + "#");
        b3Markdown(md, b.b3(), h + "#");
        b4Markdown(md, b.b4(), h + "#");
        return md.toString();
    }

    /** B4's one line of numbers, in words, shared by Markdown and HTML. */
    private static List<String> b4Cells(B4 b4) {
        return List.of(b4.engine(), String.valueOf(b4.ids()), time(b4.processSeconds()), time(b4.inJvmSeconds()), ratio(b4.ratio()),
                goal(b4.goalRatio()), b4.requests() == null ? "—" : b4.requests() + " / " + b4.samples(),
                b4.roundTripMicros() == null ? "—" : String.format(Locale.ROOT, "%.0f µs", b4.roundTripMicros()),
                b4.batchedMicrosPerSample() == null ? "—" : String.format(Locale.ROOT, "%.0f µs", b4.batchedMicrosPerSample()));
    }

    private static final List<String> B4_HEADERS = List.of("engine", "ids", "every check, through the process", "every check, in the JVM",
            "process / in-JVM", "goal", "requests / samples", "one request (relu, 8 elements)", "per sample in batches of 100");

    private static void b4Markdown(StringBuilder md, B4 b4, String h) {
        md.append(h).append(' ').append(Benchmark.B4.heading()).append("\n\n");
        source(md, "", b4.source());
        if (!b4.source().measured()) {
            return;
        }
        md.append("| ").append(String.join(" | ", B4_HEADERS)).append(" | |\n|");
        md.append("---|".repeat(B4_HEADERS.size() + 1)).append("\n| ");
        md.append(String.join(" | ", b4Cells(b4).stream().map(BenchmarkSection::cell).toList())).append(" | ")
                .append(mdVerdict(b4.verdict())).append(" |\n\n");
    }

    private static void source(StringBuilder md, String what, Source s) {
        md.append("- ").append(what).append("`").append(s.file()).append("`: ")
                .append(s.measured() ? cell(s.provenance()) : "**not measured: " + cell(s.reason()) + "**").append('\n');
    }

    private static void b1Markdown(StringBuilder md, B1 b1, String h) {
        md.append(h).append(' ').append(Benchmark.B1.heading()).append("\n\n");
        source(md, "", b1.source());
        if (!b1.source().measured()) {
            md.append('\n');
            return;
        }
        md.append("- Times: ").append(b1.units()).append(". Plain Java's matrix products, softmax cross-entropy and elementwise kernels split their rows over as ")
                .append("many threads as libtorch runs (refcheck.threads); ours / PyTorch divides the mean times; goal: the largest ratio the issue accepts.\n\n");
        md.append("| case | libtorch threads | plain Java | PyTorch | ours / PyTorch | goal | |\n|---|--:|--:|--:|--:|--:|---|\n");
        for (B1Row r : b1.rows()) {
            md.append("| ").append(cell(r.description())).append(" | ").append(r.threads()).append(" | ")
                    .append(r.java() == null ? "not measured" : time(r.java())).append(" | ")
                    .append(r.torch() == null ? "not measured" : time(r.torch())).append(" | ")
                    .append(r.ratio() == null ? "—" : ratio(r.ratio())).append(" | ").append(goal(r.goal())).append(" | ")
                    .append(mdVerdict(r.verdict())).append(r.missing().isEmpty() ? "" : ": " + cell(r.missing())).append(" |\n");
        }
        long met = b1.rows().stream().filter(r -> r.verdict().equals(Benchmarks.MET)).count();
        long judged = b1.rows().stream().filter(r -> r.verdict().equals(Benchmarks.MET) || r.verdict().equals(Benchmarks.NOT_MET)).count();
        md.append("\nGoal met in ").append(met).append(" of ").append(judged).append(" measured rows.\n\n");
    }

    private static void b2Markdown(StringBuilder md, B2 b2, String h) {
        md.append(h).append(' ').append(Benchmark.B2.heading()).append("\n\n");
        source(md, "plain Java, ", b2.java());
        source(md, "PyTorch, ", b2.torch());
        if (!b2.network().isEmpty()) {
            md.append("- Network: ").append(b2.network()).append('\n');
        }
        for (B2Row r : b2.rows()) {
            if (!r.statistic().isEmpty()) {
                md.append("- ").append(r.check()).append(": ").append(r.statistic()).append('\n');
            }
        }
        md.append("\n| check \\ parameters |");
        b2.parameters().forEach(p -> md.append(' ').append(power(p)).append(" |"));
        md.append("\n|---|").append("--:|".repeat(b2.parameters().size())).append('\n');
        for (B2Row r : b2.rows()) {
            md.append("| ").append(cell(r.check())).append(" |");
            r.cells().forEach(c -> md.append(' ').append(b2Cell(c)).append(" |"));
            md.append('\n');
        }
        md.append("\n— : not in the file (not measured).");
        if (b2.goal() != null) {
            md.append(' ').append(goal(b2.goal())).append(": ").append(mdVerdict(b2.goalVerdict())).append('.');
        }
        md.append("\n\n");
    }

    private static void b3Markdown(StringBuilder md, B3 b3, String h) {
        md.append(h).append(' ').append(Benchmark.B3.heading()).append("\n\n");
        source(md, "", b3.source());
        if (!b3.source().measured()) {
            md.append('\n');
            return;
        }
        md.append("\n| phase | wall clock | share | what it covers |\n|---|--:|--:|---|\n");
        for (Phase p : b3.phases()) {
            md.append("| ").append(cell(p.phase())).append(" | ").append(seconds(p.seconds())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f %%", 100 * p.seconds() / b3.totalSeconds())).append(" | ")
                    .append(cell(p.detail())).append(" |\n");
        }
        md.append("| **total** | **").append(seconds(b3.totalSeconds())).append("** | 100 % | goal ")
                .append(b3.goalSeconds() == null ? "not stated" : "≤ " + seconds(b3.goalSeconds())).append(": ")
                .append(mdVerdict(b3.verdict())).append(" |\n\n");
        if (!b3.sharedRun().isEmpty()) {
            md.append(b3.sharedRun()).append("\n\n");
        }
        if (!b3.slowest().isEmpty()) {
            md.append("Slowest items:\n\n| item | phase | wall clock |\n|---|---|--:|\n");
            for (Item i : b3.slowest()) {
                md.append("| ").append(cell(i.item())).append(" | ").append(cell(i.phase())).append(" | ").append(seconds(i.seconds())).append(" |\n");
            }
            md.append('\n');
        }
    }

    // ---------------------------------------------------------------- HTML

    /** The section as HTML, {@code <section id="benchmarks">}, with the report's table and status styles. */
    public static String html(Benchmarks b) {
        StringBuilder h = new StringBuilder();
        h.append("<section id=\"benchmarks\">\n<h2>Benchmarks <small>read from the benchmark JSON files named below; nothing typed in</small></h2>\n");
        B1 b1 = b.b1();
        heading(h, Benchmark.B1);
        sourceHtml(h, "", b1.source());
        if (b1.source().measured()) {
            h.append("<p class=\"note\">").append(Html.text(b1.units())).append(". Plain Java's matrix products, softmax ")
                    .append("cross-entropy and elementwise kernels split their rows over as many threads as libtorch runs (refcheck.threads); ")
                    .append("ours / PyTorch divides the mean times.</p>\n");
            h.append("<table class=\"checks bench\"><thead><tr><th>case</th><th class=\"num\">libtorch threads</th><th class=\"num\">plain Java</th>")
                    .append("<th class=\"num\">PyTorch</th><th class=\"num\">ours / PyTorch</th><th class=\"num\">goal</th><th></th></tr></thead><tbody>\n");
            for (B1Row r : b1.rows()) {
                h.append("<tr class=\"").append(css(r.verdict())).append("\"><td>").append(Html.text(r.description())).append("</td><td class=\"num\">")
                        .append(Html.text(r.threads())).append("</td><td class=\"num\">").append(r.java() == null ? "not measured" : Html.text(time(r.java())))
                        .append("</td><td class=\"num\">").append(r.torch() == null ? "not measured" : Html.text(time(r.torch())))
                        .append("</td><td class=\"num\">").append(r.ratio() == null ? "—" : ratio(r.ratio())).append("</td><td class=\"num\">")
                        .append(Html.text(goal(r.goal()))).append("</td><td>").append(htmlVerdict(r.verdict()))
                        .append(r.missing().isEmpty() ? "" : " " + Html.text(r.missing())).append("</td></tr>\n");
            }
            h.append("</tbody></table>\n");
        }
        B2 b2 = b.b2();
        heading(h, Benchmark.B2);
        sourceHtml(h, "plain Java, ", b2.java());
        sourceHtml(h, "PyTorch, ", b2.torch());
        if (!b2.network().isEmpty()) {
            h.append("<p class=\"note\">").append(Html.text(b2.network())).append("</p>\n");
        }
        h.append("<table class=\"checks bench\"><thead><tr><th>check</th>");
        b2.parameters().forEach(p -> h.append("<th class=\"num\">").append(power(p)).append("</th>"));
        h.append("</tr></thead><tbody>\n");
        for (B2Row r : b2.rows()) {
            h.append("<tr><td>").append(Html.text(r.check())).append(r.statistic().isEmpty() ? "" : "<small class=\"muted\"> · "
                    + Html.text(r.statistic()) + "</small>").append("</td>");
            r.cells().forEach(c -> h.append("<td class=\"num\"").append(c.missing().isEmpty() ? "" : " title=\"" + Html.attr(c.missing()) + "\"")
                    .append('>').append(Html.text(b2Cell(c))).append("</td>"));
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n<p class=\"note\">— : not in the file (not measured).");
        if (b2.goal() != null) {
            h.append(' ').append(Html.text(goal(b2.goal()))).append(": ").append(htmlVerdict(b2.goalVerdict()));
        }
        h.append("</p>\n");
        B3 b3 = b.b3();
        heading(h, Benchmark.B3);
        sourceHtml(h, "", b3.source());
        if (b3.source().measured()) {
            h.append("<table class=\"checks bench\"><thead><tr><th>phase</th><th class=\"num\">wall clock</th><th class=\"num\">share</th>")
                    .append("<th>what it covers</th></tr></thead><tbody>\n");
            for (Phase p : b3.phases()) {
                h.append("<tr><td>").append(Html.text(p.phase())).append("</td><td class=\"num\">").append(seconds(p.seconds()))
                        .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.0f %%", 100 * p.seconds() / b3.totalSeconds()))
                        .append("</td><td>").append(Html.text(p.detail())).append("</td></tr>\n");
            }
            h.append("<tr class=\"").append(css(b3.verdict())).append("\"><th>total</th><td class=\"num\"><b>").append(seconds(b3.totalSeconds()))
                    .append("</b></td><td class=\"num\">100 %</td><td>goal ")
                    .append(b3.goalSeconds() == null ? "not stated" : "≤ " + seconds(b3.goalSeconds())).append(": ")
                    .append(htmlVerdict(b3.verdict())).append("</td></tr>\n</tbody></table>\n");
            if (!b3.sharedRun().isEmpty()) {
                h.append("<p class=\"note\">").append(Html.text(b3.sharedRun())).append("</p>\n");
            }
            if (!b3.slowest().isEmpty()) {
                h.append("<table class=\"checks bench\"><thead><tr><th>slowest item</th><th>phase</th><th class=\"num\">wall clock</th></tr></thead><tbody>\n");
                for (Item i : b3.slowest()) {
                    h.append("<tr><td><code>").append(Html.text(i.item())).append("</code></td><td>").append(Html.text(i.phase()))
                            .append("</td><td class=\"num\">").append(seconds(i.seconds())).append("</td></tr>\n");
                }
                h.append("</tbody></table>\n");
            }
        }
        B4 b4 = b.b4();
        heading(h, Benchmark.B4);
        sourceHtml(h, "", b4.source());
        if (b4.source().measured()) {
            h.append("<table class=\"checks bench\"><thead><tr>");
            B4_HEADERS.forEach(x -> h.append("<th>").append(Html.text(x)).append("</th>"));
            h.append("<th></th></tr></thead><tbody>\n<tr class=\"").append(css(b4.verdict())).append("\">");
            b4Cells(b4).forEach(x -> h.append("<td>").append(Html.text(x)).append("</td>"));
            h.append("<td>").append(htmlVerdict(b4.verdict())).append("</td></tr>\n</tbody></table>\n");
        }
        h.append("</section>\n");
        return h.toString();
    }

    /** A benchmark's heading as HTML, its Markdown code spans as {@code <code>}. */
    private static void heading(StringBuilder h, Benchmark b) {
        String[] parts = b.heading().split("`", -1);
        h.append("<h3>");
        for (int i = 0; i < parts.length; i++) {
            h.append(i % 2 == 1 ? "<code>" + Html.text(parts[i]) + "</code>" : Html.text(parts[i]));
        }
        h.append("</h3>\n");
    }

    private static void sourceHtml(StringBuilder h, String what, Source s) {
        h.append("<p class=\"note\">").append(Html.text(what)).append("<code>").append(Html.text(s.file())).append("</code>: ");
        h.append(s.measured() ? Html.text(s.provenance())
                : "<span class=\"st unavailable\"><i>!</i> not measured: " + Html.text(s.reason()) + "</span>");
        h.append("</p>\n");
    }

    // ---------------------------------------------------------------- JSON

    /** conformance.json's {@code benchmarks}: the same tables as data; times in seconds, null where not measured. */
    static ObjectNode json(Benchmarks b) {
        ObjectNode n = MAPPER.createObjectNode();
        ObjectNode b1 = n.putObject("b1");
        source(b1, b.b1().source());
        b1.put("units", b.b1().units());
        ArrayNode rows = b1.putArray("rows");
        for (B1Row r : b.b1().rows()) {
            ObjectNode o = rows.addObject().put("case", r.description()).put("javaBenchmark", r.javaBenchmark())
                    .put("torchBenchmark", r.torchBenchmark()).put("threads", r.threads());
            time(o, "java", r.java());
            time(o, "torch", r.torch());
            o.put("ratio", r.ratio()).put("goal", r.goal()).put("verdict", r.verdict()).put("missing", r.missing());
        }
        ObjectNode b2 = n.putObject("b2");
        source(b2.putObject("java"), b.b2().java());
        source(b2.putObject("torch"), b.b2().torch());
        b2.put("network", b.b2().network());
        ArrayNode b2rows = b2.putArray("rows");
        for (B2Row r : b.b2().rows()) {
            ObjectNode o = b2rows.addObject().put("check", r.check()).put("source", r.source()).put("statistic", r.statistic());
            ArrayNode cells = o.putArray("cells");
            for (B2Cell c : r.cells()) {
                ObjectNode cn = cells.addObject().put("parameters", c.parameters());
                time(cn, "", c.time());
                cn.put("passed", c.passed()).put("missing", c.missing());
            }
        }
        b2.put("directionalWithinOneSecondAtMillion", b.b2().goalVerdict());
        ObjectNode b3 = n.putObject("b3");
        source(b3, b.b3().source());
        b3.put("totalSeconds", b.b3().totalSeconds()).put("goalSeconds", b.b3().goalSeconds()).put("verdict", b.b3().verdict());
        ArrayNode phases = b3.putArray("phases");
        b.b3().phases().forEach(p -> phases.addObject().put("phase", p.phase()).put("seconds", p.seconds()).put("detail", p.detail()));
        ArrayNode slowest = b3.putArray("slowest");
        b.b3().slowest().forEach(i -> slowest.addObject().put("item", i.item()).put("phase", i.phase()).put("seconds", i.seconds()));
        b3.put("sharedRun", b.b3().sharedRun());
        B4 b4 = b.b4();
        ObjectNode b4n = n.putObject("b4");
        source(b4n, b4.source());
        b4n.put("engine", b4.engine()).put("ids", b4.ids()).put("processSeconds", b4.processSeconds()).put("inJvmSeconds", b4.inJvmSeconds())
                .put("ratio", b4.ratio()).put("goalRatio", b4.goalRatio()).put("verdict", b4.verdict()).put("requests", b4.requests())
                .put("samples", b4.samples()).put("roundTripMicros", b4.roundTripMicros()).put("batchedMicrosPerSample", b4.batchedMicrosPerSample());
        return n;
    }

    private static void source(ObjectNode n, Source s) {
        n.put("file", s.file()).put("measured", s.measured()).put("reason", s.reason()).put("provenance", s.provenance());
    }

    /** {@code prefix}Seconds and {@code prefix}ErrorSeconds ("seconds", "errorSeconds" without a prefix); null when not measured. */
    private static void time(ObjectNode n, String prefix, Time t) {
        String seconds = prefix.isEmpty() ? "seconds" : prefix + "Seconds";
        String error = prefix.isEmpty() ? "errorSeconds" : prefix + "ErrorSeconds";
        n.put(seconds, t == null ? null : t.seconds());
        n.put(error, t == null ? null : t.errorSeconds());
    }
}

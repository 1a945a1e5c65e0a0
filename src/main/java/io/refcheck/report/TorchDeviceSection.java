package io.refcheck.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.refcheck.golden.TorchDeltas;
import io.refcheck.golden.TorchDeltas.Delta;
import io.refcheck.tensor.Dtype;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's section "PyTorch across devices": per id, how far PyTorch's outputs and gradients
 * move from CPU to CUDA (float64; float32 with TF32 off) and with TF32 matmuls on, measured on the
 * PyTorch-in-Python golden sets ({@link TorchDeltas}). Three columns; a measured cell shows the max
 * abs and max rel difference, an unavailable one says so with a numbered reason under the table
 * (never a pass). Rendered into conformance.json ({@code torchDevices}), .md and .html.
 */
public final class TorchDeviceSection {
    private TorchDeviceSection() {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The columns: dtype and comparison, with their headings. */
    private record Column(Dtype dtype, String comparison, String title) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column(Dtype.FLOAT64, TorchDeltas.CPU_VS_CUDA, "float64 CPU vs CUDA"),
            new Column(Dtype.FLOAT32, TorchDeltas.CPU_VS_CUDA, "float32 CPU vs CUDA (TF32 off)"),
            new Column(Dtype.FLOAT32, TorchDeltas.TF32_EFFECT, "float32 TF32 on vs off (CUDA)"));

    private static final String INTRO = "The same frozen inputs and cotangents run by PyTorch in Python on each device "
            + "(golden-data/pytorch-python): the largest |a − b| and |a − b|/|b| over every output and gradient element, b the CPU "
            + "(or TF32-off) result. A measurement, not a check.";

    static ArrayNode json(List<Delta> deltas) {
        ArrayNode out = MAPPER.createArrayNode();
        for (Delta d : deltas) {
            ObjectNode n = out.addObject();
            n.put("id", d.id()).put("dtype", d.dtype().label()).put("comparison", d.comparison()).put("sets", d.sets())
                    .put("status", d.status());
            JsonReport.number(n, "maxAbsDifference", d.maxAbs());
            JsonReport.number(n, "maxRelDifference", d.maxRel());
            n.put("cases", d.cases()).put("worst", d.worst()).put("reason", d.reason());
        }
        return out;
    }

    static void markdown(StringBuilder md, List<Delta> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        md.append("## PyTorch across devices\n\n").append(INTRO).append("\n\n| id |");
        COLUMNS.forEach(c -> md.append(' ').append(c.title()).append(" |"));
        md.append("\n|---|").append("---|".repeat(COLUMNS.size())).append('\n');
        Map<String, Integer> notes = new LinkedHashMap<>();
        for (Map.Entry<String, Map<Column, Delta>> row : table(deltas).entrySet()) {
            md.append("| `").append(row.getKey()).append("` |");
            for (Column c : COLUMNS) {
                Delta d = row.getValue().get(c);
                md.append(' ').append(d == null ? "—" : d.measured()
                        ? "abs " + Format.text(d.maxAbs()) + " · rel " + Format.text(d.maxRel())
                        : "⚠️ unavailable [" + note(notes, d) + "]").append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
        notes.forEach((reason, n) -> md.append('[').append(n).append("] unavailable: ").append(reason.replace("|", "\\|")).append("  \n"));
        md.append('\n');
    }

    static void html(StringBuilder h, List<Delta> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        h.append("<section id=\"torch-devices\">\n<h2>PyTorch across devices <small>CPU vs CUDA, TF32</small></h2>\n")
                .append("<p class=\"legend-note\">").append(Html.text(INTRO)).append("</p>\n")
                .append("<table class=\"checks torch-devices\"><thead><tr><th>id</th>");
        COLUMNS.forEach(c -> h.append("<th>").append(Html.text(c.title())).append("</th>"));
        h.append("</tr></thead><tbody>\n");
        Map<String, Integer> notes = new LinkedHashMap<>();
        for (Map.Entry<String, Map<Column, Delta>> row : table(deltas).entrySet()) {
            h.append("<tr><td><code>").append(Html.text(row.getKey())).append("</code></td>");
            for (Column c : COLUMNS) {
                Delta d = row.getValue().get(c);
                if (d == null) {
                    h.append("<td class=\"na\">–</td>");
                } else if (d.measured()) {
                    h.append("<td title=\"").append(Html.attr(d.sets() + ", " + d.cases() + " cases; largest at " + d.worst()))
                            .append("\">abs ").append(Format.html(d.maxAbs())).append(" · rel ").append(Format.html(d.maxRel())).append("</td>");
                } else {
                    h.append("<td class=\"unavailable\" title=\"").append(Html.attr(d.reason())).append("\"><span class=\"st unavailable\">")
                            .append("<i>!</i> unavailable</span> <sup>").append(note(notes, d)).append("</sup></td>");
                }
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n<ol class=\"notes\">");
        notes.keySet().forEach(reason -> h.append("<li>unavailable: ").append(Html.text(reason)).append("</li>"));
        h.append("</ol>\n</section>\n");
    }

    /** Rows by id in the deltas' (catalog) order, each with its cells by column. */
    private static Map<String, Map<Column, Delta>> table(List<Delta> deltas) {
        Map<String, Map<Column, Delta>> rows = new LinkedHashMap<>();
        for (Delta d : deltas) {
            for (Column c : COLUMNS) {
                if (c.dtype() == d.dtype() && c.comparison().equals(d.comparison())) {
                    rows.computeIfAbsent(d.id(), k -> new LinkedHashMap<>()).put(c, d);
                }
            }
        }
        return rows;
    }

    /** The footnote number of an unavailable delta's reason, one per distinct reason. */
    private static int note(Map<String, Integer> notes, Delta d) {
        return notes.computeIfAbsent(d.reason(), r -> notes.size() + 1);
    }
}

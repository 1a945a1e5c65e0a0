package io.refcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.refcheck.check.Run;
import io.refcheck.check.Status;
import io.refcheck.golden.TorchDeltas;
import io.refcheck.golden.TorchDeltas.Delta;
import io.refcheck.tensor.Dtype;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The report's "PyTorch across devices" section: a measured delta shows its numbers, a missing CUDA
 * set shows as unavailable with its reason in every renderer, and neither counts as a passed check.
 */
class TorchDeviceSectionTest {
    private static final List<String> IDS = List.of("softmax", "one_hot");

    private static ConformanceReport report(List<Delta> deltas) {
        return new ReportBuilder(new Run(1).engines(List.of()).ids(IDS)).withTorchDeltas(deltas).build();
    }

    private static List<Delta> committed() {
        return TorchDeltas.of(Path.of("golden-data")).stream().filter(d -> IDS.contains(d.id())).toList();
    }

    @Test
    void withoutCudaSetsEveryColumnSaysUnavailableWithTheReasonAndNothingPasses() throws IOException {
        ConformanceReport r = report(committed());
        assertEquals(6, r.torchDeltas().size());
        String md = MarkdownReport.render(r);
        assertTrue(md.contains("## PyTorch across devices"), md);
        assertTrue(md.contains("| `softmax` | ⚠️ unavailable [1] | ⚠️ unavailable [2] | ⚠️ unavailable [3] |"), md);
        assertTrue(md.contains("[1] unavailable: no CUDA set in golden-data (pytorch-python/cuda-float64 has not been generated"), md);
        String html = HtmlReport.render(r);
        assertTrue(html.contains("<section id=\"torch-devices\">"));
        assertTrue(html.contains("<li>unavailable: no CUDA set in golden-data (pytorch-python/cuda-float32-notf32"), html);
        assertTrue(html.contains("<a href=\"#torch-devices\">Devices</a>"));
        // a measurement, never a row: the counts hold no pass for it
        assertEquals(0, r.rows().size());
        assertEquals(0, r.summary().rows().get(Status.PASS));
        JsonNode doc = new ObjectMapper().readTree(JsonReport.render(r));
        assertEquals(List.of(), new JsonSchemaSubset(new ObjectMapper().readTree(Path.of("reports", "conformance.schema.json").toFile()))
                .validate(doc));
        JsonNode first = doc.get("torchDevices").get(0);
        assertEquals("unavailable", first.get("status").asText());
        assertEquals("NaN", first.get("maxAbsDifference").asText());
    }

    @Test
    void aMeasuredDeltaShowsItsLargestDifferences() throws IOException {
        List<Delta> deltas = new ArrayList<>(committed());
        deltas.set(0, new Delta("softmax", Dtype.FLOAT64, TorchDeltas.CPU_VS_CUDA, "cuda-float64 vs cpu-float64", TorchDeltas.MEASURED,
                3e-14, 2.5e-13, 3, "case softmax_1, output s element 0: 0.12 vs 0.12", ""));
        ConformanceReport r = report(deltas);
        String md = MarkdownReport.render(r);
        assertTrue(md.contains("| `softmax` | abs 3e-14 · rel 2.5e-13 | ⚠️ unavailable [1] |"), md);
        assertTrue(HtmlReport.render(r).contains("abs 3×10<sup>−14</sup> · rel 2.5×10<sup>−13</sup>"));
        JsonNode doc = new ObjectMapper().readTree(JsonReport.render(r));
        assertEquals(3e-14, doc.get("torchDevices").get(0).get("maxAbsDifference").asDouble());
        assertEquals(List.of(), new JsonSchemaSubset(new ObjectMapper().readTree(Path.of("reports", "conformance.schema.json").toFile()))
                .validate(doc));
    }

    @Test
    void aReportWithoutDeltasLeavesTheSectionOut() {
        ConformanceReport r = report(List.of());
        assertFalse(MarkdownReport.render(r).contains("PyTorch across devices"));
        assertFalse(HtmlReport.render(r).contains("torch-devices"));
    }
}

package io.refcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

    @Test
    void reportOnOneFormulaWritesTheThreeFilesShowsProgressAndExitsZero(@TempDir Path dir) {
        CliRun r = CliRun.of("report", "--id", "sigmoid", "--golden", dir.resolve("none").toString(), "--out", dir.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        for (String name : new String[] {"conformance.json", "conformance.md", "conformance.html"}) {
            assertTrue(Files.isRegularFile(dir.resolve(name)), name);
        }
        assertTrue(r.err().contains("activation") && r.err().contains("sigmoid"), "progress names the family and id: " + r.err());
        assertTrue(r.out().contains("0 fail"), r.out());
    }

    /** By default the report regression-checks the committed golden data and runs the selected ids' cases as node tests. */
    @Test
    void theReportIncludesTheGoldenCheckAndTheSelectedIdsGoldenCasesAsNodeTests(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("report", "--quiet", "--id", "sigmoid", "--out", dir.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("conformance.json").toFile());
        boolean goldenRow = false;
        for (JsonNode row : json.get("rows")) {
            goldenRow |= row.get("check").asText().equals("golden") && row.get("id").asText().equals("sigmoid");
        }
        assertTrue(goldenRow, "no golden row for sigmoid");
        List<String> cases = new ArrayList<>();
        json.get("onnxTests").forEach(t -> cases.add(t.get("caseName").asText()));
        assertEquals(List.of("onnxruntime/float32/sigmoid_0", "onnxruntime/float32/sigmoid_1", "onnxruntime/float32/sigmoid_2",
                "onnxruntime/float64/sigmoid_0", "onnxruntime/float64/sigmoid_1", "onnxruntime/float64/sigmoid_2"), cases);
    }

    /** With the external corpus beside the checkout (CI, and here), one of its cases goes into the report. */
    @Test
    void nodeTestsFromOnnxTestsFoldersGoIntoTheReport(@TempDir Path dir) throws Exception {
        Path sigmoidCase = Path.of("../shared/conformance/onnx-node/test_sigmoid");
        Assumptions.assumeTrue(Files.isDirectory(sigmoidCase), "external corpus not present");
        CliRun r = CliRun.of("report", "--id", "sigmoid", "--golden", dir.resolve("none").toString(), "--onnx-tests", sigmoidCase.toString(),
                "--out", dir.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("[onnx] PASS  java"), r.err());
        JsonNode tests = new ObjectMapper()
                .readTree(dir.resolve("conformance.json").toFile()).get("onnxTests");
        assertEquals(1, tests.size(), tests.toString());
        assertEquals("PASS", tests.get(0).get("status").asText());
    }

    @Test
    void quietPrintsNoProgress(@TempDir Path dir) {
        CliRun r = CliRun.of("report", "--quiet", "--id", "relu", "--golden", dir.resolve("none").toString(), "--out", dir.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertFalse(r.err().contains("relu"), r.err());
    }

    @Test
    void usageErrorsExitWithTwo(@TempDir Path dir) {
        assertEquals(2, CliRun.of("report", "--no-such-option").exit());
        assertEquals(2, CliRun.of("report", "--id", "no_such_formula", "--out", dir.toString()).exit());
        CliRun missing = CliRun.of("report", "--onnx-tests", dir.resolve("absent").toString(), "--out", dir.toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("--onnx-tests"), missing.err());
    }

    @Test
    void aMistypedIdIsAUsageErrorThatNamesTheNearestId(@TempDir Path dir) {
        CliRun r = CliRun.of("report", "--quiet", "--id", "sigmoid,softmax_crossentropy", "--out", dir.toString());
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.err().contains("did you mean softmax_cross_entropy"), r.err());
        assertFalse(Files.exists(dir.resolve("conformance.json")), "no report for a run that did not start");
    }

    @Test
    void anEngineThatImplementsNoneOfTheIdsSaysSoAndExitsOne(@TempDir Path dir) {
        CliRun r = CliRun.of("report", "--quiet", "--engine", "example-user", "--id", "relu", "--golden", dir.resolve("none").toString(),
                "--out", dir.toString());
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.all().contains("example-user implements none of relu"), r.all());
    }

    @Test
    void anUnknownEngineIsAUsageError(@TempDir Path dir) {
        CliRun r = CliRun.of("report", "--engine", "onnx", "--out", dir.toString());
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.err().contains("'onnx'") && r.err().contains("onnxruntime"), r.err());
    }

    @Test
    void reportHasHelp() {
        CliRun r = CliRun.of("report", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("--onnx-tests") && r.out().contains("--out") && r.out().contains("--quiet"), r.out());
    }
}

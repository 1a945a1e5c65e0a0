package io.refcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.refcheck.onnx.OnnxTestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The onnx-tests command: its lines, its summary, its exit codes and its JSON. */
class OnnxTestsCommandTest {

    @TempDir
    Path root;

    @Test
    void passingCasesExitZeroWithOneLinePerCaseAndTheCountLast() throws IOException {
        OnnxTestModels.writePassingAddCase(root.resolve("add"));
        CliRun r = CliRun.of("onnx-tests", root.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals(List.of("PASS  java        add [worst abs 0, rel 0]", "1 passed, 0 failed"), r.lines());
    }

    @Test
    void bothEnginesGiveOneLineEachAndAnyErrorMakesTheExitCodeOne() throws IOException {
        OnnxTestModels.writePassingAddCase(root.resolve("add"));
        Path broken = OnnxTestModels.writePassingAddCase(root.resolve("broken"));
        Files.delete(broken.resolve("test_data_set_0/input_1.pb"));
        Path json = root.resolve("out/results.json");
        CliRun r = CliRun.of("onnx-tests", "--engine", "both", "--json", json.toString(), root.toString());
        assertEquals(1, r.exit(), r.out());
        List<String> lines = r.lines();
        assertEquals(5, lines.size(), r.out());
        assertTrue(lines.get(2).startsWith("ERROR java        broken — test_data_set_0: missing input_1.pb"), lines.get(2));
        assertTrue(lines.get(3).startsWith("ERROR onnxruntime broken"), lines.get(3));
        assertEquals("2 passed, 2 failed", lines.get(4));

        JsonNode rows = new ObjectMapper().readTree(json.toFile());
        assertEquals(4, rows.size());
        JsonNode first = rows.get(0);
        assertEquals(List.of("case", "engine", "status", "reason", "maxAbsError", "maxRelError"),
                List.copyOf(iterable(first.fieldNames())));
        assertEquals("add", first.get("case").asText());
        assertEquals("java", first.get("engine").asText());
        assertEquals("PASS", first.get("status").asText());
        assertEquals(0.0, first.get("maxAbsError").asDouble());
        assertTrue(rows.get(2).get("maxAbsError").isNull(), "an ERROR compared nothing");
    }

    private static <T> List<T> iterable(Iterator<T> it) {
        List<T> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }

    @Test
    void usageErrorsExitTwo() throws IOException {
        assertEquals(2, CliRun.of("onnx-tests").exit(), "no DIR");
        assertEquals(2, CliRun.of("onnx-tests", "--engine", "tensorflow", root.toString()).exit(), "unknown engine");
        CliRun missing = CliRun.of("onnx-tests", root.resolve("nowhere").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("not a directory"), missing.err());
        CliRun empty = CliRun.of("onnx-tests", root.toString());
        assertEquals(2, empty.exit());
        assertTrue(empty.err().contains("holds no folder with model.onnx and test_data_set_*"), empty.err());
    }

    @Test
    void helpDescribesTheCommand() {
        CliRun r = CliRun.of("onnx-tests", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Usage: refcheck onnx-tests [-hV] [--engine=ENGINE] [--json=FILE] DIR..."), r.out());
        assertTrue(r.out().contains("data.json"), r.out());
    }
}

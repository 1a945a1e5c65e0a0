package io.refcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.refcheck.check.Status;
import io.refcheck.report.ReportFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} and {@code report} ask for their run the same way (RunOptions, check/Run): on the
 * same subset of ids and engines, every line {@code check} prints and its summary are what the
 * report's rows give, row for row.
 */
class CheckAndReportRunTest {
    private static final String IDS = "sigmoid,softmax,bce";
    private static final String ENGINES = "onnxruntime";

    @Test
    void checkPrintsTheRowsTheReportWritesForTheSameSubset(@TempDir Path dir) throws IOException {
        CliRun check = CliRun.of("check", "--id", IDS, "--engine", ENGINES, "--seed", "7");
        assertEquals(0, check.exit(), check.all());
        CliRun report = CliRun.of("report", "--quiet", "--id", IDS, "--engine", ENGINES, "--seed", "7",
                "--golden", dir.resolve("none").toString(), "--out", dir.toString());
        assertEquals(0, report.exit(), report.all());
        JsonNode rows = new ObjectMapper().readTree(dir.resolve(ReportFiles.JSON).toFile()).get("rows");

        List<String> expected = new ArrayList<>();
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        List<String> engines = new ArrayList<>();
        for (JsonNode r : rows) {
            counts.merge(Status.of(r.get("status").asText()), 1, Integer::sum);
            String engine = r.get("engine").asText() + " " + r.get("dtype").asText();
            if (!engines.contains(engine)) {
                engines.add(engine);
            }
        }
        assertTrue(engines.size() >= 2, "plain Java and ONNX Runtime: " + engines);
        List<String> printed = check.lines().subList(1, 1 + engines.size() * 3).stream()
                .map(l -> l.trim().split("\\s+", 5)).map(p -> p[0] + " " + p[1] + " " + p[3] + " " + p[4]).sorted().toList();
        for (String engine : engines) {
            for (String id : IDS.split(",")) {
                long pass = 0;
                long fail = 0;
                for (JsonNode r : rows) {
                    if ((r.get("engine").asText() + " " + r.get("dtype").asText()).equals(engine) && r.get("id").asText().equals(id)) {
                        pass += r.get("status").asText().equals(Status.PASS.label()) ? 1 : 0;
                        fail += r.get("status").asText().equals(Status.FAIL.label()) ? 1 : 0;
                    }
                }
                expected.add(engine + " " + id + " " + pass + " pass" + (fail > 0 ? ", " + fail + " FAIL" : ""));
            }
        }
        assertEquals(expected.stream().sorted().toList(), printed, check.out());
        assertEquals(String.format(Locale.ROOT, "%d passed, %d failed, %d unavailable, %d not-applicable (seed 7)",
                counts.getOrDefault(Status.PASS, 0), counts.getOrDefault(Status.FAIL, 0),
                counts.getOrDefault(Status.UNAVAILABLE, 0), counts.getOrDefault(Status.NOT_APPLICABLE, 0)),
                check.lines().get(check.lines().size() - 1));
    }
}

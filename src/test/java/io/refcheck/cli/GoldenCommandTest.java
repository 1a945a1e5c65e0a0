package io.refcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.engine.OnnxRuntimeEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The golden subcommands' exit codes: 0 success, 1 regression or damaged data, 2 usage. */
class GoldenCommandTest {

    @Test
    void everyGoldenCommandHasHelpAndBadUsageExitsTwo() {
        for (String[] args : new String[][] {{"golden", "--help"}, {"golden", "generate", "--help"}, {"golden", "check", "--help"},
            {"help", "golden"}}) {
            CliRun r = CliRun.of(args);
            assertEquals(0, r.exit(), String.join(" ", args));
            assertTrue(r.all().contains("Usage:"), r.all());
        }
        assertEquals(2, CliRun.of("golden").exit(), "golden without a subcommand is a usage error");
        assertEquals(2, CliRun.of("golden", "check", "--bogus").exit());
        assertEquals(2, CliRun.of("golden", "generate", "--seed", "many").exit());
    }

    @Test
    void generateRefusesToOverwriteAFolderThatIsNotGoldenData(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("notes.txt"), "mine");
        CliRun r = CliRun.of("golden", "generate", "--out", tmp.toString());
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.all().contains("refusing to overwrite"), r.all());
        assertEquals("mine", Files.readString(tmp.resolve("notes.txt")));
    }

    @Test
    void checkOfMissingDataExitsOne(@TempDir Path tmp) {
        CliRun r = CliRun.of("golden", "check", "--dir", tmp.resolve("absent").toString());
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.all().contains("index.json: missing"), r.all());
        assertTrue(r.all().strip().endsWith("0 passed, 1 failed, 0 unavailable, 0 not applicable (" + tmp.resolve("absent") + ")"), r.all());
    }

    @Test
    void generateThenCheckPassesAndRecordsTheCommand(@TempDir Path tmp) throws IOException {
        if (!new OnnxRuntimeEngine.Float64().availability().available() && Boolean.getBoolean("refcheck.allowUnavailableEngines")) {
            return;
        }
        Path out = tmp.resolve("golden");
        CliRun generated = CliRun.of("golden", "generate", "--out", out.toString(), "--seed", "11");
        assertEquals(0, generated.exit(), generated.all());
        assertTrue(generated.all().contains("not generated: one_hot float64"), generated.all());
        String manifest = Files.readString(out.resolve("onnxruntime/float64/softmax_0/manifest.json"));
        assertTrue(manifest.contains("\"command\" : \"java -jar target/refcheck.jar golden generate --seed 11 --out " + out + "\""), manifest);
        assertTrue(Files.readString(out.resolve("README.md")).contains("numpy_helper.to_array"));
        CliRun checked = CliRun.of("golden", "check", "--dir", out.toString(), "--quiet");
        assertEquals(0, checked.exit(), checked.all());
        assertTrue(checked.all().strip().matches("(?s).*\\n?\\d+ passed, 0 failed, 0 unavailable, 0 not applicable \\(.*\\)"), checked.all());
    }
}

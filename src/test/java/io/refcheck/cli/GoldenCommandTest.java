package io.refcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.engine.OnnxRuntimeEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The golden subcommands' exit codes: 0 success, 1 regression or damaged data, 2 usage. */
class GoldenCommandTest {

    private record Run(int exit, String out) {
    }

    private static Run run(String... args) {
        StringWriter sw = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(sw));
        cl.setErr(new PrintWriter(sw));
        int exit = cl.execute(args);
        return new Run(exit, sw.toString());
    }

    @Test
    void everyGoldenCommandHasHelpAndBadUsageExitsTwo() {
        for (String[] args : new String[][] {{"golden", "--help"}, {"golden", "generate", "--help"}, {"golden", "check", "--help"},
            {"help", "golden"}}) {
            Run r = run(args);
            assertEquals(0, r.exit(), String.join(" ", args));
            assertTrue(r.out().contains("Usage:"), r.out());
        }
        assertEquals(2, run("golden").exit(), "golden without a subcommand is a usage error");
        assertEquals(2, run("golden", "check", "--bogus").exit());
        assertEquals(2, run("golden", "generate", "--seed", "many").exit());
    }

    @Test
    void generateRefusesToOverwriteAFolderThatIsNotGoldenData(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("notes.txt"), "mine");
        Run r = run("golden", "generate", "--out", tmp.toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("refusing to overwrite"), r.out());
        assertEquals("mine", Files.readString(tmp.resolve("notes.txt")));
    }

    @Test
    void checkOfMissingDataExitsOne(@TempDir Path tmp) {
        Run r = run("golden", "check", "--dir", tmp.resolve("absent").toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("index.json: missing"), r.out());
        assertTrue(r.out().strip().endsWith("0 passed, 1 failed, 0 unavailable (" + tmp.resolve("absent") + ")"), r.out());
    }

    @Test
    void generateThenCheckPassesAndRecordsTheCommand(@TempDir Path tmp) throws IOException {
        if (!new OnnxRuntimeEngine.Float64().availability().available() && Boolean.getBoolean("refcheck.allowUnavailableEngines")) {
            return;
        }
        Path out = tmp.resolve("golden");
        Run generated = run("golden", "generate", "--out", out.toString(), "--seed", "11");
        assertEquals(0, generated.exit(), generated.out());
        assertTrue(generated.out().contains("not generated: one_hot float64"), generated.out());
        String manifest = Files.readString(out.resolve("onnxruntime/float64/softmax_0/manifest.json"));
        assertTrue(manifest.contains("\"command\" : \"java -jar target/refcheck.jar golden generate --seed 11 --out " + out + "\""), manifest);
        assertTrue(Files.readString(out.resolve("README.md")).contains("numpy_helper.to_array"));
        Run checked = run("golden", "check", "--dir", out.toString(), "--quiet");
        assertEquals(0, checked.exit(), checked.out());
        assertTrue(checked.out().strip().matches("(?s).*\\n?\\d+ passed, 0 failed, 0 unavailable \\(.*\\)"), checked.out());
    }
}

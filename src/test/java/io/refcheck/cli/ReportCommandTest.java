package io.refcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void reportOnOneFormulaWritesTheThreeFilesShowsProgressAndExitsZero(@TempDir Path dir) {
        Run r = run("report", "--id", "sigmoid", "--out", dir.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        for (String name : new String[] {"conformance.json", "conformance.md", "conformance.html"}) {
            assertTrue(Files.isRegularFile(dir.resolve(name)), name);
        }
        assertTrue(r.err().contains("activation") && r.err().contains("sigmoid"), "progress names the family and id: " + r.err());
        assertTrue(r.out().contains("0 fail"), r.out());
    }

    @Test
    void quietPrintsNoProgress(@TempDir Path dir) {
        Run r = run("report", "--quiet", "--id", "relu", "--out", dir.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertFalse(r.err().contains("relu"), r.err());
    }

    @Test
    void usageErrorsExitWithTwo(@TempDir Path dir) {
        assertEquals(2, run("report", "--no-such-option").exit());
        assertEquals(2, run("report", "--id", "no_such_formula", "--out", dir.toString()).exit());
        Run missing = run("report", "--onnx-tests", dir.resolve("absent").toString(), "--out", dir.toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("--onnx-tests"), missing.err());
    }

    @Test
    void reportHasHelp() {
        Run r = run("report", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("--onnx-tests") && r.out().contains("--out") && r.out().contains("--quiet"), r.out());
    }
}

package io.refcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import io.refcheck.engine.process.Python3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check and report with --engine-process: rows under the program's own name, start failures as usage errors. */
class ProcessEngineCommandTest {
    private static final String FAKE = Python3.EXECUTABLE + " src/test/resources/io/refcheck/engine/process/fake_engine.py";

    @Test
    void checkRunsTheProgramBesidePlainJavaAndNamesItsRowsByItsHandshake() {
        CliRun run = CliRun.of("check", "--id", "relu", "--engine-process", FAKE + " ok");
        assertEquals(0, run.exit(), run.all());
        assertTrue(run.lines().stream().anyMatch(l -> l.startsWith("fake-ok") && l.contains("relu") && l.endsWith("pass")), run.out());
        assertTrue(run.lines().stream().anyMatch(l -> l.startsWith("plain-java")), run.out());
        assertEquals(2, run.lines().stream().filter(l -> l.contains(" relu ")).count(), "plain Java and the program alone: " + run.out());
    }

    @Test
    void checkFailsAProgramThatBreaksWithTheReason() {
        CliRun run = CliRun.of("check", "--id", "sigmoid", "--engine-process", FAKE + " crash", "--engine-timeout", "5");
        assertEquals(1, run.exit(), run.all());
        assertTrue(run.out().contains("FAIL fake-crash float64 sigmoid value: the engine broke: fake-crash"), run.out());
        assertTrue(run.out().contains("exited with code 3"), run.out());
    }

    @Test
    void aCommandThatCannotStartIsAUsageErrorNamingIt() {
        CliRun missing = CliRun.of("check", "--id", "relu", "--engine-process", "no-such-engine-program");
        assertEquals(2, missing.exit(), missing.all());
        assertTrue(missing.err().contains("--engine-process: cannot start the engine command 'no-such-engine-program'"), missing.err());
        CliRun exits = CliRun.of("report", "--id", "relu", "--engine-process", FAKE + " exit-at-once");
        assertEquals(2, exits.exit(), exits.all());
        assertTrue(exits.err().contains("exit-at-once' exited with code 4 while answering the handshake"), exits.err());
    }

    @Test
    void aNonPositiveTimeoutIsAUsageError() {
        CliRun run = CliRun.of("check", "--id", "relu", "--engine-process", FAKE + " ok", "--engine-timeout", "0");
        assertEquals(2, run.exit(), run.all());
        assertTrue(run.err().contains("--engine-timeout: must be a positive number of seconds"), run.err());
    }

    @Test
    void reportWritesTheProgramsRows(@TempDir Path out) throws Exception {
        CliRun run = CliRun.of("report", "--quiet", "--id", "relu", "--golden", out.resolve("none").toString(), "--out", out.toString(),
                "--engine-process", FAKE + " ok");
        assertEquals(0, run.exit(), run.all());
        assertTrue(Files.readString(out.resolve("conformance.json")).contains("\"fake-ok\""));
    }
}

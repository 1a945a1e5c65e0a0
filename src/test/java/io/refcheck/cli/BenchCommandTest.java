package io.refcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench summary}: the Markdown tables docs/benchmarks.md is pasted from. */
class BenchCommandTest {

    @Test
    void summaryPrintsEveryTableFromTheFilesAndSaysWhichAreMissing(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("b2-gradcheck-torch.json"), """
                {"torch": "1.13.0a0", "measured": "2026-11-24T09:00:00Z", "machine": "Test CPU, 2 cores", "results": [
                 {"parameters": 10080, "width": 95, "fast_mode": true, "repeats": 3, "seconds_median": 0.0025, "passed": true, "threads": 1}]}
                """);
        CliRun r = CliRun.of("bench", "summary", "--dir", dir.toString(), "--heading", "2");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().startsWith("## Benchmarks\n"), r.out());
        assertTrue(r.out().contains("### B1: plain Java against PyTorch"), r.out());
        assertTrue(r.out().contains("**not measured: no file " + dir.resolve("b1-torch-vs-java.json") + "**"), r.out());
        assertTrue(r.out().contains("| torch.autograd.gradcheck fast_mode=True | — | 2.50 ms | — | — |"), r.out());
        assertTrue(r.out().contains("Test CPU, 2 cores; measured 2026-11-24T09:00:00Z"), r.out());
        assertTrue(r.out().contains("### B3: warm `mvn -B -o verify` per phase"), r.out());
    }

    @Test
    void benchWithoutASubcommandOrWithABadHeadingIsAUsageError() {
        assertEquals(2, CliRun.of("bench").exit());
        CliRun r = CliRun.of("bench", "summary", "--heading", "7");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--heading: must be 1 to 4, got 7"), r.err());
        assertEquals(0, CliRun.of("bench", "summary", "--help").exit());
    }
}

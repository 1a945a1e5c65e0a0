package io.refcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.check.Accuracy;
import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.engine.Engine;
import io.refcheck.engine.Engines;
import io.refcheck.engine.OneFormulaBroken;
import io.refcheck.report.AccuracyResults;
import io.refcheck.report.AccuracySection;
import io.refcheck.tensor.Tensors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code refcheck accuracy}: the ranking table, exit 0 / 1 / 2, and the JSON the report reads. */
class AccuracyCommandTest {

    @Test
    void aPassingRunPrintsTheRankingWithTailRowsAndWritesTheRunTheReportReads(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("accuracy").resolve("accuracy.json");
        CliRun r = CliRun.of("accuracy", "--id", "relu,step", "--json", json.toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().startsWith("| id | check | plain-java float64 |"), r.out());
        assertTrue(r.lines().stream().anyMatch(l -> l.startsWith("| relu | oracle | 0 (#1 of ")), r.out());
        assertTrue(r.lines().stream().anyMatch(l -> l.startsWith("| relu | tail |")), r.out());
        assertTrue(r.err().startsWith("relu "), "progress per id on stderr: " + r.err());
        Accuracy.Run run = Accuracy.read(json);
        assertEquals("quick", run.mode());
        assertEquals("refcheck accuracy --id relu,step --json " + json, run.command());
        assertTrue(run.rows().stream().anyMatch(x -> x.check() == Check.TAIL), run.rows().toString());
        assertTrue(run.rows().stream().noneMatch(CheckResult::failed), run.rows().toString());
        AccuracyResults read = AccuracyResults.read(json);
        assertTrue(read.source().measured(), read.source().reason());
        String md = AccuracySection.markdown(read, List.of(), 2);
        assertTrue(md.contains("| relu | oracle | 0 (#1 of "), md);
        assertTrue(md.contains("quick sizes, seed "), md);
    }

    @Test
    void aJudgedRowThatFailsExitsOne() {
        Engine plain = Engines.plainJava();
        Engine broken = new OneFormulaBroken("one-minus-sigmoid", "sigmoid", (in, out) -> Tensors.of("a",
                plain.evaluate("sigmoid", Tensors.of("z", in.get("z").map(z -> -z))).get("a").map(s -> 1 - s)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new AccuracyCommand(() -> List.of(plain, broken)));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertEquals(1, cl.execute("--id", "sigmoid"), out + "\n" + err);
        assertTrue(out.toString().contains("| sigmoid | tail |  | 4.3e18 FAIL (#1 of 1) |"), out.toString());
        assertTrue(err.toString().contains("FAIL one-minus-sigmoid float64 tail: "), err.toString());
    }

    @Test
    void anUnknownIdAnIdTheOracleLacksOrAnUnknownEngineIsAUsageError() {
        CliRun unknown = CliRun.of("accuracy", "--id", "no_such_id");
        assertEquals(2, unknown.exit(), unknown.all());
        assertTrue(unknown.err().contains("--id: no catalog entry 'no_such_id'"), unknown.err());
        CliRun noOracle = CliRun.of("accuracy", "--id", "adam_step");
        assertEquals(2, noOracle.exit(), noOracle.all());
        assertTrue(noOracle.err().contains("--id: the oracle does not compute 'adam_step'"), noOracle.err());
        CliRun engine = CliRun.of("accuracy", "--engine", "tensorflow");
        assertEquals(2, engine.exit(), engine.all());
        assertTrue(engine.err().contains("--engine: no engine 'tensorflow'; found plain-java"), engine.err());
        assertEquals(0, CliRun.of("accuracy", "--help").exit());
    }

    @Test
    void aMissingFileIsNotMeasuredInTheReport(@TempDir Path dir) {
        AccuracyResults read = AccuracyResults.read(dir.resolve("accuracy.json"));
        assertNull(read.run());
        assertTrue(AccuracySection.markdown(read, List.of(), 2).contains("**not measured: no file "), read.source().reason());
    }
}

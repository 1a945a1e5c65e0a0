package io.refcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

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
    void formulasJsonListsEveryIdOnceWithAtLeastOnePropertyOrGradientCheck() throws Exception {
        Run r = run("formulas", "--json");
        assertEquals(0, r.exit());
        JsonNode arr = new ObjectMapper().readTree(r.out());
        assertEquals(46, arr.size());
        Set<String> ids = new HashSet<>();
        for (JsonNode n : arr) {
            assertTrue(ids.add(n.get("id").asText()), "duplicate " + n.get("id"));
            assertTrue(n.get("family").isTextual() && n.get("sources").isArray() && n.get("differentiable").isBoolean());
            boolean hasCheck = false;
            for (JsonNode c : n.get("checks")) {
                hasCheck |= c.asText().startsWith("property") || c.asText().startsWith("gradient");
            }
            assertTrue(hasCheck, n.get("id") + " has no property or gradient check: " + n.get("checks"));
        }
    }

    @Test
    void formulasPrintsAReadableTableEndingInTheCount() {
        Run r = run("formulas");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("softmax_cross_entropy"));
        assertTrue(r.out().strip().endsWith("46 formulas"), r.out());
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : new String[][] {{"--help"}, {"formulas", "--help"}, {"check", "--help"}, {"help", "check"}}) {
            Run r = run(args);
            assertEquals(0, r.exit(), String.join(" ", args));
            assertTrue(r.out().contains("Usage:"), r.out());
        }
    }

    @Test
    void aUsageErrorExitsWithTwo() {
        assertEquals(2, run("formulas", "--no-such-option").exit());
    }

    @Test
    void checkOnOneFormulaPassesAndSaysSo() {
        Run r = run("check", "--id", "sigmoid", "--quiet");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("0 failed"), r.out());
    }
}

package io.refcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.refcheck.catalog.Catalog;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void formulasJsonListsEveryIdOnceWithAtLeastOnePropertyOrGradientCheck() throws Exception {
        CliRun r = CliRun.of("formulas", "--json");
        assertEquals(0, r.exit());
        JsonNode arr = new ObjectMapper().readTree(r.out());
        assertEquals(Catalog.ids().size(), arr.size());
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
        CliRun r = CliRun.of("formulas");
        assertEquals(0, r.exit());
        assertTrue(r.all().contains("softmax_cross_entropy"));
        assertTrue(r.all().strip().endsWith(Catalog.ids().size() + " formulas"), r.all());
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : new String[][] {{"--help"}, {"formulas", "--help"}, {"check", "--help"}, {"help", "check"}}) {
            CliRun r = CliRun.of(args);
            assertEquals(0, r.exit(), String.join(" ", args));
            assertTrue(r.all().contains("Usage:"), r.all());
        }
    }

    @Test
    void aUsageErrorExitsWithTwo() {
        assertEquals(2, CliRun.of("formulas", "--no-such-option").exit());
    }

    @Test
    void checkOnOneFormulaPassesAndSaysSo() {
        CliRun r = CliRun.of("check", "--id", "sigmoid", "--quiet");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.all().contains("0 failed"), r.all());
    }
}

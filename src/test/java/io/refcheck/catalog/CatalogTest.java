package io.refcheck.catalog;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.refcheck.SharedReport;
import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Sampling;
import io.refcheck.engine.PlainJavaEngine;
import io.refcheck.tensor.Dtype;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every entry of the catalog, checked on the plain-Java engine by the same {@link Conformance}
 * code the report uses: worked examples, finite-difference and DerivativeStructure gradient
 * checks, every fact as a seeded property, every bad input, every erratum. Run a subset with
 * {@code -Drefcheck.ids=softmax,entropy}; the seed is {@code -Drefcheck.seed} (printed on failure).
 */
class CatalogTest {
    private static final long SEED = Sampling.defaultSeed();

    /** The committed catalog reference: one "### id" section per entry, under the section headings "## A." to "## G.". */
    private static final Path CATALOG_MD = Path.of("docs/catalog.md");

    /** The ids of the "### id" sections of docs/catalog.md's sections A–G, in the order the file has them. */
    static List<String> documentedIds() throws IOException {
        List<String> ids = new ArrayList<>();
        boolean inCatalog = false;
        for (String line : Files.readAllLines(CATALOG_MD)) {
            if (line.startsWith("## ")) {
                inCatalog = line.matches("## [A-G]\\..*");
            }
            if (inCatalog && line.startsWith("### ")) {
                ids.add(line.substring(4).trim());
            }
        }
        return ids;
    }

    private static List<Formula> selected() {
        List<String> wanted = SharedReport.ids();
        return Catalog.all().stream().filter(f -> wanted.contains(f.id())).toList();
    }

    /**
     * The catalog's ids are the sections of the committed docs/catalog.md, in its order: an entry
     * added, removed, renamed or moved shows in the reference readers see (regenerated with
     * {@code refcheck formulas --markdown docs/catalog.md}), and the reference documents no id the
     * catalog lacks.
     */
    @Test
    void theCatalogHoldsEveryIdOfDocsCatalogMdInItsOrder() throws IOException {
        List<String> documented = documentedIds();
        assertFalse(documented.isEmpty(), "docs/catalog.md has no \"### id\" section under \"## A.\" to \"## G.\"");
        assertEquals(documented, Catalog.ids());
    }

    @Test
    void theCatalogAgreesWithTheSharedFormulasMdWhenItIsPresent() throws IOException {
        Path md = Path.of(System.getProperty("refcheck.formulas", "../shared/FORMULAS.md"));
        if (!Files.exists(md)) {
            return; // the shared catalog is beside the checkout in CI; docs/catalog.md is then checked against it
        }
        List<String> ids = new ArrayList<>();
        boolean inCatalog = false;
        Matcher m;
        for (String line : Files.readAllLines(md)) {
            if (line.startsWith("## ")) {
                inCatalog = line.matches("## [A-G]\\..*");
            }
            if (inCatalog && (m = Pattern.compile("^\\| ([a-z0-9_]+) \\|").matcher(line)).find() && !m.group(1).equals("id")) {
                ids.add(m.group(1));
            }
        }
        assertEquals(documentedIds(), ids);
    }

    /**
     * The plain-Java rows of the one conformance run this JVM makes (see {@link SharedReport}), one test per row.
     *
     * <p>Under {@code -Drefcheck.uncached=true} (mutation testing) there is one test per id instead, which computes
     * the id's rows inside the test: PIT times and covers each test from its start to its end, so rows computed while
     * the factory builds its containers would be charged to no test, and PIT would give the catalog's tests the
     * time-out of an empty test and run them first, as the cheapest (most of the run's time-outs came from that).
     */
    @TestFactory
    Stream<DynamicNode> everyEntryPassesEveryCheckOnPlainJava() {
        if (Boolean.getBoolean("refcheck.uncached")) {
            return selected().stream().map(f -> dynamicTest(f.id() + " passes every check on plain Java", () -> {
                List<CheckResult> rows = SharedReport.rows(PlainJavaEngine.NAME, Dtype.FLOAT64, f.id());
                assertFalse(rows.isEmpty(), f.id() + " has no plain-Java rows");
                assertAll(rows.stream().map(row -> () -> assertFalse(row.failed(), () -> describe(row))));
            }));
        }
        return selected().stream().map(f -> dynamicContainer(f.id(),
                SharedReport.rows(PlainJavaEngine.NAME, Dtype.FLOAT64, f.id()).stream().map(row -> dynamicTest(
                        row.check() + (row.check() == Check.PROPERTY ? ": " + sentence(row) : ""),
                        () -> assertFalse(row.failed(), () -> describe(row))))));
    }

    private static String sentence(CheckResult row) {
        int colon = row.reason().indexOf(": ");
        return colon < 0 ? row.reason() : row.reason().substring(0, colon);
    }

    private static String describe(CheckResult row) {
        return row.id() + " " + row.check() + " failed (seed " + row.seed() + ", rerun with -Drefcheck.seed="
                + SEED + " -Drefcheck.ids=" + row.id() + "): " + row.reason()
                + String.format(" [max abs %.3g, max rel %.3g, max ulp %d]", row.maxAbsError(), row.maxRelError(), row.maxUlp());
    }

    @TestFactory
    Stream<DynamicNode> everyEntryCoversEveryKindOfBadInput() {
        return selected().stream().map(f -> dynamicTest(f.id() + " covers NaN, ±Inf, empty, shape and domain", () -> {
            Set<BadInput.Category> covered = EnumSet.noneOf(BadInput.Category.class);
            f.badInputs().forEach(b -> covered.add(b.category()));
            assertEquals(EnumSet.allOf(BadInput.Category.class), covered, f.id() + " lacks bad-input categories");
        }));
    }

    @TestFactory
    Stream<DynamicNode> everyEntryStatesItsFormulaSourcesAndAtLeastOneCheck() {
        return selected().stream().map(f -> dynamicTest(f.id() + " is fully described", () -> {
            assertFalse(f.sources().isEmpty(), "sources");
            assertFalse(f.formula().isBlank(), "formula");
            assertFalse(f.inputs().isEmpty(), "inputs");
            assertFalse(f.outputs().isEmpty(), "outputs");
            assertFalse(f.examples().isEmpty(), "a worked example");
            assertTrue(f.differentiable() || !f.facts().isEmpty(), "a gradient check or a property");
            if (!f.differentiable()) {
                assertFalse(f.conventions().isEmpty(), "a non-differentiable id says why in a convention");
            }
        }));
    }

    @TestFactory
    Stream<DynamicNode> everyErratumShowsTheSeedWrongAndTheCorrectionRight() {
        return selected().stream().flatMap(f -> f.errata().stream().map(e -> dynamicTest(
                "§I." + e.item() + " (" + f.id() + "): " + e.sourceForm() + " → " + e.corrected(), () -> {
                    Erratum.Evidence ev = e.evidence().get();
                    assertTrue(ev.sourceIsWrong(), () -> "source's formula not clearly wrong: " + ev);
                    assertTrue(ev.correctedHolds(), () -> "corrected formula fails: " + ev);
                })));
    }

    @Test
    void errataOneToFiveOfFormulasMdAreEachDemonstrated() {
        Set<Integer> items = Catalog.all().stream().flatMap(f -> f.errata().stream()).map(Erratum::item)
                .collect(Collectors.toSet());
        assertTrue(items.containsAll(Set.of(1, 2, 3, 4, 5)), "errata demonstrated: " + items);
    }
}

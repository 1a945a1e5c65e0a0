package io.refcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.catalog.Port;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormulasCommandTest {
    private static final Path CATALOG_MD = Path.of("docs/catalog.md");
    private static final String RENDERED = CatalogMarkdown.render();

    @Test
    void theCommittedDocsCatalogIsWhatFormulasMarkdownWritesNow() throws Exception {
        assertTrue(Files.exists(CATALOG_MD), CATALOG_MD + " is missing; write it with " + CatalogMarkdown.COMMAND);
        List<String> committed = Files.readAllLines(CATALOG_MD, StandardCharsets.UTF_8);
        List<String> now = RENDERED.lines().toList();
        for (int i = 0; i < Math.max(committed.size(), now.size()); i++) {
            String c = i < committed.size() ? committed.get(i) : "(end of file)";
            String n = i < now.size() ? now.get(i) : "(end of file)";
            if (!c.equals(n)) {
                fail(CATALOG_MD + " is stale: line " + (i + 1) + " is\n  " + c + "\nbut the catalog now gives\n  " + n
                        + "\nRegenerate it with: " + CatalogMarkdown.COMMAND);
            }
        }
    }

    @Test
    void formulasIdShowsThePortNamesAUserCopiesWithShapeAndKind() {
        CliRun r = CliRun.of("formulas", "--id", "softmax_cross_entropy");
        assertEquals(0, r.exit(), r.all());
        List<String> rows = r.lines().stream().map(String::strip).toList();
        assertTrue(rows.contains("logits  in      differentiable  [N, C]  real     z, real"), r.out());
        assertTrue(rows.contains("labels  in      fixed           [N]     integer  c, integer class indices in [0, C)"), r.out());
        assertTrue(rows.stream().anyMatch(l -> l.startsWith("loss    out     differentiable  []      real")), r.out());
        assertTrue(r.out().contains("Tensors.of(\"logits\", logits, \"labels\", labels)"), r.out());
        assertTrue(r.out().contains("Tensor of doubles"), r.out());
        for (String section : List.of("conventions:", "facts (", "bad inputs (")) {
            assertTrue(rows.stream().anyMatch(l -> l.startsWith(section)), section + " missing:\n" + r.out());
        }
        assertTrue(r.out().contains("domain: label 3 with 3 classes (torch raises: Target 3 is out of bounds) → "
                + "IllegalArgumentException naming labels: \"integer in [0, 3)\""), r.out());
        assertTrue(r.out().contains("nan: NaN logit → IEEE result: "), r.out());
    }

    @Test
    void formulasIdShowsKinksAndErrataWhereTheEntryHasThem() {
        CliRun r = CliRun.of("formulas", "--id", "relu,dropout");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("an engine declaring 'relu'(0) = 1'"), r.out());
        assertTrue(r.out().contains("errata (") && r.out().contains("§I.5 (S3)"), r.out());
        assertTrue(r.out().indexOf("relu — A. Activations") < r.out().indexOf("dropout — G. Initialisation and dropout"), r.out());
    }

    @Test
    void anUnknownIdIsAUsageErrorNamingTheNearestIds() {
        CliRun r = CliRun.of("formulas", "--id", "softmax,softmax_crossentropy");
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.err().contains("no catalog entry 'softmax_crossentropy'; did you mean softmax_cross_entropy?"), r.err());
    }

    @Test
    void formulasJsonCarriesThePortsFactsAndBadInputRulesOfTheEntry() throws Exception {
        CliRun r = CliRun.of("formulas", "--json", "--id", "one_hot,adam_step");
        assertEquals(0, r.exit(), r.all());
        JsonNode arr = new ObjectMapper().readTree(r.out());
        assertEquals(2, arr.size());
        for (JsonNode n : arr) {
            Formula f = Catalog.get(n.get("id").asText());
            assertEquals(describe(f.inputs()), describe(n.get("inputs")), f.id());
            assertEquals(describe(f.outputs()), describe(n.get("outputs")), f.id());
            assertEquals(f.facts().size(), n.get("facts").size());
            assertEquals(f.badInputs().size(), n.get("badInputs").size());
            assertEquals(f.conventions().size(), n.get("conventions").size());
        }
        JsonNode classes = arr.get(0).get("inputs").get(1);
        assertEquals("classes [] integer hyperparameter fixed", classes.get("name").asText() + " " + classes.get("shape").asText() + " "
                + classes.get("kind").asText() + " " + (classes.get("differentiable").asBoolean() ? "differentiable" : "fixed"));
        JsonNode nanLabel = arr.get(0).get("badInputs").get(0);
        assertEquals("rejects labels", nanLabel.get("expected").asText() + " " + nanLabel.get("argument").asText());
    }

    @Test
    void formulasMarkdownWritesTheWholeCatalogToTheFileItNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("docs/catalog.md");
        CliRun r = CliRun.of("formulas", "--markdown", file.toString());
        assertEquals(0, r.exit(), r.all());
        String written = Files.readString(file, StandardCharsets.UTF_8);
        assertEquals(RENDERED, written);
        for (String id : Catalog.ids()) {
            assertTrue(written.contains("\n### " + id + "\n"), id);
        }
        assertEquals(2, CliRun.of("formulas", "--markdown", file.toString(), "--id", "relu").exit());
    }

    private static List<String> describe(List<Port> ports) {
        return ports.stream().map(p -> p.name() + " " + p.direction().label() + " " + p.shape() + " " + p.kind().label() + " "
                + p.differentiable()).toList();
    }

    private static List<String> describe(JsonNode ports) {
        List<String> out = new ArrayList<>();
        ports.forEach(p -> out.add(p.get("name").asText() + " " + p.get("direction").asText() + " " + p.get("shape").asText() + " "
                + p.get("kind").asText() + " " + p.get("differentiable").asBoolean()));
        return out;
    }
}

package io.refcheck.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.refcheck.catalog.BadInput;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Family;
import io.refcheck.catalog.Formula;
import io.refcheck.catalog.Port;
import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Status;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog's bad inputs as PyTorch itself handles them: the committed export is the catalog's,
 * PyTorch 1.13 gives every IEEE result the entries document, and a claim PyTorch contradicts, a
 * damaged or stale results file, or a rejection PyTorch does not share, is reported as exactly that.
 * No Python runs here: the results are the committed cpu-float64 set's.
 */
class TorchBadInputsTest {
    private static final Path SET = Golden.DEFAULT_DIR.resolve(TorchGolden.DIR).resolve(TorchGolden.CPU_FLOAT64);

    private static String show(List<CheckResult> rows) {
        return rows.stream().map(r -> r.status() + " " + r.id() + ": " + r.reason()).collect(Collectors.joining("\n"));
    }

    private static JsonNode index() throws IOException {
        return Golden.reader().readTree(SET.resolve(Golden.INDEX).toFile());
    }

    @Test
    void theCommittedBadInputExportIsTheCatalogsOwn() throws IOException {
        byte[] committed = Files.readAllBytes(Golden.DEFAULT_DIR.resolve(TorchBadInputs.FILE));
        assertEquals(new String(TorchBadInputs.render(), StandardCharsets.UTF_8), new String(committed, StandardCharsets.UTF_8),
                "golden-data/" + TorchBadInputs.FILE + " is stale: run `" + TorchForms.COMMAND + "`, then scripts/torch_golden.py "
                        + "for the CPU float64 set (docs/engines.md)");
        JsonNode export = Golden.reader().readTree(committed);
        assertEquals(Catalog.all().stream().filter(f -> f.pytorchByValue().isPresent()).count(), export.get("ids").size());
        // labels reach PyTorch as int64, as F.cross_entropy wants them; logits stay real
        JsonNode ce = find(export.get("ids"), "softmax_cross_entropy").get("cases").get(0).get("inputs");
        for (JsonNode in : ce) {
            assertEquals(in.get("name").asText().equals("labels"), in.get("integer").asBoolean(), in.toString());
        }
    }

    @Test
    void pyTorchGivesEveryIeeeResultTheEntriesDocument() throws IOException {
        JsonNode index = index();
        assertEquals(TorchBadInputs.sha256(), index.get("badInputs").get("exportSha256").asText(),
                "the cpu-float64 set ran an earlier bad-input export: rerun scripts/torch_golden.py (docs/engines.md)");
        List<CheckResult> rows = TorchBadInputs.check(SET, TorchGolden.CPU_FLOAT64, index, "cpu", index.get("seed").asLong());
        assertEquals(Catalog.all().stream().filter(f -> f.pytorchByValue().isPresent()).count(), rows.size(), show(rows));
        assertTrue(rows.stream().allMatch(r -> r.status() == Status.PASS), () -> show(rows));
        int ieee = rows.stream().mapToInt(r -> count(r.reason(), "IEEE results as PyTorch gives them")).sum();
        int both = rows.stream().mapToInt(r -> count(r.reason(), "rejected by both")).sum();
        assertTrue(ieee >= 130 && both >= 50, "IEEE " + ieee + ", rejected by both " + both);
    }

    /** The number written just before {@code phrase} in a row's reason ("…: 4 IEEE results as …"). */
    private static int count(String reason, String phrase) {
        int at = reason.indexOf(" " + phrase);
        int from = reason.lastIndexOf(' ', at - 1) + 1;
        return Integer.parseInt(reason.substring(from, at));
    }

    @Test
    void anIeeeResultPyTorchDoesNotGiveFailsTheIdAndNamesTheInput(@TempDir Path tmp) throws IOException {
        ObjectNode results = committedResults();
        ObjectNode sigmoidNaN = (ObjectNode) caseOf(results, "sigmoid", "NAN");
        ObjectNode output = (ObjectNode) sigmoidNaN.get("outputs").get(0);
        ArrayNode values = output.putArray("values");
        for (int i = 0; i < output.get("shape").get(0).asInt(); i++) {
            values.add(0.5); // as if PyTorch turned the NaN into a number
        }
        List<CheckResult> rows = checkRewritten(tmp, results);
        List<CheckResult> failed = rows.stream().filter(CheckResult::failed).toList();
        assertEquals(List.of("sigmoid"), failed.stream().map(CheckResult::id).toList(), show(rows));
        assertTrue(failed.get(0).reason().startsWith("1 contradict the entry: NAN (" + sigmoidNaN.get("description").asText()
                + "): PyTorch gives {a=Tensor"), failed.get(0).reason());
    }

    @Test
    void anIeeeResultOnWhichPyTorchRaisesFailsTheId(@TempDir Path tmp) throws IOException {
        ObjectNode results = committedResults();
        ObjectNode tanhInf = (ObjectNode) caseOf(results, "tanh", "INFINITY");
        tanhInf.remove("outputs");
        tanhInf.put("raised", "RuntimeError: invented for the test");
        List<CheckResult> failed = checkRewritten(tmp, results).stream().filter(CheckResult::failed).toList();
        assertEquals(1, failed.size(), show(failed));
        assertTrue(failed.get(0).id().equals("tanh") && failed.get(0).reason().contains("PyTorch raises RuntimeError: invented for the test, "
                + "the entry says"), failed.get(0).reason());
    }

    @Test
    void aRejectionPyTorchDoesNotShareIsListedWithWhatPyTorchReturned(@TempDir Path tmp) throws IOException {
        ObjectNode results = committedResults();
        ObjectNode rejected = null;
        for (JsonNode c : results.get("cases")) {
            if (c.get("id").asText().equals("softmax_cross_entropy") && c.has("raised")) {
                rejected = (ObjectNode) c;
                break;
            }
        }
        assertTrue(rejected != null, "PyTorch rejects some bad input of softmax_cross_entropy");
        rejected.remove("raised");
        ObjectNode loss = rejected.putArray("outputs").addObject();
        loss.put("name", "loss");
        loss.putArray("shape");
        loss.putArray("values").add(7.0);
        CheckResult ce = checkRewritten(tmp, results).stream().filter(r -> r.id().equals("softmax_cross_entropy")).findFirst().orElseThrow();
        assertEquals(Status.PASS, ce.status(), ce.reason());
        assertTrue(ce.reason().contains("rejected by refcheck where PyTorch returns (a rule PyTorch does not check): ")
                && ce.reason().contains("PyTorch returns {loss=Tensor[] [7.0]}"), ce.reason());
    }

    /** An id whose only bad inputs are rejected here and returned by PyTorch has nothing confirmed: not applicable, never a pass. */
    @Test
    void rejectionsAloneAreNeverAPass() {
        Formula onlyRejects = Formula.define("only_rejects", Family.ACTIVATION).formula("a = z, z ≥ 0")
                .input(Port.differentiable("z", "[...]", "z ≥ 0")).output("a", "[...]", "a = z").compute(in -> Tensors.of("a", in.get("z")))
                .samples(Arbitraries.just(Tensors.of("z", Tensor.vector(1))))
                .noPytorch("a test entry").noOnnx("a test entry")
                .bad(BadInput.rejects(BadInput.Category.DOMAIN, "a negative z", Tensors.of("z", Tensor.vector(-1)), "z", "must be ≥ 0"))
                .bad(BadInput.notApplicable(BadInput.Category.SHAPE, "every shape is valid"))
                .build();
        TorchBadInputs.Outcome returned = new TorchBadInputs.Outcome("only_rejects", 0, "DOMAIN", "a negative z",
                Tensors.of("a", Tensor.vector(-1)), null);
        CheckResult r = TorchBadInputs.judge(onlyRejects, List.of(returned), "test", "cpu", 1);
        assertEquals(Status.NOT_APPLICABLE, r.status(), r.reason());
        assertTrue(r.reason().contains("0 IEEE results as PyTorch gives them, 0 rejected by both, 1 rejected by refcheck where PyTorch "
                + "returns"), r.reason());
        CheckResult missing = TorchBadInputs.judge(onlyRejects, List.of(), "test", "cpu", 1);
        assertEquals(Status.FAIL, missing.status(), "a bad input with no PyTorch result is a stale set: " + missing.reason());
    }

    @Test
    void aDamagedStaleOrMissingResultsFileFailsBeforeAnyComparison(@TempDir Path tmp) throws IOException {
        JsonNode index = index();
        Path copy = tmp.resolve("set");
        Files.createDirectories(copy);
        Files.copy(SET.resolve(TorchBadInputs.RESULTS), copy.resolve(TorchBadInputs.RESULTS));
        Damage.flipByte(copy.resolve(TorchBadInputs.RESULTS));
        assertSingleFailure(TorchBadInputs.check(copy, "set", index, "cpu", 1), "set set bad-inputs.json: sha256 ");

        ObjectNode stale = index.deepCopy();
        ((ObjectNode) stale.get("badInputs")).put("exportSha256", "0".repeat(64));
        assertSingleFailure(TorchBadInputs.check(SET, "set", stale, "cpu", 1), "set set bad-inputs.json: computed on another ");

        ObjectNode predates = index.deepCopy();
        predates.remove("badInputs");
        assertSingleFailure(TorchBadInputs.check(SET, "set", predates, "cpu", 1), "set set: index.json has no \"badInputs\"");

        Files.delete(copy.resolve(TorchBadInputs.RESULTS));
        assertSingleFailure(TorchBadInputs.check(copy, "set", index, "cpu", 1), "set set bad-inputs.json: missing or unreadable");
    }

    private static void assertSingleFailure(List<CheckResult> rows, String reasonStart) {
        assertEquals(1, rows.size(), show(rows));
        assertTrue(rows.get(0).failed() && rows.get(0).check() == Check.BAD_INPUT && rows.get(0).reason().startsWith(reasonStart),
                show(rows));
    }

    private static ObjectNode committedResults() throws IOException {
        return (ObjectNode) Golden.reader().readTree(SET.resolve(TorchBadInputs.RESULTS).toFile());
    }

    private static JsonNode caseOf(JsonNode results, String id, String category) {
        for (JsonNode c : results.get("cases")) {
            if (c.get("id").asText().equals(id) && c.get("category").asText().equals(category) && c.has("outputs")) {
                return c;
            }
        }
        throw new AssertionError("no " + category + " case with outputs for " + id);
    }

    private static JsonNode find(JsonNode ids, String id) {
        for (JsonNode n : ids) {
            if (n.get("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no " + id);
    }

    /** The rows for the results rewritten into a folder of their own, with an index that records their sha256. */
    private static List<CheckResult> checkRewritten(Path tmp, ObjectNode results) throws IOException {
        byte[] bytes = Golden.json().writeValueAsBytes(results);
        Files.write(tmp.resolve(TorchBadInputs.RESULTS), bytes);
        ObjectNode index = index().deepCopy();
        ((ObjectNode) index.get("badInputs")).put("sha256", Golden.sha256(bytes));
        List<CheckResult> rows = TorchBadInputs.check(tmp, "rewritten", index, "cpu", 1);
        assertFalse(rows.isEmpty());
        return rows;
    }
}

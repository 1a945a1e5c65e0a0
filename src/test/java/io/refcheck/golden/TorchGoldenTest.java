package io.refcheck.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Status;
import io.refcheck.engine.Engine;
import io.refcheck.engine.OneFormulaBroken;
import io.refcheck.onnx.OnnxTensor;
import io.refcheck.onnx.TensorProtos;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch-in-Python golden sets: the committed forms.json is the catalog's, the committed CPU
 * sets (PyTorch 1.13) pass for plain Java in values and gradients, damaged data is reported as
 * exactly that, a wrong plain-Java formula is caught, and the CPU-vs-CUDA delta is what the sets
 * say — or unavailable, never a pass, where a set is missing. No Python runs here.
 */
class TorchGoldenTest {
    private static final Path COMMITTED = Golden.DEFAULT_DIR;
    private static final Path SETS = COMMITTED.resolve(TorchGolden.DIR);

    private static String show(List<CheckResult> rows) {
        return rows.stream().limit(20).map(r -> r.status() + " " + r.dtype() + " " + r.check() + " " + r.id() + ": " + r.reason())
                .collect(Collectors.joining("\n"));
    }

    @Test
    void theCommittedFormsExportIsTheCatalogsOwn() throws IOException {
        byte[] committed = Files.readAllBytes(COMMITTED.resolve(TorchForms.FILE));
        assertEquals(new String(TorchForms.render(), StandardCharsets.UTF_8), new String(committed, StandardCharsets.UTF_8),
                "golden-data/" + TorchForms.FILE + " is stale: run `" + TorchForms.COMMAND + "`, then scripts/torch_golden.py "
                        + "for the CPU sets (docs/engines.md)");
        JsonNode forms = Golden.reader().readTree(committed);
        long withForm = Catalog.all().stream().filter(f -> f.pytorchByValue().isPresent()).count();
        assertEquals(withForm, forms.get("forms").size());
        assertEquals(Catalog.ids().size() - withForm, forms.get("noForm").size());
        for (JsonNode f : forms.get("noForm")) {
            assertFalse(f.get("reason").asText().isBlank(), f.toString());
        }
    }

    @Test
    void theCommittedCpuSetsWereComputedFromTheCommittedForms() throws IOException {
        String forms = Golden.sha256(Files.readAllBytes(COMMITTED.resolve(TorchForms.FILE)));
        for (String set : List.of(TorchGolden.CPU_FLOAT64, TorchGolden.CPU_FLOAT32)) {
            JsonNode index = Golden.reader().readTree(SETS.resolve(set).resolve(Golden.INDEX).toFile());
            assertEquals(forms, index.get("formsSha256").asText(), set + " predates forms.json: rerun scripts/torch_golden.py (docs/engines.md)");
            assertEquals(TorchGolden.ENGINE, index.get("engine").asText());
            assertEquals("cpu", index.get("device").asText());
            assertEquals(0, index.get("failed").size(), index.get("failed").toString());
        }
    }

    @Test
    void plainJavaAgreesWithEveryCommittedTorchSetInValuesAndGradients() {
        List<CheckResult> rows = new TorchGoldenChecker().check(COMMITTED);
        List<CheckResult> notPassed = rows.stream().filter(r -> r.status() != Status.PASS).toList();
        // Two float32 gradients fall outside the float32 tolerance for float32 reasons, and are shown as
        // measured, not judged: logsumexp_1 (torch's backward exp(z − lse) inherits float32 lse's rounding,
        // 6e-5 absolute at |lse| ≈ 1000: 1.2e-5 off) and mlp_forward_2 (a relu pre-activation within float32
        // rounding of 0 flips relu'). Anything else not passing fails here.
        assertEquals(Set.of("logsumexp", "mlp_forward"), notPassed.stream().map(CheckResult::id).collect(Collectors.toSet()), () -> show(notPassed));
        assertTrue(notPassed.stream().allMatch(r -> r.status() == Status.NOT_APPLICABLE && r.dtype() == Dtype.FLOAT32
                && r.check() == Check.GOLDEN_GRADIENT && r.reason().startsWith("measured, not judged")), () -> show(notPassed));
        assertTrue(rows.stream().allMatch(r -> r.engine().equals(TorchGolden.ENGINE)));
        for (Dtype dtype : Dtype.values()) {
            Set<String> ids = rows.stream().filter(r -> r.dtype() == dtype && r.device().equals("cpu")
                            && r.check() == Check.GOLDEN)
                    .map(CheckResult::id).collect(Collectors.toSet());
            for (Formula f : Catalog.all()) {
                boolean expected = f.pytorchByValue().isPresent() && !(f.id().equals("one_hot") && dtype == Dtype.FLOAT64);
                assertEquals(expected, ids.contains(f.id()), f.id() + " " + dtype);
            }
            long gradients = rows.stream().filter(r -> r.dtype() == dtype && r.check() == Check.GOLDEN_GRADIENT).count();
            long differentiable = Catalog.all().stream().filter(f -> f.pytorchByValue().isPresent() && f.differentiable()).count();
            assertTrue(gradients >= 2 * differentiable, dtype + ": " + gradients + " gradient rows");
        }
    }

    /** A plain-Java softmax off by 1e-9 relative in one element: every torch set names the case, the output and the element. */
    @Test
    void aBrokenPlainJavaFormulaIsCaughtByTheTorchSets() {
        Engine broken = OneFormulaBroken.softmaxLastEntryOffBy("plain-java", 1e-9);
        List<CheckResult> rows = new TorchGoldenChecker(broken).check(COMMITTED);
        List<CheckResult> failed = rows.stream().filter(CheckResult::failed).toList();
        assertFalse(failed.isEmpty());
        assertTrue(failed.stream().allMatch(r -> r.id().equals("softmax") && r.check() == Check.GOLDEN
                && r.dtype() == Dtype.FLOAT64), show(failed));
        assertTrue(failed.get(0).reason().matches("set cpu-float64 case softmax_\\d, output s: worst element \\[.*\\] — element \\d+: got .*"),
                failed.get(0).reason());
    }

    /** A vjp with the wrong sign for one input: the gradient rows catch it where the values pass. */
    @Test
    void aBrokenPlainJavaGradientIsCaughtByTheTorchSets() {
        Engine brokenVjp = OneFormulaBroken.gradient("plain-java", "mse", (in, g) -> g.with("target", g.get("target").map(x -> -x)));
        List<CheckResult> rows = new TorchGoldenChecker(brokenVjp).check(COMMITTED);
        List<CheckResult> failed = rows.stream().filter(CheckResult::failed).toList();
        assertFalse(failed.isEmpty());
        assertTrue(failed.stream().allMatch(r -> r.id().equals("mse") && r.check() == Check.GOLDEN_GRADIENT
                && r.dtype() == Dtype.FLOAT64 && r.reason().contains("gradient target")), show(failed));
        // a float32 gradient outside the tolerance is measured, not judged: not-applicable (never a pass), the mismatch in its reason
        assertTrue(rows.stream().anyMatch(r -> r.id().equals("mse") && r.dtype() == Dtype.FLOAT32
                && r.check() == Check.GOLDEN_GRADIENT && r.status() == Status.NOT_APPLICABLE
                && r.reason().startsWith("measured, not judged") && r.reason().contains("gradient target")), show(rows));
    }

    @Test
    void damagedTorchCasesAreReportedAsExactlyThatAndNeverCompared(@TempDir Path tmp) throws IOException {
        Path set = tmp.resolve(TorchGolden.DIR).resolve(TorchGolden.CPU_FLOAT64);
        Damage.copyTree(SETS.resolve(TorchGolden.CPU_FLOAT64), set);
        Damage.flipByte(set.resolve("softmax_0/test_data_set_0/output_0.pb"));
        int wholeLength = Damage.truncate(set.resolve("mse_1/test_data_set_0/input_0.pb"));
        Files.delete(set.resolve("relu_2/test_data_set_0/output_1.pb"));
        Path manifest = set.resolve("tanh_0/manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"cpu\"", "\"gpu\""));
        Damage.copyTree(set.resolve("tanh_1"), set.resolve("tanh_9"));

        List<CheckResult> rows = new TorchGoldenChecker().check(tmp);
        Map<String, Check> failures = new TreeMap<>();
        rows.stream().filter(CheckResult::failed).forEach(r -> failures.put(r.reason(), r.check()));
        String all = String.join("\n", failures.keySet());
        assertTrue(failures.keySet().stream().anyMatch(r -> r.startsWith("set cpu-float64 case softmax_0: test_data_set_0/output_0.pb: "
                + "sha256 mismatch (manifest records ")), all);
        assertTrue(failures.containsKey("set cpu-float64 case mse_1: test_data_set_0/input_0.pb: truncated (" + wholeLength / 2 + " of "
                + wholeLength + " bytes)"), all);
        assertTrue(failures.containsKey("set cpu-float64 case relu_2: test_data_set_0/output_1.pb: missing"), all);
        assertTrue(failures.keySet().stream().anyMatch(r -> r.startsWith("set cpu-float64 case tanh_0: manifest.json: sha256 mismatch "
                + "(index.json records ")), all);
        assertTrue(failures.containsKey("set cpu-float64 case tanh_9: not listed in the set's index.json (left over, or added by hand)"), all);
        assertEquals(5, failures.size(), all);
        // a damaged case gives one failing row and no comparison; its intact neighbours still pass
        for (String damaged : List.of("softmax_0", "mse_1", "relu_2", "tanh_0")) {
            List<CheckResult> caseRows = rows.stream().filter(r -> r.reason().startsWith("set cpu-float64 case " + damaged + ":")).toList();
            assertEquals(1, caseRows.size(), damaged);
            assertEquals(0, caseRows.get(0).maxAbsError(), damaged);
        }
        assertTrue(rows.stream().filter(r -> r.id().equals("softmax") && !r.failed()).count() >= 2, show(rows));
    }

    @Test
    void aSetWithoutAnIndexOrWithAnUnexplainedGapFails(@TempDir Path tmp) throws IOException {
        Path set = tmp.resolve(TorchGolden.DIR).resolve("cuda-float64");
        Files.createDirectories(set);
        List<CheckResult> none = new TorchGoldenChecker().check(tmp);
        assertEquals(1, none.size());
        assertTrue(none.get(0).failed() && none.get(0).reason().startsWith("set cuda-float64: index.json missing"), none.get(0).reason());
        Files.writeString(set.resolve(Golden.INDEX), "{\"dtype\": \"float64\", \"device\": \"cuda\", \"seed\": 1, \"cases\": [], "
                + "\"skipped\": [{\"id\": \"sigmoid\", \"reason\": \"no frozen inputs\"}]}");
        List<CheckResult> all = new TorchGoldenChecker().check(tmp);
        // a float64 set also owes PyTorch's results on the bad inputs: this one predates them
        List<CheckResult> badInputs = all.stream().filter(r -> r.check() == Check.BAD_INPUT).toList();
        assertEquals(1, badInputs.size(), show(badInputs));
        assertTrue(badInputs.get(0).failed() && badInputs.get(0).reason().startsWith("set cuda-float64: index.json has no \"badInputs\""),
                badInputs.get(0).reason());
        List<CheckResult> empty = all.stream().filter(r -> r.check() != Check.BAD_INPUT).toList();
        assertTrue(empty.stream().allMatch(r -> r.failed() && r.device().equals("cuda") && r.reason().contains("no case for ")), show(empty));
        assertTrue(empty.stream().noneMatch(r -> r.id().equals("sigmoid")), "sigmoid's gap has a reason");
        assertEquals(Catalog.all().stream().filter(f -> f.pytorchByValue().isPresent()).count() - 1, empty.size());
    }

    /** Two sets on the same inputs, one output nudged by 3e-14: the delta is exactly that; the other ids measure 0. */
    @Test
    void theCpuVsCudaDeltaOfASyntheticPairIsWhatTheSetsHold(@TempDir Path tmp) throws IOException {
        Path cpu = tmp.resolve(TorchGolden.DIR).resolve(TorchGolden.CPU_FLOAT64);
        Path cuda = tmp.resolve(TorchGolden.DIR).resolve(TorchGolden.CUDA_FLOAT64);
        Damage.copyTree(SETS.resolve(TorchGolden.CPU_FLOAT64), cpu);
        Damage.copyTree(SETS.resolve(TorchGolden.CPU_FLOAT64), cuda);
        Tensor s = rewrite(cuda, "softmax_1", "output", 0, 3e-14);

        List<TorchDeltas.Delta> deltas = TorchDeltas.of(tmp);
        TorchDeltas.Delta softmax = find(deltas, "softmax", Dtype.FLOAT64, TorchDeltas.CPU_VS_CUDA);
        assertTrue(softmax.measured(), softmax.toString());
        assertEquals(3e-14, softmax.maxAbs(), 1e-29);
        assertEquals(3e-14 / Math.abs(s.at(0)), softmax.maxRel(), 1e-12 * softmax.maxRel());
        assertEquals(3, softmax.cases());
        assertTrue(softmax.worst().startsWith("case softmax_1, output s element 0: "), softmax.worst());
        assertEquals("cuda-float64 vs cpu-float64", softmax.sets());
        TorchDeltas.Delta sigmoid = find(deltas, "sigmoid", Dtype.FLOAT64, TorchDeltas.CPU_VS_CUDA);
        assertTrue(sigmoid.measured() && sigmoid.maxAbs() == 0 && sigmoid.maxRel() == 0, sigmoid.toString());
        // no float32 CUDA sets: unavailable with the reason, for every id
        for (TorchDeltas.Delta d : deltas) {
            if (d.dtype() == Dtype.FLOAT32) {
                assertFalse(d.measured(), d.toString());
                assertTrue(d.reason().startsWith("no CUDA set in golden-data (pytorch-python/cuda-float32-"), d.reason());
            }
        }
        // one_hot has no float64 case in either set: unavailable, saying why
        TorchDeltas.Delta oneHot = find(deltas, "one_hot", Dtype.FLOAT64, TorchDeltas.CPU_VS_CUDA);
        assertFalse(oneHot.measured());
        assertTrue(oneHot.reason().contains("no frozen inputs"), oneHot.reason());

        // a CUDA case computed on other inputs is not compared
        rewrite(cuda, "softmax_2", "input", 0, 1e-3);
        TorchDeltas.Delta other = find(TorchDeltas.of(tmp), "softmax", Dtype.FLOAT64, TorchDeltas.CPU_VS_CUDA);
        assertFalse(other.measured());
        assertEquals("case softmax_2 was computed on other inputs: z differs", other.reason());
    }

    /** CUDA float32 sets with TF32 on and off (copies of the CPU set here): the TF32 effect is the nudge; without TF32 observed, none. */
    @Test
    void theTf32EffectComparesTheTwoCudaFloat32SetsOnlyWhenTf32WasObserved(@TempDir Path tmp) throws IOException {
        Path root = tmp.resolve(TorchGolden.DIR);
        Damage.copyTree(SETS.resolve(TorchGolden.CPU_FLOAT32), root.resolve(TorchGolden.CPU_FLOAT32));
        Path off = root.resolve(TorchGolden.CUDA_FLOAT32_NOTF32);
        Path on = root.resolve(TorchGolden.CUDA_FLOAT32_TF32);
        Damage.copyTree(SETS.resolve(TorchGolden.CPU_FLOAT32), off);
        Damage.copyTree(SETS.resolve(TorchGolden.CPU_FLOAT32), on);
        setIndexField(off, "tf32Observed", false);
        setIndexField(on, "tf32Observed", true);
        setIndexField(on, "tf32", "on");
        setIndexField(off, "tf32", "off");
        rewrite(on, "linear_rows_0", "output", 0, 0.25);

        List<TorchDeltas.Delta> deltas = TorchDeltas.of(tmp);
        TorchDeltas.Delta tf32 = find(deltas, "linear_rows", Dtype.FLOAT32, TorchDeltas.TF32_EFFECT);
        assertTrue(tf32.measured(), tf32.toString());
        assertEquals(0.25, tf32.maxAbs(), 1e-6);
        assertEquals("cuda-float32-tf32 vs cuda-float32-notf32", tf32.sets());
        TorchDeltas.Delta cpuVsCuda = find(deltas, "linear_rows", Dtype.FLOAT32, TorchDeltas.CPU_VS_CUDA);
        assertTrue(cpuVsCuda.measured() && cpuVsCuda.maxAbs() == 0, cpuVsCuda.toString());

        // plain Java is judged against the TF32-off set; the TF32 set is measured (its rows say so, and keep the numbers)
        List<CheckResult> rows = new TorchGoldenChecker().check(tmp);
        assertTrue(rows.stream().noneMatch(CheckResult::failed), show(rows.stream().filter(CheckResult::failed).toList()));
        List<CheckResult> measured = rows.stream()
                .filter(r -> r.reason().contains("case linear_rows_0") && r.check() == Check.GOLDEN).toList();
        assertEquals(1, measured.size(), show(measured));
        assertEquals(Status.NOT_APPLICABLE, measured.get(0).status(), "outside the float32 tolerance: measured, never a pass");
        assertTrue(measured.get(0).reason().startsWith("measured, not judged (TF32 matmuls") && measured.get(0).reason()
                .contains("set cuda-float32-tf32 case linear_rows_0, output H"), measured.get(0).reason());
        assertEquals(0.25, measured.get(0).maxAbsError(), 1e-6);
        // without the TF32 flag the same nudge fails
        setIndexField(on, "tf32", "off");
        assertTrue(new TorchGoldenChecker().check(tmp).stream().anyMatch(r -> r.failed()
                && r.reason().startsWith("set cuda-float32-tf32 case linear_rows_0, output H")));

        setIndexField(on, "tf32Observed", false);
        TorchDeltas.Delta notObserved = find(TorchDeltas.of(tmp), "linear_rows", Dtype.FLOAT32, TorchDeltas.TF32_EFFECT);
        assertFalse(notObserved.measured());
        assertTrue(notObserved.reason().startsWith("cuda-float32-tf32 did not observe TF32 matmuls"), notObserved.reason());
    }

    private static void setIndexField(Path set, String field, Object value) throws IOException {
        ObjectNode index = (ObjectNode) Golden.reader().readTree(set.resolve(Golden.INDEX).toFile());
        index.set(field, Golden.reader().valueToTree(value));
        Files.write(set.resolve(Golden.INDEX), Golden.json().writeValueAsBytes(index));
    }

    @Test
    void withoutCudaSetsEveryDeltaIsUnavailableNeverMeasured() {
        List<TorchDeltas.Delta> deltas = TorchDeltas.of(COMMITTED);
        long withForm = Catalog.all().stream().filter(f -> f.pytorchByValue().isPresent()).count();
        assertEquals(3 * withForm, deltas.size());
        if (!Files.isDirectory(SETS.resolve(TorchGolden.CUDA_FLOAT64))) {
            assertTrue(deltas.stream().filter(d -> d.dtype() == Dtype.FLOAT64)
                    .allMatch(d -> !d.measured() && d.reason().startsWith("no CUDA set in golden-data (")), deltas.get(0).toString());
        }
        if (!Files.isDirectory(SETS.resolve(TorchGolden.CUDA_FLOAT32_TF32))) {
            assertTrue(deltas.stream().filter(d -> d.comparison().equals(TorchDeltas.TF32_EFFECT)).noneMatch(TorchDeltas.Delta::measured));
        }
    }

    @Test
    void differencesTreatNaNsAndInfinitiesAsEqualOnlyToThemselves() {
        assertEquals(0, TorchDeltas.difference(Double.NaN, Double.NaN));
        assertEquals(0, TorchDeltas.difference(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, TorchDeltas.difference(Double.NaN, 1));
        assertEquals(Double.POSITIVE_INFINITY, TorchDeltas.difference(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertEquals(0.25, TorchDeltas.difference(1, 1.25));
    }

    private static TorchDeltas.Delta find(List<TorchDeltas.Delta> deltas, String id, Dtype dtype, String comparison) {
        return deltas.stream().filter(d -> d.id().equals(id) && d.dtype() == dtype && d.comparison().equals(comparison))
                .findFirst().orElseThrow();
    }

    /**
     * Adds {@code delta} to element 0 of the {@code kind} ("input" or "output") tensor K of a case, then records the new
     * file's size and sha256 in the manifest and the manifest's in the set's index, as the script would have written them.
     * Returns the original tensor.
     */
    private static Tensor rewrite(Path set, String caseName, String kind, int k, double delta) throws IOException {
        Path dir = set.resolve(caseName);
        String file = "test_data_set_0/" + kind + "_" + k + ".pb";
        ai.onnx.proto.OnnxMl.TensorProto proto = ai.onnx.proto.OnnxMl.TensorProto.parseFrom(Files.readAllBytes(dir.resolve(file)));
        OnnxTensor t = TensorProtos.fromProto(proto);
        Tensor nudged = t.values().with(0, t.values().at(0) + delta);
        OnnxTensor written = t.type().name().equals("FLOAT") ? OnnxTensor.ofFloat(nudged) : OnnxTensor.ofDouble(nudged);
        byte[] bytes = TensorProtos.toProto(proto.getName(), written).toByteArray();
        Files.write(dir.resolve(file), bytes);
        ObjectNode manifest = (ObjectNode) Golden.reader().readTree(dir.resolve(Golden.MANIFEST).toFile());
        ((ObjectNode) manifest.get("files").get(file)).put("bytes", bytes.length).put("sha256", Golden.sha256(bytes));
        byte[] manifestBytes = Golden.json().writeValueAsBytes(manifest);
        Files.write(dir.resolve(Golden.MANIFEST), manifestBytes);
        ObjectNode index = (ObjectNode) Golden.reader().readTree(set.resolve(Golden.INDEX).toFile());
        for (JsonNode c : (ArrayNode) index.get("cases")) {
            if (c.get("case").asText().equals(caseName)) {
                ((ObjectNode) c).put("manifestSha256", Golden.sha256(manifestBytes));
            }
        }
        Files.write(set.resolve(Golden.INDEX), Golden.json().writeValueAsBytes(index));
        return t.values();
    }

}

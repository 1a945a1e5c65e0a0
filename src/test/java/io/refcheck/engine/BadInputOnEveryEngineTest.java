package io.refcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.SharedReport;
import io.refcheck.catalog.BadInput;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.check.BadInputCheck;
import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Conformance;
import io.refcheck.check.Sampling;
import io.refcheck.check.Status;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The "bad-input" row on engines other than plain Java: PyTorch's IEEE results must come out, a
 * rejected input must make a validating engine raise, and what an engine does not validate is not
 * judged. Each deliberately wrong engine here is plain Java except one formula.
 */
class BadInputOnEveryEngineTest {
    private static final boolean ALLOW_UNAVAILABLE = Boolean.getBoolean("refcheck.allowUnavailableEngines");
    private final Conformance conformance = new Conformance(Sampling.defaultSeed());

    private CheckResult badInputRow(Engine engine, String id) {
        List<CheckResult> rows = conformance.run(engine, Catalog.get(id)).stream().filter(r -> r.check() == Check.BAD_INPUT).toList();
        assertEquals(1, rows.size(), () -> id + " on " + engine.name() + ": " + rows);
        return rows.get(0);
    }

    /** relu as z > 0 ? z : 0, which is 0 at NaN (Java's Math.max(0, z) would be NaN, as IEEE's maximum propagates it). */
    private static OneFormulaBroken reluThatTurnsNaNIntoZero() {
        return new OneFormulaBroken("relu-nan-to-zero", "relu", (in, out) -> Tensors.of("a", in.get("z").map(z -> z > 0 ? z : 0)));
    }

    /**
     * cross_entropy_index that never checks its labels: each is truncated to an integer and clamped
     * into [0, C) (NaN truncates to 0), so every out-of-range label gives a number.
     */
    private static OneFormulaBroken crossEntropyIgnoringTheLabelRange() {
        return OneFormulaBroken.replacing("unchecked-labels", "cross_entropy_index", in -> {
            int classes = in.get("probabilities").rank() == 2 ? in.get("probabilities").dim(1) : 1;
            Tensor clamped = in.get("labels").map(l -> Math.max(0, Math.min(classes - 1, (int) l)));
            return Engines.plainJava().evaluate("cross_entropy_index", in.with("labels", clamped));
        });
    }

    @Test
    void aReluThatTurnsNaNIntoZeroFailsTheBadInputRowNamingTheInputAndWhatItGot() {
        CheckResult row = badInputRow(reluThatTurnsNaNIntoZero(), "relu");
        assertEquals(Status.FAIL, row.status(), row.reason());
        assertTrue(row.reason().startsWith("1 failed: NAN (a NaN among ordinary values): got {a=Tensor[3] [0.0, 0.5, 0.0]}, expected "
                + "torch.relu(nan) = nan"), row.reason());
    }

    @Test
    void aSoftmaxThatReplacesNaNByZeroFails() {
        Engine engine = new OneFormulaBroken("softmax-nan-to-zero", "softmax",
                (in, out) -> Tensors.of("s", out.get("s").map(s -> Double.isNaN(s) ? 0 : s)));
        CheckResult row = badInputRow(engine, "softmax");
        assertEquals(Status.FAIL, row.status(), row.reason());
        assertTrue(row.reason().contains("NAN (a NaN in the first row only): got {s=Tensor[2, 2] [0.0, 0.0, 0.5, 0.5]}"), row.reason());
        assertTrue(row.reason().contains("INFINITY (+∞ in row 0, −∞ in row 1): got"), row.reason());
    }

    @Test
    void aCrossEntropyThatDoesNotCheckTheLabelRangeFailsWithEveryLabelItAcceptedSilently() {
        CheckResult row = badInputRow(crossEntropyIgnoringTheLabelRange(), "cross_entropy_index");
        assertEquals(Status.FAIL, row.status(), row.reason());
        for (String label : List.of("NAN (NaN label)", "INFINITY (infinite label)", "DOMAIN (label 2 with 2 classes", "DOMAIN (non-integer label 0.5)")) {
            assertTrue(row.reason().contains(label), () -> label + " not named: " + row.reason());
        }
        assertTrue(row.reason().startsWith("4 failed: NAN (NaN label): accepted silently: returned {loss=Tensor[] ["), row.reason());
        assertTrue(row.reason().contains("4 of the 8 inputs the reference rejects raised"), row.reason());
    }

    @Test
    void theSameEngineDeclaringItDoesNotValidateItsInputHasThoseInputsNotJudgedAndPassesOnItsIeeeResult() {
        CheckResult row = badInputRow(crossEntropyIgnoringTheLabelRange().notValidatingInput(), "cross_entropy_index");
        assertEquals(Status.PASS, row.status(), row.reason());
        assertEquals(1, row.samples(), "only the IEEE input is judged");
        assertEquals("9 bad inputs: 1 of the 1 IEEE results as PyTorch gives them. not judged: the 8 inputs the reference rejects, as "
                + "unchecked-labels does not validate its input (validatesInput() is false)", row.reason());
    }

    @Test
    void anEngineThatDoesNotValidateItsInputStillFailsAWrongIeeeResult() {
        Engine meanOfNothingIsZero = OneFormulaBroken.replacing("unchecked-labels", "cross_entropy_index",
                in -> in.get("labels").isEmpty() ? Tensors.of("loss", 0.0) : crossEntropyIgnoringTheLabelRange().evaluate("cross_entropy_index", in))
                .notValidatingInput();
        CheckResult row = badInputRow(meanOfNothingIsZero, "cross_entropy_index");
        assertEquals(Status.FAIL, row.status(), row.reason());
        assertTrue(row.reason().startsWith("1 failed: EMPTY (no rows): got {loss=Tensor[] [0.0]}, expected a mean over zero rows is nan"),
                row.reason());
        assertTrue(badInputRow(reluThatTurnsNaNIntoZero().notValidatingInput(), "relu").failed());
    }

    @Test
    void plainJavaUnderAnotherNameRaisesOnEveryRejectedInputAndGivesEveryIeeeResult() {
        Engine copy = new OneFormulaBroken("plain-java-copy", "none", (in, out) -> out);
        for (Formula f : Catalog.all()) {
            BadInputCheck.Outcome row = BadInputCheck.run(copy, f); // the row's verdict alone: the other checks cost seconds here
            assertEquals(Status.PASS, row.status(), () -> f.id() + ": " + row.reason());
            long judged = f.badInputs().stream().filter(b -> !(b.expected() instanceof BadInput.NotApplicable)).count();
            assertEquals(judged, row.judged(), f.id());
            assertTrue(row.reason().matches(judged + " bad inputs: (\\d+) of the \\1 IEEE results as PyTorch gives them(, (\\d+) of "
                    + "the \\3 inputs the reference rejects raised)?"), () -> f.id() + ": " + row.reason());
        }
    }

    @Test
    void aFloat32EngineIsHeldToTheIeeeResultAndToItsFinitePartsAtTheFloat32Tolerance() {
        // the entries state the finite elements beside a NaN row to a few ulps of a double: float32 plain Java
        // meets them only at float32 precision, and must still pass
        Engine float32 = new OneFormulaBroken("plain-java-float32", "none", (in, out) -> out).inFloat32();
        for (String id : List.of("log_softmax", "logsumexp", "chain_rule", "s1_network", "gd_step")) {
            CheckResult row = badInputRow(float32, id);
            assertEquals(Status.PASS, row.status(), () -> id + ": " + row.reason());
        }
        CheckResult relu = badInputRow(reluThatTurnsNaNIntoZero().inFloat32(), "relu");
        assertTrue(relu.failed(), relu.reason());
        assertTrue(relu.reason().contains("NAN (a NaN among ordinary values): got {a=Tensor[3] [0.0, 0.5, 0.0]}"), relu.reason());
    }

    /** An engine reporting ONNX Runtime's name, so the deviations the entries document for ONNX Runtime apply to it. */
    private static OneFormulaBroken underOnnxRuntimesName(String id, double meanOfNothing) {
        return new OneFormulaBroken(BadInput.Deviation.ONNX_RUNTIME, id,
                (in, out) -> in.get(in.nameList().get(0)).isEmpty() ? Tensors.of("loss", meanOfNothing) : out);
    }

    @Test
    void aDocumentedDeviationIsListedAndNeverPassesARowOnItsOwn() {
        CheckResult mse = badInputRow(underOnnxRuntimesName("mse", 0), "mse");
        assertEquals(Status.PASS, mse.status(), mse.reason());
        assertTrue(mse.reason().contains("3 of the 4 IEEE results as PyTorch gives them"), mse.reason());
        assertTrue(mse.reason().contains("differences from PyTorch the entry documents for onnxruntime float64 (1): EMPTY (empty prediction "
                + "and target) gives {loss=Tensor[] [0.0]} (the form's ReduceMean over zero elements gives 0"), mse.reason());

        // bce's one IEEE input is its empty one: with the deviation and no validation nothing is judged to hold
        CheckResult bce = badInputRow(underOnnxRuntimesName("bce", 0).notValidatingInput(), "bce");
        assertEquals(Status.NOT_APPLICABLE, bce.status(), bce.reason());
        assertTrue(bce.reason().endsWith("no input was judged to hold, so not applicable"), bce.reason());
    }

    @Test
    void anEngineGivingNeitherPyTorchsResultNorTheDocumentedOneFails() {
        CheckResult row = badInputRow(underOnnxRuntimesName("mse", 5), "mse");
        assertEquals(Status.FAIL, row.status(), row.reason());
        assertTrue(row.reason().startsWith("1 failed: EMPTY (empty prediction and target): got {loss=Tensor[] [5.0]}, expected "
                + "torch.nn.functional.mse_loss of empty tensors is nan (a mean over zero elements); nor the documented difference (the "
                + "form's ReduceMean over zero elements gives 0"), row.reason());
        assertTrue(badInputRow(new OneFormulaBroken("another-engine", "mse",
                (in, out) -> in.get("prediction").isEmpty() ? Tensors.of("loss", 0.0) : out), "mse").failed(),
                "a deviation documented for ONNX Runtime excuses no other engine");
    }

    @Test
    void theCatalogNamesOnnxRuntimeAsItsEngineDoes() {
        assertEquals(OnnxRuntimeEngine.NAME, BadInput.Deviation.ONNX_RUNTIME);
    }

    @Test
    void everyDeviationDocumentedForOnnxRuntimeInFloat64ShowsThere() {
        OnnxRuntimeEngine ort = new OnnxRuntimeEngine.Float64();
        if (!ort.availability().available()) {
            assertTrue(ALLOW_UNAVAILABLE, () -> "onnxruntime unavailable: " + ort.availability().reason());
            return;
        }
        int documented = 0;
        for (Formula f : Catalog.all()) {
            for (BadInput b : f.badInputs()) {
                if (b.deviation(ort.name(), ort.dtype()).isPresent()) {
                    documented++;
                    BadInputCheck.Item item = BadInputCheck.judge(ort, f, b);
                    assertEquals(BadInputCheck.Verdict.DEVIATES_AS_DOCUMENTED, item.verdict(),
                            () -> f.id() + " " + item.label() + ": the documented difference does not show (" + item.detail() + ")");
                }
            }
        }
        assertEquals(15, documented, "ONNX Runtime float64's documented differences");
    }

    @Test
    void everyPyTorchAndOnnxRuntimeBadInputRowSaysWhatBecameOfItsInputsAndNoneFails() {
        for (String engine : List.of(PyTorchEngine.NAME, OnnxRuntimeEngine.NAME)) {
            for (Dtype dtype : Dtype.values()) {
                List<CheckResult> rows = SharedReport.rows(engine, dtype).stream().filter(r -> r.check() == Check.BAD_INPUT).toList();
                if (rows.isEmpty() && ALLOW_UNAVAILABLE) {
                    continue;
                }
                assertFalse(rows.isEmpty(), engine + " " + dtype + ": no bad-input rows");
                for (CheckResult r : rows) {
                    assertTrue(r.reason().matches("(\\d+ failed: .*)?\\d+ bad inputs: \\d+ of the \\d+ IEEE results as PyTorch gives them.*"),
                            () -> engine + " " + dtype + " " + r.id() + ": " + r.reason());
                    assertFalse(r.failed(), () -> engine + " " + dtype + " " + r.id() + ": " + r.reason());
                }
                Map<Status, Long> byStatus = rows.stream().collect(Collectors.groupingBy(CheckResult::status, Collectors.counting()));
                assertNotEquals(0L, byStatus.getOrDefault(Status.PASS, 0L), engine + " " + dtype + ": " + byStatus);
            }
        }
    }
}

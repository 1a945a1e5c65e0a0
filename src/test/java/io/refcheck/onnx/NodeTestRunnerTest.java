package io.refcheck.onnx;

import static io.refcheck.onnx.OnnxTestModels.bool;
import static io.refcheck.onnx.OnnxTestModels.doubles;
import static io.refcheck.onnx.OnnxTestModels.i;
import static io.refcheck.onnx.OnnxTestModels.shape;
import static io.refcheck.onnx.OnnxTestModels.single;
import static io.refcheck.onnx.OnnxTestModels.writeCase;
import static io.refcheck.onnx.OnnxTestModels.writePassingAddCase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.refcheck.onnx.NodeTestRunner.Engine;
import io.refcheck.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node-test runner: discovery, comparison, data.json, the Dropout contract and per-case errors. */
class NodeTestRunnerTest {
    /** The external corpus, relative to the repository root (Maven's working directory). */
    private static final Path CONFORMANCE = Path.of("../shared/conformance");

    @TempDir
    Path root;

    private static Map<String, NodeTestResult> runAll(Path dir, Engine engine) throws IOException {
        return new NodeTestRunner().runAll(List.of(dir), List.of(engine), r -> { }).stream()
                .collect(Collectors.toMap(NodeTestResult::caseName, r -> r));
    }

    private static NodeTestResult only(Path dir, Engine engine) throws IOException {
        Map<String, NodeTestResult> results = runAll(dir, engine);
        assertEquals(1, results.size(), results.toString());
        return results.values().iterator().next();
    }

    @Test
    void everyConformanceCasePassesOnThePlainJavaEvaluator() throws IOException {
        assumeTrue(Files.isDirectory(CONFORMANCE), "no external corpus at " + CONFORMANCE.toAbsolutePath());
        List<NodeTestResult> results = new NodeTestRunner().runAll(List.of(CONFORMANCE), List.of(Engine.JAVA), r -> { });
        assertFalse(results.isEmpty(), "no cases found under " + CONFORMANCE);
        String failures = results.stream().filter(r -> !r.passed())
                .map(r -> r.status() + " " + r.caseName() + ": " + r.reason()).collect(Collectors.joining("\n"));
        assertTrue(failures.isEmpty(), failures);
    }

    @Test
    void casesAreFoundAtAnyDepthAndNamedRelativeToTheDirectorySearched() throws IOException {
        writePassingAddCase(root.resolve("a/deep/case"));
        writePassingAddCase(root.resolve("b"));
        Files.createDirectories(root.resolve("c"));
        Files.writeString(root.resolve("c/model.onnx"), "a model without data sets is not a case");
        assertEquals(List.of("a/deep/case", "b"), NodeTestRunner.findCases(root).stream().map(NodeTestRunner.Case::name).toList());
        Path single = root.resolve("b");
        assertEquals(List.of("b"), NodeTestRunner.findCases(single).stream().map(NodeTestRunner.Case::name).toList());
        NodeTestResult r = only(single, Engine.JAVA);
        assertEquals(NodeTestResult.PASS, r.status(), r.reason());
        assertEquals(0.0, r.maxAbsError());
    }

    @Test
    void eachBrokenCaseIsAnErrorWithItsReasonAndTheRunGoesOn() throws IOException {
        writePassingAddCase(root.resolve("good"));

        Path corrupt = writePassingAddCase(root.resolve("corrupt_model"));
        Files.writeString(corrupt.resolve("model.onnx"), "this is not an ONNX model");

        Path truncated = writePassingAddCase(root.resolve("truncated_input"));
        Path input = truncated.resolve("test_data_set_0/input_0.pb");
        byte[] bytes = Files.readAllBytes(input);
        Files.write(input, Arrays.copyOf(bytes, bytes.length - 3));

        Path missing = writePassingAddCase(root.resolve("missing_output"));
        Files.delete(missing.resolve("test_data_set_0/output_0.pb"));

        ModelProto unknown = single(14, "FooBar", List.of("x"), List.of(DataType.DOUBLE), List.of("y"), List.of(DataType.DOUBLE));
        writeCase(root.resolve("unknown_op"), unknown, List.of(doubles(shape(1), 1)), List.of(doubles(shape(1), 1)));

        Path badJson = writePassingAddCase(root.resolve("bad_data_json"));
        Files.writeString(badJson.resolve("data.json"), "{\"rtol\": ");

        Map<String, NodeTestResult> results = runAll(root, Engine.JAVA);
        assertEquals(6, results.size(), results.toString());
        assertEquals(NodeTestResult.PASS, results.get("good").status());
        assertError(results.get("corrupt_model"), "corrupt_model/model.onnx: not");
        assertError(results.get("truncated_input"), "input_0.pb");
        assertError(results.get("missing_output"), "missing output_0.pb");
        assertError(results.get("unknown_op"), "operator FooBar is not supported");
        assertError(results.get("bad_data_json"), "data.json: not valid JSON");
    }

    private static void assertError(NodeTestResult r, String reasonFragment) {
        assertEquals(NodeTestResult.ERROR, r.status(), r.toString());
        assertTrue(r.reason().contains(reasonFragment), r.reason());
        assertTrue(Double.isNaN(r.maxAbsError()));
    }

    private static final ModelProto LOG = single(13, "Log", List.of("x"), List.of(DataType.DOUBLE), List.of("y"),
            List.of(DataType.DOUBLE));

    @Test
    void anOutputOffByMoreThanTheToleranceFailsNamingTheWorstElement() throws IOException {
        // log e = 1 stored as 1.01: |diff| 0.01 > 1e-7 + 1e-3·1.01
        writeCase(root, LOG, List.of(doubles(shape(2), 1, Math.E)), List.of(doubles(shape(2), 0, 1.01)));
        NodeTestResult r = only(root, Engine.JAVA);
        assertEquals(NodeTestResult.FAIL, r.status());
        assertTrue(r.reason().startsWith("output 'y' element [1]: got 1.0, expected 1.01"), r.reason());
        assertEquals(0.01, r.maxAbsError(), 1e-15);
        assertEquals(0.01 / 1.01, r.maxRelError(), 1e-15);
    }

    @Test
    void dataJsonOverridesTheTolerances() throws IOException {
        writeCase(root, LOG, List.of(doubles(shape(2), 1, Math.E)), List.of(doubles(shape(2), 0, 1.01)));
        Files.writeString(root.resolve("data.json"), "{\"rtol\": 0.02, \"model_name\": \"log\"}");
        assertEquals(NodeTestResult.PASS, only(root, Engine.JAVA).status());
        Files.writeString(root.resolve("data.json"), "{\"rtol\": 0, \"atol\": 0.009}");
        assertEquals(NodeTestResult.FAIL, only(root, Engine.JAVA).status());
        Files.writeString(root.resolve("data.json"), "{\"atol\": \"big\"}");
        assertError(only(root, Engine.JAVA), "atol must be a finite number");
    }

    @Test
    void nanEqualsNanAndInfinityEqualsItself() throws IOException {
        // log(−1) = NaN, log(0) = −∞
        writeCase(root, LOG, List.of(doubles(shape(2), -1, 0)), List.of(doubles(shape(2), Double.NaN, Double.NEGATIVE_INFINITY)));
        assertEquals(NodeTestResult.PASS, only(root, Engine.JAVA).status());
        writeCase(root, LOG, List.of(doubles(shape(2), -1, 0)), List.of(doubles(shape(2), 0, Double.NEGATIVE_INFINITY)));
        assertEquals(NodeTestResult.FAIL, only(root, Engine.JAVA).status());
    }

    @Test
    void aWrongTypeOrShapeFails() throws IOException {
        writeCase(root, LOG, List.of(doubles(shape(1), 1)), List.of(OnnxTestModels.floats(shape(1), 0)));
        NodeTestResult type = only(root, Engine.JAVA);
        assertEquals(NodeTestResult.FAIL, type.status());
        assertTrue(type.reason().contains("is DOUBLE, expected FLOAT"), type.reason());
        writeCase(root, LOG, List.of(doubles(shape(1), 1)), List.of(doubles(shape(1, 1), 0)));
        assertTrue(only(root, Engine.JAVA).reason().contains("has shape [1], expected [1, 1]"));
    }

    // ------------------------------------------------------------------ Dropout by contract

    private static final ModelProto TRAINING_DROPOUT = new OnnxTestModels.Graph(13)
            .input("x", DataType.DOUBLE).input("r", DataType.DOUBLE).input("t", DataType.BOOL)
            .output("y", DataType.DOUBLE).output("mask", DataType.BOOL)
            .node("Dropout", List.of("x", "r", "t"), List.of("y", "mask")).build();

    /** A stored training-mode draw: y = mask·x·scale with mask from a seeded Bernoulli(1/2). */
    private void writeDropoutCase(double scale) throws IOException {
        int n = 200;
        Random random = new Random(42);
        double[] x = new double[n];
        double[] mask = new double[n];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = k + 1;
            mask[k] = random.nextBoolean() ? 1 : 0;
            y[k] = mask[k] * x[k] * scale;
        }
        writeCase(root, TRAINING_DROPOUT, List.of(doubles(shape(n), x), doubles(shape(), 0.5), bool(true)),
                List.of(doubles(shape(n), y), new OnnxTensor(DataType.BOOL, Tensor.of(shape(n), mask))));
    }

    @Test
    void trainingDropoutIsCheckedByItsContractAndSaysSo() throws IOException {
        writeDropoutCase(2);
        NodeTestResult r = only(root, Engine.JAVA);
        assertEquals(NodeTestResult.PASS, r.status(), r.reason());
        assertTrue(r.reason().contains("random mask checked by its contract, not bit for bit"), r.reason());
        assertTrue(r.reason().contains("mask agrees"), r.reason());
    }

    @Test
    void storedDropoutOutputsThatBreakTheContractFail() throws IOException {
        writeDropoutCase(1.5);
        NodeTestResult r = only(root, Engine.JAVA);
        assertEquals(NodeTestResult.FAIL, r.status());
        assertTrue(r.reason().startsWith("the stored output 'y' element"), r.reason());
        assertTrue(r.reason().contains("neither 0 nor x/(1−ratio)"), r.reason());
    }

    @Test
    void aRandomDropoutOutputThatFeedsAnotherNodeCannotBeComparedAndIsAnError() throws IOException {
        ModelProto m = new OnnxTestModels.Graph(13)
                .input("x", DataType.DOUBLE).input("r", DataType.DOUBLE).input("t", DataType.BOOL).output("z", DataType.DOUBLE)
                .node("Dropout", List.of("x", "r", "t"), List.of("y")).node("Neg", List.of("y"), List.of("z")).build();
        writeCase(root, m, List.of(doubles(shape(1), 1), doubles(shape(), 0.5), bool(true)), List.of(doubles(shape(1), 0)));
        assertError(only(root, Engine.JAVA), "its output 'y' is random, and it feeds node 1 (Neg)");
    }

    // ------------------------------------------------------------------ ONNX Runtime

    @Test
    void onnxRuntimeRunsWhatItImplementsAndReportsItsOwnMessageOtherwise() throws IOException {
        writePassingAddCase(root.resolve("add14"));
        ModelProto gemm6 = single(6, "Gemm", List.of("a", "b", "c"), List.of(DataType.FLOAT, DataType.FLOAT, DataType.FLOAT),
                List.of("y"), List.of(DataType.FLOAT), i("broadcast", 1));
        OnnxTensor one = OnnxTestModels.floats(shape(1, 1), 1);
        writeCase(root.resolve("gemm6"), gemm6, List.of(one, one, one), List.of(OnnxTestModels.floats(shape(1, 1), 2)));
        Map<String, NodeTestResult> results = runAll(root, Engine.ONNXRUNTIME);
        assertEquals(NodeTestResult.PASS, results.get("add14").status(), results.get("add14").reason());
        assertEquals("onnxruntime", results.get("add14").engine());
        assertError(results.get("gemm6"), "onnxruntime: ");
        assertEquals(NodeTestResult.PASS, runAll(root, Engine.JAVA).get("gemm6").status());
    }

    @Test
    void onnxRuntimeTrainingDropoutIsCheckedByContractToo() throws IOException {
        writeDropoutCase(2);
        NodeTestResult r = only(root, Engine.ONNXRUNTIME);
        assertEquals(NodeTestResult.PASS, r.status(), r.reason());
        assertTrue(r.reason().contains("contract"), r.reason());
    }
}

package io.refcheck.onnx;

import static io.refcheck.onnx.OnnxTestModels.bool;
import static io.refcheck.onnx.OnnxTestModels.doubles;
import static io.refcheck.onnx.OnnxTestModels.f;
import static io.refcheck.onnx.OnnxTestModels.feeds;
import static io.refcheck.onnx.OnnxTestModels.floats;
import static io.refcheck.onnx.OnnxTestModels.i;
import static io.refcheck.onnx.OnnxTestModels.int32s;
import static io.refcheck.onnx.OnnxTestModels.int64s;
import static io.refcheck.onnx.OnnxTestModels.ints;
import static io.refcheck.onnx.OnnxTestModels.s;
import static io.refcheck.onnx.OnnxTestModels.shape;
import static io.refcheck.onnx.OnnxTestModels.single;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.refcheck.formulas.Activations;
import io.refcheck.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The opset-dependent semantics of the plain-Java ONNX evaluator, against values derived by hand. */
class OnnxEvaluatorTest {
    private static final DataType D = DataType.DOUBLE;
    private static final double LN2 = Math.log(2);
    private static final double LN3 = Math.log(3);

    /** Runs a one-input one-output node on x and returns the output. */
    private static OnnxTensor unary(int opset, String op, OnnxTensor x, AttributeProto... attributes) {
        ModelProto m = single(opset, op, List.of("x"), List.of(x.type()), List.of("y"), List.of(x.type()), attributes);
        return new OnnxEvaluator(m).run(feeds("x", x)).get("y");
    }

    private static OnnxTensor binary(int opset, String op, OnnxTensor a, OnnxTensor b, AttributeProto... attributes) {
        ModelProto m = single(opset, op, List.of("a", "b"), List.of(a.type(), b.type()), List.of("y"), List.of(a.type()), attributes);
        return new OnnxEvaluator(m).run(feeds("a", a, "b", b)).get("y");
    }

    /** Runs a node with inputs named a, b, c, … and one output y. */
    private static OnnxTensor node(int opset, String op, List<OnnxTensor> inputs, AttributeProto... attributes) {
        String[] n = new String[inputs.size()];
        List<DataType> types = new ArrayList<>();
        Map<String, OnnxTensor> fed = new LinkedHashMap<>();
        for (int k = 0; k < n.length; k++) {
            n[k] = inputs.get(k) == null ? "" : String.valueOf((char) ('a' + k));
            types.add(inputs.get(k) == null ? D : inputs.get(k).type());
            if (inputs.get(k) != null) {
                fed.put(n[k], inputs.get(k));
            }
        }
        DataType outType = inputs.get(0).type();
        ModelProto m = single(opset, op, List.of(n), types, List.of("y"), List.of(outType), attributes);
        return new OnnxEvaluator(m).run(fed).get("y");
    }

    private static void assertValues(OnnxTensor t, int[] shape, double tolerance, double... expected) {
        assertArrayEquals(shape, t.values().shape(), "shape");
        double[] actual = t.values().toArray();
        assertEquals(expected.length, actual.length, "size");
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], tolerance, "element " + k + " of " + t.values());
        }
    }

    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    // ------------------------------------------------------------------ Softmax, LogSoftmax

    @Test
    void softmaxBeforeOpset13CoercesTo2DAtAxisAndFrom13ActsAlongThatAxisOnly() {
        OnnxTensor x = doubles(shape(1, 2, 2), 0, LN3, 0, 0);
        // opset 11, axis 1: rows of [1, 4] → e^x = [1, 3, 1, 1] / 6
        assertValues(unary(11, "Softmax", x, i("axis", 1)), shape(1, 2, 2), 1e-15, 1 / 6.0, 0.5, 1 / 6.0, 1 / 6.0);
        // opset 13, axis 1: pairs (x[0,0,j], x[0,1,j]): j = 0 (0, 0) → ½, ½; j = 1 (ln 3, 0) → ¾, ¼
        assertValues(unary(13, "Softmax", x, i("axis", 1)), shape(1, 2, 2), 1e-15, 0.5, 0.75, 0.5, 0.25);
    }

    @Test
    void logSoftmaxDefaultAxisIsOneBeforeOpset13AndTheLastAxisFrom13() {
        OnnxTensor x = doubles(shape(1, 2, 2), 0, 0, LN3, LN3);
        double ln8 = Math.log(8);
        // opset 12: coerced to [1, 4]: logsumexp = ln(1 + 1 + 3 + 3) = ln 8
        assertValues(unary(12, "LogSoftmax", x), shape(1, 2, 2), 1e-15, -ln8, -ln8, LN3 - ln8, LN3 - ln8);
        // opset 13: along the last axis, each pair is equal: −ln 2
        assertValues(unary(13, "LogSoftmax", x), shape(1, 2, 2), 1e-15, -LN2, -LN2, -LN2, -LN2);
    }

    @Test
    void softmaxIsTheCatalogSoftmaxBitForBit() {
        Tensor z = Tensor.of(shape(2, 3), 0.3, -1000, 7.25, 1e-9, 2, -3.5);
        assertEquals(Activations.softmax(z), unary(13, "Softmax", new OnnxTensor(D, z)).values());
        assertEquals(Activations.logSoftmax(z), unary(13, "LogSoftmax", new OnnxTensor(D, z)).values());
    }

    @Test
    void softmaxAlongAFirstAxisMovesItToTheEndAndBack() {
        // axis 0 of a [2, 1] input: the column (0, ln 3) → (¼, ¾)
        assertValues(unary(13, "Softmax", doubles(shape(2, 1), 0, LN3), i("axis", 0)), shape(2, 1), 1e-15, 0.25, 0.75);
        assertValues(unary(13, "Softmax", doubles(shape(2, 1), 0, LN3), i("axis", -2)), shape(2, 1), 1e-15, 0.25, 0.75);
    }

    // ------------------------------------------------------------------ Reduce

    private static final OnnxTensor M23 = doubles(shape(2, 3), 1, 2, 3, 4, 5, 6);

    @Test
    void reduceSumTakesAxesAsAnAttributeBeforeOpset13AndAsAnInputFrom13() {
        assertValues(unary(11, "ReduceSum", M23, ints("axes", 1), i("keepdims", 0)), shape(2), 0, 6, 15);
        assertValues(node(13, "ReduceSum", List.of(M23, int64s(shape(1), 1)), i("keepdims", 0)), shape(2), 0, 6, 15);
        assertTrue(error(() -> unary(13, "ReduceSum", M23, ints("axes", 1))).contains("axes is an input from opset 13"));
    }

    @Test
    void otherReductionsTakeAxesAsAnInputOnlyFromOpset18() {
        assertValues(unary(17, "ReduceMean", M23, ints("axes", 0)), shape(1, 3), 0, 2.5, 3.5, 4.5);
        assertValues(node(18, "ReduceMean", List.of(M23, int64s(shape(1), 0))), shape(1, 3), 0, 2.5, 3.5, 4.5);
        assertTrue(error(() -> unary(18, "ReduceL2", M23, ints("axes", 0))).contains("axes is an input from opset 18"));
    }

    @Test
    void emptyAxesReduceEverythingUnlessNoopWithEmptyAxesIsSet() {
        OnnxTensor none = int64s(shape(0));
        assertValues(node(13, "ReduceSum", List.of(M23, none)), shape(1, 1), 0, 21);
        assertValues(node(13, "ReduceSum", List.of(M23, none), i("noop_with_empty_axes", 1)), shape(2, 3), 0, 1, 2, 3, 4, 5, 6);
        assertValues(unary(13, "ReduceSum", M23, i("keepdims", 0)), shape(), 0, 21);
        assertValues(unary(13, "ReduceMean", M23, i("keepdims", 0)), shape(), 0, 3.5);
    }

    @Test
    void negativeAxesCountFromTheEnd() {
        assertValues(unary(13, "ReduceSumSquare", M23, ints("axes", -1)), shape(2, 1), 0, 14, 77);
    }

    @Test
    void normsAndLogSumExpReduceAsDefined() {
        OnnxTensor x = doubles(shape(2), 3, -4);
        assertValues(unary(13, "ReduceL1", x), shape(1), 0, 7);
        assertValues(unary(13, "ReduceL2", x), shape(1), 0, 5);
        assertValues(unary(13, "ReduceSumSquare", x), shape(1), 0, 25);
        assertValues(unary(13, "ReduceLogSumExp", x), shape(1), 1e-15, Math.log(Math.exp(3) + Math.exp(-4)));
        // logsumexp keeps its digits where exp overflows: ln(2e^1000) = 1000 + ln 2
        assertValues(unary(13, "ReduceLogSumExp", doubles(shape(2), 1000, 1000)), shape(1), 1e-12, 1000 + LN2);
    }

    @Test
    void aDuplicatedOrOutOfRangeAxisIsAnError() {
        assertTrue(error(() -> unary(13, "ReduceL1", M23, ints("axes", 1, -1))).contains("twice"));
        assertTrue(error(() -> unary(13, "ReduceL1", M23, ints("axes", 2))).contains("out of range"));
    }

    // ------------------------------------------------------------------ Gemm, MatMul, Transpose

    private static final OnnxTensor A22 = doubles(shape(2, 2), 1, 2, 3, 4);
    private static final OnnxTensor I22 = doubles(shape(2, 2), 1, 0, 0, 1);
    private static final OnnxTensor ROW = doubles(shape(2), 10, 20);

    @Test
    void gemm6BroadcastsCOnlyWhenItsBroadcastAttributeIsSet() {
        assertTrue(error(() -> node(6, "Gemm", List.of(A22, I22, ROW))).contains("broadcast attribute is 1"));
        assertValues(node(6, "Gemm", List.of(A22, I22, ROW), i("broadcast", 1)), shape(2, 2), 0, 11, 22, 13, 24);
        assertValues(node(7, "Gemm", List.of(A22, I22, ROW)), shape(2, 2), 0, 11, 22, 13, 24);
    }

    @Test
    void gemmNeedsCBeforeOpset11() {
        assertTrue(error(() -> node(9, "Gemm", List.of(A22, I22))).contains("input C is required before opset 11"));
        assertValues(node(11, "Gemm", List.of(A22, I22)), shape(2, 2), 0, 1, 2, 3, 4);
    }

    @Test
    void gemmTransposesAndScales() {
        // 2·Aᵀ·I + 0.5·1 = 2·[[1, 3], [2, 4]] + 0.5
        OnnxTensor ones = doubles(shape(1), 1);
        assertValues(node(13, "Gemm", List.of(A22, I22, ones), i("transA", 1), f("alpha", 2), f("beta", 0.5)),
                shape(2, 2), 0, 2.5, 6.5, 4.5, 8.5);
        // A·Bᵀ with B = [[0, 1], [1, 0]]: the columns of A swapped
        assertValues(node(13, "Gemm", List.of(A22, doubles(shape(2, 2), 0, 1, 1, 0)), i("transB", 1)), shape(2, 2), 0, 2, 1, 4, 3);
    }

    @Test
    void matMulFollowsNumpyForVectorsAndBatches() {
        assertValues(binary(13, "MatMul", ROW, A22), shape(2), 0, 70, 100);
        assertValues(binary(13, "MatMul", A22, ROW), shape(2), 0, 50, 110);
        assertValues(binary(13, "MatMul", ROW, ROW), shape(), 0, 500);
        // [2, 1, 2] × [2, 2] broadcasts the matrix over the batch
        OnnxTensor batch = doubles(shape(2, 1, 2), 1, 2, 3, 4);
        assertValues(binary(13, "MatMul", batch, A22), shape(2, 1, 2), 0, 7, 10, 15, 22);
        assertTrue(error(() -> binary(13, "MatMul", doubles(shape(3), 1, 2, 3), A22)).contains("inner dimensions"));
    }

    @Test
    void transposeReversesTheAxesByDefault() {
        assertValues(unary(13, "Transpose", M23), shape(3, 2), 0, 1, 4, 2, 5, 3, 6);
        OnnxTensor x = doubles(shape(1, 2, 3), 1, 2, 3, 4, 5, 6);
        assertValues(unary(13, "Transpose", x, ints("perm", 2, 0, 1)), shape(3, 1, 2), 0, 1, 4, 2, 5, 3, 6);
    }

    // ------------------------------------------------------------------ elementwise

    @Test
    void opset6AddBroadcastsOnlyOnRequestAlignedAtAxis() {
        OnnxTensor b = doubles(shape(2), 10, 20);
        assertTrue(error(() -> binary(6, "Add", M23, b)).contains("broadcast attribute is 0"));
        assertValues(binary(6, "Add", M23, b, i("broadcast", 1), i("axis", 0)), shape(2, 3), 0, 11, 12, 13, 24, 25, 26);
        OnnxTensor c = doubles(shape(3), 10, 20, 30);
        assertValues(binary(6, "Add", M23, c, i("broadcast", 1)), shape(2, 3), 0, 11, 22, 33, 14, 25, 36);
        assertTrue(error(() -> binary(6, "Add", M23, b, i("broadcast", 1))).contains("legacy broadcasting"));
    }

    @Test
    void fromOpset7BinaryOperatorsBroadcastBothWaysAsNumpy() {
        OnnxTensor column = doubles(shape(2, 1), 1, 2);
        OnnxTensor row = doubles(shape(3), 10, 20, 30);
        assertValues(binary(14, "Mul", column, row), shape(2, 3), 0, 10, 20, 30, 20, 40, 60);
        assertTrue(error(() -> binary(14, "Sub", M23, ROW)).contains("do not broadcast"));
    }

    @Test
    void integerDivisionTruncatesTowardZeroAndInt32Wraps() {
        assertValues(binary(14, "Div", int64s(shape(3), -7, 7, -7), int64s(shape(3), 2, -2, -2)), shape(3), 0, -3, -3, 3);
        assertEquals(DataType.INT64, binary(14, "Div", int64s(shape(1), 1), int64s(shape(1), 1)).type());
        assertTrue(error(() -> binary(14, "Div", int64s(shape(1), 1), int64s(shape(1), 0))).contains("division by zero"));
        assertValues(binary(14, "Add", int32s(shape(1), Integer.MAX_VALUE), int32s(shape(1), 1)), shape(1), 0, Integer.MIN_VALUE);
        assertTrue(error(() -> binary(14, "Add", int32s(shape(1), 1), int64s(shape(1), 1))).contains("different types"));
    }

    @Test
    void floatResultsAreRoundedToFloat32AfterEveryOperator() {
        OnnxTensor third = binary(14, "Div", floats(shape(1), 1), floats(shape(1), 3));
        assertEquals((double) (1f / 3f), third.values().at(0), 0);
        assertEquals(1.0 / 3, binary(14, "Div", doubles(shape(1), 1), doubles(shape(1), 3)).values().at(0), 0);
        // (1 + 2⁻³⁰) rounds to 1 in float32 before the subtraction sees it
        ModelProto m = new OnnxTestModels.Graph(14).input("a", DataType.FLOAT).input("b", DataType.FLOAT)
                .output("d", DataType.FLOAT)
                .node("Add", List.of("a", "b"), List.of("s")).node("Sub", List.of("s", "a"), List.of("d")).build();
        double tiny = 0x1p-30;
        assertEquals(0, new OnnxEvaluator(m).run(feeds("a", floats(shape(1), 1), "b", floats(shape(1), tiny))).get("d").values().at(0));
    }

    @Test
    void powTakesAnExponentOfAnotherTypeFromOpset12() {
        assertValues(binary(12, "Pow", int64s(shape(2), 2, 3), doubles(shape(1), 2)), shape(2), 0, 4, 9);
        assertTrue(error(() -> binary(11, "Pow", int64s(shape(2), 2, 3), doubles(shape(1), 2))).contains("takes float or double"));
        assertValues(binary(15, "Pow", doubles(shape(2), -8, 4), doubles(shape(2), 1 / 3.0, 0.5)), shape(2), 0, Double.NaN, 2);
    }

    @Test
    void activationsFollowTheirDefinitions() {
        OnnxTensor x = doubles(shape(4), -1, 0, 2, 1000);
        double em1 = Math.expm1(-1);
        assertValues(unary(6, "Elu", x, f("alpha", 2)), shape(4), 1e-15, 2 * em1, 0, 2, 1000);
        double alpha = ElementwiseOperators.SELU_ALPHA;
        double gamma = ElementwiseOperators.SELU_GAMMA;
        assertValues(unary(6, "Selu", x), shape(4), 1e-15, gamma * alpha * em1, 0, gamma * 2, gamma * 1000);
        assertValues(unary(16, "LeakyRelu", x, f("alpha", 0.5)), shape(4), 0, -0.5, 0, 2, 1000);
        // α = 0.2 and β = 0.5 are float32 attributes: 0.2f differs from 0.2 by 3e-9
        assertValues(unary(6, "HardSigmoid", x), shape(4), 1e-8, 0.3, 0.5, 0.9, 1);
        assertValues(unary(1, "Softplus", x), shape(4), 1e-15, Math.log1p(Math.exp(-1)), LN2, 2 + Math.log1p(Math.exp(-2)), 1000);
        assertValues(unary(1, "Softsign", x), shape(4), 1e-15, -0.5, 0, 2 / 3.0, 1000 / 1001.0);
        assertValues(unary(13, "Sign", x), shape(4), 0, -1, 0, 1, 1);
        assertValues(unary(14, "Relu", int64s(shape(2), -3, 3)), shape(2), 0, 0, 3);
        assertTrue(error(() -> unary(13, "Relu", int64s(shape(2), -3, 3))).contains("takes float or double"));
    }

    @Test
    void anOperatorUsedBeforeItsFirstOpsetIsAnError() {
        assertTrue(error(() -> unary(8, "Sign", doubles(shape(1), 1))).contains("does not exist before opset 9"));
        assertTrue(error(() -> binary(11, "NegativeLogLikelihoodLoss", doubles(shape(1, 2), 1, 2), int64s(shape(1), 0)))
                .contains("does not exist before opset 12"));
    }

    // ------------------------------------------------------------------ losses

    private static final OnnxTensor LOG_PROB = doubles(shape(3, 2), -1, -2, -3, -4, -5, -6);
    private static final OnnxTensor TARGET = int64s(shape(3), 0, 1, 1);
    private static final OnnxTensor WEIGHT = doubles(shape(2), 2, 0.5);

    @Test
    void nllMeanDividesBySumOfTheWeightsOfNonIgnoredTargets() {
        // row 0 is ignored; rows 1 and 2: 0.5·4 = 2 and 0.5·6 = 3; weights 0.5 + 0.5 = 1
        String op = "NegativeLogLikelihoodLoss";
        assertValues(node(13, op, List.of(LOG_PROB, TARGET, WEIGHT), i("ignore_index", 0)), shape(), 0, 5);
        assertValues(node(13, op, List.of(LOG_PROB, TARGET, WEIGHT), i("ignore_index", 0), s("reduction", "sum")), shape(), 0, 5);
        assertValues(node(13, op, List.of(LOG_PROB, TARGET, WEIGHT), i("ignore_index", 0), s("reduction", "none")),
                shape(3), 0, 0, 2, 3);
        // no ignore_index: (2·1 + 0.5·4 + 0.5·6) / (2 + 0.5 + 0.5) = 7/3
        assertValues(node(13, op, List.of(LOG_PROB, TARGET, WEIGHT)), shape(), 1e-15, 7 / 3.0);
        // no weights, ignore_index 1: only row 0 counts: 1/1
        assertValues(node(13, op, List.of(LOG_PROB, TARGET), i("ignore_index", 1)), shape(), 0, 1);
        // no weights, nothing ignored: (1 + 4 + 6) / 3
        assertValues(node(13, op, List.of(LOG_PROB, TARGET)), shape(), 1e-15, 11 / 3.0);
    }

    @Test
    void nllReadsTheClassAxisOfNdInputs() {
        // input [N=1, C=2, d1=2]: input[0, c, d]; target [[1, 0]] picks input[0,1,0] = 3 and input[0,0,1] = 2
        OnnxTensor input = doubles(shape(1, 2, 2), -1, -2, -3, -4);
        assertValues(node(13, "NegativeLogLikelihoodLoss", List.of(input, int64s(shape(1, 2), 1, 0)), s("reduction", "none")),
                shape(1, 2), 0, 3, 2);
    }

    @Test
    void aTargetOutsideTheClassesThatIsNotIgnoredIsAnError() {
        assertTrue(error(() -> node(13, "NegativeLogLikelihoodLoss", List.of(LOG_PROB, int64s(shape(3), 0, 2, -1))))
                .contains("outside [0, 2)"));
        assertValues(node(13, "NegativeLogLikelihoodLoss", List.of(LOG_PROB, int64s(shape(3), 0, 1, -1)), i("ignore_index", -1)),
                shape(), 0, 2.5);
    }

    @Test
    void softmaxCrossEntropyIsNllOfLogSoftmaxAlongTheClassAxis() {
        // equal scores: log_prob = −ln 2 everywhere, loss ln 2
        OnnxTensor scores = doubles(shape(1, 2, 2), 3, 5, 3, 5);
        ModelProto m = single(13, "SoftmaxCrossEntropyLoss", List.of("x", "t"), List.of(D, DataType.INT64),
                List.of("loss", "log_prob"), List.of(D, D));
        Map<String, OnnxTensor> out = new OnnxEvaluator(m).run(feeds("x", scores, "t", int64s(shape(1, 2), 0, 1)));
        assertValues(out.get("loss"), shape(), 1e-15, LN2);
        assertValues(out.get("log_prob"), shape(1, 2, 2), 1e-15, -LN2, -LN2, -LN2, -LN2);
    }

    // ------------------------------------------------------------------ OneHot

    @Test
    void oneHotCountsNegativeIndicesFromTheEndFromOpset11() {
        OnnxTensor depth = doubles(shape(), 3);
        OnnxTensor values = doubles(shape(2), 0, 5);
        OnnxTensor indices = int64s(shape(3), -1, 1, 3);
        assertValues(node(11, "OneHot", List.of(indices, depth, values)), shape(3, 3), 0, 0, 0, 5, 0, 5, 0, 0, 0, 0);
        assertValues(node(9, "OneHot", List.of(indices, depth, values)), shape(3, 3), 0, 0, 0, 0, 0, 5, 0, 0, 0, 0);
    }

    @Test
    void oneHotPutsTheNewAxisAtAxis() {
        OnnxTensor out = node(11, "OneHot", List.of(doubles(shape(2), 0, 2), doubles(shape(1), 3), floats(shape(2), -1, 1)),
                i("axis", 0));
        assertEquals(DataType.FLOAT, out.type());
        assertValues(out, shape(3, 2), 0, 1, -1, -1, -1, -1, 1);
    }

    // ------------------------------------------------------------------ Dropout

    private static Map<String, OnnxTensor> dropout(int opset, List<OnnxTensor> inputs, AttributeProto... attributes) {
        OnnxTestModels.Graph g = new OnnxTestModels.Graph(opset);
        List<String> names = List.of("x", "r", "t").subList(0, inputs.size());
        for (int k = 0; k < inputs.size(); k++) {
            g.input(names.get(k), inputs.get(k).type());
        }
        DataType maskType = opset >= 10 ? DataType.BOOL : inputs.get(0).type();
        ModelProto m = g.output("y", inputs.get(0).type()).output("mask", maskType)
                .node("Dropout", names, List.of("y", "mask"), attributes).build();
        Map<String, OnnxTensor> fed = new LinkedHashMap<>();
        for (int k = 0; k < inputs.size(); k++) {
            fed.put(names.get(k), inputs.get(k));
        }
        return new OnnxEvaluator(m).run(fed);
    }

    private static final OnnxTensor X = doubles(shape(2, 50), IntStream.range(0, 100).mapToDouble(k -> k + 1).toArray());

    @Test
    void dropoutIsTheIdentityInTestModeWithAnAllTrueMask() {
        for (Map<String, OnnxTensor> out : List.of(dropout(13, List.of(X)), dropout(13, List.of(X, doubles(shape(), 0.5), bool(false))),
                dropout(10, List.of(X), f("ratio", 0.5)), dropout(7, List.of(X), f("ratio", 0.5)),
                dropout(6, List.of(X), i("is_test", 1)))) {
            assertEquals(X.values(), out.get("y").values());
            assertTrue(Arrays.stream(out.get("mask").values().toArray()).allMatch(v -> v == 1));
        }
        assertEquals(DataType.BOOL, dropout(10, List.of(X)).get("mask").type());
        assertEquals(DataType.DOUBLE, dropout(9, List.of(X)).get("mask").type());
    }

    @Test
    void trainingDropoutKeepsOrZeroesEachUnitWithAMaskThatAgreesAndIsReproducibleWithASeed() {
        List<OnnxTensor> in = List.of(X, doubles(shape(), 0.75), bool(true));
        Map<String, OnnxTensor> out = dropout(13, in, i("seed", 7));
        int kept = 0;
        for (int k = 0; k < X.values().size(); k++) {
            double y = out.get("y").values().at(k);
            boolean m = out.get("mask").values().at(k) == 1;
            assertEquals(m ? X.values().at(k) * 4 : 0, y, 0, "unit " + k);
            kept += m ? 1 : 0;
        }
        assertTrue(kept > 5 && kept < 50, "kept " + kept + " of 100 at keep probability 1/4");
        assertEquals(out, dropout(13, in, i("seed", 7)));
        // opset 6 without is_test is training mode too
        Map<String, OnnxTensor> old = dropout(6, List.of(X), f("ratio", 0.5), i("seed", 7));
        assertTrue(Arrays.stream(old.get("mask").values().toArray()).anyMatch(v -> v == 0));
    }

    @Test
    void trainingDropoutWithRatioZeroIsExact() {
        Map<String, OnnxTensor> out = dropout(13, List.of(X, doubles(shape(), 0), bool(true)));
        assertEquals(X.values(), out.get("y").values());
        assertTrue(Arrays.stream(out.get("mask").values().toArray()).allMatch(v -> v == 1));
        assertTrue(error(() -> dropout(13, List.of(X, doubles(shape(), 1), bool(true)))).contains("ratio must lie in [0, 1)"));
    }

    // ------------------------------------------------------------------ preview training optimisers

    private static Map<String, OnnxTensor> optimiser(String op, int groupSize, List<OnnxTensor> tensors, long t, AttributeProto... attributes) {
        OnnxTestModels.Graph g = new OnnxTestModels.Graph(17).trainingDomain().input("R", D).input("T", DataType.INT64);
        List<String> inputs = new ArrayList<>(List.of("R", "T"));
        List<String> outputs = new ArrayList<>();
        Map<String, OnnxTensor> fed = new LinkedHashMap<>(feeds("R", doubles(shape(), 0.1), "T", int64s(shape(), t)));
        for (int k = 0; k < tensors.size(); k++) {
            String name = "in" + k;
            g.input(name, D);
            inputs.add(name);
            fed.put(name, tensors.get(k));
        }
        for (int k = 0; k < groupSize - 1; k++) {
            g.output("out" + k, D);
            outputs.add("out" + k);
        }
        ModelProto m = g.node(OnnxEvaluator.TRAINING_DOMAIN, op, inputs, outputs, attributes).build();
        return new OnnxEvaluator(m).run(fed);
    }

    private static final OnnxTensor XS = doubles(shape(2), 1.2, 2.8);
    private static final OnnxTensor GS = doubles(shape(2), -0.94, -2.5);
    private static final OnnxTensor VS = doubles(shape(2), 1.7, 3.6);
    private static final OnnxTensor HS = doubles(shape(2), 0.1, 0.1);

    @Test
    void adamAppliesNoBiasCorrectionAtStepZeroAndAddsEpsilonBeforeTheCorrection() {
        double a = 0.95f;
        double b = 0.1f;
        double eps = 1e-7f;
        double lambda = 0.001f;
        for (long t : new long[] {0, 1, 3}) {
            Map<String, OnnxTensor> out = optimiser("Adam", 4, List.of(XS, GS, VS, HS), t, f("alpha", a), f("beta", b),
                    f("epsilon", eps), f("norm_coefficient", lambda));
            for (int k = 0; k < 2; k++) {
                double x = XS.values().at(k);
                double g = GS.values().at(k) + lambda * x;
                double v = a * VS.values().at(k) + (1 - a) * g;
                double h = b * HS.values().at(k) + (1 - b) * g * g;
                double r = t > 0 ? 0.1 * Math.sqrt(1 - Math.pow(b, t)) / (1 - Math.pow(a, t)) : 0.1;
                double expected = x - r * v / (Math.sqrt(h) + eps);
                assertEquals(expected, out.get("out0").values().at(k), 1e-15, "X_new, T = " + t);
                assertEquals(v, out.get("out1").values().at(k), 1e-15, "V_new");
                assertEquals(h, out.get("out2").values().at(k), 1e-15, "H_new");
            }
        }
        // at T = 0 with the corpus's numbers: 1.2 − 0.1·1.56806/(√0.803210896 + 1e−7)
        Map<String, OnnxTensor> out = optimiser("Adam", 4, List.of(XS, GS, VS, HS), 0, f("alpha", a), f("beta", b),
                f("epsilon", eps), f("norm_coefficient", lambda));
        assertEquals(1.2 - 0.1 * 1.56806 / (Math.sqrt(0.803210896) + 1e-7), out.get("out0").values().at(0), 1e-6);
        Map<String, OnnxTensor> post = optimiser("Adam", 4, List.of(XS, GS, VS, HS), 0, f("norm_coefficient_post", 0.5));
        Map<String, OnnxTensor> plain = optimiser("Adam", 4, List.of(XS, GS, VS, HS), 0);
        assertEquals(plain.get("out0").values().map(w -> w / 2), post.get("out0").values());
    }

    @Test
    void momentumScalesTheFirstGradientByOneAndNesterovLooksAhead() {
        double a = 0.95f;
        double b = 0.1f;
        double lambda = 0.001f;
        for (String mode : List.of("standard", "nesterov")) {
            for (long t : new long[] {0, 2}) {
                Map<String, OnnxTensor> out = optimiser("Momentum", 3, List.of(XS, GS, VS), t, f("alpha", a), f("beta", b),
                        f("norm_coefficient", lambda), s("mode", mode));
                for (int k = 0; k < 2; k++) {
                    double x = XS.values().at(k);
                    double g = GS.values().at(k) + lambda * x;
                    double v = a * VS.values().at(k) + (t > 0 ? b : 1) * g;
                    double expected = mode.equals("standard") ? x - 0.1 * v : x - 0.1 * (g + a * v);
                    assertEquals(expected, out.get("out0").values().at(k), 1e-15, mode + ", T = " + t);
                    assertEquals(v, out.get("out1").values().at(k), 1e-15);
                }
            }
        }
        // the corpus's standard step at T = 0: V_new = 0.95·1.7 − 0.9388 = 0.6762, X_new = 1.2 − 0.06762
        Map<String, OnnxTensor> out = optimiser("Momentum", 3, List.of(XS, GS, VS), 0, f("alpha", a), f("beta", b),
                f("norm_coefficient", lambda), s("mode", "standard"));
        assertEquals(1.13238, out.get("out0").values().at(0), 1e-6);
        assertTrue(error(() -> optimiser("Momentum", 3, List.of(XS, GS, VS), 0, f("alpha", a))).contains("is required"));
    }

    @Test
    void adagradDecaysTheRateWithTheUpdateCount() {
        // R = 0.1, T = 2, decay 0.5: r = 0.05; G′ = −1 + 0.001·1; H′ = 2 + G′²; X′ = 1 − r·G′/(√H′ + 1e−5)
        OnnxTensor x = doubles(shape(1), 1);
        OnnxTensor g = doubles(shape(1), -1);
        OnnxTensor h = doubles(shape(1), 2);
        double lambda = 0.001f;
        double eps = 1e-5f;
        Map<String, OnnxTensor> out = optimiser("Adagrad", 3, List.of(x, g, h), 2, f("decay_factor", 0.5), f("epsilon", eps),
                f("norm_coefficient", lambda));
        double gr = -1 + lambda;
        double hNew = 2 + gr * gr;
        assertEquals(1 - 0.05 * gr / (Math.sqrt(hNew) + eps), out.get("out0").values().at(0), 1e-15);
        assertEquals(hNew, out.get("out1").values().at(0), 1e-15);
    }

    // ------------------------------------------------------------------ graph-level behaviour

    @Test
    void constantNodesInitializersAndChainsEvaluateInOrder() {
        ModelProto m = new OnnxTestModels.Graph(13).input("x", D).output("y", D)
                .initializer("w", doubles(shape(2), 2, 3))
                .node("Constant", List.of(), List.of("c"), OnnxTestModels.tensor("value", doubles(shape(), 1)))
                .node("Mul", List.of("x", "w"), List.of("xw"))
                .node("Add", List.of("xw", "c"), List.of("y")).build();
        OnnxEvaluator e = new OnnxEvaluator(m);
        assertEquals(List.of("x"), e.inputNames());
        assertValues(e.run(feeds("x", doubles(shape(2), 10, 100))).get("y"), shape(2), 0, 21, 301);
        assertEquals(Tensor.scalar(1), e.constants().get("c").values());
        ModelProto ints = new OnnxTestModels.Graph(13).output("c", DataType.INT64)
                .node("Constant", List.of(), List.of("c"), ints("value_ints", 4, 5)).build();
        assertEquals(Tensor.vector(4, 5), new OnnxEvaluator(ints).run(Map.of()).get("c").values());
    }

    @Test
    void graphErrorsNameTheProblem() {
        assertTrue(error(() -> unary(13, "FooBar", doubles(shape(1), 1))).contains("FooBar is not supported"));
        ModelProto outOfOrder = new OnnxTestModels.Graph(13).input("x", D).output("z", D)
                .node("Neg", List.of("y"), List.of("z")).node("Neg", List.of("x"), List.of("y")).build();
        assertTrue(error(() -> new OnnxEvaluator(outOfOrder).run(feeds("x", doubles(shape(1), 1)))).contains("topological order"));
        ModelProto neg = single(13, "Neg", List.of("x"), List.of(D), List.of("y"), List.of(D));
        assertTrue(error(() -> new OnnxEvaluator(neg).run(Map.of())).contains("'x' is not fed"));
        assertTrue(error(() -> new OnnxEvaluator(neg).run(feeds("x", floats(shape(1), 1)))).contains("declared DOUBLE"));
        ModelProto future = single(30, "Neg", List.of("x"), List.of(D), List.of("y"), List.of(D));
        assertTrue(error(() -> new OnnxEvaluator(future)).contains("opset 30"));
        assertTrue(error(() -> OnnxEvaluator.parseModel("junk", "not a model at all".getBytes())).startsWith("junk: not"));
    }
}

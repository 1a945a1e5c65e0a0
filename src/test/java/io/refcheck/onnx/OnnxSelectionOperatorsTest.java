package io.refcheck.onnx;

import static io.refcheck.onnx.OnnxTestModels.doubles;
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
import io.refcheck.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Comparisons, Cast, Max, Where, IsInf, Or, ReduceMax and the shape operators Unsqueeze, Expand,
 * Gather and Shape of the plain-Java ONNX evaluator, against values worked out by hand.
 */
class OnnxSelectionOperatorsTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    /** Runs a node with inputs named a, b, c, … (null: an absent optional input) and one output y. */
    private static OnnxTensor node(int opset, String op, List<OnnxTensor> inputs, AttributeProto... attributes) {
        List<String> names = new ArrayList<>();
        List<DataType> types = new ArrayList<>();
        Map<String, OnnxTensor> fed = new LinkedHashMap<>();
        for (int k = 0; k < inputs.size(); k++) {
            OnnxTensor t = inputs.get(k);
            String name = t == null ? "" : String.valueOf((char) ('a' + k));
            names.add(name);
            types.add(t == null ? DataType.DOUBLE : t.type());
            if (t != null) {
                fed.put(name, t);
            }
        }
        ModelProto m = single(opset, op, names, types, List.of("y"), List.of(inputs.get(0).type()), attributes);
        return new OnnxEvaluator(m).run(fed).get("y");
    }

    private static OnnxTensor bools(int[] shape, double... values) {
        return new OnnxTensor(DataType.BOOL, Tensor.of(shape, values));
    }

    private static void assertTensor(OnnxTensor t, DataType type, int[] shape, double... expected) {
        assertEquals(type, t.type(), "type");
        assertArrayEquals(shape, t.values().shape(), "shape");
        assertArrayEquals(expected, t.values().toArray(), 0, "values of " + t.values());
    }

    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    // ------------------------------------------------------------------ comparisons, Or, IsInf

    @Test
    void equalAndGreaterOrEqualBroadcastAndGiveBoolWithNaNEqualToNothing() {
        OnnxTensor a = doubles(shape(2, 2), 1, 2, NAN, 4);
        OnnxTensor b = doubles(shape(2), 1, 3);
        assertTensor(node(13, "Equal", List.of(a, b)), DataType.BOOL, shape(2, 2), 1, 0, 0, 0);
        assertTensor(node(13, "GreaterOrEqual", List.of(a, b)), DataType.BOOL, shape(2, 2), 1, 0, 0, 1);
        assertTensor(node(13, "Greater", List.of(a, b)), DataType.BOOL, shape(2, 2), 0, 0, 0, 1);
        assertTensor(node(13, "Equal", List.of(doubles(shape(1), NAN), doubles(shape(1), NAN))), DataType.BOOL, shape(1), 0);
    }

    @Test
    void equalTakesFloatsOnlyFromOpset11AndBothInputsMustShareAType() {
        OnnxTensor x = doubles(shape(1), 1);
        assertTrue(error(() -> node(10, "Equal", List.of(x, x))).contains("from opset 11"));
        assertTensor(node(10, "Equal", List.of(int64s(shape(2), 3, -3), int64s(shape(2), 3, 3))), DataType.BOOL, shape(2), 1, 0);
        assertTrue(error(() -> node(13, "Equal", List.of(x, int64s(shape(1), 1)))).contains("different types"));
        assertTrue(error(() -> node(11, "GreaterOrEqual", List.of(x, x))).contains("before opset 12"));
    }

    @Test
    void orIsTheDisjunctionOfBools() {
        OnnxTensor a = bools(shape(2, 2), 0, 0, 1, 1);
        OnnxTensor b = bools(shape(2, 2), 0, 1, 0, 1);
        assertTensor(node(7, "Or", List.of(a, b)), DataType.BOOL, shape(2, 2), 0, 1, 1, 1);
        assertTrue(error(() -> node(7, "Or", List.of(doubles(shape(1), 1), doubles(shape(1), 0)))).contains("takes bool"));
    }

    @Test
    void isInfDetectsEachSignOnRequestAndNaNIsNotInfinite() {
        OnnxTensor x = doubles(shape(4), INF, -INF, NAN, 1e308);
        assertTensor(node(10, "IsInf", List.of(x)), DataType.BOOL, shape(4), 1, 1, 0, 0);
        assertTensor(node(10, "IsInf", List.of(x), i("detect_negative", 0)), DataType.BOOL, shape(4), 1, 0, 0, 0);
        assertTensor(node(10, "IsInf", List.of(x), i("detect_positive", 0)), DataType.BOOL, shape(4), 0, 1, 0, 0);
    }

    // ------------------------------------------------------------------ Max, Where, Cast

    @Test
    void maxIsVariadicBroadcastsFromOpset8AndPropagatesNaNAsNumpyMaximum() {
        OnnxTensor a = doubles(shape(2, 2), 1, 5, NAN, -1);
        OnnxTensor b = doubles(shape(2), 3, 2);
        OnnxTensor c = doubles(shape(), 4);
        assertTensor(node(13, "Max", List.of(a, b, c)), DataType.DOUBLE, shape(2, 2), 4, 5, NAN, 4);
        assertTensor(node(13, "Max", List.of(a)), DataType.DOUBLE, shape(2, 2), 1, 5, NAN, -1);
        assertTrue(error(() -> node(6, "Max", List.of(a, b))).contains("broadcasts only from opset 8"));
        assertTensor(node(12, "Max", List.of(int64s(shape(2), -7, 3), int64s(shape(2), -8, 9))), DataType.INT64, shape(2), -7, 9);
        assertTrue(error(() -> node(8, "Max", List.of(int64s(shape(1), 1)))).contains("needs opset 12"));
    }

    @Test
    void whereBroadcastsConditionAndBothBranches() {
        OnnxTensor condition = bools(shape(2, 1), 1, 0);
        OnnxTensor x = doubles(shape(3), 1, 2, 3);
        OnnxTensor y = doubles(shape(), -1);
        assertTensor(node(16, "Where", List.of(condition, x, y)), DataType.DOUBLE, shape(2, 3), 1, 2, 3, -1, -1, -1);
        assertTrue(error(() -> node(16, "Where", List.of(x, x, y))).contains("condition must be bool"));
    }

    @Test
    void castRoundsToFloat32TruncatesToIntegersAndGivesBoolForNonZero() {
        OnnxTensor x = doubles(shape(4), 0.1, -2.7, 2.7, -0.0);
        assertTensor(node(13, "Cast", List.of(x), i("to", DataType.FLOAT.getNumber())), DataType.FLOAT, shape(4),
                0.100000001490116119384765625, -2.7000000476837158203125, 2.7000000476837158203125, -0.0);
        assertTensor(node(13, "Cast", List.of(x), i("to", DataType.INT64.getNumber())), DataType.INT64, shape(4), 0, -2, 2, 0);
        assertTensor(node(13, "Cast", List.of(x), i("to", DataType.INT32.getNumber())), DataType.INT32, shape(4), 0, -2, 2, 0);
        assertTensor(node(13, "Cast", List.of(doubles(shape(4), 0, -0.0, 0.5, NAN)), i("to", DataType.BOOL.getNumber())),
                DataType.BOOL, shape(4), 0, 0, 1, 1);
        assertTensor(node(13, "Cast", List.of(bools(shape(2), 1, 0)), i("to", DataType.DOUBLE.getNumber())), DataType.DOUBLE,
                shape(2), 1, 0);
    }

    @Test
    void castBeforeOpset6NamesTheTypeAndUndefinedConversionsAreErrors() {
        assertTensor(node(1, "Cast", List.of(doubles(shape(1), -3.5)), s("to", "INT32")), DataType.INT32, shape(1), -3);
        assertTrue(error(() -> node(13, "Cast", List.of(doubles(shape(1), NAN)), i("to", DataType.INT64.getNumber())))
                .contains("cannot cast NaN"));
        assertTrue(error(() -> node(13, "Cast", List.of(doubles(shape(1), 3e9)), i("to", DataType.INT32.getNumber())))
                .contains("outside the type's range"));
        assertTrue(error(() -> node(13, "Cast", List.of(doubles(shape(1), 1)), i("to", DataType.FLOAT16.getNumber())))
                .contains("not supported"));
    }

    // ------------------------------------------------------------------ ReduceMax

    @Test
    void reduceMaxTakesAxesAsAnAttributeUntilOpset17AndAsAnInputFrom18() {
        OnnxTensor x = doubles(shape(2, 3), 1, 7, 3, 4, 0, 6);
        assertTensor(node(13, "ReduceMax", List.of(x), ints("axes", 1)), DataType.DOUBLE, shape(2, 1), 7, 6);
        assertTensor(node(13, "ReduceMax", List.of(x), ints("axes", 0), i("keepdims", 0)), DataType.DOUBLE, shape(3), 4, 7, 6);
        assertTensor(node(18, "ReduceMax", List.of(x, int64s(shape(1), -1)), i("keepdims", 0)), DataType.DOUBLE, shape(2), 7, 6);
        assertTensor(node(18, "ReduceMax", List.of(x)), DataType.DOUBLE, shape(1, 1), 7);
        assertTensor(node(18, "ReduceMax", List.of(x), i("noop_with_empty_axes", 1)), DataType.DOUBLE, shape(2, 3), 1, 7, 3, 4, 0, 6);
        assertTrue(error(() -> node(18, "ReduceMax", List.of(x), ints("axes", 1))).contains("input from opset 18"));
    }

    @Test
    void reduceMaxPropagatesNaNAndAnEmptyReductionGivesTheTypesLeastValue() {
        assertTensor(node(18, "ReduceMax", List.of(doubles(shape(3), 1, NAN, 2))), DataType.DOUBLE, shape(1), NAN);
        assertTensor(node(18, "ReduceMax", List.of(doubles(shape(2, 0)), int64s(shape(1), 1)), i("keepdims", 0)),
                DataType.DOUBLE, shape(2), -INF, -INF);
        assertTensor(node(18, "ReduceMax", List.of(int32s(shape(2, 0)), int64s(shape(1), 1)), i("keepdims", 0)),
                DataType.INT32, shape(2), Integer.MIN_VALUE, Integer.MIN_VALUE);
    }

    // ------------------------------------------------------------------ Unsqueeze, Expand, Gather, Shape

    @Test
    void unsqueezeTakesAxesAsAnAttributeBefore13AndAsAnInputFrom13() {
        OnnxTensor x = doubles(shape(2, 3), 1, 2, 3, 4, 5, 6);
        assertTensor(node(11, "Unsqueeze", List.of(x), ints("axes", 3, 0)), DataType.DOUBLE, shape(1, 2, 3, 1), 1, 2, 3, 4, 5, 6);
        assertTensor(node(13, "Unsqueeze", List.of(x, int64s(shape(2), -1, 1))), DataType.DOUBLE, shape(2, 1, 3, 1),
                1, 2, 3, 4, 5, 6);
        assertTrue(error(() -> node(13, "Unsqueeze", List.of(x), ints("axes", 0))).contains("input from opset 13"));
        assertTrue(error(() -> node(10, "Unsqueeze", List.of(x), ints("axes", -1))).contains("need opset 11"));
        assertTrue(error(() -> node(11, "Unsqueeze", List.of(x), ints("axes", 1, 1))).contains("twice"));
        assertTrue(error(() -> node(11, "Unsqueeze", List.of(x), ints("axes", 4))).contains("out of range"));
    }

    @Test
    void expandBroadcastsBothWays() {
        OnnxTensor x = doubles(shape(2, 1), 1, 2);
        assertTensor(node(13, "Expand", List.of(x, int64s(shape(2), 1, 3))), DataType.DOUBLE, shape(2, 3), 1, 1, 1, 2, 2, 2);
        assertTensor(node(13, "Expand", List.of(x, int64s(shape(3), 2, 1, 1))), DataType.DOUBLE, shape(2, 2, 1), 1, 2, 1, 2);
        assertTrue(error(() -> node(13, "Expand", List.of(x, int64s(shape(2), 3, 1)))).contains("do not broadcast"));
    }

    @Test
    void gatherPicksSlicesAlongAxisWithNegativeIndicesFromTheEnd() {
        OnnxTensor data = doubles(shape(3, 2), 1, 2, 3, 4, 5, 6);
        assertTensor(node(13, "Gather", List.of(data, int64s(shape(2, 2), 0, -1, 2, 1))), DataType.DOUBLE, shape(2, 2, 2),
                1, 2, 5, 6, 5, 6, 3, 4);
        assertTensor(node(13, "Gather", List.of(data, int32s(shape(), 1)), i("axis", 1)), DataType.DOUBLE, shape(3), 2, 4, 6);
        assertTensor(node(13, "Gather", List.of(data, int64s(shape(1), -2)), i("axis", -1)), DataType.DOUBLE, shape(3, 1), 1, 3, 5);
        assertTrue(error(() -> node(13, "Gather", List.of(data, int64s(shape(1), 3)))).contains("out of range"));
        assertTrue(error(() -> node(13, "Gather", List.of(data, doubles(shape(1), 0)))).contains("int32 or int64"));
    }

    @Test
    void shapeGivesInt64DimensionsSlicedByStartAndEndFromOpset15() {
        OnnxTensor x = doubles(shape(2, 3, 4, 0));
        assertTensor(node(13, "Shape", List.of(x)), DataType.INT64, shape(4), 2, 3, 4, 0);
        assertTensor(node(15, "Shape", List.of(x), i("start", 1), i("end", -1)), DataType.INT64, shape(2), 3, 4);
        assertTensor(node(15, "Shape", List.of(x), i("start", -10), i("end", 10)), DataType.INT64, shape(4), 2, 3, 4, 0);
        assertTensor(node(15, "Shape", List.of(x), i("start", 3), i("end", 1)), DataType.INT64, shape(0));
        assertTensor(node(15, "Shape", List.of(doubles(shape(), 5))), DataType.INT64, shape(0));
        assertTrue(error(() -> node(13, "Shape", List.of(x), i("start", 1))).contains("from opset 15"));
    }
}

package io.refcheck.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.refcheck.formulas.Activations;
import io.refcheck.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The elementwise ONNX operators: unary maths and activations, the broadcasting binary
 * arithmetic Add, Sub, Mul, Div and Pow, the comparisons Equal, Greater and GreaterOrEqual,
 * the logical Or, IsInf, the variadic Max, the selection Where, and Cast.
 *
 * <p>Sigmoid, Tanh, Relu and Sign are the catalog's {@link Activations}. Binary operators follow
 * NumPy's multidirectional broadcasting from opset 7; before that (Add-1/6, Pow-1, …) the second
 * operand is broadcast only when the {@code broadcast} attribute is 1, aligned with the first at
 * {@code axis} (suffix matching when absent), and the shapes must agree otherwise. Integer
 * arithmetic is exact in 64 bits and wraps to 32 bits for int32 (as C); integer Div truncates
 * toward zero and rejects a zero divisor.
 */
final class ElementwiseOperators {
    private ElementwiseOperators() {
    }

    /** SELU's default α and γ (float32 constants of the ONNX spec). */
    static final double SELU_ALPHA = 1.67326319217681884765625;
    static final double SELU_GAMMA = 1.05070102214813232421875;

    static void register(Map<String, Operator.Spec> ops) {
        ops.put("Abs", new Operator.Spec(1, n -> List.of(integerOrFloat(n, Math::abs))));
        ops.put("Neg", new Operator.Spec(1, n -> List.of(integerOrFloat(n, x -> -x))));
        ops.put("Sign", new Operator.Spec(9, n -> List.of(numericTensor(n, Activations::sign))));
        ops.put("Relu", new Operator.Spec(1, n -> List.of(n.opset() >= 14
                ? numericTensor(n, Activations::relu) : floatTensor(n, Activations::relu))));
        ops.put("Sigmoid", new Operator.Spec(1, n -> List.of(floatTensor(n, Activations::sigmoid))));
        ops.put("Tanh", new Operator.Spec(1, n -> List.of(floatTensor(n, Activations::tanh))));
        ops.put("Exp", new Operator.Spec(1, n -> List.of(floatMap(n, Math::exp))));
        ops.put("Log", new Operator.Spec(1, n -> List.of(floatMap(n, Math::log))));
        ops.put("Sqrt", new Operator.Spec(1, n -> List.of(floatMap(n, Math::sqrt))));
        ops.put("Reciprocal", new Operator.Spec(1, n -> List.of(floatMap(n, x -> 1 / x))));
        ops.put("LeakyRelu", new Operator.Spec(1, n -> {
            double alpha = n.floatAttribute("alpha", 0.01);
            return List.of(floatMap(n, x -> x < 0 ? alpha * x : x));
        }));
        ops.put("Elu", new Operator.Spec(1, n -> {
            double alpha = n.floatAttribute("alpha", 1.0);
            return List.of(floatMap(n, x -> x < 0 ? alpha * Math.expm1(x) : x));
        }));
        ops.put("Selu", new Operator.Spec(1, n -> {
            double alpha = n.floatAttribute("alpha", SELU_ALPHA);
            double gamma = n.floatAttribute("gamma", SELU_GAMMA);
            return List.of(floatMap(n, x -> x > 0 ? gamma * x : gamma * alpha * Math.expm1(x)));
        }));
        ops.put("Softplus", new Operator.Spec(1, n -> List.of(floatMap(n, ElementwiseOperators::softplus))));
        ops.put("Softsign", new Operator.Spec(1, n -> List.of(floatMap(n, x -> x / (1 + Math.abs(x))))));
        ops.put("HardSigmoid", new Operator.Spec(1, n -> {
            double alpha = n.floatAttribute("alpha", 0.2);
            double beta = n.floatAttribute("beta", 0.5);
            return List.of(floatMap(n, x -> Math.max(0, Math.min(1, alpha * x + beta))));
        }));
        ops.put("Add", new Operator.Spec(1, n -> List.of(arithmetic(n, Double::sum, Long::sum))));
        ops.put("Sub", new Operator.Spec(1, n -> List.of(arithmetic(n, (a, b) -> a - b, (a, b) -> a - b))));
        ops.put("Mul", new Operator.Spec(1, n -> List.of(arithmetic(n, (a, b) -> a * b, (a, b) -> a * b))));
        ops.put("Div", new Operator.Spec(1, n -> List.of(arithmetic(n, (a, b) -> a / b, (a, b) -> {
            if (b == 0) {
                throw n.error("integer division by zero");
            }
            return a / b;
        }))));
        ops.put("Pow", new Operator.Spec(1, n -> List.of(pow(n))));
        ops.put("Equal", new Operator.Spec(1, n -> List.of(equal(n))));
        ops.put("GreaterOrEqual", new Operator.Spec(12, n -> List.of(compare(n, n.numericInput(0), n.numericInput(1),
                (a, b) -> a >= b))));
        ops.put("Greater", new Operator.Spec(1, n -> List.of(greater(n))));
        ops.put("Or", new Operator.Spec(1, n -> List.of(or(n))));
        ops.put("IsInf", new Operator.Spec(10, n -> List.of(isInf(n))));
        ops.put("Where", new Operator.Spec(9, n -> List.of(where(n))));
        ops.put("Max", new Operator.Spec(1, n -> List.of(max(n))));
        ops.put("Cast", new Operator.Spec(1, n -> List.of(cast(n))));
    }

    /** A comparison of two doubles, the predicate of a BOOL-valued operator. */
    @FunctionalInterface
    private interface Comparison {
        boolean test(double a, double b);
    }

    /**
     * Equal: a = b elementwise as BOOL (NaN equals nothing, itself included). Before opset 11 the
     * inputs are bool, int32 or int64; from 11 float and double too. Before opset 7 the second
     * operand broadcasts only on request (see {@link #legacyOperand}).
     */
    private static OnnxTensor equal(OnnxNode n) {
        OnnxTensor a = n.input(0);
        OnnxTensor b = n.input(1);
        if (n.opset() < 11 && (a.isFloating() || b.isFloating())) {
            throw n.error("inputs are " + a.type() + " and " + b.type() + "; Equal takes float or double only from opset 11");
        }
        return compare(n, a, b, (x, y) -> x == y);
    }

    /** Greater: a > b elementwise as BOOL; before opset 9 the inputs are float or double only. */
    private static OnnxTensor greater(OnnxNode n) {
        OnnxTensor a = n.numericInput(0);
        OnnxTensor b = n.numericInput(1);
        if (n.opset() < 9 && !a.isFloating()) {
            throw n.error("integer Greater needs opset 9, inputs are " + a.type());
        }
        return compare(n, a, b, (x, y) -> x > y);
    }

    /** Or: the elementwise disjunction of two BOOL inputs (legacy broadcasting before opset 7). */
    private static OnnxTensor or(OnnxNode n) {
        OnnxTensor a = n.input(0);
        OnnxTensor b = n.input(1);
        if (a.type() != DataType.BOOL || b.type() != DataType.BOOL) {
            throw n.error("inputs are " + a.type() + " and " + b.type() + "; Or takes bool");
        }
        return compare(n, a, b, (x, y) -> x != 0 || y != 0);
    }

    /**
     * IsInf: whether each element is +∞ (when {@code detect_positive}, default 1) or −∞ (when
     * {@code detect_negative}, default 1), as BOOL; NaN is not infinite.
     */
    private static OnnxTensor isInf(OnnxNode n) {
        OnnxTensor x = n.floatingInput(0);
        boolean positive = n.intAttribute("detect_positive", 1) != 0;
        boolean negative = n.intAttribute("detect_negative", 1) != 0;
        return new OnnxTensor(DataType.BOOL, x.values().map(v ->
                (positive && v == Double.POSITIVE_INFINITY) || (negative && v == Double.NEGATIVE_INFINITY) ? 1 : 0));
    }

    /**
     * Where(condition, X, Y): X where condition is true, else Y; the three inputs broadcast
     * together as NumPy's. X and Y have one type, the output's.
     */
    private static OnnxTensor where(OnnxNode n) {
        OnnxTensor condition = n.input(0);
        OnnxTensor x = n.input(1);
        OnnxTensor y = n.input(2);
        if (condition.type() != DataType.BOOL) {
            throw n.error("condition must be bool, is " + condition.type());
        }
        if (x.type() != y.type()) {
            throw n.error("X and Y have different types, " + x.type() + " and " + y.type());
        }
        int[] shape = ShapeOps.broadcastShape(ShapeOps.broadcastShape(condition.values().shape(), x.values().shape()),
                y.values().shape());
        double[] cd = ShapeOps.broadcastTo(condition.values(), shape).toArray();
        double[] xd = ShapeOps.broadcastTo(x.values(), shape).toArray();
        double[] yd = ShapeOps.broadcastTo(y.values(), shape).toArray();
        double[] out = new double[cd.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = cd[i] != 0 ? xd[i] : yd[i];
        }
        return new OnnxTensor(x.type(), Tensor.wrap(shape, out));
    }

    /** A broadcasting comparison of two inputs of one type, as a BOOL tensor of 1 (true) and 0 (false). */
    private static OnnxTensor compare(OnnxNode n, OnnxTensor a, OnnxTensor b, Comparison predicate) {
        if (a.type() != b.type()) {
            throw n.error("inputs have different types, " + a.type() + " and " + b.type());
        }
        Tensor second = n.opset() < 7 ? legacyOperand(n, a.values(), b.values()) : b.values();
        return new OnnxTensor(DataType.BOOL, ShapeOps.broadcast(a.values(), second, (x, y) -> predicate.test(x, y) ? 1 : 0));
    }

    /**
     * Max: the elementwise maximum of one or more inputs of one type. NaN propagates as in
     * numpy.maximum (Math.max does so). From opset 8 the inputs broadcast together as NumPy's;
     * before 8 they must have one shape. Integer inputs need opset 12.
     */
    private static OnnxTensor max(OnnxNode n) {
        if (n.inputCount() == 0) {
            throw n.error("Max needs at least one input");
        }
        OnnxTensor first = n.numericInput(0);
        if (!first.isFloating() && n.opset() < 12) {
            throw n.error("integer Max needs opset 12, input 0 is " + first.type());
        }
        Tensor result = first.values();
        for (int k = 1; k < n.inputCount(); k++) {
            OnnxTensor next = n.numericInput(k);
            if (next.type() != first.type()) {
                throw n.error("input " + k + " is " + next.type() + ", input 0 is " + first.type());
            }
            if (n.opset() < 8 && !result.sameShape(next.values())) {
                throw n.error("shapes " + Arrays.toString(result.shape()) + " and " + Arrays.toString(next.values().shape())
                        + " differ; Max broadcasts only from opset 8");
            }
            result = ShapeOps.broadcast(result, next.values(), Math::max);
        }
        return new OnnxTensor(first.type(), result);
    }

    /**
     * Cast to the type named by {@code to} (a DataType number from opset 6, its name before):
     * to FLOAT the value is rounded to float32 (by the evaluator, as for every float output), to
     * DOUBLE it is kept, to INT32/INT64 it is truncated toward zero (a NaN, an infinity or a value
     * outside the type's range is an error: C leaves the conversion undefined), and to BOOL it is
     * x ≠ 0 (NaN ≠ 0, so NaN is true). Other target types are not supported.
     */
    private static OnnxTensor cast(OnnxNode n) {
        OnnxTensor x = n.input(0);
        DataType to = castTarget(n);
        Tensor v = x.values();
        return switch (to) {
            case FLOAT, DOUBLE -> new OnnxTensor(to, v);
            case BOOL -> new OnnxTensor(to, v.map(e -> e != 0 ? 1 : 0));
            case INT32, INT64 -> new OnnxTensor(to, v.map(e -> {
                double t = e < 0 ? Math.ceil(e) : Math.floor(e);
                double lo = to == DataType.INT32 ? Integer.MIN_VALUE : -0x1p63;
                double hi = to == DataType.INT32 ? Integer.MAX_VALUE : 0x1p63;
                if (!(t >= lo && (to == DataType.INT32 ? t <= hi : t < hi))) {
                    throw n.error("cannot cast " + e + " to " + to + " (outside the type's range)");
                }
                return t;
            }));
            default -> throw n.error("casting to " + to + " is not supported (float, double, int32, int64, bool)");
        };
    }

    private static DataType castTarget(OnnxNode n) {
        AttributeProto attribute = n.attribute("to").orElseThrow(() -> n.error("attribute to is required"));
        DataType to;
        if (attribute.getType() == AttributeProto.AttributeType.STRING) {
            String name = attribute.getS().toStringUtf8();
            try {
                to = DataType.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw n.error("attribute to names no data type: '" + name + "'");
            }
        } else {
            to = DataType.forNumber((int) n.intAttribute("to", 0));
            if (to == null) {
                throw n.error("attribute to is no data type number: " + n.intAttribute("to", 0));
            }
        }
        return to;
    }

    /**
     * softplus(x) = ln(1 + eˣ), computed as max(x, 0) + log1p(e^(−|x|)) so that it neither
     * overflows for large x nor loses the tiny value for very negative x.
     */
    static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    private static OnnxTensor floatMap(OnnxNode n, DoubleUnaryOperator f) {
        OnnxTensor x = n.floatingInput(0);
        return new OnnxTensor(x.type(), x.values().map(f));
    }

    private static OnnxTensor floatTensor(OnnxNode n, UnaryOperator<Tensor> f) {
        OnnxTensor x = n.floatingInput(0);
        return new OnnxTensor(x.type(), f.apply(x.values()));
    }

    private static OnnxTensor numericTensor(OnnxNode n, UnaryOperator<Tensor> f) {
        OnnxTensor x = n.numericInput(0);
        return new OnnxTensor(x.type(), f.apply(x.values()));
    }

    /** f on every element; for integer types the result wraps to the type's width. */
    private static OnnxTensor integerOrFloat(OnnxNode n, DoubleUnaryOperator f) {
        OnnxTensor x = n.numericInput(0);
        if (x.isFloating()) {
            return new OnnxTensor(x.type(), x.values().map(f));
        }
        return new OnnxTensor(x.type(), x.values().map(v -> wrap(x.type(), (long) f.applyAsDouble(v))));
    }

    /** An integer result in the range of its type: int32 wraps to 32 bits as C arithmetic does. */
    static double wrap(DataType type, long v) {
        return type == DataType.INT32 ? (int) v : v;
    }

    private static OnnxTensor arithmetic(OnnxNode n, DoubleBinaryOperator floating, LongBinaryOperator integer) {
        OnnxTensor a = n.numericInput(0);
        OnnxTensor b = n.numericInput(1);
        if (a.type() != b.type()) {
            throw n.error("inputs have different types, " + a.type() + " and " + b.type());
        }
        Tensor second = n.opset() < 7 ? legacyOperand(n, a.values(), b.values()) : b.values();
        DataType type = a.type();
        Tensor result = a.isFloating()
                ? ShapeOps.broadcast(a.values(), second, floating)
                : ShapeOps.broadcast(a.values(), second, (x, y) -> wrap(type, integer.applyAsLong((long) x, (long) y)));
        return new OnnxTensor(type, result);
    }

    /**
     * Pow: base^exponent. Before opset 12 both are the same float type; from 12 the exponent may
     * have another numeric type and the result has the base's type (an integer base gives the
     * power truncated toward zero).
     */
    private static OnnxTensor pow(OnnxNode n) {
        OnnxTensor base = n.numericInput(0);
        OnnxTensor exponent = n.numericInput(1);
        if (n.opset() < 12) {
            base = n.floatingInput(0);
            exponent = n.floatingInput(1);
            if (base.type() != exponent.type()) {
                throw n.error("inputs have different types, " + base.type() + " and " + exponent.type()
                        + " (mixed types need opset 12)");
            }
        }
        Tensor second = n.opset() < 7 ? legacyOperand(n, base.values(), exponent.values()) : exponent.values();
        DataType type = base.type();
        Tensor result = base.isFloating()
                ? ShapeOps.broadcast(base.values(), second, Math::pow)
                : ShapeOps.broadcast(base.values(), second, (x, y) -> wrap(type, (long) Math.pow(x, y)));
        return new OnnxTensor(type, result);
    }

    /**
     * The second operand of a binary operator before opset 7, reshaped so that NumPy broadcasting
     * gives the legacy result: with {@code broadcast = 0} the shapes must be equal; with 1 a
     * one-element B is a scalar, otherwise B's shape must equal A's dimensions starting at
     * {@code axis} (default: suffix matching).
     */
    static Tensor legacyOperand(OnnxNode n, Tensor a, Tensor b) {
        if (n.intAttribute("broadcast", 0) == 0) {
            if (!a.sameShape(b)) {
                throw n.error("shapes " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape())
                        + " differ and the broadcast attribute is 0 (before opset 7 operands broadcast only on request)");
            }
            return b;
        }
        if (b.size() == 1) {
            return Tensor.scalar(b.at(0));
        }
        int ra = a.rank();
        int rb = b.rank();
        long axis = n.intAttribute("axis", ra - rb);
        if (axis < 0) {
            axis += ra;
        }
        boolean fits = axis >= 0 && axis + rb <= ra
                && Arrays.equals(Arrays.copyOfRange(a.shape(), (int) axis, (int) axis + rb), b.shape());
        if (!fits) {
            throw n.error("shape " + Arrays.toString(b.shape()) + " is not the part of " + Arrays.toString(a.shape())
                    + " starting at axis " + axis + " (legacy broadcasting)");
        }
        int[] shape = new int[ra];
        Arrays.fill(shape, 1);
        System.arraycopy(b.shape(), 0, shape, (int) axis, rb);
        return b.reshape(shape);
    }
}

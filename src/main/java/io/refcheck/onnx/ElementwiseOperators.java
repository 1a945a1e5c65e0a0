package io.refcheck.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.refcheck.formulas.Activations;
import io.refcheck.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The elementwise ONNX operators: unary maths and activations, and the broadcasting binary
 * arithmetic Add, Sub, Mul, Div and Pow.
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

package io.refcheck.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Builds the ONNX graph of one catalog entry for one sample's input names and shapes and one
 * element type: the builder an {@link OnnxForm} writes its nodes with, and the shared pieces of
 * several forms (activation by code, xlogy, means over every element).
 *
 * <p>Inputs. Every input of the sample is a graph input of the same name, in the sample's order, so a
 * saved model runs on the saved inputs alone and plain Java can be run on exactly those inputs:
 * <ul>
 *   <li>{@link #input}: a data tensor (any rank, or a differentiable scalar) in the element type T
 *       (FLOAT or DOUBLE); a fixed scalar (learning rate, β, ε, p, θ, an activation or case code)
 *       is a rank-0 DOUBLE input, cast to T where it meets data — as a Python float in PyTorch, and
 *       as {@code Conformance.asSeenBy} hands it to a float32 engine, so β2 = 0.99999999 is not
 *       rounded to 1 before 1 − β2 is formed;</li>
 *   <li>{@link #index}: class labels and row indices, INT64;</li>
 *   <li>{@link #scalarDouble}: a fixed scalar kept in DOUBLE for arithmetic on hyperparameters
 *       (Adam's bias corrections) before one cast to T.</li>
 * </ul>
 * Codes that choose a structure (which activation, which output case) stay graph inputs: every
 * candidate is computed and {@code Where(Equal(code, k), …)} picks one, so the model is valid for
 * every code, like the formula, and an unselected branch's NaN never reaches the output.
 *
 * <p>Outputs are graph outputs named as the entry's outputs, in the entry's order; an output that
 * shares its name with an input (gd_step's θ, adam_step's w, m, v) is named {@code <name>_new}, since
 * an ONNX value is assigned once ({@link #graphOutputName}).
 *
 * <p>Opset 17 of the default domain, IR version 8. Why not Tribuo's {@code ONNXContext}: it declares
 * only FLOAT inputs and outputs of shape [batch, n] ({@code ONNXPlaceholder}'s constructor is
 * package-private), pins its operator enum to opset 13 and has no Exp, Log, Tanh, Relu, Abs, Sqrt,
 * Sign, MatMul, Transpose, LogSoftmax, ReduceLogSumExp, ReduceMax, OneHot, SoftmaxCrossEntropyLoss or
 * NegativeLogLikelihoodLoss; so nodes are written as {@link NodeProto}s with the ONNX protobuf
 * classes Tribuo ships.
 */
public final class OnnxGraph {
    /** The default-domain opset every catalog graph imports. */
    public static final int OPSET = 17;
    /** The IR version that goes with opset 17 (ONNX 1.12). */
    public static final long IR_VERSION = 8;

    /** A named value of the graph and its element type. */
    public record Value(String name, DataType type) {
    }

    /** A graph input: its name, element type and shape. */
    public record Input(String name, DataType type, int[] shape) {
    }

    /** A graph output and the entry output it holds. */
    public record Output(String graphName, String port) {
    }

    /** A built model with its inputs (graph order) and outputs (entry order). */
    public record Model(ModelProto proto, List<Input> inputs, List<Output> outputs) {
        /**
         * The same model with the shapes of its graph outputs declared (by graph output name), as the
         * ONNX checker wants for a saved model; the builder leaves them open.
         */
        public Model withOutputShapes(Map<String, int[]> shapes) {
            ModelProto.Builder b = proto.toBuilder();
            GraphProto.Builder g = b.getGraphBuilder();
            for (ValueInfoProto.Builder out : g.getOutputBuilderList()) {
                int[] dims = shapes.get(out.getName());
                if (dims == null) {
                    throw new IllegalArgumentException("shapes: no shape for output " + out.getName());
                }
                TensorShapeProto.Builder shape = out.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().clearDim();
                for (int d : dims) {
                    shape.addDimBuilder().setDimValue(d);
                }
            }
            return new Model(b.build(), inputs, outputs);
        }

        /** The onnxruntime-ready value of each input: the sample's tensor in the input's element type. */
        public OnnxTensor tensor(Input in, Tensors sample) {
            Tensor t = sample.get(in.name());
            return switch (in.type()) {
                case FLOAT -> OnnxTensor.ofFloat(t);
                case DOUBLE -> OnnxTensor.ofDouble(t);
                default -> new OnnxTensor(in.type(), t);
            };
        }
    }

    /**
     * What the graph builder needs to know of the formula it writes: its id (the graph's name),
     * its output ports in order, which inputs are differentiable (a 0-d input that is not is a
     * hyperparameter), and a note for the model's doc string.
     */
    public record Signature(String id, List<String> outputs, Set<String> differentiableInputs, String note) {
        public Signature {
            outputs = List.copyOf(outputs);
            differentiableInputs = Set.copyOf(differentiableInputs);
        }
    }

    private final Signature formula;
    private final Tensors sample;
    private final DataType real;
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Map<String, Input> inputs = new HashMap<>();
    private final Map<String, Value> inputValues = new HashMap<>();
    private final Map<String, String> outputs = new LinkedHashMap<>();
    private final Map<String, Value> constants = new HashMap<>();
    private final boolean fixedDimensions;
    private int counter;

    private OnnxGraph(Signature formula, Tensors sample, DataType real, boolean fixedDimensions) {
        if (real != DataType.FLOAT && real != DataType.DOUBLE) {
            throw new IllegalArgumentException("real: must be FLOAT or DOUBLE, got " + real);
        }
        this.formula = formula;
        this.sample = sample;
        this.real = real;
        this.fixedDimensions = fixedDimensions;
    }

    /**
     * The model of a formula's ONNX {@code form} for inputs of the sample's names and shapes
     * (values are not read) in element type {@code real}. With {@code fixedDimensions} the graph
     * inputs declare every dimension (the model a golden case saves); without, only their rank, so a
     * form that reads no dimension builds the same bytes for every sample of the same ranks, and one
     * session serves them all.
     */
    public static Model model(OnnxForm form, Signature signature, Tensors sample, DataType real, boolean fixedDimensions) {
        OnnxGraph g = new OnnxGraph(signature, sample, real, fixedDimensions);
        form.define(g);
        return g.build();
    }

    /** The element type of data tensors in this graph (FLOAT or DOUBLE). */
    public DataType real() {
        return real;
    }

    /** Whether the sample has an input of this name (optional layers of mlp_forward). */
    public boolean has(String name) {
        return sample.has(name);
    }

    /** The shape of a sample input. */
    public int[] shape(String name) {
        return sample.get(name).shape();
    }

    // ------------------------------------------------------------------ inputs

    /**
     * A real input: data (any rank, or a differentiable scalar) in T; a fixed scalar as a rank-0
     * DOUBLE input cast to T.
     */
    public Value input(String name) {
        boolean hyperparameter = sample.get(name).rank() == 0 && !formula.differentiableInputs().contains(name);
        return hyperparameter ? cast(scalarDouble(name), real) : declare(name, real);
    }

    /** A fixed scalar as a rank-0 DOUBLE input, not cast. */
    public Value scalarDouble(String name) {
        if (sample.get(name).rank() != 0) {
            throw new IllegalArgumentException(name + ": a scalar hyperparameter must have rank 0, got shape "
                    + Arrays.toString(shape(name)));
        }
        return declare(name, DataType.DOUBLE);
    }

    /** Integer labels or indices as an INT64 input. */
    public Value index(String name) {
        return declare(name, DataType.INT64);
    }

    private Value declare(String name, DataType type) {
        Input existing = inputs.get(name);
        if (existing != null) {
            if (existing.type() != type) {
                throw new IllegalStateException(formula.id() + ": input " + name + " declared as " + existing.type() + " and " + type);
            }
            return inputValues.get(name);
        }
        inputs.put(name, new Input(name, type, shape(name)));
        Value v = new Value(name, type);
        inputValues.put(name, v);
        return v;
    }

    // ------------------------------------------------------------------ outputs

    /** Makes {@code v} the graph output for the entry output {@code port}. */
    public void output(String port, Value v) {
        if (!formula.outputs().contains(port)) {
            throw new IllegalArgumentException(formula.id() + ": no output named " + port);
        }
        String name = graphOutputName(port, sample);
        node("Identity", List.of(v), List.of(name), Map.of());
        graph.addOutput(ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(v.type().getNumber()))));
        outputs.put(port, name);
    }

    /** The graph name of entry output {@code port}: the port's name, or {@code <port>_new} where an input has that name. */
    public static String graphOutputName(String port, Tensors sample) {
        return sample.has(port) ? port + "_new" : port;
    }

    // ------------------------------------------------------------------ constants

    /** A scalar constant in T. */
    public Value constant(double value) {
        return constant(real, value);
    }

    /** A scalar constant of the given type (FLOAT, DOUBLE or INT64). */
    public Value constant(DataType type, double value) {
        return constantTensor(type, Tensor.scalar(value));
    }

    /** A 1-D INT64 constant (axes, shapes). */
    public Value ints(long... values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return constantTensor(DataType.INT64, Tensor.vector(d));
    }

    private Value constantTensor(DataType type, Tensor t) {
        String key = type + Arrays.toString(t.shape()) + Arrays.toString(Arrays.stream(t.toArray())
                .mapToLong(Double::doubleToRawLongBits).toArray());
        return constants.computeIfAbsent(key, k -> {
            String name = "const_" + constants.size();
            graph.addInitializer(TensorProtos.toProto(name, new OnnxTensor(type, t)));
            return new Value(name, type);
        });
    }

    // ------------------------------------------------------------------ operators

    /** A node of one output whose element type is that of its first input. */
    public Value op(String type, Value... in) {
        return op(type, Map.of(), in);
    }

    /** A node of one output with attributes (Long, long[], Double or String values). */
    public Value op(String type, Map<String, Object> attributes, Value... in) {
        return opTyped(type, in[0].type(), attributes, in);
    }

    /** A node of one output of the given element type. */
    public Value opTyped(String type, DataType result, Map<String, Object> attributes, Value... in) {
        String name = type.toLowerCase(Locale.ROOT) + "_" + counter++;
        node(type, List.of(in), List.of(name), attributes);
        return new Value(name, result);
    }

    private void node(String type, List<Value> in, List<String> out, Map<String, Object> attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(type).setName(out.get(0) + "_node");
        for (Value v : in) {
            n.addInput(v == null ? "" : v.name());
        }
        n.addAllOutput(out);
        attributes.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> n.addAttribute(attribute(e.getKey(), e.getValue())));
        graph.addNode(n);
    }

    private static AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (value instanceof Long l) {
            a.setType(AttributeProto.AttributeType.INT).setI(l);
        } else if (value instanceof Integer i) {
            a.setType(AttributeProto.AttributeType.INT).setI(i);
        } else if (value instanceof long[] ls) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (long l : ls) {
                a.addInts(l);
            }
        } else if (value instanceof Double d) {
            a.setType(AttributeProto.AttributeType.FLOAT).setF(d.floatValue());
        } else if (value instanceof String s) {
            a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else {
            throw new IllegalArgumentException(name + ": unsupported attribute value " + value);
        }
        return a.build();
    }

    public Value add(Value a, Value b) {
        return op("Add", a, b);
    }

    public Value sub(Value a, Value b) {
        return op("Sub", a, b);
    }

    public Value mul(Value a, Value b) {
        return op("Mul", a, b);
    }

    public Value div(Value a, Value b) {
        return op("Div", a, b);
    }

    public Value neg(Value a) {
        return op("Neg", a);
    }

    public Value abs(Value a) {
        return op("Abs", a);
    }

    public Value exp(Value a) {
        return op("Exp", a);
    }

    public Value log(Value a) {
        return op("Log", a);
    }

    public Value sqrt(Value a) {
        return op("Sqrt", a);
    }

    public Value pow(Value a, Value b) {
        return op("Pow", a, b);
    }

    public Value max(Value a, Value b) {
        return op("Max", a, b);
    }

    public Value min(Value a, Value b) {
        return op("Min", a, b);
    }

    public Value sigmoid(Value a) {
        return op("Sigmoid", a);
    }

    public Value tanh(Value a) {
        return op("Tanh", a);
    }

    public Value relu(Value a) {
        return op("Relu", a);
    }

    public Value sign(Value a) {
        return op("Sign", a);
    }

    public Value matmul(Value a, Value b) {
        return op("MatMul", a, b);
    }

    public Value transpose(Value a) {
        return op("Transpose", a);
    }

    /** 1 − a in T. */
    public Value oneMinus(Value a) {
        return sub(constant(a.type(), 1), a);
    }

    /** a·c for a constant c. */
    public Value scale(Value a, double c) {
        return mul(a, constant(a.type(), c));
    }

    /**
     * ReduceSum over {@code axes} (every axis when none are given); opset 13 takes the axes as an
     * input. In a FLOAT graph the sum runs in DOUBLE ({@link #accumulated}).
     */
    public Value reduceSum(Value x, boolean keepDims, long... axes) {
        Map<String, Object> attrs = Map.of("keepdims", keepDims ? 1L : 0L);
        return accumulated(x, wide -> axes.length == 0 ? op("ReduceSum", attrs, wide) : op("ReduceSum", attrs, wide, ints(axes)));
    }

    /**
     * ReduceMean, ReduceSumSquare, ReduceMax, ReduceLogSumExp, …: before opset 18 the axes are an
     * attribute. In a FLOAT graph ReduceMean and ReduceSumSquare run in DOUBLE ({@link #accumulated}).
     */
    public Value reduce(String type, Value x, boolean keepDims, long... axes) {
        Map<String, Object> attrs = new HashMap<>();
        attrs.put("keepdims", keepDims ? 1L : 0L);
        if (axes.length > 0) {
            attrs.put("axes", axes);
        }
        if (type.equals("ReduceMean") || type.equals("ReduceSumSquare")) {
            return accumulated(x, wide -> op(type, attrs, wide));
        }
        return op(type, attrs, x);
    }

    /**
     * A sum or mean of FLOAT data accumulated in DOUBLE: Cast to DOUBLE, reduce, Cast back.
     * ONNX Runtime's float ReduceSum and ReduceMean add in float, one term after another, with an
     * error growing like n·u (2·10⁻⁶ relative on a 10,000-term mean of bce_with_logits, 4·10⁻⁶ on a
     * cancelling mini-batch mean), beyond the float32 tolerance every other engine meets: PyTorch's
     * CPU reductions sum float32 in cascades. Accumulating wide keeps the graph's result within a
     * rounding or two of the float32 value of the exact sum; elementwise operators, MatMul and the
     * softmax family stay in float.
     */
    private Value accumulated(Value x, UnaryOperator<Value> reduction) {
        return x.type() == DataType.FLOAT ? cast(reduction.apply(cast(x, DataType.DOUBLE)), DataType.FLOAT) : reduction.apply(x);
    }

    public Value softmax(Value x, long axis) {
        return op("Softmax", Map.of("axis", axis), x);
    }

    public Value logSoftmax(Value x, long axis) {
        return op("LogSoftmax", Map.of("axis", axis), x);
    }

    public Value cast(Value x, DataType to) {
        return x.type() == to ? x : opTyped("Cast", to, Map.of("to", (long) to.getNumber()), x);
    }

    public Value where(Value condition, Value ifTrue, Value ifFalse) {
        return opTyped("Where", ifTrue.type(), Map.of(), condition, ifTrue, ifFalse);
    }

    /** A BOOL comparison: Equal, Greater, GreaterOrEqual, Less, LessOrEqual. */
    public Value compare(String type, Value a, Value b) {
        return opTyped(type, DataType.BOOL, Map.of(), a, b);
    }

    /** Unsqueeze at {@code axes} (an input from opset 13). */
    public Value unsqueeze(Value x, long... axes) {
        return op("Unsqueeze", x, ints(axes));
    }

    /** Gather along {@code axis}. */
    public Value gather(Value x, Value indices, long axis) {
        return op("Gather", Map.of("axis", axis), x, indices);
    }

    /** A 1-D constant in T. */
    public Value vector(double... values) {
        return constantTensor(real, Tensor.vector(values));
    }

    /** ReduceMean over {@code axes} (every axis when none are given), dropping them. */
    public Value mean(Value x, long... axes) {
        return reduce("ReduceMean", x, false, axes);
    }

    /**
     * OneHot(labels, depth, [0, 1]) along a new last axis, in T, for the INT64 input {@code labels}
     * and the scalar input {@code depth}. Without labels (N = 0) the result is Expand(0, [N…, depth])
     * instead: ONNX Runtime 1.23's OneHot kernel raises SIGFPE (an arithmetic fault in native code)
     * on an empty index tensor, which kills the whole JVM.
     */
    public Value oneHot(String labels, String depth) {
        Value indices = index(labels);
        Value d = input(depth);
        if (Tensor.sizeOf(shape(labels)) > 0) {
            return opTyped("OneHot", real, Map.of("axis", -1L), indices, d, vector(0, 1));
        }
        Value depthAsShape = op("Reshape", cast(d, DataType.INT64), ints(1));
        Value shape = op("Concat", Map.of("axis", 0L), opTyped("Shape", DataType.INT64, Map.of(), indices), depthAsShape);
        return op("Expand", constant(0), shape);
    }

    /** NegativeLogLikelihoodLoss(logProbabilities, labels) averaged over the rows. */
    public Value nllLoss(Value logProbabilities, Value labels) {
        return op("NegativeLogLikelihoodLoss", Map.of("reduction", "mean"), logProbabilities, labels);
    }

    /** SoftmaxCrossEntropyLoss(logits, labels) averaged over the rows. */
    public Value softmaxCrossEntropyLoss(Value logits, Value labels) {
        return op("SoftmaxCrossEntropyLoss", Map.of("reduction", "mean"), logits, labels);
    }

    // ------------------------------------------------------------------ shared pieces of forms

    /** The mean over every element (ReduceMean without axes; NaN for an empty tensor, as torch.mean). */
    public Value meanAll(Value x) {
        return reduce("ReduceMean", x, false);
    }

    /** The sum over every element (ReduceSum without axes; 0 for an empty tensor). */
    public Value sumAll(Value x) {
        return reduceSum(x, false);
    }

    /** The sum along the last axis of a tensor of rank {@code rank}. */
    public Value sumLast(Value x, int rank) {
        return reduceSum(x, false, rank - 1);
    }

    /** xlogy(x, y) = x·log y, and 0 where x = 0 (torch.xlogy): Where(Equal(x, 0), 0, x·Log(y)). */
    public Value xlogy(Value x, Value y) {
        Value zero = constant(x.type(), 0);
        return where(compare("Equal", x, zero), zero, mul(x, log(y)));
    }

    /** Heaviside step with step(0) = 1: Cast(GreaterOrEqual(z, 0)). */
    public Value step(Value z) {
        return cast(compare("GreaterOrEqual", z, constant(z.type(), 0)), z.type());
    }

    /**
     * Picks {@code branches[k]} where {@code code} (a DOUBLE scalar) equals k: nested
     * Where(Equal(code, k), branch_k, …); a code outside the range gets the last branch (plain
     * Java rejects it before any engine runs).
     */
    public Value select(Value code, List<Value> branches) {
        Value chosen = branches.get(branches.size() - 1);
        for (int k = branches.size() - 2; k >= 0; k--) {
            chosen = where(compare("Equal", code, constant(code.type(), k)), branches.get(k), chosen);
        }
        return chosen;
    }

    /** The catalog's activation codes 0 identity, 1 sigmoid, 2 tanh, 3 relu, selected by {@code code}. */
    public Value activation(Value code, Value z) {
        return select(code, List.of(z, sigmoid(z), tanh(z), relu(z)));
    }

    /** The derivative of the activation selected by {@code code}: 1, σ(1 − σ), 1 − tanh², (z > 0). */
    public Value activationDerivative(Value code, Value z) {
        Value s = sigmoid(z);
        Value t = tanh(z);
        Value ones = op("Expand", constant(z.type(), 1), opTyped("Shape", DataType.INT64, Map.of(), z));
        return select(code, List.of(ones, mul(s, oneMinus(s)), oneMinus(mul(t, t)),
                cast(compare("Greater", z, constant(z.type(), 0)), z.type())));
    }

    // ------------------------------------------------------------------ model

    private Model build() {
        List<Input> ordered = new ArrayList<>();
        for (String name : sample.names()) {
            Input in = inputs.get(name);
            if (in == null) {
                throw new IllegalStateException(formula.id() + ": the ONNX form does not read input " + name);
            }
            ordered.add(in);
            TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
            for (int d : in.shape()) {
                if (fixedDimensions) {
                    shape.addDimBuilder().setDimValue(d);
                } else {
                    shape.addDimBuilder(); // a dimension of unknown size
                }
            }
            graph.addInput(ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                    .setTensorType(TypeProto.Tensor.newBuilder().setElemType(in.type().getNumber()).setShape(shape))));
        }
        List<Output> outs = new ArrayList<>();
        for (String port : formula.outputs()) {
            String name = outputs.get(port);
            if (name == null) {
                throw new IllegalStateException(formula.id() + ": the ONNX form sets no output " + port);
            }
            outs.add(new Output(name, port));
        }
        graph.setName(formula.id());
        ModelProto proto = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("refcheck")
                .setDocString(formula.id() + ": " + formula.note())
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build();
        return new Model(proto, List.copyOf(ordered), List.copyOf(outs));
    }
}

package io.refcheck.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plain-Java evaluator of ONNX graphs, for the operators that express the formula catalog.
 *
 * <p>The graph is evaluated node by node in the order given (ONNX requires topological order),
 * from the initializers, the fed graph inputs and Constant nodes. Values are {@link OnnxTensor}s:
 * doubles plus the ONNX element type (float, double, int32, int64; bool, as 1 and 0, for
 * comparisons, Where's condition and Dropout's training flag and mask). Operators compute in double and every float output is rounded to float32 after
 * each node, so a float graph sees float32 values between operators as a float32 runtime does.
 *
 * <p>Operator semantics follow the opset the model imports for each domain: the default domain
 * (opset 1 to {@value #MAX_DEFAULT_OPSET}; opsets 22 and 23 changed only the type lists of the
 * operators implemented here, which ONNX Runtime 1.23 agrees with on the ONNX node tests re-stamped
 * at opset 23) and {@code ai.onnx.preview.training} version 1. Implemented:
 * Abs Add Sub Mul Div Neg Exp Log Pow Sqrt Reciprocal Sign Relu LeakyRelu Elu Selu Softplus
 * Softsign HardSigmoid Sigmoid Tanh Softmax LogSoftmax Gemm MatMul Transpose Identity Constant
 * ReduceSum ReduceMean ReduceL1 ReduceL2 ReduceSumSquare ReduceLogSumExp SoftmaxCrossEntropyLoss
 * NegativeLogLikelihoodLoss Dropout OneHot Cast Equal Greater GreaterOrEqual Or IsInf Max Where
 * ReduceMax Unsqueeze Expand Gather Shape, and Adam, Momentum, Adagrad. Where the catalog has the
 * formula the operator calls it (softmax, log_softmax, logsumexp, sigmoid, tanh, relu, sign,
 * matrix products (blocked, within γ_k·|A||B|), compensated sums, Lp norms, one-hot, dropout, the Adam update and the
 * gradient-descent step); see the operator classes for the opset-dependent details.
 *
 * <p>Every failure (unknown operator or domain, missing input, type or shape mismatch, a value off
 * an operator's domain) is an IllegalArgumentException whose message names the node.
 */
public final class OnnxEvaluator {
    /** The training operators' domain. */
    public static final String TRAINING_DOMAIN = "ai.onnx.preview.training";
    /** The newest default-domain opset the evaluator accepts. */
    public static final int MAX_DEFAULT_OPSET = 23;

    private static final Map<String, Operator.Spec> DEFAULT_OPERATORS = new HashMap<>();
    private static final Map<String, Operator.Spec> TRAINING_OPERATORS = new HashMap<>();

    static {
        ElementwiseOperators.register(DEFAULT_OPERATORS);
        TensorOperators.register(DEFAULT_OPERATORS);
        ReduceOperators.register(DEFAULT_OPERATORS);
        LossOperators.register(DEFAULT_OPERATORS);
        TrainingOperators.registerDefault(DEFAULT_OPERATORS);
        TrainingOperators.registerPreviewTraining(TRAINING_OPERATORS);
    }

    private final ModelProto model;
    private final Map<String, Integer> opsets;

    /** An evaluator of {@code model}'s graph; the model's opset imports are checked here. */
    public OnnxEvaluator(ModelProto model) {
        this.model = model;
        this.opsets = opsetImports(model);
    }

    /** Reads and parses a model file; a missing, unreadable or unparsable file is an IllegalArgumentException naming it. */
    public static ModelProto readModel(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e + ")", e);
        }
        return parseModel(file.toString(), bytes);
    }

    /**
     * Parses model bytes. Protobuf parses many a corrupt byte string into some message, so the
     * result must also look like a model: an IR version and a graph with at least one output.
     */
    public static ModelProto parseModel(String name, byte[] bytes) {
        ModelProto m;
        try {
            m = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(name + ": not an ONNX ModelProto (" + e.getMessage() + ")", e);
        }
        if (m.getIrVersion() <= 0 || !m.hasGraph() || m.getGraph().getOutputCount() == 0) {
            throw new IllegalArgumentException(name + ": not a valid ONNX model (ir_version " + m.getIrVersion()
                    + ", " + (m.hasGraph() ? m.getGraph().getOutputCount() + " graph outputs" : "no graph") + ")");
        }
        return m;
    }

    private static Map<String, Integer> opsetImports(ModelProto model) {
        Map<String, Integer> result = new HashMap<>();
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            String domain = canonicalDomain(o.getDomain());
            long v = o.getVersion();
            if (domain.isEmpty() && (v < 1 || v > MAX_DEFAULT_OPSET)) {
                throw new IllegalArgumentException("model imports default-domain opset " + v
                        + "; the evaluator knows opsets 1 to " + MAX_DEFAULT_OPSET);
            }
            if (domain.equals(TRAINING_DOMAIN) && v != 1) {
                throw new IllegalArgumentException("model imports " + TRAINING_DOMAIN + " version " + v
                        + "; the evaluator knows version 1");
            }
            result.put(domain, (int) v);
        }
        return result;
    }

    private static String canonicalDomain(String domain) {
        return domain.equals("ai.onnx") ? "" : domain;
    }

    /** The opset version the model imports for a domain ("" is the default domain), or 0 if none. */
    public int opset(String domain) {
        return opsets.getOrDefault(canonicalDomain(domain), 0);
    }

    public ModelProto model() {
        return model;
    }

    /** The graph inputs that must be fed: the declared inputs that are not initializers, in graph order. */
    public List<String> inputNames() {
        Set<String> initializers = initializerNames();
        List<String> names = new ArrayList<>();
        for (ValueInfoProto v : model.getGraph().getInputList()) {
            if (!initializers.contains(v.getName())) {
                names.add(v.getName());
            }
        }
        return names;
    }

    /** The graph outputs, in graph order. */
    public List<String> outputNames() {
        return model.getGraph().getOutputList().stream().map(ValueInfoProto::getName).toList();
    }

    private Set<String> initializerNames() {
        Set<String> names = new LinkedHashSet<>();
        for (TensorProto t : model.getGraph().getInitializerList()) {
            names.add(t.getName());
        }
        return names;
    }

    /**
     * The values known without running the graph: initializers and the outputs of Constant nodes
     * (Constant nodes are evaluated here; any other node is not).
     */
    public Map<String, OnnxTensor> constants() {
        Map<String, OnnxTensor> values = new LinkedHashMap<>();
        addInitializers(values);
        List<NodeProto> nodes = model.getGraph().getNodeList();
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto node = nodes.get(i);
            if (node.getOpType().equals("Constant") && canonicalDomain(node.getDomain()).isEmpty()
                    && node.getOutputCount() == 1) {
                values.put(node.getOutput(0), TensorOperators.constant(new OnnxNode(node, i, opset(""), List.of())));
            }
        }
        return values;
    }

    private void addInitializers(Map<String, OnnxTensor> values) {
        for (TensorProto t : model.getGraph().getInitializerList()) {
            try {
                values.put(t.getName(), TensorProtos.fromProto(t));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("initializer '" + t.getName() + "': " + e.getMessage(), e);
            }
        }
    }

    /** The graph outputs, in graph order, for the given inputs (by graph-input name). */
    public Map<String, OnnxTensor> run(Map<String, OnnxTensor> feeds) {
        Map<String, OnnxTensor> values = evaluateAll(feeds);
        Map<String, OnnxTensor> outputs = new LinkedHashMap<>();
        for (String name : outputNames()) {
            OnnxTensor v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException("graph output '" + name + "' is not computed by any node");
            }
            outputs.put(name, v);
        }
        return outputs;
    }

    /** Every value of the graph (initializers, inputs, node outputs) for the given inputs. */
    public Map<String, OnnxTensor> evaluateAll(Map<String, OnnxTensor> feeds) {
        GraphProto graph = model.getGraph();
        Map<String, OnnxTensor> values = new LinkedHashMap<>();
        addInitializers(values);
        Map<String, ValueInfoProto> declared = new LinkedHashMap<>();
        graph.getInputList().forEach(v -> declared.put(v.getName(), v));
        for (Map.Entry<String, OnnxTensor> feed : feeds.entrySet()) {
            ValueInfoProto info = declared.get(feed.getKey());
            if (info == null) {
                throw new IllegalArgumentException("'" + feed.getKey() + "' is not a graph input (inputs: " + declared.keySet() + ")");
            }
            checkDeclared(info, feed.getValue());
            values.put(feed.getKey(), feed.getValue());
        }
        for (String name : inputNames()) {
            if (!feeds.containsKey(name)) {
                throw new IllegalArgumentException("graph input '" + name + "' is not fed");
            }
        }
        List<NodeProto> nodes = graph.getNodeList();
        for (int i = 0; i < nodes.size(); i++) {
            evaluateNode(nodes.get(i), i, values);
        }
        return values;
    }

    private void evaluateNode(NodeProto node, int index, Map<String, OnnxTensor> values) {
        String domain = canonicalDomain(node.getDomain());
        Map<String, Operator.Spec> registry = domain.isEmpty() ? DEFAULT_OPERATORS
                : domain.equals(TRAINING_DOMAIN) ? TRAINING_OPERATORS : null;
        int version = opset(domain);
        String where = "node " + index + " (" + (domain.isEmpty() ? "" : domain + ".") + node.getOpType() + ")";
        if (registry == null) {
            throw new IllegalArgumentException(where + ": domain '" + domain + "' is not supported");
        }
        if (version == 0) {
            throw new IllegalArgumentException(where + ": the model imports no opset for domain '" + domain + "'");
        }
        Operator.Spec spec = registry.get(node.getOpType());
        if (spec == null) {
            throw new IllegalArgumentException(where + ": operator " + node.getOpType() + " is not supported by the plain-Java evaluator");
        }
        if (version < spec.since()) {
            throw new IllegalArgumentException(where + ": " + node.getOpType() + " does not exist before opset " + spec.since()
                    + " and the model imports opset " + version);
        }
        List<OnnxTensor> inputs = new ArrayList<>();
        for (String name : node.getInputList()) {
            if (name.isEmpty()) {
                inputs.add(null);
                continue;
            }
            OnnxTensor v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException(where + ": input '" + name + "' is not an initializer, a graph input or the output "
                        + "of an earlier node (nodes must be in topological order)");
            }
            inputs.add(v);
        }
        OnnxNode context = new OnnxNode(node, index, version, Collections.unmodifiableList(inputs));
        for (OnnxTensor t : inputs) {
            if (t != null && !OnnxNode.isNumeric(t.type()) && t.type() != DataType.BOOL) {
                throw context.error("input of type " + t.type() + " is not supported (float, double, int32, int64, bool)");
            }
        }
        List<OnnxTensor> outputs;
        try {
            outputs = spec.operator().apply(context);
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("node ") ? e : context.error(e.getMessage());
        }
        for (int j = 0; j < node.getOutputCount(); j++) {
            String name = node.getOutput(j);
            if (name.isEmpty()) {
                continue;
            }
            OnnxTensor out = j < outputs.size() ? outputs.get(j) : null;
            if (out == null) {
                throw context.error("output " + j + " ('" + name + "') is not produced by this operator");
            }
            values.put(name, out.type() == DataType.FLOAT ? new OnnxTensor(DataType.FLOAT, out.values().toFloat32()) : out);
        }
    }

    /** A fed value must have the declared element type and, where the declaration fixes them, the declared dimensions. */
    private static void checkDeclared(ValueInfoProto info, OnnxTensor value) {
        if (!info.getType().hasTensorType()) {
            return;
        }
        var tensorType = info.getType().getTensorType();
        DataType declared = DataType.forNumber(tensorType.getElemType());
        if (declared != null && declared != DataType.UNDEFINED && declared != value.type()) {
            throw new IllegalArgumentException("graph input '" + info.getName() + "' is declared " + declared + " but is fed "
                    + value.type());
        }
        if (!tensorType.hasShape()) {
            return;
        }
        List<TensorShapeProto.Dimension> dims = tensorType.getShape().getDimList();
        int[] shape = value.values().shape();
        boolean fits = dims.size() == shape.length;
        for (int d = 0; fits && d < shape.length; d++) {
            fits = !dims.get(d).hasDimValue() || dims.get(d).getDimValue() == shape[d];
        }
        if (!fits) {
            throw new IllegalArgumentException("graph input '" + info.getName() + "' is declared with shape " + describe(dims)
                    + " but is fed " + Arrays.toString(shape));
        }
    }

    private static String describe(List<TensorShapeProto.Dimension> dims) {
        return dims.stream().map(d -> d.hasDimValue() ? Long.toString(d.getDimValue()) : d.getDimParam().isEmpty() ? "?" : d.getDimParam())
                .toList().toString();
    }
}

package io.refcheck.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import io.refcheck.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds small ONNX models and node-test folders inside tests (nothing is copied from the corpus). */
public final class OnnxTestModels {
    private OnnxTestModels() {
    }

    /** A graph under construction, with the default-domain opset (and optionally the training domain). */
    public static final class Graph {
        private final ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(8).setProducerName("refcheck-test");
        private final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");

        public Graph(int opset) {
            model.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset));
        }

        public Graph trainingDomain() {
            model.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(OnnxEvaluator.TRAINING_DOMAIN).setVersion(1));
            return this;
        }

        public Graph input(String name, DataType type) {
            graph.addInput(valueInfo(name, type));
            return this;
        }

        public Graph output(String name, DataType type) {
            graph.addOutput(valueInfo(name, type));
            return this;
        }

        public Graph initializer(String name, OnnxTensor value) {
            graph.addInitializer(TensorProtos.toProto(name, value));
            return this;
        }

        public Graph node(String op, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
            return node("", op, inputs, outputs, attributes);
        }

        public Graph node(String domain, String op, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
            graph.addNode(NodeProto.newBuilder().setDomain(domain).setOpType(op).addAllInput(inputs).addAllOutput(outputs)
                    .addAllAttribute(Arrays.asList(attributes)));
            return this;
        }

        public ModelProto build() {
            return model.setGraph(graph).build();
        }
    }

    private static ValueInfoProto valueInfo(String name, DataType type) {
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber())))
                .build();
    }

    /** A graph with one node whose inputs and outputs are all graph inputs and outputs of the given types. */
    public static ModelProto single(int opset, String op, List<String> inputs, List<DataType> inputTypes, List<String> outputs,
                                    List<DataType> outputTypes, AttributeProto... attributes) {
        Graph g = new Graph(opset);
        for (int i = 0; i < inputs.size(); i++) {
            if (!inputs.get(i).isEmpty()) {
                g.input(inputs.get(i), inputTypes.get(i));
            }
        }
        for (int i = 0; i < outputs.size(); i++) {
            g.output(outputs.get(i), outputTypes.get(i));
        }
        return g.node(op, inputs, outputs, attributes).build();
    }

    public static AttributeProto f(String name, double value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF((float) value).build();
    }

    public static AttributeProto i(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    public static AttributeProto s(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    public static AttributeProto tensor(String name, OnnxTensor value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR)
                .setT(TensorProtos.toProto(name, value)).build();
    }

    public static OnnxTensor doubles(int[] shape, double... values) {
        return new OnnxTensor(DataType.DOUBLE, Tensor.of(shape, values));
    }

    public static OnnxTensor floats(int[] shape, double... values) {
        return new OnnxTensor(DataType.FLOAT, Tensor.of(shape, values).toFloat32());
    }

    public static OnnxTensor int64s(int[] shape, double... values) {
        return new OnnxTensor(DataType.INT64, Tensor.of(shape, values));
    }

    public static OnnxTensor int32s(int[] shape, double... values) {
        return new OnnxTensor(DataType.INT32, Tensor.of(shape, values));
    }

    public static OnnxTensor bool(boolean value) {
        return new OnnxTensor(DataType.BOOL, Tensor.scalar(value ? 1 : 0));
    }

    public static int[] shape(int... dims) {
        return dims;
    }

    /** Feeds from alternating names and values. */
    public static Map<String, OnnxTensor> feeds(Object... nameValue) {
        Map<String, OnnxTensor> m = new LinkedHashMap<>();
        for (int k = 0; k < nameValue.length; k += 2) {
            m.put((String) nameValue[k], (OnnxTensor) nameValue[k + 1]);
        }
        return m;
    }

    /** Writes a node-test case folder: model.onnx and test_data_set_0 with input_K.pb and output_K.pb. */
    public static Path writeCase(Path dir, ModelProto model, List<OnnxTensor> inputs, List<OnnxTensor> outputs) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("model.onnx"), model.toByteArray());
        Path set = Files.createDirectories(dir.resolve("test_data_set_0"));
        for (int k = 0; k < inputs.size(); k++) {
            TensorProtos.write(set.resolve("input_" + k + ".pb"), "input_" + k, inputs.get(k));
        }
        for (int k = 0; k < outputs.size(); k++) {
            TensorProtos.write(set.resolve("output_" + k + ".pb"), "output_" + k, outputs.get(k));
        }
        return dir;
    }

    /** A case that passes on every engine: z = x + y in double at opset 14, with the exact sum stored. */
    public static Path writePassingAddCase(Path dir) throws IOException {
        ModelProto m = single(14, "Add", List.of("x", "y"), List.of(DataType.DOUBLE, DataType.DOUBLE), List.of("z"),
                List.of(DataType.DOUBLE));
        return writeCase(dir, m, List.of(doubles(shape(2), 1, 2), doubles(shape(2), 0.5, 0.25)),
                List.of(doubles(shape(2), 1.5, 2.25)));
    }
}

package io.refcheck.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.refcheck.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * ONNX Runtime (CPU) as a node-test engine: the model bytes go to an {@link OrtSession} as they
 * are, inputs become ORT tensors of their ONNX type (float, double, int32, int64, bool), and the
 * graph outputs come back as {@link io.refcheck.onnx.OnnxTensor}s. Sessions, options, input
 * tensors and results are closed after every run. Besides the outputs, the values it can show are
 * the inputs, initializers and Constant outputs (ORT does not expose intermediate values).
 */
final class OrtNodeTestEngine implements NodeTestEngine {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();

    @Override
    public String name() {
        return "onnxruntime";
    }

    @Override
    public Run run(byte[] modelBytes, ModelProto model, Map<String, io.refcheck.onnx.OnnxTensor> feeds) throws OrtException {
        Map<String, io.refcheck.onnx.OnnxTensor> outputs = new LinkedHashMap<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            try (OrtSession session = env.createSession(modelBytes, options)) {
                Map<String, ai.onnxruntime.OnnxTensor> inputs = new LinkedHashMap<>();
                try {
                    for (Map.Entry<String, io.refcheck.onnx.OnnxTensor> feed : feeds.entrySet()) {
                        inputs.put(feed.getKey(), toOrt(feed.getKey(), feed.getValue()));
                    }
                    try (OrtSession.Result result = session.run(inputs)) {
                        for (ValueInfoProto out : model.getGraph().getOutputList()) {
                            Optional<OnnxValue> value = result.get(out.getName());
                            if (value.isEmpty() || !(value.get() instanceof ai.onnxruntime.OnnxTensor tensor)) {
                                throw new IllegalStateException("onnxruntime returned no tensor for graph output '" + out.getName() + "'");
                            }
                            outputs.put(out.getName(), fromOrt(out.getName(), tensor));
                        }
                    }
                } finally {
                    inputs.values().forEach(ai.onnxruntime.OnnxTensor::close);
                }
            }
        }
        Map<String, io.refcheck.onnx.OnnxTensor> values = new LinkedHashMap<>(NodeTestRunner.constantsOf(model));
        values.putAll(feeds);
        values.putAll(outputs);
        return new Run(outputs, values);
    }

    private ai.onnxruntime.OnnxTensor toOrt(String name, io.refcheck.onnx.OnnxTensor t) throws OrtException {
        Tensor v = t.values();
        long[] shape = Arrays.stream(v.shape()).asLongStream().toArray();
        int n = v.size();
        switch (t.type()) {
            case FLOAT -> {
                float[] d = new float[n];
                for (int i = 0; i < n; i++) {
                    d[i] = (float) v.at(i);
                }
                return ai.onnxruntime.OnnxTensor.createTensor(env, FloatBuffer.wrap(d), shape);
            }
            case DOUBLE -> {
                return ai.onnxruntime.OnnxTensor.createTensor(env, DoubleBuffer.wrap(v.toArray()), shape);
            }
            case INT64 -> {
                long[] d = new long[n];
                for (int i = 0; i < n; i++) {
                    d[i] = (long) v.at(i);
                }
                return ai.onnxruntime.OnnxTensor.createTensor(env, LongBuffer.wrap(d), shape);
            }
            case INT32 -> {
                int[] d = new int[n];
                for (int i = 0; i < n; i++) {
                    d[i] = (int) v.at(i);
                }
                return ai.onnxruntime.OnnxTensor.createTensor(env, IntBuffer.wrap(d), shape);
            }
            case BOOL -> {
                ByteBuffer d = ByteBuffer.allocateDirect(n).order(ByteOrder.nativeOrder());
                for (int i = 0; i < n; i++) {
                    d.put((byte) (v.at(i) != 0 ? 1 : 0));
                }
                d.rewind();
                return ai.onnxruntime.OnnxTensor.createTensor(env, d, shape, OnnxJavaType.BOOL);
            }
            default -> throw new IllegalArgumentException("input '" + name + "': " + t.type()
                    + " tensors are not passed to onnxruntime (float, double, int32, int64, bool)");
        }
    }

    private static io.refcheck.onnx.OnnxTensor fromOrt(String name, ai.onnxruntime.OnnxTensor tensor) {
        TensorInfo info = tensor.getInfo();
        int[] shape = Arrays.stream(info.getShape()).mapToInt(Math::toIntExact).toArray();
        int n = Tensor.sizeOf(shape);
        double[] d = new double[n];
        DataType type;
        switch (info.onnxType) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> {
                type = DataType.FLOAT;
                FloatBuffer b = tensor.getFloatBuffer();
                for (int i = 0; i < n; i++) {
                    d[i] = b.get(i);
                }
            }
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> {
                type = DataType.DOUBLE;
                tensor.getDoubleBuffer().get(d);
            }
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> {
                type = DataType.INT64;
                LongBuffer b = tensor.getLongBuffer();
                for (int i = 0; i < n; i++) {
                    d[i] = b.get(i);
                }
            }
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> {
                type = DataType.INT32;
                IntBuffer b = tensor.getIntBuffer();
                for (int i = 0; i < n; i++) {
                    d[i] = b.get(i);
                }
            }
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> {
                type = DataType.BOOL;
                ByteBuffer b = tensor.getByteBuffer();
                for (int i = 0; i < n; i++) {
                    d[i] = b.get(i) != 0 ? 1 : 0;
                }
            }
            default -> throw new IllegalArgumentException("graph output '" + name + "': onnxruntime returned " + info.onnxType
                    + ", which is not compared (float, double, int32, int64, bool)");
        }
        return new io.refcheck.onnx.OnnxTensor(type, Tensor.wrap(shape, d));
    }
}

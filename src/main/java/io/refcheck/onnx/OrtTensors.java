package io.refcheck.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import io.refcheck.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;

/**
 * Conversion between our {@link OnnxTensor} and ONNX Runtime's tensors, for the ORT engine and the
 * ORT node-test engine alike: float, double, int32, int64 and bool. Integer inputs must hold exact
 * integers; anything else is an IllegalArgumentException naming the input.
 */
public final class OrtTensors {
    private OrtTensors() {
    }

    /** An ORT tensor holding {@code t}; the caller closes it. */
    public static ai.onnxruntime.OnnxTensor toOrt(OrtEnvironment env, String name, OnnxTensor t) throws OrtException {
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
                    d[i] = exactInteger(name, v.at(i));
                }
                return ai.onnxruntime.OnnxTensor.createTensor(env, LongBuffer.wrap(d), shape);
            }
            case INT32 -> {
                int[] d = new int[n];
                for (int i = 0; i < n; i++) {
                    d[i] = Math.toIntExact(exactInteger(name, v.at(i)));
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

    private static long exactInteger(String name, double x) {
        if (x != Math.rint(x) || Math.abs(x) > 0x1p53) {
            throw new IllegalArgumentException("input '" + name + "': an integer tensor holds " + x + ", not an integer");
        }
        return (long) x;
    }

    /** Our tensor of an ORT output. */
    public static OnnxTensor fromOrt(String name, ai.onnxruntime.OnnxTensor tensor) {
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
        return new OnnxTensor(type, Tensor.wrap(shape, d));
    }
}

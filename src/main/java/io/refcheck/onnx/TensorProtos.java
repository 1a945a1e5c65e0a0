package io.refcheck.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.refcheck.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading and writing ONNX {@code TensorProto}s, the format of node-test {@code input_K.pb} /
 * {@code output_K.pb} files. Writing uses {@code raw_data} in little-endian order, as
 * {@code onnx.numpy_helper.from_array} does; reading accepts both {@code raw_data} and the typed
 * repeated fields ({@code float_data}, {@code double_data}, {@code int32_data}, {@code int64_data}).
 */
public final class TensorProtos {
    private TensorProtos() {
    }

    /** The TensorProto of {@code t} named {@code name}. */
    public static TensorProto toProto(String name, OnnxTensor t) {
        Tensor v = t.values();
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(t.type().getNumber());
        for (int d : v.shape()) {
            b.addDims(d);
        }
        int n = v.size();
        ByteBuffer buf;
        switch (t.type()) {
            case DOUBLE -> {
                buf = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) {
                    buf.putDouble(v.at(i));
                }
            }
            case FLOAT -> {
                buf = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) {
                    buf.putFloat((float) v.at(i));
                }
            }
            case INT64 -> {
                buf = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) {
                    buf.putLong(exactLong("values", v.at(i)));
                }
            }
            case INT32 -> {
                buf = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) {
                    buf.putInt(Math.toIntExact(exactLong("values", v.at(i))));
                }
            }
            case BOOL -> {
                buf = ByteBuffer.allocate(n);
                for (int i = 0; i < n; i++) {
                    buf.put((byte) (v.at(i) != 0 ? 1 : 0));
                }
            }
            default -> throw new IllegalArgumentException("type: writing " + t.type() + " tensors is not supported");
        }
        return b.setRawData(ByteString.copyFrom(buf.array())).build();
    }

    private static long exactLong(String name, double x) {
        if (x != Math.rint(x) || Math.abs(x) > 0x1p53) {
            throw new IllegalArgumentException(name + ": " + x + " is not an integer representable exactly");
        }
        return (long) x;
    }

    /** The tensor held by a TensorProto. */
    public static OnnxTensor fromProto(TensorProto p) {
        DataType type = DataType.forNumber(p.getDataType());
        if (type == null) {
            throw new IllegalArgumentException("tensor " + p.getName() + ": unknown data_type " + p.getDataType());
        }
        int[] shape = new int[p.getDimsCount()];
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = p.getDims(i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tensor " + p.getName() + ": dimension " + i + " is " + d);
            }
            shape[i] = (int) d;
            size *= d;
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor " + p.getName() + ": too many elements (" + size + ")");
        }
        int n = (int) size;
        double[] d = new double[n];
        boolean raw = !p.getRawData().isEmpty() || n == 0;
        ByteBuffer buf = p.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int width = switch (type) {
            case DOUBLE, INT64, UINT64 -> 8;
            case FLOAT, INT32, UINT32 -> 4;
            case INT16, UINT16, FLOAT16, BFLOAT16 -> 2;
            case INT8, UINT8, BOOL -> 1;
            default -> throw new IllegalArgumentException("tensor " + p.getName() + ": data_type " + type + " is not supported");
        };
        if (raw && buf.remaining() != (long) width * n) {
            throw new IllegalArgumentException("tensor " + p.getName() + ": raw_data has " + buf.remaining()
                    + " bytes, shape needs " + (long) width * n + " (truncated or corrupt)");
        }
        for (int i = 0; i < n; i++) {
            d[i] = switch (type) {
                case DOUBLE -> raw ? buf.getDouble() : p.getDoubleData(i);
                case FLOAT -> raw ? buf.getFloat() : p.getFloatData(i);
                case INT64 -> raw ? buf.getLong() : p.getInt64Data(i);
                case UINT64 -> raw ? buf.getLong() : p.getUint64Data(i);
                case INT32 -> raw ? buf.getInt() : p.getInt32Data(i);
                case UINT32 -> raw ? Integer.toUnsignedLong(buf.getInt()) : p.getUint64Data(i);
                case INT16 -> raw ? buf.getShort() : p.getInt32Data(i);
                case UINT16 -> raw ? Short.toUnsignedInt(buf.getShort()) : p.getInt32Data(i);
                case INT8 -> raw ? buf.get() : p.getInt32Data(i);
                case UINT8, BOOL -> raw ? Byte.toUnsignedInt(buf.get()) : p.getInt32Data(i);
                case FLOAT16 -> halfToFloat(raw ? buf.getShort() : (short) p.getInt32Data(i));
                case BFLOAT16 -> Float.intBitsToFloat((raw ? buf.getShort() : p.getInt32Data(i)) << 16);
                default -> throw new IllegalStateException();
            };
        }
        return new OnnxTensor(type, Tensor.of(shape, d));
    }

    /** IEEE 754 binary16 → float (Float.float16ToFloat arrived only in Java 20). */
    static float halfToFloat(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** Reads a {@code .pb} file; a missing, truncated or corrupt file is an IllegalArgumentException naming it. */
    public static OnnxTensor read(Path file) {
        try {
            return fromProto(TensorProto.parseFrom(Files.readAllBytes(file)));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(file + ": not a TensorProto (" + e.getMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e + ")", e);
        }
    }

    public static void write(Path file, String name, OnnxTensor t) {
        try {
            Files.write(file, toProto(name, t).toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

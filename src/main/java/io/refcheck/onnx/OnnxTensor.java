package io.refcheck.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.refcheck.tensor.Tensor;

/**
 * A tensor together with its ONNX element type. Values are held as doubles (exact for float,
 * double, int32, bool and for int64 up to 2^53); the type says how they are written and how an
 * operator must treat them (integer division, for instance).
 */
public record OnnxTensor(DataType type, Tensor values) {

    public static OnnxTensor ofDouble(Tensor t) {
        return new OnnxTensor(DataType.DOUBLE, t);
    }

    public static OnnxTensor ofFloat(Tensor t) {
        return new OnnxTensor(DataType.FLOAT, t.toFloat32());
    }

    public boolean isFloating() {
        return type == DataType.FLOAT || type == DataType.DOUBLE || type == DataType.FLOAT16 || type == DataType.BFLOAT16;
    }

    public boolean isInteger() {
        return type == DataType.INT32 || type == DataType.INT64 || type == DataType.INT8 || type == DataType.INT16
                || type == DataType.UINT8 || type == DataType.UINT16 || type == DataType.UINT32 || type == DataType.UINT64;
    }
}

package io.refcheck.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.refcheck.formulas.Activations;
import io.refcheck.formulas.Losses;
import io.refcheck.formulas.Matrices;
import io.refcheck.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The ONNX operators that act on whole axes or shapes: Softmax, LogSoftmax, Gemm, MatMul,
 * Transpose, Identity, Constant, OneHot, Unsqueeze, Expand, Gather and Shape. Softmax and LogSoftmax are the catalog's
 * {@link Activations#softmax} / {@link Activations#logSoftmax} (which act along the last axis);
 * matrix products are the catalog's blocked {@link Matrices#matmul}; OneHot builds on
 * {@link Losses#oneHot}.
 */
final class TensorOperators {
    private TensorOperators() {
    }

    static void register(Map<String, Operator.Spec> ops) {
        ops.put("Softmax", new Operator.Spec(1, n -> List.of(softmaxLike(n, Activations::softmax))));
        ops.put("LogSoftmax", new Operator.Spec(1, n -> List.of(softmaxLike(n, Activations::logSoftmax))));
        ops.put("Gemm", new Operator.Spec(1, n -> List.of(gemm(n))));
        ops.put("MatMul", new Operator.Spec(1, n -> List.of(matmul(n))));
        ops.put("Transpose", new Operator.Spec(1, n -> List.of(transpose(n))));
        ops.put("Identity", new Operator.Spec(1, n -> List.of(n.input(0))));
        ops.put("Constant", new Operator.Spec(1, n -> List.of(constant(n))));
        ops.put("OneHot", new Operator.Spec(9, n -> List.of(oneHot(n))));
        ops.put("Unsqueeze", new Operator.Spec(1, n -> List.of(unsqueeze(n))));
        ops.put("Expand", new Operator.Spec(8, n -> List.of(expand(n))));
        ops.put("Gather", new Operator.Spec(1, n -> List.of(gather(n))));
        ops.put("Shape", new Operator.Spec(1, n -> List.of(shape(n))));
    }

    /**
     * Unsqueeze: inserts axes of length 1 at the positions {@code axes} of the output (rank r + k
     * for k axes, in any order, each once). The axes are the {@code axes} attribute before opset 13
     * and a required 1-D int64 input from 13; negative axes count from the end of the output from
     * opset 11 and are an error before.
     */
    static OnnxTensor unsqueeze(OnnxNode n) {
        OnnxTensor x = n.input(0);
        long[] axes;
        if (n.opset() >= 13) {
            if (n.hasAttribute("axes")) {
                throw n.error("axes is an input from opset 13, not an attribute");
            }
            OnnxTensor a = n.input(1);
            if (a.type() != DataType.INT64 || a.values().rank() > 1) {
                throw n.error("axes must be a 1-D int64 tensor, is " + a.type() + " of shape " + Arrays.toString(a.values().shape()));
            }
            axes = Arrays.stream(a.values().toArray()).mapToLong(v -> (long) v).toArray();
        } else {
            axes = n.intsAttribute("axes").orElseThrow(() -> n.error("attribute axes is required before opset 13"));
        }
        int[] in = x.values().shape();
        int rank = in.length + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            if (a < 0 && n.opset() < 11) {
                throw n.error("axes " + Arrays.toString(axes) + ": negative axes need opset 11");
            }
            int axis = axis(n, "axes", a, rank);
            if (inserted[axis]) {
                throw n.error("axes " + Arrays.toString(axes) + " name axis " + axis + " twice");
            }
            inserted[axis] = true;
        }
        int[] out = new int[rank];
        int k = 0;
        for (int d = 0; d < rank; d++) {
            out[d] = inserted[d] ? 1 : in[k++];
        }
        return new OnnxTensor(x.type(), x.values().reshape(out));
    }

    /**
     * Expand(input, shape): input broadcast with a tensor of the given 1-D int64 shape as NumPy's
     * (both ways: a 1 in {@code shape} keeps the input's dimension, so the output may be larger
     * than {@code shape} but never smaller than the input).
     */
    static OnnxTensor expand(OnnxNode n) {
        OnnxTensor x = n.input(0);
        OnnxTensor s = n.input(1);
        if (s.type() != DataType.INT64 || s.values().rank() != 1) {
            throw n.error("shape must be a 1-D int64 tensor, is " + s.type() + " of shape " + Arrays.toString(s.values().shape()));
        }
        int[] target = new int[s.values().size()];
        for (int d = 0; d < target.length; d++) {
            double v = s.values().at(d);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw n.error("shape " + s.values() + " has a negative or too large dimension");
            }
            target[d] = (int) v;
        }
        try {
            int[] out = ShapeOps.broadcastShape(x.values().shape(), target);
            return new OnnxTensor(x.type(), ShapeOps.broadcastTo(x.values(), out));
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    /**
     * Gather: the slices of data along {@code axis} (default 0) picked by int32/int64 indices, an
     * index in [−s, 0) counting from the end of the axis of length s (any other index outside
     * [0, s) is an error). Output shape: data.shape[:axis] + indices.shape + data.shape[axis+1:].
     */
    static OnnxTensor gather(OnnxNode n) {
        OnnxTensor data = n.input(0);
        OnnxTensor indices = n.input(1);
        if (indices.type() != DataType.INT32 && indices.type() != DataType.INT64) {
            throw n.error("indices must be int32 or int64, are " + indices.type());
        }
        int[] shape = data.values().shape();
        if (shape.length == 0) {
            throw n.error("data must have rank >= 1, is a scalar");
        }
        int axis = axis(n, "axis", n.intAttribute("axis", 0), shape.length);
        int length = shape[axis];
        int outer = Tensor.sizeOf(Arrays.copyOfRange(shape, 0, axis));
        int inner = Tensor.sizeOf(Arrays.copyOfRange(shape, axis + 1, shape.length));
        double[] picked = indices.values().toArray();
        int[] rows = new int[picked.length];
        for (int i = 0; i < picked.length; i++) {
            long index = (long) picked[i];
            if (index < -length || index >= length) {
                throw n.error("index " + index + " is out of range for axis " + axis + " of length " + length);
            }
            rows[i] = (int) (index < 0 ? index + length : index);
        }
        double[] d = data.values().toArray();
        double[] out = new double[outer * rows.length * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(d, (o * length + rows[i]) * inner, out, (o * rows.length + i) * inner, inner);
            }
        }
        int[] idx = indices.values().shape();
        int[] outShape = new int[shape.length - 1 + idx.length];
        System.arraycopy(shape, 0, outShape, 0, axis);
        System.arraycopy(idx, 0, outShape, axis, idx.length);
        System.arraycopy(shape, axis + 1, outShape, axis + idx.length, shape.length - axis - 1);
        return new OnnxTensor(data.type(), Tensor.wrap(outShape, out));
    }

    /**
     * Shape: the input's dimensions as a 1-D int64 tensor. From opset 15 only dimensions
     * [start, end) (defaults 0 and the rank; negative values count from the end; both clamped to
     * [0, rank]; empty when start ≥ end).
     */
    static OnnxTensor shape(OnnxNode n) {
        int[] shape = n.input(0).values().shape();
        int rank = shape.length;
        long start = 0;
        long end = rank;
        if (n.opset() >= 15) {
            start = clampDimension(n.intAttribute("start", 0), rank);
            end = clampDimension(n.intAttribute("end", rank), rank);
        } else if (n.hasAttribute("start") || n.hasAttribute("end")) {
            throw n.error("start and end are attributes of Shape only from opset 15");
        }
        int from = (int) start;
        int to = (int) Math.max(start, end);
        return new OnnxTensor(DataType.INT64, Tensor.vector(Arrays.stream(Arrays.copyOfRange(shape, from, to)).asDoubleStream().toArray()));
    }

    private static long clampDimension(long d, int rank) {
        return Math.max(0, Math.min(rank, d < 0 ? d + rank : d));
    }

    /**
     * Softmax or LogSoftmax of x. From opset 13 it acts along one axis ({@code axis}, default −1):
     * that axis is moved to the end, the catalog function applied, and the axis moved back. Before
     * 13 the input is coerced to 2-D at {@code axis} (default 1), [d0·…·d(axis−1), d(axis)·…·d(r−1)],
     * and the function acts on each row of that matrix, i.e. over all trailing axes together.
     */
    static OnnxTensor softmaxLike(OnnxNode n, UnaryOperator<Tensor> alongLastAxis) {
        OnnxTensor x = n.floatingInput(0);
        Tensor v = x.values();
        if (v.isEmpty()) {
            return x;
        }
        int rank = v.rank();
        if (n.opset() >= 13) {
            int axis = axis(n, "axis", n.intAttribute("axis", -1), rank);
            int[] perm = ShapeOps.axisToEnd(axis, rank);
            Tensor moved = ShapeOps.permute(v, perm);
            return new OnnxTensor(x.type(), ShapeOps.permute(alongLastAxis.apply(moved), ShapeOps.inverse(perm)));
        }
        long a = n.intAttribute("axis", 1);
        long axis = a < 0 ? a + rank : a;
        if (axis < 0 || axis > rank) {
            throw n.error("axis " + a + " is out of range for rank " + rank);
        }
        int[] shape = v.shape();
        int rows = Tensor.sizeOf(Arrays.copyOfRange(shape, 0, (int) axis));
        int cols = v.size() / rows;
        return new OnnxTensor(x.type(), alongLastAxis.apply(v.reshape(rows, cols)).reshape(shape));
    }

    private static int axis(OnnxNode n, String name, long axis, int rank) {
        try {
            return ShapeOps.axis(name, axis, rank);
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    /**
     * Gemm: Y = α·A′B′ + β·C with A′ = Aᵀ if transA, B′ = Bᵀ if transB. C is required before opset
     * 11. Opset 7 on, C broadcasts unidirectionally to [M, N]; before 7 (Gemm-1/6) C is broadcast
     * only when the {@code broadcast} attribute is 1, and must be exactly [M, N] otherwise.
     */
    static OnnxTensor gemm(OnnxNode n) {
        OnnxTensor a = n.numericInput(0);
        OnnxTensor b = n.numericInput(1);
        sameType(n, a, b);
        if (!a.isFloating() && n.opset() < 9) {
            throw n.error("integer Gemm needs opset 9, inputs are " + a.type());
        }
        Tensor av = a.values();
        Tensor bv = b.values();
        if (av.rank() != 2 || bv.rank() != 2) {
            throw n.error("A and B must be matrices, shapes " + Arrays.toString(av.shape()) + " and " + Arrays.toString(bv.shape()));
        }
        Tensor left = n.intAttribute("transA", 0) != 0 ? Matrices.transpose(av) : av;
        Tensor right = n.intAttribute("transB", 0) != 0 ? Matrices.transpose(bv) : bv;
        Tensor product;
        try {
            product = Matrices.matmul("A", left, "B", right);
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
        double alpha = n.floatAttribute("alpha", 1.0);
        double beta = n.floatAttribute("beta", 1.0);
        int[] shape = product.shape();
        Tensor y = product.map(p -> alpha * p);
        if (n.has(2)) {
            OnnxTensor c = n.input(2);
            sameType(n, a, c);
            Tensor cv;
            if (n.opset() < 7 && n.intAttribute("broadcast", 0) == 0) {
                if (!Arrays.equals(c.values().shape(), shape)) {
                    throw n.error("C has shape " + Arrays.toString(c.values().shape()) + ", Y is " + Arrays.toString(shape)
                            + "; before opset 7 C broadcasts only when the broadcast attribute is 1");
                }
                cv = c.values();
            } else {
                try {
                    cv = ShapeOps.broadcastTo(c.values(), shape);
                } catch (IllegalArgumentException e) {
                    throw n.error("C: " + e.getMessage());
                }
            }
            y = y.zip(cv, (ab, cc) -> ab + beta * cc);
        } else if (n.opset() < 11) {
            throw n.error("input C is required before opset 11");
        }
        return integerResult(a.type(), y);
    }

    /**
     * MatMul with NumPy's matmul semantics: a 1-D first operand is a row [1, K] and a 1-D second
     * operand a column [K, 1] (the added axis is removed from the result); leading batch axes
     * broadcast. Each matrix product is the catalog's blocked {@link Matrices#matmul} (error within γ_k·|A||B|).
     */
    static OnnxTensor matmul(OnnxNode n) {
        OnnxTensor a = n.numericInput(0);
        OnnxTensor b = n.numericInput(1);
        sameType(n, a, b);
        if (!a.isFloating() && n.opset() < 9) {
            throw n.error("integer MatMul needs opset 9, inputs are " + a.type());
        }
        Tensor av = a.values();
        Tensor bv = b.values();
        if (av.rank() == 0 || bv.rank() == 0) {
            throw n.error("MatMul does not take scalars, shapes " + Arrays.toString(av.shape()) + " and " + Arrays.toString(bv.shape()));
        }
        boolean rowVector = av.rank() == 1;
        boolean columnVector = bv.rank() == 1;
        if (rowVector) {
            av = av.reshape(1, av.dim(0));
        }
        if (columnVector) {
            bv = bv.reshape(bv.dim(0), 1);
        }
        int m = av.dim(-2);
        int k = av.dim(-1);
        int cols = bv.dim(-1);
        if (bv.dim(-2) != k) {
            throw n.error("inner dimensions differ: A is " + Arrays.toString(a.values().shape()) + ", B is "
                    + Arrays.toString(b.values().shape()));
        }
        int[] batchA = Arrays.copyOf(av.shape(), av.rank() - 2);
        int[] batchB = Arrays.copyOf(bv.shape(), bv.rank() - 2);
        int[] batch;
        try {
            batch = ShapeOps.broadcastShape(batchA, batchB);
        } catch (IllegalArgumentException e) {
            throw n.error("batch axes: " + e.getMessage());
        }
        int batches = Tensor.sizeOf(batch);
        double[] ad = av.toArray();
        double[] bd = bv.toArray();
        double[] out = new double[batches * m * cols];
        int[] index = new int[batch.length];
        for (int t = 0; t < batches; t++) {
            int rest = t;
            for (int d = batch.length - 1; d >= 0; d--) {
                index[d] = rest % batch[d];
                rest /= batch[d];
            }
            Tensor left = Tensor.wrap(new int[] {m, k}, slice(ad, batchOffset(index, batchA) * m * k, m * k));
            Tensor right = Tensor.wrap(new int[] {k, cols}, slice(bd, batchOffset(index, batchB) * k * cols, k * cols));
            double[] product = Matrices.matmul("A", left, "B", right).toArray();
            System.arraycopy(product, 0, out, t * m * cols, product.length);
        }
        int[] shape = Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = m;
        shape[batch.length + 1] = cols;
        Tensor result = Tensor.wrap(shape, out);
        if (rowVector || columnVector) {
            int[] squeezed = Arrays.copyOf(batch, batch.length + (rowVector ? 0 : 1) + (columnVector ? 0 : 1));
            int at = batch.length;
            if (!rowVector) {
                squeezed[at++] = m;
            }
            if (!columnVector) {
                squeezed[at] = cols;
            }
            result = result.reshape(squeezed);
        }
        return integerResult(a.type(), result);
    }

    /** The flat matrix index, in an operand with batch shape {@code own}, of the broadcast batch index. */
    private static int batchOffset(int[] index, int[] own) {
        int offset = 0;
        int shift = index.length - own.length;
        for (int d = 0; d < own.length; d++) {
            offset = offset * own[d] + (own[d] == 1 ? 0 : index[d + shift]);
        }
        return offset;
    }

    private static double[] slice(double[] d, int from, int length) {
        return Arrays.copyOfRange(d, from, from + length);
    }

    /** Integer results of a product rounded toward zero into the type's range. */
    private static OnnxTensor integerResult(DataType type, Tensor y) {
        if (type == DataType.FLOAT || type == DataType.DOUBLE) {
            return new OnnxTensor(type, y);
        }
        return new OnnxTensor(type, y.map(v -> ElementwiseOperators.wrap(type, (long) v)));
    }

    private static void sameType(OnnxNode n, OnnxTensor a, OnnxTensor b) {
        if (a.type() != b.type()) {
            throw n.error("inputs have different types, " + a.type() + " and " + b.type());
        }
    }

    /** Transpose by {@code perm} (default: reverse the axes). */
    static OnnxTensor transpose(OnnxNode n) {
        OnnxTensor x = n.input(0);
        int rank = x.values().rank();
        long[] given = n.intsAttribute("perm").orElse(null);
        if (given != null && given.length != rank) {
            throw n.error("perm " + Arrays.toString(given) + " must have one entry per axis of rank " + rank);
        }
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = given == null ? rank - 1 - i : Math.toIntExact(given[i]);
        }
        try {
            return new OnnxTensor(x.type(), ShapeOps.permute(x.values(), perm));
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    /**
     * Constant: the tensor of its one value attribute ({@code value}, or from opset 12
     * {@code value_float(s)} as float and {@code value_int(s)} as int64). Sparse and string
     * constants are not supported.
     */
    static OnnxTensor constant(OnnxNode n) {
        if (n.hasAttribute("value")) {
            AttributeProto a = n.attribute("value").orElseThrow();
            if (a.getType() != AttributeProto.AttributeType.TENSOR) {
                throw n.error("attribute value must be a TENSOR, is " + a.getType());
            }
            try {
                return TensorProtos.fromProto(a.getT());
            } catch (IllegalArgumentException e) {
                throw n.error("attribute value: " + e.getMessage());
            }
        }
        if (n.hasAttribute("value_float")) {
            return new OnnxTensor(DataType.FLOAT, Tensor.scalar(n.floatAttribute("value_float", 0)));
        }
        if (n.hasAttribute("value_int")) {
            return new OnnxTensor(DataType.INT64, Tensor.scalar(n.intAttribute("value_int", 0)));
        }
        if (n.hasAttribute("value_ints")) {
            return new OnnxTensor(DataType.INT64, Tensor.vector(Arrays.stream(n.intsAttribute("value_ints").orElseThrow())
                    .asDoubleStream().toArray()));
        }
        if (n.hasAttribute("value_floats")) {
            AttributeProto a = n.attribute("value_floats").orElseThrow();
            double[] v = new double[a.getFloatsCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = a.getFloats(i);
            }
            return new OnnxTensor(DataType.FLOAT, Tensor.vector(v));
        }
        throw n.error("no supported value attribute (value, value_float(s), value_int(s)); sparse and string constants are not supported");
    }

    /**
     * OneHot(indices, depth, values): along a new axis {@code axis} (default −1, the last) of length
     * depth, on_value = values[1] at the index and off_value = values[0] elsewhere; the output has
     * the type of values. Non-integer indices and depth are truncated to integers. From opset 11 an
     * index in [−depth, 0) counts from the end; before 11 negative indices, and in every version
     * indices outside the range, give a row of off_value only. The 0/1 pattern is the catalog's
     * {@link Losses#oneHot}.
     */
    static OnnxTensor oneHot(OnnxNode n) {
        Tensor indices = n.numericInput(0).values();
        double depthValue = n.scalarInput(1, "depth");
        OnnxTensor values = n.numericInput(2);
        if (values.values().size() != 2) {
            throw n.error("values must hold [off_value, on_value], shape " + Arrays.toString(values.values().shape()));
        }
        if (!(depthValue >= 1) || depthValue > Integer.MAX_VALUE) {
            throw n.error("depth must be >= 1, got " + depthValue);
        }
        int depth = (int) depthValue;
        int rank = indices.rank() + 1;
        int axis = axis(n, "axis", n.intAttribute("axis", -1), rank);
        double[] labels = new double[indices.size()];
        boolean[] inRange = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            long index = (long) indices.at(i);
            if (index < 0 && n.opset() >= 11) {
                index += depth;
            }
            inRange[i] = index >= 0 && index < depth;
            labels[i] = inRange[i] ? index : 0;
        }
        double off = values.values().at(0);
        double on = values.values().at(1);
        double[] pattern = Losses.oneHot(Tensor.wrap(indices.shape(), labels), depth).toArray();
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = inRange[i / depth] && pattern[i] == 1 ? on : off;
        }
        int[] shape = Arrays.copyOf(indices.shape(), rank);
        shape[rank - 1] = depth;
        Tensor lastAxis = Tensor.wrap(shape, pattern);
        Tensor result = ShapeOps.permute(lastAxis, ShapeOps.inverse(ShapeOps.axisToEnd(axis, rank)));
        return new OnnxTensor(values.type(), result);
    }
}

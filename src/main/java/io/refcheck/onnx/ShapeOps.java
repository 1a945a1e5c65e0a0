package io.refcheck.onnx;

import io.refcheck.tensor.Tensor;
import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;

/**
 * Shape manipulation for the ONNX evaluator: NumPy broadcasting, axis permutations and the
 * grouping of a tensor into rows for reductions. Every method takes and returns row-major
 * {@link Tensor}s; failures are IllegalArgumentExceptions whose message names the shapes.
 */
final class ShapeOps {
    private ShapeOps() {
    }

    /** The shape two shapes broadcast to under NumPy's rules (right-aligned; a dimension of 1 stretches). */
    static int[] broadcastShape(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** f applied elementwise to a and b broadcast together (NumPy's multidirectional broadcasting). */
    static Tensor broadcast(Tensor a, Tensor b, DoubleBinaryOperator f) {
        int[] out = broadcastShape(a.shape(), b.shape());
        int rank = out.length;
        int[] sa = broadcastStrides(a.shape(), out);
        int[] sb = broadcastStrides(b.shape(), out);
        double[] ad = a.toArray();
        double[] bd = b.toArray();
        int n = Tensor.sizeOf(out);
        double[] result = new double[n];
        int[] index = new int[rank];
        int oa = 0;
        int ob = 0;
        for (int i = 0; i < n; i++) {
            result[i] = f.applyAsDouble(ad[oa], bd[ob]);
            for (int d = rank - 1; d >= 0; d--) {
                index[d]++;
                oa += sa[d];
                ob += sb[d];
                if (index[d] < out[d]) {
                    break;
                }
                oa -= sa[d] * out[d];
                ob -= sb[d] * out[d];
                index[d] = 0;
            }
        }
        return Tensor.wrap(out, result);
    }

    /** t stretched to {@code shape} (unidirectional broadcasting: t's shape must broadcast to exactly that shape). */
    static Tensor broadcastTo(Tensor t, int[] shape) {
        int[] out = broadcastShape(t.shape(), shape);
        if (!Arrays.equals(out, shape)) {
            throw new IllegalArgumentException("shape " + Arrays.toString(t.shape()) + " cannot be broadcast to "
                    + Arrays.toString(shape));
        }
        return broadcast(t, Tensor.zeros(shape), (x, ignored) -> x);
    }

    /** Row-major strides of {@code shape} aligned right against {@code out}, 0 where a dimension is stretched. */
    private static int[] broadcastStrides(int[] shape, int[] out) {
        int[] strides = new int[out.length];
        int offset = out.length - shape.length;
        int stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i + offset] = shape[i] == 1 && out[i + offset] != 1 ? 0 : stride;
            stride *= shape[i];
        }
        return strides;
    }

    /** The axis in [0, rank) for an ONNX axis in [−rank, rank). */
    static int axis(String name, long axis, int rank) {
        if (axis < -rank || axis >= rank) {
            throw new IllegalArgumentException(name + ": " + axis + " is out of range for rank " + rank
                    + " (must lie in [" + -rank + ", " + (rank - 1) + "])");
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    /** The transpose of t with output axis i taken from input axis perm[i] (numpy.transpose). */
    static Tensor permute(Tensor t, int[] perm) {
        int[] shape = t.shape();
        int rank = shape.length;
        if (perm.length != rank) {
            throw new IllegalArgumentException("perm: " + Arrays.toString(perm) + " must have one entry per axis of shape "
                    + Arrays.toString(shape));
        }
        boolean[] seen = new boolean[rank];
        for (int p : perm) {
            if (p < 0 || p >= rank || seen[p]) {
                throw new IllegalArgumentException("perm: " + Arrays.toString(perm) + " is not a permutation of 0.." + (rank - 1));
            }
            seen[p] = true;
        }
        int[] inStrides = new int[rank];
        int stride = 1;
        for (int i = rank - 1; i >= 0; i--) {
            inStrides[i] = stride;
            stride *= shape[i];
        }
        int[] out = new int[rank];
        int[] strides = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = shape[perm[i]];
            strides[i] = inStrides[perm[i]];
        }
        double[] d = t.toArray();
        double[] result = new double[d.length];
        int[] index = new int[rank];
        int offset = 0;
        for (int i = 0; i < d.length; i++) {
            result[i] = d[offset];
            for (int k = rank - 1; k >= 0; k--) {
                index[k]++;
                offset += strides[k];
                if (index[k] < out[k]) {
                    break;
                }
                offset -= strides[k] * out[k];
                index[k] = 0;
            }
        }
        return Tensor.wrap(out, result);
    }

    /** The permutation that moves {@code axis} to the end, keeping the other axes in order. */
    static int[] axisToEnd(int axis, int rank) {
        int[] perm = new int[rank];
        int k = 0;
        for (int i = 0; i < rank; i++) {
            if (i != axis) {
                perm[k++] = i;
            }
        }
        perm[rank - 1] = axis;
        return perm;
    }

    static int[] inverse(int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inv[perm[i]] = i;
        }
        return inv;
    }

    /**
     * A tensor regrouped for a reduction: {@code rows} is a matrix [R, K] whose row r holds the K
     * elements that reduce into output element r (row-major order of the output), and
     * {@code outShape} is the reduced shape (reduced axes kept as 1 or dropped).
     */
    record Grouped(Tensor rows, int[] outShape) {
        int rowCount() {
            return rows.dim(0);
        }

        int rowLength() {
            return rows.dim(1);
        }
    }

    /** Groups t's elements by the axes that are not reduced; {@code reduced[i]} marks axis i. */
    static Grouped group(Tensor t, boolean[] reduced, boolean keepDims) {
        int rank = t.rank();
        int[] shape = t.shape();
        int[] perm = new int[rank];
        int k = 0;
        int rows = 1;
        int length = 1;
        int kept = 0;
        for (int i = 0; i < rank; i++) {
            if (!reduced[i]) {
                perm[k++] = i;
                rows *= shape[i];
                kept++;
            }
        }
        for (int i = 0; i < rank; i++) {
            if (reduced[i]) {
                perm[k++] = i;
                length *= shape[i];
            }
        }
        int[] outShape = new int[keepDims ? rank : kept];
        int o = 0;
        for (int i = 0; i < rank; i++) {
            if (keepDims) {
                outShape[o++] = reduced[i] ? 1 : shape[i];
            } else if (!reduced[i]) {
                outShape[o++] = shape[i];
            }
        }
        Tensor moved = permute(t, perm);
        return new Grouped(Tensor.wrap(new int[] {rows, length}, moved.toArray()), outShape);
    }
}

package io.refcheck.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.refcheck.formulas.Activations;
import io.refcheck.formulas.Losses;
import io.refcheck.formulas.Sums;
import io.refcheck.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * ReduceSum, ReduceMean, ReduceSumSquare, ReduceL1, ReduceL2, ReduceLogSumExp and ReduceMax.
 *
 * <p>The axes to reduce are the {@code axes} attribute before the version that turned them into
 * an optional second input (opset 13 for ReduceSum, opset 18 for the others); from that version
 * an absent or empty {@code axes} input reduces every axis, unless {@code noop_with_empty_axes} is
 * 1, in which case the input passes through unchanged (as the spec says: "the output tensor would
 * be equivalent to input tensor"). {@code keepdims} (default 1) keeps reduced axes as length 1.
 *
 * <p>The reductions are the catalog's: compensated {@link Sums#sum} and {@link Sums#dot},
 * {@link Losses#lpNorm} for L1 and L2, and {@link Activations#logsumexp} for LogSumExp (the
 * reduced axes are grouped into the last axis first). An empty reduction gives 0 (sums and
 * norms), NaN (mean), −∞ (log-sum-exp) or the type's least value (max: −∞, or the integer
 * type's minimum, as ReduceMax-20 defines). ReduceMax propagates NaN as numpy.max does. Integer
 * inputs give results truncated toward zero.
 */
final class ReduceOperators {
    private ReduceOperators() {
    }

    /** Reduces each row of a grouped [R, K] matrix to one value per row. */
    @FunctionalInterface
    private interface Reduction {
        double[] apply(ShapeOps.Grouped g);
    }

    static void register(Map<String, Operator.Spec> ops) {
        ops.put("ReduceSum", new Operator.Spec(1, n -> List.of(reduce(n, 13, perRow(Sums::sum)))));
        ops.put("ReduceMean", new Operator.Spec(1, n -> List.of(reduce(n, 18,
                perRow((d, from, to) -> Sums.sum(d, from, to) / (to - from))))));
        ops.put("ReduceSumSquare", new Operator.Spec(1, n -> List.of(reduce(n, 18,
                perRow((d, from, to) -> Sums.dot(d, from, 1, d, from, 1, to - from))))));
        ops.put("ReduceL1", new Operator.Spec(1, n -> List.of(reduce(n, 18, perRow((d, from, to) ->
                Losses.lpNorm(Tensor.wrap(new int[] {to - from}, Arrays.copyOfRange(d, from, to)), 1))))));
        ops.put("ReduceL2", new Operator.Spec(1, n -> List.of(reduce(n, 18, perRow((d, from, to) ->
                Losses.lpNorm(Tensor.wrap(new int[] {to - from}, Arrays.copyOfRange(d, from, to)), 2))))));
        ops.put("ReduceLogSumExp", new Operator.Spec(1, n -> List.of(reduce(n, 18, g -> {
            if (g.rowLength() == 0) {
                double[] empty = new double[g.rowCount()];
                Arrays.fill(empty, Double.NEGATIVE_INFINITY);
                return empty;
            }
            return Activations.logsumexp(g.rows()).toArray();
        }))));
        ops.put("ReduceMax", new Operator.Spec(1, n -> List.of(reduce(n, 18, perRow(maximum(n.numericInput(0).type()))))));
    }

    /** The largest element of a range (NaN if any is NaN); an empty range gives the type's least value. */
    private static RangeReduction maximum(DataType type) {
        double least = type == DataType.INT32 ? Integer.MIN_VALUE : type == DataType.INT64 ? -0x1p63 : Double.NEGATIVE_INFINITY;
        return (d, from, to) -> {
            double m = least;
            for (int i = from; i < to; i++) {
                m = Math.max(m, d[i]);
            }
            return m;
        };
    }

    @FunctionalInterface
    private interface RangeReduction {
        double apply(double[] data, int from, int to);
    }

    private static Reduction perRow(RangeReduction r) {
        return g -> {
            double[] d = g.rows().toArray();
            int k = g.rowLength();
            double[] out = new double[g.rowCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = r.apply(d, i * k, i * k + k);
            }
            return out;
        };
    }

    private static OnnxTensor reduce(OnnxNode n, int axesInputSince, Reduction reduction) {
        OnnxTensor x = n.numericInput(0);
        int rank = x.values().rank();
        boolean[] reduced = reducedAxes(n, axesInputSince, rank);
        if (reduced == null) {
            return x;
        }
        ShapeOps.Grouped g = ShapeOps.group(x.values(), reduced, n.intAttribute("keepdims", 1) != 0);
        Tensor result = Tensor.wrap(g.outShape(), reduction.apply(g));
        if (!x.isFloating()) {
            DataType type = x.type();
            result = result.map(v -> ElementwiseOperators.wrap(type, (long) v));
        }
        return new OnnxTensor(x.type(), result);
    }

    /** The axes to reduce, or null when the node is a no-op (empty axes with noop_with_empty_axes = 1). */
    private static boolean[] reducedAxes(OnnxNode n, int axesInputSince, int rank) {
        long[] axes;
        if (n.opset() >= axesInputSince) {
            if (n.hasAttribute("axes")) {
                throw n.error("axes is an input from opset " + axesInputSince + ", not an attribute");
            }
            if (n.has(1)) {
                OnnxTensor a = n.input(1);
                if (a.type() != DataType.INT64 || a.values().rank() > 1) {
                    throw n.error("axes must be a 1-D int64 tensor, is " + a.type() + " of shape "
                            + Arrays.toString(a.values().shape()));
                }
                axes = Arrays.stream(a.values().toArray()).mapToLong(v -> (long) v).toArray();
            } else {
                axes = new long[0];
            }
            if (axes.length == 0 && n.intAttribute("noop_with_empty_axes", 0) != 0) {
                return null;
            }
        } else {
            axes = n.intsAttribute("axes").orElse(new long[0]);
        }
        boolean[] reduced = new boolean[rank];
        if (axes.length == 0) {
            Arrays.fill(reduced, true);
            return reduced;
        }
        for (long a : axes) {
            int axis;
            try {
                axis = ShapeOps.axis("axes", a, rank);
            } catch (IllegalArgumentException e) {
                throw n.error(e.getMessage());
            }
            if (reduced[axis]) {
                throw n.error("axes " + Arrays.toString(axes) + " name axis " + axis + " twice");
            }
            reduced[axis] = true;
        }
        return reduced;
    }
}

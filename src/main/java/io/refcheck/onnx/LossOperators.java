package io.refcheck.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.refcheck.formulas.Activations;
import io.refcheck.formulas.Sums;
import io.refcheck.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss (opset 12 on).
 *
 * <p>Inputs are [N, C] or [N, C, d1, …, dk] with targets [N] or [N, d1, …, dk] (int32 or int64) and
 * optional class weights [C]. Each position's loss is −w[t]·input[n, t, d…] for its target t, and
 * 0 (with weight 0) where t equals {@code ignore_index}; any other target outside [0, C) is an
 * error. {@code reduction} "none" returns the per-position losses (the target's shape), "sum"
 * their sum and "mean" (the default) their sum divided by the sum of the weights of the
 * non-ignored targets (the count of non-ignored targets when there are no weights), as ONNX's
 * reference does; a mean over no non-ignored target is 0/0 = NaN. Sums are compensated
 * ({@link Sums#sum}).
 *
 * <p>SoftmaxCrossEntropyLoss is NLL of log_softmax(scores) along axis 1, the catalog's
 * {@link Activations#logSoftmax}; its optional second output is that log_prob tensor.
 */
final class LossOperators {
    private LossOperators() {
    }

    static void register(Map<String, Operator.Spec> ops) {
        ops.put("NegativeLogLikelihoodLoss", new Operator.Spec(12, n -> {
            OnnxTensor input = n.floatingInput(0);
            return List.of(new OnnxTensor(input.type(), nll(n, input.values())));
        }));
        ops.put("SoftmaxCrossEntropyLoss", new Operator.Spec(12, n -> {
            OnnxTensor scores = n.floatingInput(0);
            Tensor logProb = logSoftmaxAlongClasses(n, scores.values());
            return Arrays.asList(new OnnxTensor(scores.type(), nll(n, logProb)),
                    n.wantsOutput(1) ? new OnnxTensor(scores.type(), logProb) : null);
        }));
    }

    /** log_softmax along axis 1 (the class axis), through the catalog's last-axis log_softmax. */
    private static Tensor logSoftmaxAlongClasses(OnnxNode n, Tensor scores) {
        if (scores.rank() < 2) {
            throw n.error("scores must be [N, C] or [N, C, d1, …], shape " + Arrays.toString(scores.shape()));
        }
        int[] perm = ShapeOps.axisToEnd(1, scores.rank());
        Tensor moved = ShapeOps.permute(scores, perm);
        return ShapeOps.permute(Activations.logSoftmax(moved), ShapeOps.inverse(perm));
    }

    /** The NLL of log-probabilities [N, C, d…] against input 1 (targets), with optional weights (input 2). */
    private static Tensor nll(OnnxNode n, Tensor logProb) {
        int[] shape = logProb.shape();
        if (shape.length < 2) {
            throw n.error("input must be [N, C] or [N, C, d1, …], shape " + Arrays.toString(shape));
        }
        OnnxTensor targetTensor = n.input(1);
        if (targetTensor.type() != DataType.INT64 && targetTensor.type() != DataType.INT32) {
            throw n.error("target must be int32 or int64, is " + targetTensor.type());
        }
        Tensor target = targetTensor.values();
        int[] expected = new int[shape.length - 1];
        expected[0] = shape[0];
        System.arraycopy(shape, 2, expected, 1, shape.length - 2);
        if (!Arrays.equals(target.shape(), expected)) {
            throw n.error("target shape " + Arrays.toString(target.shape()) + " must be " + Arrays.toString(expected)
                    + " for input shape " + Arrays.toString(shape));
        }
        int classes = shape[1];
        Tensor weight = null;
        if (n.has(2)) {
            weight = n.input(2).values();
            if (weight.rank() != 1 || weight.dim(0) != classes) {
                throw n.error("weight must have shape [" + classes + "], is " + Arrays.toString(weight.shape()));
            }
        }
        Long ignoreIndex = n.hasAttribute("ignore_index") ? n.intAttribute("ignore_index", 0) : null;
        String reduction = n.stringAttribute("reduction", "mean");
        int batch = shape[0];
        int positions = target.size() / Math.max(batch, 1);
        double[] lp = logProb.toArray();
        double[] losses = new double[target.size()];
        double[] weights = new double[target.size()];
        for (int i = 0; i < batch; i++) {
            for (int d = 0; d < positions; d++) {
                int at = i * positions + d;
                long t = (long) target.at(at);
                if (ignoreIndex != null && t == ignoreIndex) {
                    continue;
                }
                if (t < 0 || t >= classes) {
                    throw n.error("target " + t + " at flat index " + at + " is outside [0, " + classes + ")"
                            + (ignoreIndex == null ? "" : " and is not ignore_index " + ignoreIndex));
                }
                weights[at] = weight == null ? 1 : weight.at((int) t);
                losses[at] = -lp[(i * classes + (int) t) * positions + d] * weights[at];
            }
        }
        return switch (reduction) {
            case "none" -> Tensor.wrap(target.shape(), losses);
            case "sum" -> Tensor.scalar(Sums.sum(losses));
            case "mean" -> Tensor.scalar(Sums.sum(losses) / Sums.sum(weights));
            default -> throw n.error("reduction must be none, sum or mean, got '" + reduction + "'");
        };
    }
}

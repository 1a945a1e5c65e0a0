package io.refcheck.catalog;

import static io.refcheck.catalog.LossEntries.INF;
import static io.refcheck.catalog.LossEntries.LOSS;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.refcheck.onnx.OnnxGraph;
import io.refcheck.onnx.OnnxGraph.Value;
import io.refcheck.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** PyTorch and ONNX forms of §C's entries that take more than an expression. */
final class LossForms {
    private LossForms() {
    }

    /** ReduceMean((prediction − target)²) over every element. */
    static void mse(OnnxGraph g) {
        Value d = g.sub(g.input("prediction"), g.input("target"));
        g.output(LOSS, g.meanAll(g.mul(d, d)));
    }

    /** ½·ReduceSum((prediction − target)²) over every element. */
    static void halfSse(OnnxGraph g) {
        Value d = g.sub(g.input("prediction"), g.input("target"));
        g.output(LOSS, g.scale(g.sumAll(g.mul(d, d)), 0.5));
    }

    /**
     * ‖x‖_p in PyTorch, scaled by m = max|x| (a constant to autograd: m·‖x/m‖_p is ‖x‖_p, so the
     * gradient is unchanged); zero, infinite and NaN maxima fall through to the unscaled form,
     * which gives 0, +∞ and NaN as torch.linalg.vector_norm does.
     */
    static NDArray torchNorm(NDArray x, double p) {
        NDArray magnitudes = x.abs();
        if (p == INF) {
            return magnitudes.max();
        }
        if (p == 1) {
            return magnitudes.sum();
        }
        // empty x: torch.linalg.vector_norm gives the empty sum's root, 0, where max() raises (it has no element)
        double m = x.isEmpty() ? 0 : TorchForm.scalar(magnitudes.max());
        if (m == 0) {
            // x = 0: the norm is 0 and torch's norm_backward masks the zero norm to a zero gradient; Σ|x_i| has that value
            // and, through abs' = sgn(0) = 0, that gradient, where autograd of (Σ|x_i|^p)^(1/p) gives pow(0, 1/p)' = ∞ times 0
            return magnitudes.sum();
        }
        if (!Double.isFinite(m)) {
            return magnitudes.pow(Torch.constant(x, p)).sum().pow(Torch.constant(x, 1 / p));
        }
        NDArray scaled = magnitudes.div(Torch.constant(x, m));
        return (p == 2 ? scaled.square().sum().sqrt() : scaled.pow(Torch.constant(x, p)).sum().pow(Torch.constant(x, 1 / p)))
                .mul(Torch.constant(x, m));
    }

    /** (y − 1)·max(log(1 − ŷ), −100) − y·max(log ŷ, −100), averaged. */
    static NDArray torchBce(Map<String, NDArray> in) {
        NDArray yHat = in.get("prediction");
        NDArray y = in.get("target");
        NDArray floor = Torch.constant(yHat, -100);
        return y.sub(1).mul(yHat.neg().add(1).log().maximum(floor))
                .sub(y.mul(yHat.log().maximum(floor))).mean();
    }

    /** mean of −(1 − y)·max(log(1 − ŷ), −100) − y·max(log ŷ, −100). */
    static void bce(OnnxGraph g) {
        OnnxGraph.Value p = g.input("prediction");
        OnnxGraph.Value y = g.input("target");
        OnnxGraph.Value floor = g.constant(-100);
        g.output(LOSS, g.meanAll(g.sub(g.mul(g.neg(g.oneMinus(y)), g.max(g.log(g.oneMinus(p)), floor)),
                g.mul(y, g.max(g.log(p), floor)))));
    }

    /** (1 − y)·z + max(−z, 0) + log(1 + e^(−|z|)), averaged. */
    static NDArray torchBceWithLogits(Map<String, NDArray> in) {
        NDArray z = in.get("logits");
        NDArray y = in.get("target");
        return z.mul(y.neg().add(1)).add(z.neg().maximum(Torch.constant(z, 0))).add(z.abs().neg().exp().add(1).log()).mean();
    }

    /** −Σ_j xlogy(y, ŷ) per row, averaged. */
    static NDArray torchCrossEntropyOneHot(Map<String, NDArray> in) {
        NDArray p = in.get("probabilities");
        NDArray y = in.get("targets");
        return NDArrays.where(y.eq(0), y.zerosLike(), y.mul(p.log())).sum(new int[] {1}).neg().mean();
    }

    /** cost = mean(losses), objective = cost + regularisation. */
    static Map<String, NDArray> torchCostObjective(Map<String, NDArray> in) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        NDArray cost = in.get("losses").mean();
        out.put("cost", cost);
        out.put("objective", cost.add(in.get("regularisation")));
        return out;
    }

    /** cost = ReduceMean(losses), objective = cost + regularisation. */
    static void costObjective(OnnxGraph g) {
        OnnxGraph.Value cost = g.meanAll(g.input("losses"));
        g.output("cost", cost);
        g.output("objective", g.add(cost, g.input("regularisation")));
    }

    /** ‖x‖_p as the catalog and the PyTorch form scale it: m·(Σ (|x|/m)^p)^(1/p), m = max |x|; m where p = ∞, m = 0 or m = ∞. */
    static void lpNorm(OnnxGraph g) {
        int[] shape = g.shape("x");
        Value a = g.abs(g.input("x"));
        Value p = g.input("p");
        if (Tensor.sizeOf(shape) == 0) {
            g.output("norm", g.sumAll(g.pow(a, p))); // the empty sum, 0 (p = ∞ is rejected for an empty x)
            return;
        }
        if (shape.length == 0) {
            a = g.unsqueeze(a, 0);
        }
        Value m = g.reduce("ReduceMax", a, false);
        Value scaled = g.mul(m, g.pow(g.sumAll(g.pow(g.div(a, m), p)), g.div(g.constant(1), p)));
        Value zero = g.constant(0);
        Value plain = g.op("Or", g.op("Or", g.compare("Equal", m, zero), g.opTyped("IsInf", DataType.BOOL, Map.of(), m)),
                g.opTyped("IsInf", DataType.BOOL, Map.of(), p));
        g.output("norm", g.where(plain, m, scaled));
    }
}

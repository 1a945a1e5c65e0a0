package io.refcheck.catalog;

import ai.djl.ndarray.NDArray;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.refcheck.onnx.OnnxGraph;
import io.refcheck.onnx.OnnxGraph.Value;
import java.util.LinkedHashMap;
import java.util.Map;

/** PyTorch and ONNX forms of §F's entries that take more than an expression. */
final class OptimisationForms {
    private OptimisationForms() {
    }

    /** w − lr·(grad + λ·w). */
    static void weightDecayStep(OnnxGraph g) {
        Value w = g.input("w");
        g.output("w", g.sub(w, g.mul(g.input("lr"), g.add(g.input("grad"), g.mul(g.input("lambda"), w)))));
    }

    /** torch.optim.Adam's step: m' = lerp(m, g, 1 − β1), v' = β2 v + (1 − β2) g², w' = w − (α/(1 − β1^t))·m'/(√v'/√(1 − β2^t) + ε). */
    static Map<String, NDArray> torchAdam(Map<String, NDArray> in) {
        double t = TorchForm.scalar(in.get("t"));
        double lr = TorchForm.scalar(in.get("lr"));
        double b1 = TorchForm.scalar(in.get("beta1"));
        double b2 = TorchForm.scalar(in.get("beta2"));
        double eps = TorchForm.scalar(in.get("eps"));
        NDArray g = in.get("g");
        NDArray m = in.get("m").add(g.sub(in.get("m")).mul(Torch.constant(g, 1 - b1)));
        NDArray v = in.get("v").mul(Torch.constant(g, b2)).add(g.mul(g).mul(Torch.constant(g, 1 - b2)));
        double stepSize = lr / (1 - Math.pow(b1, t));
        NDArray denom = v.sqrt().div(Torch.constant(g, Math.sqrt(1 - Math.pow(b2, t)))).add(eps);
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("w", in.get("w").sub(m.div(denom).mul(Torch.constant(g, stepSize))));
        out.put("m", m);
        out.put("v", v);
        return out;
    }

    /**
     * One Adam step in torch.optim.Adam's order: m' = β1 m + (1 − β1) g, v' = β2 v + ((1 − β2) g) g,
     * w' = w − (s·m')/(√v'/√(1 − β2^t) + ε) with s = α/(1 − β1^t). The scalars s, 1 − β1, 1 − β2 and
     * √(1 − β2^t) are formed in DOUBLE from the DOUBLE hyperparameters and cast to T once.
     *
     * <p>Not ai.onnx.preview.training's Adam: that operator adds ε to √v' before the bias correction
     * (X_new = X − R·√(1 − β2^T)/(1 − β1^T)·V_new/(√H_new + ε)), which is the catalog's step with ε
     * scaled by √(1 − β2^t) — a different number wherever ε is not negligible against √v̂ — and
     * ONNX Runtime's CPU build registers no kernel for that domain.
     */
    static void adamStep(OnnxGraph g) {
        Value t = g.scalarDouble("t");
        Value b1 = g.scalarDouble("beta1");
        Value b2 = g.scalarDouble("beta2");
        DataType real = g.real();
        Value one = g.constant(DataType.DOUBLE, 1);
        Value stepSize = g.cast(g.div(g.scalarDouble("lr"), g.sub(one, g.pow(b1, t))), real);
        Value sqrtBc2 = g.cast(g.sqrt(g.sub(one, g.pow(b2, t))), real);
        Value grad = g.input("g");
        Value m = g.add(g.mul(g.cast(b1, real), g.input("m")), g.mul(g.cast(g.sub(one, b1), real), grad));
        Value v = g.add(g.mul(g.cast(b2, real), g.input("v")), g.mul(g.mul(g.cast(g.sub(one, b2), real), grad), grad));
        Value denominator = g.add(g.div(g.sqrt(v), sqrtBc2), g.cast(g.scalarDouble("eps"), real));
        g.output("w", g.sub(g.input("w"), g.div(g.mul(stepSize, m), denominator)));
        g.output("m", m);
        g.output("v", v);
    }
}

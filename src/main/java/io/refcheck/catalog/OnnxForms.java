package io.refcheck.catalog;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.refcheck.onnx.OnnxGraph;
import io.refcheck.onnx.OnnxGraph.Value;
import io.refcheck.tensor.Tensor;
import java.util.Map;

/**
 * The ONNX forms of the entries whose graphs take more than a line or two (networks, back-propagation,
 * Adam, the p-norm); the entries refer to them by method reference. Each follows the entry's
 * PyTorch form step by step, in standard opset-17 operators.
 */
final class OnnxForms {
    private OnnxForms() {
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

    /** (1 − y)·max(z, 0) + y·max(−z, 0) + log(1 + e^(−|z|)), elementwise: binary cross-entropy on the logit. */
    static Value bceWithLogitsTerms(OnnxGraph g, Value z, Value y) {
        Value softplusOfMinusAbs = g.log(g.add(g.constant(1), g.exp(g.neg(g.abs(z)))));
        return g.add(g.add(g.mul(g.oneMinus(y), g.relu(z)), g.mul(y, g.relu(g.neg(z)))), softplusOfMinusAbs);
    }

}

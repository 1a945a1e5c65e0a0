package io.refcheck.catalog;

import io.refcheck.onnx.OnnxGraph;
import io.refcheck.onnx.OnnxGraph.Value;

/**
 * ONNX graph pieces that more than one family's forms use (each family's own forms are in its
 * {@code <Family>Forms}); in standard opset-17 operators.
 */
final class OnnxForms {
    private OnnxForms() {
    }

    /** (1 − y)·max(z, 0) + y·max(−z, 0) + log(1 + e^(−|z|)), elementwise: binary cross-entropy on the logit. */
    static Value bceWithLogitsTerms(OnnxGraph g, Value z, Value y) {
        Value softplusOfMinusAbs = g.log(g.add(g.constant(1), g.exp(g.neg(g.abs(z)))));
        return g.add(g.add(g.mul(g.oneMinus(y), g.relu(z)), g.mul(y, g.relu(g.neg(z)))), softplusOfMinusAbs);
    }
}

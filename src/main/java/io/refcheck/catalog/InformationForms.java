package io.refcheck.catalog;

import ai.djl.ndarray.NDArray;
import io.refcheck.onnx.OnnxGraph;
import io.refcheck.onnx.OnnxGraph.Value;

/** PyTorch and ONNX forms of §D's entries that take more than an expression. */
final class InformationForms {
    private InformationForms() {
    }

    /** Σ over the last axis (torch's .sum(-1)). */
    static NDArray rowSum(NDArray x) {
        return x.sum(new int[] {x.getShape().dimension() - 1});
    }

    /** D(P‖Q) = Σ_last (xlogy(p, p) − xlogy(p, q)). */
    static void klDivergence(OnnxGraph g) {
        Value p = g.input("p");
        g.output("d", g.sumLast(g.sub(g.xlogy(p, p), g.xlogy(p, g.input("q"))), g.shape("p").length));
    }
}

package io.refcheck.catalog;

import ai.djl.ndarray.NDArray;
import io.refcheck.onnx.OnnxGraph;
import io.refcheck.onnx.OnnxGraph.Value;
import java.util.LinkedHashMap;
import java.util.Map;

/** PyTorch forms of §B's entries that take more than an expression, and the ONNX forms of its networks. */
final class LayerForms {
    private LayerForms() {
    }

    /** f(…f(X W1 + b1)…) W_L + b_L, f picked by the activation code, the output layer affine. */
    static NDArray torchMlp(Map<String, NDArray> in) {
        int code = Torch.code(in.get("activation"));
        NDArray a = in.get("X");
        for (int l = 1; in.containsKey("W" + l); l++) {
            a = a.matMul(in.get("W" + l)).add(in.get("b" + l));
            if (in.containsKey("W" + (l + 1))) {
                a = Torch.activation(code, a);
            }
        }
        return a;
    }

    /** (X Wh + bh) Wo + bo and X (Wh Wo) + (bh Wo + bo). */
    static Map<String, NDArray> torchLinearCollapse(Map<String, NDArray> in) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("stacked", in.get("X").matMul(in.get("Wh")).add(in.get("bh")).matMul(in.get("Wo")).add(in.get("bo")));
        out.put("collapsed", in.get("X").matMul(in.get("Wh").matMul(in.get("Wo")))
                .add(in.get("bh").matMul(in.get("Wo")).add(in.get("bo"))));
        return out;
    }

    /** softmax(W2 tanh(W1 x + b1) + b2) down each column; biases become columns for a batch. */
    static NDArray torchS1Network(Map<String, NDArray> in) {
        NDArray x = in.get("x");
        boolean columns = x.getShape().dimension() == 2;
        NDArray b1 = columns ? in.get("b1").expandDims(1) : in.get("b1");
        NDArray b2 = columns ? in.get("b2").expandDims(1) : in.get("b2");
        return in.get("W2").matMul(in.get("W1").matMul(x).add(b1).tanh()).add(b2).softmax(0);
    }

    /** S3's MLP: A = f(A W_l + b_l) for hidden layers, the last layer affine; f chosen by the activation code. */
    static void mlpForward(OnnxGraph g) {
        Value code = g.scalarDouble("activation");
        Value a = g.input("X");
        for (int l = 1; g.has("W" + l); l++) {
            a = g.add(g.matmul(a, g.input("W" + l)), g.input("b" + l));
            if (g.has("W" + (l + 1))) {
                a = g.activation(code, a);
            }
        }
        g.output("O", a);
    }

    /** (X W_h + b_h) W_o + b_o and X (W_h W_o) + (b_h W_o + b_o). */
    static void linearCollapse(OnnxGraph g) {
        Value x = g.input("X");
        Value wh = g.input("Wh");
        Value bh = g.input("bh");
        Value wo = g.input("Wo");
        Value bo = g.input("bo");
        g.output("stacked", g.add(g.matmul(g.add(g.matmul(x, wh), bh), wo), bo));
        g.output("collapsed", g.add(g.matmul(x, g.matmul(wh, wo)), g.add(g.matmul(bh, wo), bo)));
    }

    /** softmax(W2 tanh(W1 x + b1) + b2) down each column; biases become columns [n, 1] for a batch x [n0, m]. */
    static void s1Network(OnnxGraph g) {
        boolean columns = g.shape("x").length == 2;
        Value b1 = columns ? g.unsqueeze(g.input("b1"), 1) : g.input("b1");
        Value b2 = columns ? g.unsqueeze(g.input("b2"), 1) : g.input("b2");
        Value h = g.tanh(g.add(g.matmul(g.input("W1"), g.input("x")), b1));
        g.output("output", g.softmax(g.add(g.matmul(g.input("W2"), h), b2), 0));
    }
}

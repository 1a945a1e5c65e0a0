package io.refcheck.catalog;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.refcheck.formulas.Activation;
import io.refcheck.onnx.OnnxGraph;
import io.refcheck.onnx.OnnxGraph.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** PyTorch and ONNX forms of §E's entries: the deltas, the parameter gradients and the two small nets' backward passes. */
final class BackpropForms {
    private BackpropForms() {
    }

    /** f'(z) in torch ops for an activation code ({@link Activation}): 1, s(1 − s), 1 − tanh², (z > 0). */
    static NDArray torchDerivative(int code, NDArray z) {
        return switch (Activation.ofCode(code)) {
            case IDENTITY -> z.onesLike();
            case SIGMOID -> {
                NDArray s = Torch.sigmoid(z);
                yield s.mul(s.neg().add(1));
            }
            case TANH -> z.tanh().square().neg().add(1);
            case RELU -> z.gt(0).toType(z.getDataType(), false);
        };
    }

    /**
     * binary_cross_entropy_with_logits(z, y, reduction='sum') as libtorch computes it:
     * Σ (1 − y) z + m + log(e^(−m) + e^(−z − m)) with m = max(−z, 0).
     */
    static NDArray torchBceWithLogitsSum(NDArray z, NDArray y) {
        NDArray m = Torch.relu(z.neg());
        return y.neg().add(1).mul(z).add(m).add(m.neg().exp().add(z.neg().sub(m).exp()).log()).sum();
    }

    static Map<String, NDArray> torchDeltaOutput(Map<String, NDArray> in) {
        NDArray z = in.get("z");
        NDArray y = in.get("y");
        Map<String, NDArray> out = new LinkedHashMap<>();
        switch (Torch.code(in.get("case"))) {
            case 0 -> {
                NDArray a = Torch.sigmoid(z);
                NDArray diff = a.sub(y);
                out.put("delta", diff.mul(a).mul(a.neg().add(1)));
                out.put("loss", diff.square().sum().mul(Torch.constant(z, 0.5)));
            }
            case 1 -> {
                out.put("delta", Torch.sigmoid(z).sub(y));
                out.put("loss", torchBceWithLogitsSum(z, y));
            }
            case 2 -> {
                out.put("delta", z.softmax(1).sub(y));
                out.put("loss", y.mul(z.logSoftmax(1)).sum().neg());
            }
            default -> throw new IllegalArgumentException("case: unknown output case code " + TorchForm.scalar(in.get("case")));
        }
        return out;
    }

    /** S4's gradients by autograd of the mean BCE; the parameters are made leaves that require gradients. */
    static Map<String, NDArray> torchTwoLayer(Map<String, NDArray> in) {
        NDArray x = in.get("X");
        List<String> parameters = List.of("W1", "b1", "W2", "b2");
        parameters.forEach(p -> in.get(p).setRequiresGradient(true));
        Map<String, NDArray> out = new LinkedHashMap<>();
        try (GradientCollector gc = x.getManager().getEngine().newGradientCollector()) {
            NDArray a1 = Torch.activation(Torch.code(in.get("hidden")), in.get("W1").matMul(x).add(in.get("b1")));
            NDArray z2 = in.get("W2").matMul(a1).add(in.get("b2"));
            NDArray cost = torchBceWithLogitsSum(z2, in.get("Y")).div(Torch.constant(x, x.getShape().get(1)));
            Torch.backward(gc, cost);
            out.put("cost", cost);
            out.put("A2", Torch.sigmoid(z2));
        }
        parameters.forEach(p -> out.put("d" + p, in.get(p).getGradient()));
        return out;
    }

    /** S1's gradients by autograd of the MSE; zero tensors E1, E2 added to z1, z2 give δ1, δ2 as their gradients. */
    static Map<String, NDArray> torchS1(Map<String, NDArray> in) {
        NDArray x = in.get("x");
        long m = x.getShape().get(1);
        NDArray e1 = x.getManager().zeros(new Shape(in.get("W1").getShape().get(0), m), x.getDataType(), x.getDevice());
        NDArray e2 = x.getManager().zeros(new Shape(in.get("W2").getShape().get(0), m), x.getDataType(), x.getDevice());
        List<NDArray> leaves = List.of(in.get("W1"), in.get("b1"), in.get("W2"), in.get("b2"), e1, e2);
        leaves.forEach(a -> a.setRequiresGradient(true));
        Map<String, NDArray> out = new LinkedHashMap<>();
        try (GradientCollector gc = x.getManager().getEngine().newGradientCollector()) {
            NDArray h = in.get("W1").matMul(x).add(in.get("b1").expandDims(1)).add(e1).tanh();
            NDArray o = in.get("W2").matMul(h).add(in.get("b2").expandDims(1)).add(e2).softmax(0);
            NDArray loss = o.sub(in.get("target")).square().mean();
            Torch.backward(gc, loss);
            out.put("loss", loss);
        }
        out.put("delta2", e2.getGradient());
        out.put("delta1", e1.getGradient());
        for (String p : List.of("W1", "b1", "W2", "b2")) {
            out.put("d" + p, in.get(p).getGradient());
        }
        return out;
    }

    /** {'dW': delta @ a_prev.T, 'db': delta.sum(1, keepdim=True)}. */
    static Map<String, NDArray> torchParamGrads(Map<String, NDArray> in) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("dW", in.get("delta").matMul(in.get("a_prev").transpose()));
        out.put("db", in.get("delta").sum(new int[] {1}, true));
        return out;
    }

    /**
     * The three output cases, each computed and one picked by the case code: δ = (σ(z) − y)·σ(z)(1 − σ(z)) with
     * loss ½Σ(σ(z) − y)²; δ = σ(z) − y with loss Σ[(1 − y)·max(z, 0) + y·max(−z, 0) + log(1 + e^(−|z|))];
     * δ = softmax(z) − y with loss −Σ y·log_softmax(z) (0 where y = 0).
     */
    static void deltaOutput(OnnxGraph g) {
        Value z = g.input("z");
        Value y = g.input("y");
        Value code = g.scalarDouble("case");
        Value a = g.sigmoid(z);
        Value aMinusY = g.sub(a, y);
        Value halfSseDelta = g.mul(aMinusY, g.mul(a, g.oneMinus(a)));
        Value halfSseLoss = g.scale(g.sumAll(g.mul(aMinusY, aMinusY)), 0.5);
        Value bceLoss = g.sumAll(OnnxForms.bceWithLogitsTerms(g, z, y));
        Value s = g.softmax(z, 1);
        Value zero = g.constant(0);
        Value softmaxLoss = g.neg(g.sumAll(g.where(g.compare("Equal", y, zero), zero, g.mul(y, g.logSoftmax(z, 1)))));
        g.output("delta", g.select(code, List.of(halfSseDelta, aMinusY, g.sub(s, y))));
        g.output("loss", g.select(code, List.of(halfSseLoss, bceLoss, softmaxLoss)));
    }

    /** δ_l = (W_nextᵀ δ_next) ⊙ f'(z), f' chosen by the activation code. */
    static void deltaHidden(OnnxGraph g) {
        Value back = g.matmul(g.transpose(g.input("W_next")), g.input("delta_next"));
        g.output("delta", g.mul(back, g.activationDerivative(g.scalarDouble("activation"), g.input("z"))));
    }

    /** dW = δ a_prevᵀ, db = Σ_cols δ (kept as a column). */
    static void paramGrads(OnnxGraph g) {
        Value delta = g.input("delta");
        g.output("dW", g.matmul(delta, g.transpose(g.input("a_prev"))));
        g.output("db", g.reduceSum(delta, true, 1));
    }

    /**
     * S4's two-layer net, forward and backward in column layout: Z1 = W1 X + b1, A1 = g(Z1),
     * Z2 = W2 A1 + b2, A2 = σ(Z2), J = (1/m) Σ bce(Z2, Y); dZ2 = (A2 − Y)/m, dW2 = dZ2 A1ᵀ,
     * db2 = Σ_cols dZ2, dZ1 = W2ᵀ dZ2 ⊙ g'(Z1), dW1 = dZ1 Xᵀ, db1 = Σ_cols dZ1.
     */
    static void twoLayerVectorized(OnnxGraph g) {
        Value x = g.input("X");
        Value y = g.input("Y");
        Value w2 = g.input("W2");
        Value code = g.scalarDouble("hidden");
        double m = g.shape("X")[1];
        Value z1 = g.add(g.matmul(g.input("W1"), x), g.input("b1"));
        Value a1 = g.activation(code, z1);
        Value z2 = g.add(g.matmul(w2, a1), g.input("b2"));
        Value a2 = g.sigmoid(z2);
        g.output("cost", g.scale(g.sumAll(OnnxForms.bceWithLogitsTerms(g, z2, y)), 1 / m));
        g.output("A2", a2);
        Value dz2 = g.scale(g.sub(a2, y), 1 / m);
        Value dz1 = g.mul(g.matmul(g.transpose(w2), dz2), g.activationDerivative(code, z1));
        g.output("dW1", g.matmul(dz1, g.transpose(x)));
        g.output("db1", g.reduceSum(dz1, true, 1));
        g.output("dW2", g.matmul(dz2, g.transpose(a1)));
        g.output("db2", g.reduceSum(dz2, true, 1));
    }

    /**
     * S1's net under MSE, column layout: h = tanh(W1 x + b1), o = softmax(W2 h + b2) down each column,
     * L = mean (o − t)²; c = 2(o − t)/(n2 m), δ2 = o ⊙ (c − Σ_rows o ⊙ c) (the softmax Jacobian per
     * column), δ1 = W2ᵀ δ2 ⊙ (1 − h²), dW1 = δ1 xᵀ, db1 = Σ_cols δ1, dW2 = δ2 hᵀ, db2 = Σ_cols δ2.
     */
    static void s1Backprop(OnnxGraph g) {
        Value x = g.input("x");
        Value t = g.input("target");
        Value w2 = g.input("W2");
        int[] shape = g.shape("target");
        double outputs = (double) shape[0] * shape[1];
        Value h = g.tanh(g.add(g.matmul(g.input("W1"), x), g.unsqueeze(g.input("b1"), 1)));
        Value o = g.softmax(g.add(g.matmul(w2, h), g.unsqueeze(g.input("b2"), 1)), 0);
        Value d = g.sub(o, t);
        g.output("loss", g.meanAll(g.mul(d, d)));
        Value c = g.scale(d, 2 / outputs);
        Value delta2 = g.mul(o, g.sub(c, g.reduceSum(g.mul(o, c), true, 0)));
        Value delta1 = g.mul(g.matmul(g.transpose(w2), delta2), g.oneMinus(g.mul(h, h)));
        g.output("delta2", delta2);
        g.output("delta1", delta1);
        g.output("dW1", g.matmul(delta1, g.transpose(x)));
        g.output("db1", g.reduceSum(delta1, false, 1));
        g.output("dW2", g.matmul(delta2, g.transpose(h)));
        g.output("db2", g.reduceSum(delta2, false, 1));
    }
}

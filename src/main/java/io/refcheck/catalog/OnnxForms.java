package io.refcheck.catalog;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.refcheck.onnx.OnnxGraph;
import io.refcheck.onnx.OnnxGraph.Value;
import io.refcheck.tensor.Tensor;
import java.util.List;
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
        Value bceLoss = g.sumAll(bceWithLogitsTerms(g, z, y));
        Value s = g.softmax(z, 1);
        Value zero = g.constant(0);
        Value softmaxLoss = g.neg(g.sumAll(g.where(g.compare("Equal", y, zero), zero, g.mul(y, g.logSoftmax(z, 1)))));
        g.output("delta", g.select(code, List.of(halfSseDelta, aMinusY, g.sub(s, y))));
        g.output("loss", g.select(code, List.of(halfSseLoss, bceLoss, softmaxLoss)));
    }

    /** (1 − y)·max(z, 0) + y·max(−z, 0) + log(1 + e^(−|z|)), elementwise: binary cross-entropy on the logit. */
    static Value bceWithLogitsTerms(OnnxGraph g, Value z, Value y) {
        Value softplusOfMinusAbs = g.log(g.add(g.constant(1), g.exp(g.neg(g.abs(z)))));
        return g.add(g.add(g.mul(g.oneMinus(y), g.relu(z)), g.mul(y, g.relu(g.neg(z)))), softplusOfMinusAbs);
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
        g.output("cost", g.scale(g.sumAll(bceWithLogitsTerms(g, z2, y)), 1 / m));
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

package io.refcheck.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.refcheck.formulas.Dropout;
import io.refcheck.formulas.Optimisers;
import io.refcheck.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Dropout (default domain) and the {@code ai.onnx.preview.training} optimisers Adam, Momentum and
 * Adagrad.
 *
 * <p>Dropout is the catalog's inverted {@link Dropout#dropout} (kept units scaled by 1/(1−ratio),
 * mask 1 where kept). Its mode by opset: before 7 the {@code is_test} attribute (default 0, i.e.
 * training) and the {@code ratio} attribute; 7 to 11 always test mode (the operator has no
 * training switch; runtimes treat it as inference); from 12 the optional inputs ratio (default
 * 0.5) and training_mode (default false) and the optional {@code seed} attribute. Test mode, and
 * training with ratio 0, give y = x and an all-true mask exactly. The mask has the input's type
 * before opset 10 and is bool from 10. A training-mode mask is random: without a {@code seed}
 * attribute a fresh seed is drawn, and no seed reproduces another runtime's mask, so such outputs
 * are checked by their contract (see {@link NodeTestRunner}).
 *
 * <p>The optimisers follow the ONNX operator specs; each takes R (learning rate, scalar), T (update
 * count, int64 scalar) and then groups of tensors, one group per optimised tensor X:
 * <ul>
 * <li>Adam (X, G, V, H): G′ = G + norm_coefficient·X, V′ = αV + (1−α)G′, H′ = βH + (1−β)G′²,
 * X′ = X − R̂·V′/(√H′ + ε) with R̂ = R·√(1−β^T)/(1−α^T) when T &gt; 0 and R̂ = R when T = 0,
 * then X″ = (1 − norm_coefficient_post)·X′. This is the catalog's Adam update
 * ({@link Optimisers#adamUpdate}) with step size R/(1−α^T), √ of the second bias correction
 * √(1−β^T) and ε/√(1−β^T) in place of ε: the catalog's adam_step adds ε to √v̂ after bias
 * correction, ONNX adds it to √H′ before (ONNX's ε is the paper's ε̂), and ONNX applies no bias
 * correction at all at T = 0, where the catalog's adam_step requires t ≥ 1. Defaults α = 0.9,
 * β = 0.999, ε = 0, norm_coefficient = norm_coefficient_post = 0.</li>
 * <li>Momentum (X, G, V): G′ = G + norm_coefficient·X, V′ = αV + β̂G′ with β̂ = β for T &gt; 0 and 1
 * at T = 0; X′ = X − R·V′ (mode "standard") or X − R·(G′ + αV′) (mode "nesterov"). All four
 * attributes are required.</li>
 * <li>Adagrad (X, G, H): r = R/(1 + T·decay_factor), G′ = G + norm_coefficient·X, H′ = H + G′²,
 * X′ = X − r·G′/(√H′ + ε). Defaults 0.</li>
 * </ul>
 * The final step X − r·d of Momentum and Adagrad is the catalog's gradient-descent step
 * {@link Optimisers#gdStep} for r &gt; 0 (the catalog requires a positive learning rate; a zero or
 * negative r, which ONNX allows, is applied as the same expression directly).
 */
final class TrainingOperators {
    private TrainingOperators() {
    }

    static void registerDefault(Map<String, Operator.Spec> ops) {
        ops.put("Dropout", new Operator.Spec(1, TrainingOperators::dropout));
    }

    static void registerPreviewTraining(Map<String, Operator.Spec> ops) {
        ops.put("Adam", new Operator.Spec(1, TrainingOperators::adam));
        ops.put("Momentum", new Operator.Spec(1, TrainingOperators::momentum));
        ops.put("Adagrad", new Operator.Spec(1, TrainingOperators::adagrad));
    }

    /** The largest seed the catalog's generator takes exactly (2⁵³). */
    private static final long MAX_SEED = 1L << 53;

    /** Whether a Dropout node runs in training mode, and with which ratio. */
    record DropoutMode(boolean training, double ratio) {
    }

    /** The mode of a Dropout node by its opset, attributes and (from 12) its ratio and training_mode inputs. */
    static DropoutMode dropoutMode(OnnxNode n) {
        if (n.opset() < 7) {
            return new DropoutMode(n.intAttribute("is_test", 0) == 0, n.floatAttribute("ratio", 0.5));
        }
        if (n.opset() < 12) {
            return new DropoutMode(false, n.floatAttribute("ratio", 0.5));
        }
        double ratio = n.has(1) ? n.scalarInput(1, "ratio") : 0.5;
        boolean training = n.has(2) && n.scalarInput(2, "training_mode") != 0;
        return new DropoutMode(training, ratio);
    }

    private static List<OnnxTensor> dropout(OnnxNode n) {
        OnnxTensor x = n.floatingInput(0);
        DropoutMode mode = dropoutMode(n);
        if (!(mode.ratio() >= 0 && mode.ratio() < 1)) {
            throw n.error("ratio must lie in [0, 1), got " + mode.ratio());
        }
        double seed = n.hasAttribute("seed")
                ? n.intAttribute("seed", 0)
                : ThreadLocalRandom.current().nextLong(-MAX_SEED, MAX_SEED);
        Dropout.Result r = Dropout.dropout(x.values(), mode.ratio(), Dropout.Mode.INVERTED, mode.training(), seed);
        DataType maskType = n.opset() >= 10 ? DataType.BOOL : x.type();
        return List.of(new OnnxTensor(x.type(), r.y()), new OnnxTensor(maskType, r.mask()));
    }

    /** The number of optimised tensors: the inputs after R and T come in groups of {@code perGroup}. */
    private static int groups(OnnxNode n, int perGroup, String layout) {
        int rest = n.inputCount() - 2;
        if (rest < perGroup || rest % perGroup != 0) {
            throw n.error("inputs must be R, T and then " + layout + " for each optimised tensor; got " + n.inputCount() + " inputs");
        }
        return rest / perGroup;
    }

    private static long updateCount(OnnxNode n) {
        if (n.input(1).type() != DataType.INT64) {
            throw n.error("T must be an int64 scalar, is " + n.input(1).type());
        }
        return (long) n.scalarInput(1, "T");
    }

    private static Tensor regularised(Tensor x, Tensor g, double normCoefficient) {
        return x.zip(g, (xi, gi) -> normCoefficient * xi + gi);
    }

    private static OnnxTensor sameShapeFloat(OnnxNode n, int input, OnnxTensor x, String name) {
        OnnxTensor t = n.floatingInput(input);
        if (t.type() != x.type() || !t.values().sameShape(x.values())) {
            throw n.error(name + " (input " + input + ") must have the type and shape of X, " + x.type() + " "
                    + Arrays.toString(x.values().shape()) + "; is " + t.type() + " " + Arrays.toString(t.values().shape()));
        }
        return t;
    }

    /** X − r·d: the catalog's gradient-descent step for r &gt; 0. */
    private static Tensor step(Tensor x, Tensor d, double r) {
        return r > 0 ? Optimisers.gdStep(x, d, r) : x.zip(d, (xi, di) -> xi - r * di);
    }

    private static List<OnnxTensor> adam(OnnxNode n) {
        double r = n.scalarInput(0, "R");
        long t = updateCount(n);
        int groups = groups(n, 4, "X, G, V, H");
        double alpha = n.floatAttribute("alpha", 0.9);
        double beta = n.floatAttribute("beta", 0.999);
        double epsilon = n.floatAttribute("epsilon", 0.0);
        double norm = n.floatAttribute("norm_coefficient", 0.0);
        double post = n.floatAttribute("norm_coefficient_post", 0.0);
        double stepSize = t > 0 ? r / Optimisers.biasCorrection(alpha, t) : r;
        double sqrtBiasCorrection2 = t > 0 ? Math.sqrt(Optimisers.biasCorrection(beta, t)) : 1;
        OnnxTensor[] out = new OnnxTensor[3 * groups];
        for (int i = 0; i < groups; i++) {
            OnnxTensor x = n.floatingInput(2 + i);
            Tensor g = sameShapeFloat(n, 2 + groups + i, x, "G").values();
            Tensor v = sameShapeFloat(n, 2 + 2 * groups + i, x, "V").values();
            Tensor h = sameShapeFloat(n, 2 + 3 * groups + i, x, "H").values();
            Optimisers.AdamState s = Optimisers.adamUpdate(x.values(), regularised(x.values(), g, norm), v, h,
                    stepSize, sqrtBiasCorrection2, alpha, beta, epsilon / sqrtBiasCorrection2);
            Tensor xNew = post == 0 ? s.w() : s.w().map(w -> (1 - post) * w);
            out[i] = new OnnxTensor(x.type(), xNew);
            out[groups + i] = new OnnxTensor(x.type(), s.m());
            out[2 * groups + i] = new OnnxTensor(x.type(), s.v());
        }
        return Arrays.asList(out);
    }

    private static List<OnnxTensor> momentum(OnnxNode n) {
        double r = n.scalarInput(0, "R");
        long t = updateCount(n);
        int groups = groups(n, 3, "X, G, V");
        double alpha = n.floatAttribute("alpha");
        double beta = n.floatAttribute("beta");
        double norm = n.floatAttribute("norm_coefficient");
        String mode = n.stringAttribute("mode", null);
        if (mode == null) {
            throw n.error("attribute mode is required");
        }
        if (!mode.equals("standard") && !mode.equals("nesterov")) {
            throw n.error("mode must be standard or nesterov, got '" + mode + "'");
        }
        double betaAdjusted = t > 0 ? beta : 1;
        List<OnnxTensor> xs = new ArrayList<>();
        List<OnnxTensor> vs = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            OnnxTensor x = n.floatingInput(2 + i);
            Tensor g = regularised(x.values(), sameShapeFloat(n, 2 + groups + i, x, "G").values(), norm);
            Tensor v = sameShapeFloat(n, 2 + 2 * groups + i, x, "V").values();
            Tensor vNew = v.zip(g, (vi, gi) -> alpha * vi + betaAdjusted * gi);
            Tensor direction = mode.equals("standard") ? vNew : g.zip(vNew, (gi, vi) -> gi + alpha * vi);
            xs.add(new OnnxTensor(x.type(), step(x.values(), direction, r)));
            vs.add(new OnnxTensor(x.type(), vNew));
        }
        xs.addAll(vs);
        return xs;
    }

    private static List<OnnxTensor> adagrad(OnnxNode n) {
        double r = n.scalarInput(0, "R");
        long t = updateCount(n);
        int groups = groups(n, 3, "X, G, H");
        double decay = n.floatAttribute("decay_factor", 0.0);
        double epsilon = n.floatAttribute("epsilon", 0.0);
        double norm = n.floatAttribute("norm_coefficient", 0.0);
        double rate = r / (1 + t * decay);
        List<OnnxTensor> xs = new ArrayList<>();
        List<OnnxTensor> hs = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            OnnxTensor x = n.floatingInput(2 + i);
            Tensor g = regularised(x.values(), sameShapeFloat(n, 2 + groups + i, x, "G").values(), norm);
            Tensor h = sameShapeFloat(n, 2 + 2 * groups + i, x, "H").values();
            Tensor hNew = h.zip(g, (hi, gi) -> hi + gi * gi);
            Tensor direction = g.zip(hNew, (gi, hi) -> gi / (Math.sqrt(hi) + epsilon));
            xs.add(new OnnxTensor(x.type(), step(x.values(), direction, rate)));
            hs.add(new OnnxTensor(x.type(), hNew));
        }
        xs.addAll(hs);
        return xs;
    }
}

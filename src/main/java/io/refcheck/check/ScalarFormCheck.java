package io.refcheck.check;

import io.refcheck.catalog.Evaluator;
import io.refcheck.catalog.Formula;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * A third opinion for elementwise formulas: the same function written over commons-math3's
 * forward-mode {@link DerivativeStructure} gives value and derivative at every element, which
 * must agree with the engine's value and its vector–Jacobian product with a cotangent of ones.
 */
public final class ScalarFormCheck {
    private ScalarFormCheck() {
    }

    /** Worst of the value and derivative comparisons, at tolerance atol 1e-12, rtol 1e-12 (both sides are a few ulps from exact). */
    public static Comparison check(Evaluator engine, Formula f, Tensors sample) {
        UnaryOperator<DerivativeStructure> form = f.scalarForm().orElseThrow();
        String in = f.differentiableInputs().get(0);
        String out = f.outputs().get(0).name();
        Tensor z = sample.get(in);
        Tensor value = engine.evaluate(f.id(), sample).get(out);
        Tensor derivative = engine.vjp(f.id(), sample, Tensors.of(out, Tensor.filled(1.0, value.shape()))).get(in);
        double[] dsValue = new double[z.size()];
        double[] dsDerivative = new double[z.size()];
        for (int i = 0; i < z.size(); i++) {
            DerivativeStructure x = new DerivativeStructure(1, 1, 0, z.at(i));
            DerivativeStructure y = form.apply(x);
            dsValue[i] = y.getValue();
            dsDerivative[i] = y.getPartialDerivative(1);
        }
        Comparison v = Comparison.of(value, Tensor.of(z.shape(), dsValue), Expected.DERIVATIVE_STRUCTURE, 1e-12, 1e-12);
        Comparison d = Comparison.of(derivative, Tensor.of(z.shape(), dsDerivative), Expected.DERIVATIVE_STRUCTURE, 1e-12, 1e-12);
        return v.worst(d);
    }
}

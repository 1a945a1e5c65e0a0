package io.refcheck.engine;

import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;

/**
 * A deliberately wrong engine: plain Java everywhere except softmax, which it computes without
 * the max shift, e^(z_i) / Σ_j e^(z_j). That overflows to ∞/∞ = NaN for logits near 1000, so the
 * checks must catch it. Not registered as a service: tests construct it.
 */
final class BrokenSoftmaxEngine implements Engine {
    private final Engine plain = Engines.plainJava();

    @Override
    public String name() {
        return "broken-softmax";
    }

    @Override
    public String version() {
        return "0";
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public boolean implementsFormula(String id) {
        return plain.implementsFormula(id);
    }

    @Override
    public boolean implementsGradient(String id) {
        return plain.implementsGradient(id);
    }

    @Override
    public Tensors evaluate(String id, Tensors inputs) {
        if (!id.equals("softmax")) {
            return plain.evaluate(id, inputs);
        }
        Tensor z = inputs.get("z");
        int n = z.dim(-1);
        double[] d = z.toArray();
        for (int r = 0; r < d.length / n; r++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += Math.exp(d[r * n + j]);
            }
            for (int j = 0; j < n; j++) {
                d[r * n + j] = Math.exp(d[r * n + j]) / s;
            }
        }
        return Tensors.of(plain.evaluate(id, inputs).nameList().get(0), Tensor.of(z.shape(), d));
    }

    @Override
    public Tensors vjp(String id, Tensors inputs, Tensors cotangents) {
        return plain.vjp(id, inputs, cotangents);
    }
}

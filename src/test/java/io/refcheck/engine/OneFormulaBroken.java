package io.refcheck.engine;

import io.refcheck.tensor.Tensors;
import java.util.function.BiFunction;

/**
 * A deliberately wrong engine for tests: plain Java everywhere except one formula, whose outputs
 * {@code breakage} computes from the inputs and plain Java's own outputs. The checks must catch
 * it. Not registered as a service: tests construct it.
 */
public final class OneFormulaBroken implements Engine {
    private final Engine plain = Engines.plainJava();
    private final String name;
    private final String brokenId;
    private final BiFunction<Tensors, Tensors, Tensors> breakage;

    public OneFormulaBroken(String name, String brokenId, BiFunction<Tensors, Tensors, Tensors> breakage) {
        this.name = name;
        this.brokenId = brokenId;
        this.breakage = breakage;
    }

    /** Softmax without the max shift, e^(z_i) / Σ_j e^(z_j): ∞/∞ = NaN for logits near 1000. */
    public static OneFormulaBroken softmaxWithoutMaxShift() {
        return new OneFormulaBroken("broken-softmax", "softmax", (in, out) -> {
            io.refcheck.tensor.Tensor z = in.get("z");
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
            return Tensors.of(out.nameList().get(0), io.refcheck.tensor.Tensor.of(z.shape(), d));
        });
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return "broken";
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
        Tensors out = plain.evaluate(id, inputs);
        return id.equals(brokenId) ? breakage.apply(inputs, out) : out;
    }

    @Override
    public Tensors vjp(String id, Tensors inputs, Tensors cotangents) {
        return plain.vjp(id, inputs, cotangents);
    }
}

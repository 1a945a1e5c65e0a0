package io.refcheck.engine;

import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;

/**
 * What a user's own engine looks like: it implements one formula its own way,
 * σ(z) = (1 + tanh(z/2)) / 2 for z ≥ 0 and e^z·σ(−z) for z &lt; 0, and is registered in this test
 * classpath's META-INF/services/io.refcheck.engine.Engine, so {@link Engines#discover()} finds it
 * and every catalog check runs against it. For z &lt; 0 the tanh form alone cancels: 1 + tanh(z/2)
 * rounds to 0 below z ≈ −38, where σ is still a normal number (σ(−40) = 4.2e-18), which the tail
 * check fails ({@code TailCheckTest}); σ(z) = e^z·σ(−z) holds exactly and σ(−z) ∈ [1/2, 1) there.
 */
public class ExampleUserEngine implements Engine {
    @Override
    public String name() {
        return "example-user";
    }

    @Override
    public String version() {
        return "1.0";
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public boolean implementsFormula(String id) {
        return id.equals("sigmoid");
    }

    @Override
    public boolean implementsGradient(String id) {
        return id.equals("sigmoid");
    }

    @Override
    public Tensors evaluate(String id, Tensors inputs) {
        Tensor z = inputs.get("z");
        return Tensors.of("a", z.map(x -> x >= 0 ? halfTanh(x) : Math.exp(x) * halfTanh(-x)));
    }

    /** (1 + tanh(z/2))/2, accurate for z ≥ 0 (and NaN for NaN). */
    private static double halfTanh(double z) {
        return 0.5 + 0.5 * Math.tanh(0.5 * z);
    }

    @Override
    public Tensors vjp(String id, Tensors inputs, Tensors cotangents) {
        Tensor z = inputs.get("z");
        Tensor d = z.map(x -> {
            double t = Math.tanh(0.5 * x);
            return 0.25 * (1 - t) * (1 + t);
        });
        return Tensors.of("z", d.zip(cotangents.get("a"), (a, b) -> a * b));
    }
}

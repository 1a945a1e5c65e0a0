package io.refcheck.engine;

import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;

/**
 * What a user's own engine looks like: it implements one formula its own way,
 * σ(z) = (1 + tanh(z/2)) / 2, and is registered in this test classpath's
 * META-INF/services/io.refcheck.engine.Engine, so {@link Engines#discover()} finds it and every
 * catalog check runs against it.
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
        return Tensors.of("a", z.map(x -> 0.5 + 0.5 * Math.tanh(0.5 * x)));
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

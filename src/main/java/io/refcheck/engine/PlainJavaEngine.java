package io.refcheck.engine;

import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.tensor.Tensors;
import java.util.Set;

/** The reference engine: the catalog's own plain-Java functions, in double precision. */
public final class PlainJavaEngine implements Engine {
    public static final String NAME = "plain-java";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        String v = PlainJavaEngine.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public boolean implementsFormula(String id) {
        return Catalog.contains(id);
    }

    /** Every catalog id. */
    @Override
    public Set<String> declaredIds() {
        return Set.copyOf(Catalog.ids());
    }

    @Override
    public boolean implementsGradient(String id) {
        return Catalog.contains(id) && Catalog.get(id).differentiable();
    }

    @Override
    public Tensors evaluate(String id, Tensors inputs) {
        return Catalog.get(id).compute(inputs);
    }

    @Override
    public Tensors vjp(String id, Tensors inputs, Tensors cotangents) {
        Formula f = Catalog.get(id);
        return f.vjp().orElseThrow(() -> new UnsupportedOperationException(id + " is not differentiable"))
                .apply(inputs, cotangents);
    }
}

package io.refcheck.engine;

import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.catalog.KinkConvention;
import io.refcheck.catalog.NearestIds;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensors;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A user's engine in a few lines: {@code Engines.define("mylib").formula("softmax", in -> …)
 * .gradient("softmax", (in, ct) -> …).build()}. Each formula receives the entry's input ports by
 * name, as double tensors (labels, and 0-d hyperparameters such as a learning rate, are double
 * tensors too: {@code in.get("lr").item()}), and returns its outputs by port name; a gradient
 * receives the inputs and one cotangent per output and returns one gradient per differentiable
 * input. {@code refcheck formulas --id ID} lists the ports.
 *
 * <p>Every mistake a definition can make is an {@link IllegalArgumentException} that names the
 * engine and the id: an id the catalog lacks, the same id twice, a gradient for an id with no
 * formula here or for one the catalog does not differentiate.
 */
public final class EngineDefinition {
    /** Names the built-in engines use; a user's engine must not take one, or its rows would read as theirs. */
    static final Set<String> BUILT_IN_NAMES = Set.of(PlainJavaEngine.NAME, PyTorchEngine.NAME, OnnxRuntimeEngine.NAME,
            OracleEngine.NAME);

    /** What an engine computes for one id: outputs by port name from inputs by port name. */
    @FunctionalInterface
    public interface Compute {
        Tensors apply(Tensors inputs);
    }

    /** One vector–Jacobian product: gradients per differentiable input from inputs and per-output cotangents. */
    @FunctionalInterface
    public interface Gradient {
        Tensors apply(Tensors inputs, Tensors cotangents);
    }

    private final String name;
    private String version = "unversioned";
    private Dtype dtype = Dtype.FLOAT64;
    private final Set<String> conventions = new LinkedHashSet<>();
    private boolean validatesInput = true;
    private final Map<String, Compute> formulas = new LinkedHashMap<>();
    private final Map<String, Gradient> gradients = new LinkedHashMap<>();

    EngineDefinition(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: an engine's name must not be blank");
        }
        if (BUILT_IN_NAMES.contains(name)) {
            throw new IllegalArgumentException("name: '" + name + "' is the name of a built-in engine; "
                    + "choose another so that its rows are not read as " + name + "'s");
        }
        this.name = name;
    }

    /** The engine's own version string, shown in the report (default "unversioned"). */
    public EngineDefinition version(String v) {
        this.version = Objects.requireNonNull(v, "version");
        return this;
    }

    /**
     * The precision it computes in: {@link Dtype#FLOAT64} (default) or {@link Dtype#FLOAT32}; a
     * float32 engine receives its data tensors rounded to float32 and is held to float32 tolerances.
     */
    public EngineDefinition dtype(Dtype d) {
        this.dtype = Objects.requireNonNull(d, "dtype");
        return this;
    }

    /**
     * The engine follows this kink convention where plain Java's differs (a {@link KinkConvention}'s
     * label, e.g. "relu'(0) = 1"): its gradient at those kinks is held to that convention instead.
     *
     * @throws IllegalArgumentException for a label no {@link KinkConvention} has
     */
    public EngineDefinition convention(String label) {
        if (Arrays.stream(KinkConvention.values()).noneMatch(c -> c.label().equals(label))) {
            throw new IllegalArgumentException("convention: engine " + name + " declares '" + label + "', which is no known kink convention; known: "
                    + Arrays.stream(KinkConvention.values()).map(KinkConvention::label).collect(Collectors.joining(", ")));
        }
        conventions.add(label);
        return this;
    }

    /**
     * The engine does not check its inputs against the catalog's rules: inputs the reference rejects
     * are then not judged (never passed) in its bad-input rows, while its IEEE results still are.
     */
    public EngineDefinition withoutInputValidation() {
        this.validatesInput = false;
        return this;
    }

    /** The engine computes catalog formula {@code id} with {@code compute}. */
    public EngineDefinition formula(String id, Compute compute) {
        Objects.requireNonNull(compute, "compute");
        entry(id);
        if (formulas.putIfAbsent(id, compute) != null) {
            throw new IllegalArgumentException("id: engine " + name + " defines formula '" + id + "' twice");
        }
        return this;
    }

    /** The engine's vector–Jacobian product for {@code id}, which must already have a {@link #formula}. */
    public EngineDefinition gradient(String id, Gradient gradient) {
        Objects.requireNonNull(gradient, "gradient");
        Formula f = entry(id);
        if (!formulas.containsKey(id)) {
            throw new IllegalArgumentException("id: engine " + name + " defines a gradient for '" + id
                    + "' before (or without) its formula");
        }
        if (!f.differentiable()) {
            throw new IllegalArgumentException("id: engine " + name + " defines a gradient for '" + id
                    + "', which the catalog does not differentiate (" + f.formula() + ")");
        }
        if (gradients.putIfAbsent(id, gradient) != null) {
            throw new IllegalArgumentException("id: engine " + name + " defines the gradient of '" + id + "' twice");
        }
        return this;
    }

    /** The engine, with the formulas and gradients defined so far. */
    public Engine build() {
        if (formulas.isEmpty()) {
            throw new IllegalArgumentException("engine " + name + " defines no formula: it would check nothing");
        }
        return new Defined(name, version, dtype, Set.copyOf(conventions), validatesInput, Map.copyOf(formulas),
                Map.copyOf(gradients));
    }

    private Formula entry(String id) {
        if (id == null || !Catalog.contains(id)) {
            throw new IllegalArgumentException("id: engine " + name + " names '" + id + "', which the catalog does not have"
                    + nearest(id));
        }
        return Catalog.get(id);
    }

    private static String nearest(String id) {
        List<String> near = id == null ? List.of() : NearestIds.of(id);
        return near.isEmpty() ? "" : " (nearest: " + String.join(", ", near) + ")";
    }

    private record Defined(String name, String version, Dtype dtype, Set<String> conventions, boolean validatesInput,
                           Map<String, Compute> formulas, Map<String, Gradient> gradients) implements Engine {
        @Override
        public Set<String> declaredIds() {
            return formulas.keySet();
        }

        @Override
        public Availability availability() {
            return Availability.yes();
        }

        @Override
        public boolean implementsFormula(String id) {
            return formulas.containsKey(id);
        }

        @Override
        public boolean implementsGradient(String id) {
            return gradients.containsKey(id);
        }

        @Override
        public Tensors evaluate(String id, Tensors inputs) {
            Compute c = formulas.get(id);
            if (c == null) {
                throw new UnsupportedOperationException(name + " does not implement " + id);
            }
            return c.apply(inputs);
        }

        @Override
        public Tensors vjp(String id, Tensors inputs, Tensors cotangents) {
            Gradient g = gradients.get(id);
            if (g == null) {
                throw new UnsupportedOperationException(name + " has no gradient for " + id);
            }
            return g.apply(inputs, cotangents);
        }

        @Override
        public String toString() {
            return name + " " + version + " (" + dtype + "; " + formulas.size() + " formulas, " + gradients.size() + " gradients)";
        }
    }
}

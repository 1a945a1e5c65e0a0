package io.refcheck.engine;

import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A deliberately wrong engine for tests: plain Java everywhere except one formula, whose outputs
 * {@code breakage} computes from the inputs and plain Java's own outputs (or, with
 * {@link #gradient}, whose vector–Jacobian product {@code breakage} computes from the inputs and
 * plain Java's own gradients), or with {@link #replacing}, whose outputs its own function computes
 * without plain Java (so none of plain Java's input checks run). {@link #inFloat32} makes it a
 * float32 engine (outputs rounded to float), {@link #notValidatingInput} one that declares
 * {@link Engine#validatesInput()} false. The checks must catch it. Not registered as a service:
 * tests construct it.
 */
public final class OneFormulaBroken implements Engine {
    private final Engine plain = Engines.plainJava();
    private final String name;
    private final String brokenId;
    private final BiFunction<Tensors, Tensors, Tensors> breakage;
    private final VjpBreakage gradientBreakage;
    private final Function<Tensors, Tensors> replacement;
    private final boolean float32;
    private final boolean validates;
    private final Set<String> conventions;

    /** How a broken vector–Jacobian product is made from the inputs, the cotangents and plain Java's gradients. */
    @FunctionalInterface
    public interface VjpBreakage {
        Tensors apply(Tensors inputs, Tensors cotangents, Tensors gradients);
    }

    public OneFormulaBroken(String name, String brokenId, BiFunction<Tensors, Tensors, Tensors> breakage) {
        this(name, brokenId, breakage, (in, c, gradients) -> gradients, null, false, true, Set.of());
    }

    private OneFormulaBroken(String name, String brokenId, BiFunction<Tensors, Tensors, Tensors> breakage,
                             VjpBreakage gradientBreakage, Function<Tensors, Tensors> replacement,
                             boolean float32, boolean validates, Set<String> conventions) {
        this.name = name;
        this.brokenId = brokenId;
        this.breakage = breakage;
        this.gradientBreakage = gradientBreakage;
        this.replacement = replacement;
        this.float32 = float32;
        this.validates = validates;
        this.conventions = Set.copyOf(conventions);
    }

    /** Plain Java everywhere except {@code brokenId}, which {@code own} computes from the inputs alone. */
    public static OneFormulaBroken replacing(String name, String brokenId, Function<Tensors, Tensors> own) {
        return new OneFormulaBroken(name, brokenId, (in, out) -> out, (in, c, gradients) -> gradients, own, false, true, Set.of());
    }

    /** The same engine in float32: every output rounded to the nearest float. */
    public OneFormulaBroken inFloat32() {
        return new OneFormulaBroken(name, brokenId, breakage, gradientBreakage, replacement, true, validates, conventions);
    }

    /** The same engine, declaring that it does not validate its input. */
    public OneFormulaBroken notValidatingInput() {
        return new OneFormulaBroken(name, brokenId, breakage, gradientBreakage, replacement, float32, false, conventions);
    }

    /** Right values, and a vector–Jacobian product of {@code brokenId} that {@code breakage} changes. */
    public static OneFormulaBroken gradient(String name, String brokenId, BiFunction<Tensors, Tensors, Tensors> breakage) {
        return gradient(name, brokenId, (in, c, gradients) -> breakage.apply(in, gradients));
    }

    /** Right values, and a vector–Jacobian product of {@code brokenId} that {@code breakage} makes, the cotangents at hand. */
    public static OneFormulaBroken gradient(String name, String brokenId, VjpBreakage breakage) {
        return new OneFormulaBroken(name, brokenId, (in, out) -> out, breakage, null, false, true, Set.of());
    }

    /** The same engine, declaring these kink conventions in {@link #conventions()}. */
    public OneFormulaBroken declaring(String... labels) {
        return new OneFormulaBroken(name, brokenId, breakage, gradientBreakage, replacement, float32, validates, Set.of(labels));
    }

    @Override
    public Set<String> conventions() {
        return conventions;
    }

    /** A softmax whose last entry is off by {@code relative} (1e-9: far inside any eye, far outside the tolerance). */
    public static OneFormulaBroken softmaxLastEntryOffBy(String name, double relative) {
        return new OneFormulaBroken(name, "softmax", (in, out) -> {
            Tensor s = out.get("s");
            return out.with("s", s.isEmpty() ? s : s.with(s.size() - 1, s.at(s.size() - 1) * (1 + relative)));
        });
    }

    /** Softmax without the max shift, e^(z_i) / Σ_j e^(z_j): ∞/∞ = NaN for logits near 1000. */
    public static OneFormulaBroken softmaxWithoutMaxShift() {
        return new OneFormulaBroken("broken-softmax", "softmax", (in, out) -> {
            Tensor z = in.get("z");
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
            return Tensors.of(out.nameList().get(0), Tensor.of(z.shape(), d));
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
    public Dtype dtype() {
        return float32 ? Dtype.FLOAT32 : Dtype.FLOAT64;
    }

    @Override
    public boolean validatesInput() {
        return validates;
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
        Tensors out = id.equals(brokenId) && replacement != null ? replacement.apply(inputs) : plain.evaluate(id, inputs);
        out = id.equals(brokenId) ? breakage.apply(inputs, out) : out;
        return float32 ? out.toFloat32() : out;
    }

    @Override
    public Tensors vjp(String id, Tensors inputs, Tensors cotangents) {
        Tensors gradients = plain.vjp(id, inputs, cotangents);
        return id.equals(brokenId) ? gradientBreakage.apply(inputs, cotangents, gradients) : gradients;
    }
}

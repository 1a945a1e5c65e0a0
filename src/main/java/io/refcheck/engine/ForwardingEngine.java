package io.refcheck.engine;

import io.refcheck.catalog.Answer;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensors;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An engine that passes every call to another one: a subclass overrides only what it changes or
 * observes (an engine that counts its calls, one that breaks one formula on purpose), as Guava's
 * {@code Forwarding*} classes do.
 */
public abstract class ForwardingEngine implements Engine {
    private final Engine delegate;

    protected ForwardingEngine(Engine delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The engine every call goes to. */
    protected final Engine delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String version() {
        return delegate.version();
    }

    @Override
    public String device() {
        return delegate.device();
    }

    @Override
    public Dtype dtype() {
        return delegate.dtype();
    }

    @Override
    public Availability availability() {
        return delegate.availability();
    }

    @Override
    public boolean implementsFormula(String id) {
        return delegate.implementsFormula(id);
    }

    @Override
    public Set<String> declaredIds() {
        return delegate.declaredIds();
    }

    @Override
    public boolean validatesInput() {
        return delegate.validatesInput();
    }

    @Override
    public boolean implementsGradient(String id) {
        return delegate.implementsGradient(id);
    }

    @Override
    public Set<String> conventions() {
        return delegate.conventions();
    }

    @Override
    public Tensors evaluate(String id, Tensors inputs) {
        return delegate.evaluate(id, inputs);
    }

    @Override
    public Tensors vjp(String id, Tensors inputs, Tensors cotangents) {
        return delegate.vjp(id, inputs, cotangents);
    }

    @Override
    public List<Answer> evaluateAll(String id, List<Tensors> samples) {
        return delegate.evaluateAll(id, samples);
    }

    @Override
    public List<Answer> vjpAll(String id, List<Tensors> inputs, List<Tensors> cotangents) {
        return delegate.vjpAll(id, inputs, cotangents);
    }
}

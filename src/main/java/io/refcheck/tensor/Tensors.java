package io.refcheck.tensor;

import java.util.Collections;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ordered, immutable set of named tensors: the inputs of a formula (a sample), its outputs, or
 * the gradients with respect to its inputs. Hyperparameters (a learning rate, p of a norm, a seed)
 * are scalar tensors like any other input, so one type carries everything an engine needs.
 */
public final class Tensors {
    private final LinkedHashMap<String, Tensor> byName;

    private Tensors(LinkedHashMap<String, Tensor> byName) {
        this.byName = byName;
    }

    /** The set with no tensors. */
    public static Tensors empty() {
        return new Tensors(new LinkedHashMap<>());
    }

    /**
     * Alternating names and tensors: {@code Tensors.of("z", z, "y", y)}.
     *
     * @throws IllegalArgumentException if namesAndTensors has an odd count (not name/tensor pairs)
     * @throws ClassCastException if a name is not a String, or a value is neither a Tensor nor a Number
     */
    public static Tensors of(Object... namesAndTensors) {
        if (namesAndTensors.length % 2 != 0) {
            throw new IllegalArgumentException("namesAndTensors: expected name/tensor pairs, got an odd count");
        }
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTensors.length; i += 2) {
            Object t = namesAndTensors[i + 1];
            Tensor tensor = t instanceof Tensor tt ? tt : Tensor.scalar(((Number) t).doubleValue());
            m.put((String) namesAndTensors[i], tensor);
        }
        return new Tensors(m);
    }

    /** The tensors of map, in its iteration order. */
    public static Tensors of(Map<String, Tensor> map) {
        return new Tensors(new LinkedHashMap<>(map));
    }

    /**
     * The tensor named name.
     *
     * @throws IllegalArgumentException if there is no tensor named name
     */
    public Tensor get(String name) {
        Tensor t = byName.get(name);
        if (t == null) {
            throw new IllegalArgumentException(name + ": no such tensor; have " + byName.keySet());
        }
        return t;
    }

    /** Whether a tensor is named name. */
    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /**
     * The value of a scalar entry (one element, any rank).
     *
     * @throws IllegalArgumentException if there is no tensor named name, or it does not hold exactly one element
     */
    public double scalar(String name) {
        Tensor t = get(name);
        if (t.size() != 1) {
            throw new IllegalArgumentException(name + ": must be a scalar, shape " + Arrays.toString(t.shape()));
        }
        return t.item();
    }

    /** A copy with the tensor named name set to t: replaced in place if present, else added at the end. */
    public Tensors with(String name, Tensor t) {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>(byName);
        m.put(name, t);
        return new Tensors(m);
    }

    /** As {@link #with(String, Tensor)} with a scalar tensor. */
    public Tensors with(String name, double scalar) {
        return with(name, Tensor.scalar(scalar));
    }

    /** A copy without the tensor named name (the same entries if there is none). */
    public Tensors without(String name) {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>(byName);
        m.remove(name);
        return new Tensors(m);
    }

    /** The names in order, an unmodifiable view. */
    public Set<String> names() {
        return Collections.unmodifiableSet(byName.keySet());
    }

    /** The names in order, an immutable copy. */
    public List<String> nameList() {
        return List.copyOf(byName.keySet());
    }

    /** The names and tensors in order, an unmodifiable view. */
    public Map<String, Tensor> asMap() {
        return Collections.unmodifiableMap(byName);
    }

    /** The number of tensors. */
    public int size() {
        return byName.size();
    }

    /** Every tensor rounded to float32. */
    public Tensors toFloat32() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        byName.forEach((k, v) -> m.put(k, v.toFloat32()));
        return new Tensors(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensors t && byName.equals(t.byName);
    }

    @Override
    public int hashCode() {
        return byName.hashCode();
    }

    @Override
    public String toString() {
        return byName.toString();
    }
}

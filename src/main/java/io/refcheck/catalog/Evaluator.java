package io.refcheck.catalog;

import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;

/**
 * Anything that computes catalog formulas by id. Facts are written against this interface, not
 * against the plain-Java functions, so the same facts check every engine.
 */
public interface Evaluator {

    /** The outputs of formula {@code id} on {@code inputs}; bad input raises IllegalArgumentException. */
    Tensors evaluate(String id, Tensors inputs);

    /**
     * The vector–Jacobian product: for cotangents c (one per output, same shapes), the gradient
     * of Σ c·outputs with respect to each differentiable input.
     */
    Tensors vjp(String id, Tensors inputs, Tensors cotangents);

    /**
     * Formula {@code id} on several samples, one {@link Answer} per sample in order: its outputs, or
     * the exception that sample alone raised (a rejected sample is an IllegalArgumentException for
     * that sample only). The checks evaluate their samples through this, so an engine for which one
     * call costs a round trip (a separate process) answers a whole batch in one. The default calls
     * {@link #evaluate} once per sample, in order, so an evaluator that does not override it behaves
     * exactly as one call at a time.
     */
    default List<Answer> evaluateAll(String id, List<Tensors> samples) {
        List<Answer> out = new ArrayList<>(samples.size());
        for (Tensors s : samples) {
            out.add(Answer.of(() -> evaluate(id, s)));
        }
        return out;
    }

    /**
     * Several vector–Jacobian products of {@code id}, {@code cotangents.get(i)} for
     * {@code inputs.get(i)}, one {@link Answer} per sample as {@link #evaluateAll}. The default calls
     * {@link #vjp} once per sample.
     */
    default List<Answer> vjpAll(String id, List<Tensors> inputs, List<Tensors> cotangents) {
        if (inputs.size() != cotangents.size()) {
            throw new IllegalArgumentException("cotangents: " + cotangents.size() + " for " + inputs.size() + " samples");
        }
        List<Answer> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Tensors in = inputs.get(i);
            Tensors ct = cotangents.get(i);
            out.add(Answer.of(() -> vjp(id, in, ct)));
        }
        return out;
    }

    /** Convenience: the one output named {@code output}. */
    default Tensor evaluate(String id, Tensors inputs, String output) {
        return evaluate(id, inputs).get(output);
    }
}

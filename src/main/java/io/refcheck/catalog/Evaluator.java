package io.refcheck.catalog;

import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;

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

    /** Convenience: the one output named {@code output}. */
    default Tensor evaluate(String id, Tensors inputs, String output) {
        return evaluate(id, inputs).get(output);
    }
}

package io.refcheck.catalog;

import io.refcheck.tensor.Tensors;
import java.util.Map;

/**
 * A formula's exact vector–Jacobian product: cotangents per output → the gradient per
 * differentiable input, computed in {@code arithmetic} from the exact values of the double inputs
 * and cotangents and not yet rounded (as {@link ExactForm} for the outputs).
 */
@FunctionalInterface
public interface ExactVjp {
    Map<String, ExactTensor> apply(RealArithmetic arithmetic, Tensors inputs, Tensors cotangents);
}

package io.refcheck.catalog;

import io.refcheck.tensor.Tensors;
import java.util.Map;

/**
 * A formula's exact form: its outputs, by output name, computed in {@code arithmetic} from the
 * exact values of the double inputs and not yet rounded. Written as the definition in
 * docs/catalog.md reads, not in the rearranged forms plain Java uses for stability in double
 * precision, and sharing no code with {@code io.refcheck.formulas}; the oracle engine evaluates
 * it and rounds once ({@link ExactTensor#toFloat64()}).
 */
@FunctionalInterface
public interface ExactForm {
    Map<String, ExactTensor> apply(RealArithmetic arithmetic, Tensors inputs);
}

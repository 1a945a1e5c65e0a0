package io.refcheck.catalog;

import io.refcheck.tensor.Tensors;

/**
 * A worked example whose outputs are known in closed form (σ(0) = 1/2, softmax of equal logits
 * is uniform, …) or from the source pages' own numbers. Not golden data: these values are derived
 * by hand from the definition and say why in {@code why}.
 */
public record Example(String why, Tensors inputs, Tensors outputs, double tolerance) {
}

package io.refcheck.catalog;

import static io.refcheck.catalog.ExactReductions.data;
import static io.refcheck.catalog.ExactReductions.map;
import static io.refcheck.catalog.ExactReductions.sum;

import io.refcheck.tensor.Tensors;
import java.util.Map;

/** Exact forms of docs/catalog.md §F (see {@link ExactForm}): the penalties, on the exact values of the weights. */
final class OptimisationExact {
    private OptimisationExact() {
    }

    /** R₁(w) = Σ |w_i|. */
    static Map<String, ExactTensor> l1Regularization(RealArithmetic a, Tensors in) {
        return Map.of("r", ExactTensor.scalar(sum(a, map(data(a, in.get("w")), Real::abs))));
    }

    /** R₂(w) = Σ w_i². */
    static Map<String, ExactTensor> l2Regularization(RealArithmetic a, Tensors in) {
        return Map.of("r", ExactTensor.scalar(sum(a, map(data(a, in.get("w")), Real::square))));
    }
}

package io.refcheck.catalog;

import io.refcheck.catalog.AccuracyCases.Case;
import io.refcheck.tensor.Tensors;
import java.util.List;
import java.util.Locale;

/** The accuracy cases of docs/catalog.md §F (see {@link AccuracyCases}). */
final class OptimisationAccuracy {
    private OptimisationAccuracy() {
    }

    /** l1_regularization, l2_regularization: N(0, 1) weights. */
    static AccuracyCases regularization() {
        return AccuracyCases.sums((r, n) -> List.of(new Case(String.format(Locale.ROOT, "%,d", n) + " N(0, 1) weights",
                Tensors.of("w", Samples.vector(r, n, Samples.gaussian(1))))));
    }
}

package io.refcheck.catalog;

import io.refcheck.tensor.Dtype;

/** What the families' facts share: the unit roundoff their tolerances are counted in, and small verdict helpers. */
final class Facts {
    private Facts() {
    }

    /** The unit roundoff of double precision, 2⁻⁵³. */
    static final double U = Dtype.FLOAT64.unitRoundoff();
}

package io.refcheck.catalog;

import java.util.function.Supplier;

/**
 * Where a source's formula is wrong or loose (docs/catalog.md §I), with a computation that shows it: the
 * source's version as written and the corrected one, each measured against an independent
 * reference (finite differences, the definition, a statistical expectation).
 *
 * @param item      the §I item number
 * @param source    the source page(s), "S1", "S3", …
 * @param sourceForm  the source's formula as written
 * @param corrected the corrected formula
 * @param evidence  computes the measured errors; deterministic
 */
public record Erratum(int item, String source, String sourceForm, String corrected, Supplier<Evidence> evidence) {

    /**
     * The measured gap.
     *
     * @param measure        what was measured, in words ("max relative error against central differences")
     * @param sourceError      the source formula's error under that measure
     * @param correctedError the corrected formula's error under that measure
     * @param wrongAbove     an error of the source's formula above this is "wrong by a clear margin"
     * @param rightBelow     a corrected error at or below this passes
     */
    public record Evidence(String measure, double sourceError, double correctedError, double wrongAbove, double rightBelow) {
        public boolean sourceIsWrong() {
            return sourceError > wrongAbove;
        }

        public boolean correctedHolds() {
            return correctedError <= rightBelow;
        }
    }
}

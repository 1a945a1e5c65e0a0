package io.refcheck.catalog;

import java.util.List;

/** Placeholder until the family's entries land. */
final class ActivationEntries {
    private ActivationEntries() {
    }

    static List<Formula> entries() {
        return List.of();
    }
}

package io.refcheck.catalog;

import java.util.Collection;
import java.util.List;

public final class NearestIds {
    private NearestIds() {
    }

    public static List<String> of(String typed) {
        return of(typed, Catalog.ids());
    }

    public static List<String> of(String typed, Collection<String> known) {
        return List.of();
    }
}

package io.refcheck.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The formula catalog: every formula id of sections A–G, in order (docs/catalog.md is generated from
 * it by {@code refcheck formulas --markdown docs/catalog.md}). Each family's entries are declared in one
 * class ({@link ActivationEntries}, …), beside its facts, samples and forms ({@link ActivationFacts},
 * {@link ActivationSamples}, {@link ActivationForms}, …); this class only joins them and checks that ids
 * are unique.
 */
public final class Catalog {
    private static final Map<String, Formula> BY_ID;

    static {
        Map<String, Formula> m = new LinkedHashMap<>();
        Stream.of(ActivationEntries.entries(), LayerEntries.entries(), LossEntries.entries(),
                        InformationEntries.entries(), BackpropEntries.entries(), OptimisationEntries.entries(),
                        InitDropoutEntries.entries())
                .flatMap(List::stream)
                .forEach(f -> {
                    if (m.put(f.id(), f) != null) {
                        throw new IllegalStateException("catalog: duplicate id " + f.id());
                    }
                });
        BY_ID = Collections.unmodifiableMap(m);
    }

    private Catalog() {
    }

    /** Every entry, in catalog order. */
    public static List<Formula> all() {
        return new ArrayList<>(BY_ID.values());
    }

    /**
     * The entry for {@code id}: its ports ({@link Formula#inputs()}, {@link Formula#outputs()}),
     * conventions, kinks, facts and bad-input rules.
     *
     * @throws IllegalArgumentException for an id the catalog does not have
     */
    public static Formula get(String id) {
        Formula f = BY_ID.get(id);
        if (f == null) {
            throw new IllegalArgumentException("id: no catalog entry '" + id + "'");
        }
        return f;
    }

    public static boolean contains(String id) {
        return BY_ID.containsKey(id);
    }

    public static List<String> ids() {
        return List.copyOf(BY_ID.keySet());
    }
}

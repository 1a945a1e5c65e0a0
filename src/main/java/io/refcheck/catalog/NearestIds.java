package io.refcheck.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The known names nearest to a name that is not one of them, for messages that answer a typo with
 * "did you mean …": those at the smallest Levenshtein distance d(a, b) (the fewest single-character
 * insertions, deletions and substitutions turning a into b), compared without regard to case, in
 * the order given (catalog order for ids), at most {@value #MAX}.
 */
public final class NearestIds {
    /** At most this many names are offered. */
    public static final int MAX = 3;

    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private NearestIds() {
    }

    /** The catalog ids nearest to {@code typed}. */
    public static List<String> of(String typed) {
        return of(typed, Catalog.ids());
    }

    /** The names in {@code known} nearest to {@code typed}; empty when {@code known} is. */
    public static List<String> of(String typed, Collection<String> known) {
        String t = typed.toLowerCase(Locale.ROOT);
        int best = Integer.MAX_VALUE;
        List<String> nearest = new ArrayList<>();
        for (String k : known) {
            int d = DISTANCE.apply(t, k.toLowerCase(Locale.ROOT));
            if (d < best) {
                best = d;
                nearest.clear();
            }
            if (d == best && nearest.size() < MAX) {
                nearest.add(k);
            }
        }
        return List.copyOf(nearest);
    }

    /** "a", "a or b", "a, b or c": the names as a message lists them. */
    public static String listed(List<String> names) {
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}

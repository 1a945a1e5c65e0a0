package io.refcheck.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The shape of a {@link Port} in symbols, as the catalog writes it: {@code [N, C]} (two axes whose
 * sizes are N and C), {@code []} (a 0-d tensor, a scalar), {@code [n1, 1]} (a fixed size),
 * {@code [..., n]} (any number of leading axes, then n), {@code [n2, m?]} (an axis m that a tensor
 * may lack: a single column vector [n2] or a batch [n2, m]).
 *
 * <p>A symbol means the same size in every port of one call: {@code logits [N, C]} and
 * {@code labels [N]} have the same N. {@code ...} means the same run of axes in every port that
 * has it, and an optional axis is present in all of its ports or in none. A symbol that is the name
 * of an integer hyperparameter input ({@code one_hot [N, classes]}) is that input's value. A shape
 * has at most one {@code ...} or one optional axis, never both, so a rank says which axes a tensor has.
 *
 * @param dims the axes, outermost first
 */
public record Shape(List<Dim> dims) {

    /** A 0-d tensor: a scalar such as a loss or a hyperparameter. */
    public static final Shape SCALAR = new Shape(List.of());

    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    /** One axis of a shape. */
    public sealed interface Dim permits Symbol, Size, Rest {
    }

    /** An axis whose size is named, e.g. N; {@code optional}: the tensor may lack it (written {@code m?}). */
    public record Symbol(String name, boolean optional) implements Dim {
        public Symbol {
            if (!SYMBOL.matcher(name).matches()) {
                throw new IllegalArgumentException("symbol: must be a letter then letters, digits or _, got '" + name + "'");
            }
        }

        @Override
        public String toString() {
            return optional ? name + "?" : name;
        }
    }

    /** An axis of a fixed size, e.g. the 1 of a column bias [n1, 1]. */
    public record Size(int size) implements Dim {
        public Size {
            if (size < 0) {
                throw new IllegalArgumentException("size: must be ≥ 0, got " + size);
            }
        }

        @Override
        public String toString() {
            return Integer.toString(size);
        }
    }

    /** Any number of axes (none included), the same in every port that has them; written {@code ...}. */
    public record Rest() implements Dim {
        @Override
        public String toString() {
            return "...";
        }
    }

    public Shape {
        dims = List.copyOf(dims);
        long rests = dims.stream().filter(d -> d instanceof Rest).count();
        long optionals = dims.stream().filter(d -> d instanceof Symbol s && s.optional()).count();
        if (rests + optionals > 1) {
            throw new IllegalArgumentException("shape: at most one '...' or one optional axis, got " + render(dims));
        }
    }

    /**
     * The shape written as the catalog writes it: "[N, C]", "[]", "[..., n]", "[n2, m?]", "[n1, 1]".
     *
     * @throws IllegalArgumentException when the text is not such a shape
     */
    public static Shape parse(String text) {
        String t = Objects.requireNonNull(text).strip();
        if (!t.startsWith("[") || !t.endsWith("]")) {
            throw new IllegalArgumentException("shape: must be written in brackets, as [N, C] or [], got '" + text + "'");
        }
        String inner = t.substring(1, t.length() - 1).strip();
        List<Dim> dims = new ArrayList<>();
        if (!inner.isEmpty()) {
            for (String part : inner.split(",")) {
                String p = part.strip();
                if (p.equals("...")) {
                    dims.add(new Rest());
                } else if (p.chars().allMatch(Character::isDigit) && !p.isEmpty()) {
                    dims.add(new Size(Integer.parseInt(p)));
                } else if (p.endsWith("?")) {
                    dims.add(new Symbol(p.substring(0, p.length() - 1), true));
                } else {
                    dims.add(new Symbol(p, false));
                }
            }
        }
        return new Shape(dims);
    }

    /** A 0-d shape: {@code []}. */
    public boolean scalar() {
        return dims.isEmpty();
    }

    /** The number of axes a tensor of this shape has at least (its rank, without {@code ...} and an optional axis). */
    public int minRank() {
        return (int) dims.stream().filter(d -> !(d instanceof Rest) && !(d instanceof Symbol s && s.optional())).count();
    }

    /** The number of axes at most; {@link Integer#MAX_VALUE} with {@code ...}. */
    public int maxRank() {
        return dims.stream().anyMatch(d -> d instanceof Rest) ? Integer.MAX_VALUE : dims.size();
    }

    @Override
    public String toString() {
        return render(dims);
    }

    private static String render(List<Dim> dims) {
        return "[" + String.join(", ", dims.stream().map(Object::toString).toList()) + "]";
    }
}

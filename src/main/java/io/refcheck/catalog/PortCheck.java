package io.refcheck.catalog;

import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Holds actual tensors to an entry's declared {@link Port}s: the names (every required input there,
 * no input the entry does not declare, the outputs exactly the declared ones, in order), the ranks
 * and the sizes their {@link Shape}s name (one size per symbol across all ports of the call), integers
 * in integer ports and 0-d hyperparameters.
 */
public final class PortCheck {
    private PortCheck() {
    }

    /**
     * What differs between {@code f}'s declared ports and one call's {@code inputs} and
     * {@code outputs}, one sentence per difference; empty when they agree.
     */
    public static List<String> mismatches(Formula f, Tensors inputs, Tensors outputs) {
        List<String> problems = new ArrayList<>();
        Set<String> declaredIn = new LinkedHashSet<>(f.inputs().stream().map(Port::name).toList());
        for (String name : inputs.nameList()) {
            if (!declaredIn.contains(name)) {
                problems.add("input " + name + " is not a declared port (declared: " + String.join(", ", declaredIn) + ")");
            }
        }
        for (Port p : f.inputs()) {
            if (!p.optional() && !inputs.has(p.name())) {
                problems.add("input " + p.name() + " is declared but the call has none (it has " + inputs.nameList() + ")");
            }
        }
        List<String> declaredOut = f.outputs().stream().map(Port::name).toList();
        if (!declaredOut.equals(outputs.nameList())) {
            problems.add("outputs are " + outputs.nameList() + ", declared " + declaredOut);
        }
        Binding binding = new Binding();
        for (Port p : f.inputs()) {
            if (p.kind() == Port.Kind.INTEGER_HYPERPARAMETER && inputs.has(p.name()) && inputs.get(p.name()).size() == 1) {
                binding.sizes.put(p.name(), new Bound((int) inputs.get(p.name()).item(), "the value of input " + p.name()));
            }
        }
        check(f.inputs(), inputs, binding, problems);
        check(f.outputs(), outputs, binding, problems);
        return problems;
    }

    private static void check(List<Port> ports, Tensors tensors, Binding binding, List<String> problems) {
        for (Port p : ports) {
            if (!tensors.has(p.name())) {
                continue;
            }
            Tensor t = tensors.get(p.name());
            String where = (p.direction() == Port.Direction.IN ? "input " : "output ") + p.name();
            binding.match(where, p.shape(), t.shape()).ifPresent(problems::add);
            if (p.kind().integer()) {
                for (int i = 0; i < t.size(); i++) {
                    double x = t.at(i);
                    if (x != Math.rint(x)) {
                        problems.add(where + " holds " + x + " at element " + i + ", declared " + p.kind().label());
                        break;
                    }
                }
            }
            if (p.kind().hyperparameter() && t.rank() != 0) {
                problems.add(where + " is a hyperparameter of shape " + Arrays.toString(t.shape()) + "; hyperparameters are 0-d");
            }
        }
    }

    private record Bound(int size, String where) {
    }

    /** The sizes the symbols, "..." and optional axes stand for so far in one call. */
    private static final class Binding {
        final Map<String, Bound> sizes = new HashMap<>();
        final Map<String, Boolean> present = new HashMap<>();
        int[] rest;
        String restWhere;

        Optional<String> match(String where, Shape shape, int[] actual) {
            String seen = where + " has shape " + Arrays.toString(actual) + ", declared " + shape;
            int rank = actual.length;
            if (rank < shape.minRank() || rank > shape.maxRank()) {
                return Optional.of(seen + ": rank " + rank + " is not " + rankRange(shape));
            }
            int restLength = rank - shape.minRank();
            int axis = 0;
            for (Shape.Dim d : shape.dims()) {
                if (d instanceof Shape.Rest) {
                    int[] run = Arrays.copyOfRange(actual, axis, axis + restLength);
                    if (rest == null) {
                        rest = run;
                        restWhere = where;
                    } else if (!Arrays.equals(rest, run)) {
                        return Optional.of(seen + ": '...' is " + Arrays.toString(run) + " here but "
                                + Arrays.toString(rest) + " in " + restWhere);
                    }
                    axis += restLength;
                } else if (d instanceof Shape.Size s) {
                    if (actual[axis] != s.size()) {
                        return Optional.of(seen + ": axis " + axis + " must have size " + s.size());
                    }
                    axis++;
                } else if (d instanceof Shape.Symbol s) {
                    if (s.optional()) {
                        boolean here = restLength == 1;
                        Boolean before = present.putIfAbsent(s.name(), here);
                        if (before != null && before != here) {
                            return Optional.of(seen + ": the optional axis " + s.name() + " is "
                                    + (here ? "present" : "absent") + " here and " + (before ? "present" : "absent") + " elsewhere");
                        }
                        if (!here) {
                            continue;
                        }
                    }
                    Bound b = sizes.putIfAbsent(s.name(), new Bound(actual[axis], where));
                    if (b != null && b.size() != actual[axis]) {
                        return Optional.of(seen + ": " + s.name() + " = " + actual[axis] + " here but " + b.size()
                                + " in " + b.where());
                    }
                    axis++;
                }
            }
            return Optional.empty();
        }

        private static String rankRange(Shape shape) {
            if (shape.maxRank() == Integer.MAX_VALUE) {
                return "≥ " + shape.minRank();
            }
            return shape.minRank() == shape.maxRank() ? Integer.toString(shape.minRank())
                    : shape.minRank() + " or " + shape.maxRank();
        }
    }
}

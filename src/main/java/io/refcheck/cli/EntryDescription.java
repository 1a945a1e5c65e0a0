package io.refcheck.cli;

import io.refcheck.catalog.BadInput;
import io.refcheck.catalog.Erratum;
import io.refcheck.catalog.Fact;
import io.refcheck.catalog.Formula;
import io.refcheck.catalog.Kink;
import io.refcheck.catalog.Port;
import io.refcheck.catalog.Source;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a user needs to call one catalog entry, as {@code formulas --id} prints it and
 * {@code formulas --json} carries it: formula, family, sources, ports, conventions, kinks, facts,
 * bad-input rules and errata, each read from the entry itself.
 */
final class EntryDescription {
    /** What every port is, said once above each port table. */
    static final String PORTS_NOTE = "each an io.refcheck.tensor.Tensor of doubles, by name in io.refcheck.tensor.Tensors; "
            + "integers (labels, class indices, codes) are doubles holding integers, hyperparameters 0-d tensors "
            + "(plain numbers in Tensors.of)";

    static final List<String> PORT_COLUMNS = List.of("name", "in/out", "gradient", "shape", "kind", "domain");

    private EntryDescription() {
    }

    /** One port as a table row: name, in/out, differentiable/fixed, shape, kind, domain. */
    static List<String> row(Port p) {
        return List.of(p.name(), p.direction().label(), p.differentiable() ? "differentiable" : "fixed", p.shape().toString(),
                p.kind().label() + (p.optional() ? ", optional" : ""), p.domain());
    }

    /** Inputs, then outputs. */
    static List<Port> ports(Formula f) {
        List<Port> all = new ArrayList<>(f.inputs());
        all.addAll(f.outputs());
        return all;
    }

    /** "S2 (source page S2: …)" for each source label. */
    static List<String> sources(Formula f) {
        return f.sources().stream().map(s -> s + " — " + Source.byLabel(s).map(Source::meaning).orElse("")).toList();
    }

    /** The inputs as Java builds them, with the exact port names: {@code Tensors.of("logits", logits, "labels", labels)}. */
    static String inputsInJava(Formula f) {
        String optional = f.inputs().stream().filter(Port::optional).map(Port::name).collect(Collectors.joining(", "));
        return tensorsOf(f.inputs().stream().filter(p -> !p.optional()).toList())
                + (optional.isEmpty() ? "" : " (optional: " + optional + ")");
    }

    /** The outputs as an engine returns them: {@code Tensors.of("loss", loss)}. */
    static String outputsInJava(Formula f) {
        return tensorsOf(f.outputs());
    }

    private static String tensorsOf(List<Port> ports) {
        return "Tensors.of(" + ports.stream().map(p -> "\"" + p.name() + "\", " + variable(p.name())).collect(Collectors.joining(", ")) + ")";
    }

    private static String variable(String port) {
        String v = port.toLowerCase(Locale.ROOT).equals(port) ? port : port.substring(0, 1).toLowerCase(Locale.ROOT) + port.substring(1);
        return switch (v) {
            case "case", "lambda", "in", "out" -> v + "_";
            default -> v;
        };
    }

    /** A kink: its name, plain Java's convention and the alternatives an engine may declare. */
    static String kink(Kink k) {
        StringBuilder b = new StringBuilder(k.name()).append(": plain Java: ").append(k.reference().rule());
        for (Kink.Alternative a : k.alternatives()) {
            b.append("; an engine declaring '").append(a.convention().label()).append("': ").append(a.rule());
        }
        return b.toString();
    }

    /** A fact: its sentence and where it comes from. */
    static String fact(Fact fact) {
        return fact.sentence() + " [" + fact.source() + "]";
    }

    /** A bad input: category, what it is, and the expected outcome. */
    static String bad(BadInput b) {
        String category = b.category().name().toLowerCase(Locale.ROOT);
        if (b.expected() instanceof BadInput.NotApplicable) {
            return category + ": " + b.expected().outcome();
        }
        return category + ": " + b.description() + " → " + b.expected().outcome();
    }

    /** An erratum: item, source, the source's form and the corrected one. */
    static String erratum(Erratum e) {
        return "§I." + e.item() + " (" + e.source() + "): the seed writes " + e.sourceForm() + "; corrected: " + e.corrected();
    }

    /** Prints the entry for {@code formulas --id}. */
    static void print(Formula f, PrintWriter out) {
        out.println(f.id() + " — " + f.family().section() + ". " + f.family().title());
        out.println("  formula:  " + f.formula());
        out.println("  sources:  " + String.join("\n            ", sources(f)));
        out.println("  gradient: " + (f.differentiable() ? "yes, a vjp for every differentiable input" : "no vjp"));
        out.println("  pytorch:  " + f.pytorchNote());
        out.println();
        out.println("ports (" + PORTS_NOTE + "):");
        List<List<String>> rows = new ArrayList<>();
        rows.add(PORT_COLUMNS);
        ports(f).forEach(p -> rows.add(row(p)));
        table(rows, out);
        out.println("  an engine gets " + inputsInJava(f));
        out.println("  and returns   " + outputsInJava(f));
        section(out, "conventions", f.conventions());
        section(out, "kinks (points where the derivative is not unique; the kink check evaluates gradients exactly there)",
                f.kinks().stream().map(EntryDescription::kink).toList());
        section(out, "facts (checked as properties on every engine; §H: stated by the source pages)",
                f.facts().stream().map(EntryDescription::fact).toList());
        section(out, "bad inputs (the IEEE result PyTorch gives, or an IllegalArgumentException naming the argument and the rule)",
                f.badInputs().stream().map(EntryDescription::bad).toList());
        section(out, "errata (where a source page is wrong, with the corrected form the entry implements)",
                f.errata().stream().map(EntryDescription::erratum).toList());
    }

    private static void section(PrintWriter out, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        out.println();
        out.println(title + ":");
        items.forEach(i -> out.println("  - " + i));
    }

    private static void table(List<List<String>> rows, PrintWriter out) {
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        for (List<String> r : rows) {
            for (int c = 0; c < columns - 1; c++) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        for (List<String> r : rows) {
            StringBuilder b = new StringBuilder("  ");
            for (int c = 0; c < columns; c++) {
                b.append(c < columns - 1 ? String.format("%-" + width[c] + "s  ", r.get(c)) : r.get(c));
            }
            out.println(b.toString().stripTrailing());
        }
    }

    /** The entry as {@code formulas --json} carries it. */
    static Map<String, Object> json(Formula f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("family", f.family().key());
        m.put("section", f.family().section());
        m.put("sources", f.sources());
        m.put("differentiable", f.differentiable());
        m.put("formula", f.formula());
        m.put("checks", f.checkNames());
        m.put("inputs", f.inputs().stream().map(EntryDescription::json).toList());
        m.put("outputs", f.outputs().stream().map(EntryDescription::json).toList());
        m.put("conventions", f.conventions());
        m.put("kinks", f.kinks().stream().map(k -> {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("name", k.name());
            j.put("reference", k.reference().rule());
            j.put("alternatives", k.alternatives().stream().map(a -> ordered("convention", a.convention().label(), "rule", a.rule())).toList());
            return j;
        }).toList());
        m.put("facts", f.facts().stream().map(x -> ordered("sentence", x.sentence(), "source", x.source())).toList());
        m.put("badInputs", f.badInputs().stream().map(EntryDescription::json).toList());
        m.put("errata", f.errata().stream().map(e -> {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("item", e.item());
            j.put("source", e.source());
            j.put("sourceForm", e.sourceForm());
            j.put("corrected", e.corrected());
            return j;
        }).toList());
        m.put("pytorch", f.pytorchNote());
        return m;
    }

    /** Two entries in this order (Map.of's order differs from one JVM to the next). */
    private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put(k1, v1);
        j.put(k2, v2);
        return j;
    }

    private static Map<String, Object> json(Port p) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("name", p.name());
        j.put("direction", p.direction().label());
        j.put("differentiable", p.differentiable());
        j.put("shape", p.shape().toString());
        j.put("kind", p.kind().label());
        j.put("optional", p.optional());
        j.put("domain", p.domain());
        return j;
    }

    private static Map<String, Object> json(BadInput b) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("category", b.category().name().toLowerCase(Locale.ROOT));
        j.put("description", b.description());
        if (b.expected() instanceof BadInput.Rejects r) {
            j.put("expected", "rejects");
            j.put("argument", r.argument());
            j.put("rule", r.ruleFragment());
        } else if (b.expected() instanceof BadInput.Ieee i) {
            j.put("expected", "ieee");
            j.put("result", i.why());
        } else {
            j.put("expected", "not-applicable");
        }
        j.put("outcome", b.expected().outcome());
        return j;
    }
}

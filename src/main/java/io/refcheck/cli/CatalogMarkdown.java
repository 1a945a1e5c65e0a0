package io.refcheck.cli;

import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Erratum;
import io.refcheck.catalog.Family;
import io.refcheck.catalog.Formula;
import io.refcheck.catalog.Port;
import io.refcheck.catalog.Source;
import java.util.List;
import java.util.stream.Collectors;

/**
 * docs/catalog.md: every catalog entry with its formula, ports, sources, conventions, kinks, facts,
 * bad-input rules and errata, rendered from the catalog alone, so the same catalog always gives the
 * same bytes (no dates, no timings, catalog order). {@code formulas --markdown FILE} writes it.
 */
final class CatalogMarkdown {
    /** The command that regenerates the committed file, as the file and its staleness test name it. */
    static final String COMMAND = "java -jar target/refcheck.jar formulas --markdown docs/catalog.md";

    private CatalogMarkdown() {
    }

    static String render() {
        List<Formula> all = Catalog.all();
        StringBuilder md = new StringBuilder();
        md.append("# The formula catalog\n\n");
        md.append("<!-- Generated from the catalog (io.refcheck.catalog) by `").append(COMMAND)
                .append("`; do not edit. A test fails when this file differs from what that command writes. -->\n\n");
        md.append("Every formula refcheck implements in plain Java and checks on every engine: ").append(all.size())
                .append(" ids in sections A–G, then the errata (I). The ids are stable: code, golden data and reports use them as written here. ")
                .append("`refcheck formulas --id ID` prints one entry, `refcheck formulas --json` all of them as JSON; "
                        + "in Java, `Catalog.get(id)` gives the same entry (`inputs()`, `outputs()`, `conventions()`, `kinks()`, "
                        + "`facts()`, `badInputs()`, `errata()`).\n\n");

        md.append("## How to read an entry\n\n");
        md.append("**Ports.** Every input and output is a port: ").append(EntryDescription.PORTS_NOTE).append(". Each port states:\n\n")
                .append("- *in/out*: whether a caller passes it or gets it back.\n")
                .append("- *gradient*: an input is `differentiable` when the gradient checks differentiate with respect to it "
                        + "(an engine's vjp returns a gradient for it) and `fixed` otherwise; an output is `differentiable` when its "
                        + "cotangent enters the entry's vjp.\n")
                .append("- *shape* in symbols: `[N, C]` two axes of sizes N and C; `[]` a 0-d tensor; `[n1, 1]` a fixed size; "
                        + "`[..., n]` any number of leading axes, then n; `[n2, m?]` an axis m that a call may leave out. "
                        + "A symbol is the same size in every port of one call, `...` the same axes, an optional axis is there "
                        + "in all of its ports or in none, and a symbol that names an integer hyperparameter (`classes`) is its value.\n")
                .append("- *kind*: ");
        md.append(List.of(Port.Kind.values()).stream().map(k -> "`" + k.label() + "` " + k.meaning()).collect(Collectors.joining("; ")))
                .append(". An `optional` input may be left out.\n\n");
        md.append("**Conventions and kinks.** Where engines may legitimately differ (relu'(0), sgn(0), 0·log 0) the entry "
                + "states plain Java's choice; at a kink the `kink` check evaluates every engine's gradient exactly on the point "
                + "and accepts plain Java's convention or one the engine declares.\n\n");
        md.append("**Facts** are checked as properties on every engine: `§H` marks those the source pages state, `definition` those "
                + "that follow from the formula.\n\n");
        md.append("**Bad inputs.** Every entry covers each category (nan, infinity, empty, shape, domain): bad input gets either "
                + "the IEEE result PyTorch gives or an IllegalArgumentException whose message starts with the argument's name and "
                + "states the rule; a category that cannot arise says why.\n\n");

        md.append("## Sources\n\n");
        md.append("The sources are five Chinese-language tutorial pages on the mathematics of neural-network training, referred to as "
                + "S0–S4. The catalog implements what they state, in their layouts (S0, S4 and S1 write one sample per column: "
                + "W[n1, n0], X[n0, m], Z = W X + b; S3 writes rows: H = X W + b; each layout is its own entry), corrects what "
                + "they get wrong (section I) and adds what a stable implementation needs.\n\n");
        md.append("| label | what it is |\n|---|---|\n");
        for (Source s : Source.values()) {
            md.append("| ").append(s.label()).append(" | ").append(cell(s.meaning())).append(" |\n");
        }
        md.append('\n');

        md.append("## Contents\n\n");
        for (Family fam : Family.values()) {
            md.append("- ").append(fam.section()).append(". ").append(fam.title()).append(": ")
                    .append(all.stream().filter(f -> f.family() == fam).map(f -> "[" + f.id() + "](#" + f.id() + ")")
                            .collect(Collectors.joining(", ")))
                    .append('\n');
        }
        md.append("- I. [Errata](#i-errata)\n\n");

        for (Family fam : Family.values()) {
            md.append("## ").append(fam.section()).append(". ").append(fam.title()).append("\n\n");
            all.stream().filter(f -> f.family() == fam).forEach(f -> entry(f, md));
        }

        md.append("## I. Errata\n\n");
        md.append("Where a source page's formula is wrong or loose. Each erratum is demonstrated by a computation on every run "
                + "(the source's form and the corrected one, measured against an independent reference) and reported in the "
                + "conformance report; the entry implements the corrected form.\n\n");
        all.stream().flatMap(f -> f.errata().stream().map(e -> new Object[] {f, e}))
                .sorted((a, b) -> Integer.compare(((Erratum) a[1]).item(), ((Erratum) b[1]).item()))
                .forEach(pair -> {
                    Formula f = (Formula) pair[0];
                    Erratum e = (Erratum) pair[1];
                    md.append("- **I.").append(e.item()).append("** (").append(e.source()).append(", [").append(f.id())
                            .append("](#").append(f.id()).append(")): the seed writes ").append(code(e.sourceForm()))
                            .append("; corrected: ").append(code(e.corrected())).append('\n');
                });
        return md.toString();
    }

    private static void entry(Formula f, StringBuilder md) {
        md.append("### ").append(f.id()).append("\n\n");
        md.append(code(f.formula())).append("\n\n");
        md.append("Sources: ").append(String.join(", ", f.sources())).append(". Gradient: ")
                .append(f.differentiable() ? "yes" : "no vjp").append(". PyTorch: ").append(code(f.pytorchNote())).append(".\n\n");
        md.append("| port | in/out | gradient | shape | kind | domain |\n|---|---|---|---|---|---|\n");
        for (Port p : EntryDescription.ports(f)) {
            List<String> r = EntryDescription.row(p);
            md.append("| `").append(r.get(0)).append("` | ").append(r.get(1)).append(" | ").append(r.get(2)).append(" | `")
                    .append(r.get(3)).append("` | ").append(r.get(4)).append(" | ").append(cell(r.get(5))).append(" |\n");
        }
        md.append('\n');
        list(md, "Conventions", f.conventions());
        list(md, "Kinks", f.kinks().stream().map(EntryDescription::kink).toList());
        list(md, "Facts", f.facts().stream().map(EntryDescription::fact).toList());
        list(md, "Bad inputs", f.badInputs().stream().map(EntryDescription::bad).toList());
        list(md, "Errata", f.errata().stream().map(e -> "[I." + e.item() + "](#i-errata) (" + e.source() + "): the seed writes "
                + e.sourceForm() + "; corrected: " + e.corrected()).toList());
    }

    private static void list(StringBuilder md, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        md.append("**").append(title).append("**\n\n");
        items.forEach(i -> md.append("- ").append(text(i)).append('\n'));
        md.append('\n');
    }

    /** Text outside tables: characters Markdown would read as markup are escaped. */
    private static String text(String s) {
        return s.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;").replace("`", "\\`");
    }

    /** A table cell: text with '|' escaped and no line breaks. */
    private static String cell(String s) {
        return text(s).replace("|", "\\|").replace("\n", " ");
    }

    /** A code span that holds any text, backticks included. */
    private static String code(String s) {
        String fence = s.contains("`") ? "`` " : "`";
        String close = s.contains("`") ? " ``" : "`";
        return fence + s.replace("\n", " ") + close;
    }
}

package io.refcheck.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Lists the catalog: one row (or JSON object) per formula id with the checks that exist for it;
 * with {@code --id}, everything a caller needs for those ids (ports, conventions, facts, bad-input
 * rules); with {@code --markdown}, writes docs/catalog.md.
 */
@Command(name = "formulas", mixinStandardHelpOptions = true,
        description = {"List every catalog formula with its family, sources and checks.",
                "With --id: for each id its formula, family, sources, ports (name, in/out, differentiable or fixed, shape, "
                        + "kind, domain: the exact names to use in Tensors), conventions, kinks, facts, bad-input rules and errata.",
                "With --markdown FILE: write the whole catalog as Markdown (docs/catalog.md is generated this way).",
                "Exit 0, or 2 on a usage error (an unknown id, naming the nearest)."})
final class FormulasCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print a JSON array (of the --id entries, or of every entry) with the same data as --id.")
    boolean json;

    @Option(names = "--id", split = ",", paramLabel = "ID",
            description = "Describe these formula ids in full (default: the table of all); an unknown id is a usage error.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--markdown", paramLabel = "FILE",
            description = "Write every entry as Markdown to FILE (e.g. docs/catalog.md) instead of printing.")
    Path markdown;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        PrintWriter out = cl.getOut();
        if (markdown != null) {
            if (json || !ids.isEmpty()) {
                throw new CommandLine.ParameterException(cl, "--markdown writes the whole catalog; it takes no --id or --json");
            }
            Path parent = markdown.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(markdown, CatalogMarkdown.render(), StandardCharsets.UTF_8);
            out.println("wrote " + markdown + " (" + Catalog.ids().size() + " formulas)");
            out.flush();
            return 0;
        }
        List<Formula> chosen = Selection.ids(cl, "--id", ids).stream().map(Catalog::get).toList();
        if (json) {
            List<Map<String, Object>> rows = chosen.stream().map(EntryDescription::json).toList();
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
        } else if (!ids.isEmpty()) {
            for (int i = 0; i < chosen.size(); i++) {
                if (i > 0) {
                    out.println();
                    out.println();
                }
                EntryDescription.print(chosen.get(i), out);
            }
        } else {
            out.printf("%-24s %-13s %-12s %-5s %s%n", "id", "family", "sources", "grad", "checks");
            for (Formula f : chosen) {
                out.printf("%-24s %-13s %-12s %-5s %d (%s)%n", f.id(), f.family().key(), String.join(",", f.sources()),
                        f.differentiable() ? "yes" : "no", f.checkNames().size(), summary(f.checkNames()));
            }
            out.printf("%d formulas%n", chosen.size());
        }
        out.flush();
        return 0;
    }

    private static String summary(List<String> checks) {
        long props = checks.stream().filter(c -> c.startsWith("property")).count();
        long bad = checks.stream().filter(c -> c.startsWith("bad-input")).count();
        StringBuilder sb = new StringBuilder();
        checks.stream().filter(c -> !c.startsWith("property") && !c.startsWith("bad-input")).forEach(c -> sb.append(c).append(", "));
        sb.append(props).append(" properties, ").append(bad).append(" bad-input kinds");
        return sb.toString();
    }
}

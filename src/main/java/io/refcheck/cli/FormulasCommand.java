package io.refcheck.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists the catalog: one row (or JSON object) per formula id with the checks that exist for it. */
@Command(name = "formulas", mixinStandardHelpOptions = true,
        description = "List every catalog formula with its family, sources and checks.")
final class FormulasCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Formula> all = Catalog.all();
        if (json) {
            List<Map<String, Object>> rows = all.stream().map(FormulasCommand::describe).toList();
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
        } else {
            out.printf("%-24s %-13s %-12s %-5s %s%n", "id", "family", "sources", "grad", "checks");
            for (Formula f : all) {
                out.printf("%-24s %-13s %-12s %-5s %d (%s)%n", f.id(), f.family().key(), String.join(",", f.sources()),
                        f.differentiable() ? "yes" : "no", f.checkNames().size(), summary(f.checkNames()));
            }
            out.printf("%d formulas%n", all.size());
        }
        out.flush();
        return 0;
    }

    static Map<String, Object> describe(Formula f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("family", f.family().key());
        m.put("sources", f.sources());
        m.put("differentiable", f.differentiable());
        m.put("formula", f.formula());
        m.put("checks", f.checkNames());
        m.put("conventions", f.conventions());
        return m;
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

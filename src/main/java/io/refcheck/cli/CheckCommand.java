package io.refcheck.cli;

import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Conformance;
import io.refcheck.check.Sampling;
import io.refcheck.engine.Engine;
import io.refcheck.engine.Engines;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs every catalog check against every discovered engine and prints the failures and a summary. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Run every catalog check (values, gradients, properties, bad inputs) on every engine found on the classpath. Exit 1 if any check fails.")
final class CheckCommand implements Callable<Integer> {

    @Option(names = "--seed", description = "Seed for every sample generator (default: ${DEFAULT-VALUE}).")
    long seed = Sampling.defaultSeed();

    @Option(names = "--id", split = ",", description = "Only these formula ids.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--quiet", description = "Print only failures and the summary.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Conformance conformance = new Conformance(seed);
        List<CheckResult> rows = new ArrayList<>();
        for (Engine engine : Engines.discover()) {
            for (Formula f : Catalog.all()) {
                if (!ids.isEmpty() && !ids.contains(f.id())) {
                    continue;
                }
                List<CheckResult> r = conformance.run(engine, f);
                rows.addAll(r);
                if (!quiet) {
                    out.printf("%-14s %-12s %-24s %s%n", engine.name(), f.family().key(), f.id(), statusLine(r));
                    out.flush();
                }
            }
        }
        Map<String, Integer> counts = new TreeMap<>();
        rows.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        rows.stream().filter(CheckResult::failed).forEach(r ->
                out.printf("FAIL %s %s %s: %s%n", r.engine(), r.id(), r.check(), r.reason()));
        out.printf("%d passed, %d failed, %d unavailable, %d not-applicable (seed %d)%n",
                counts.getOrDefault(CheckResult.PASS, 0), counts.getOrDefault(CheckResult.FAIL, 0),
                counts.getOrDefault(CheckResult.UNAVAILABLE, 0), counts.getOrDefault(CheckResult.NOT_APPLICABLE, 0), seed);
        out.flush();
        return counts.getOrDefault(CheckResult.FAIL, 0) > 0 ? 1 : 0;
    }

    private static String statusLine(List<CheckResult> r) {
        long pass = r.stream().filter(x -> x.status().equals(CheckResult.PASS)).count();
        long fail = r.stream().filter(CheckResult::failed).count();
        return pass + " pass" + (fail > 0 ? ", " + fail + " FAIL" : "");
    }
}

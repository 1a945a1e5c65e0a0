package io.refcheck.cli;

import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Conformance;
import io.refcheck.check.Sampling;
import io.refcheck.check.Status;
import io.refcheck.engine.Engine;
import io.refcheck.engine.Engines;
import io.refcheck.engine.process.ProcessEngine;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.EnumMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs every catalog check against every discovered engine and prints the failures and a summary. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Run every catalog check (values, gradients, properties, bad inputs) on every engine found on the classpath "
                + "(or those --engine names) and print one line per engine and id, then the failures and a summary.",
                "Exit 0 when every judged row passed, 1 when any failed or nothing was judged, 2 on a usage error (an unknown id or engine, "
                        + "an --engine-process that cannot be started)."})
final class CheckCommand implements Callable<Integer> {
    /** One line per engine × id: engine, dtype, family, id, status. */
    private static final String LINE = "%-14s %-8s %-13s %-24s %s%n";

    @Option(names = "--seed", description = "Seed for every sample generator (default: ${DEFAULT-VALUE}).")
    long seed = Sampling.defaultSeed();

    @Option(names = "--id", split = ",", paramLabel = "ID", description = "Only these formula ids (default: all); an unknown id is a usage error.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--engine", split = ",", paramLabel = "NAME",
            description = "Only these engines, by name (plain-java, pytorch, onnxruntime, or a user engine's name; a name covers "
                    + "every dtype of it). Plain Java always runs: it is the reference. Default: every engine found.")
    List<String> engines = new ArrayList<>();

    @Option(names = "--quiet", description = "Print only failures and the summary.")
    boolean quiet;

    @CommandLine.Mixin
    ProcessEngineOptions processes = new ProcessEngineOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        List<String> chosenIds = Selection.ids(cl, "--id", ids);
        List<ProcessEngine> started = processes.start(cl);
        try {
            return check(cl, chosenIds, started);
        } finally {
            ProcessEngineOptions.close(started);
        }
    }

    private int check(CommandLine cl, List<String> chosenIds, List<ProcessEngine> started) {
        PrintWriter out = cl.getOut();
        PrintWriter err = cl.getErr();
        List<Engine> chosen = Selection.engines(cl, "--engine", engines, Engines.discover(), started);
        Optional<String> idle = Selection.idle(chosen, engines.isEmpty() ? ProcessEngineOptions.names(started) : engines, chosenIds);
        if (idle.isPresent()) {
            err.println("check: " + idle.get());
            err.flush();
            return 1;
        }
        Conformance conformance = new Conformance(seed);
        List<CheckResult> rows = new ArrayList<>();
        if (!quiet) {
            out.printf(LINE, "engine", "dtype", "family", "id", "status");
        }
        for (Engine engine : chosen) {
            rows.addAll(conformance.catalogClaims(engine));
            for (String id : chosenIds) {
                Formula f = Catalog.get(id);
                List<CheckResult> r = conformance.run(engine, f);
                rows.addAll(r);
                if (!quiet) {
                    out.printf(LINE, engine.name(), engine.dtype(), f.family().key(), f.id(), statusLine(r));
                    out.flush();
                }
            }
        }
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        rows.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        rows.stream().filter(CheckResult::failed).forEach(r ->
                out.printf("FAIL %s %s %s %s: %s%n", r.engine(), r.dtypeLabel(), r.id(), r.check(), r.reason()));
        out.printf("%d passed, %d failed, %d unavailable, %d not-applicable (seed %d)%n",
                counts.getOrDefault(Status.PASS, 0), counts.getOrDefault(Status.FAIL, 0),
                counts.getOrDefault(Status.UNAVAILABLE, 0), counts.getOrDefault(Status.NOT_APPLICABLE, 0), seed);
        out.flush();
        Optional<String> nothing = Selection.nothingJudged(rows);
        if (nothing.isPresent()) {
            err.println("check: " + nothing.get());
            err.flush();
            return 1;
        }
        return counts.getOrDefault(Status.FAIL, 0) > 0 ? 1 : 0;
    }

    private static String statusLine(List<CheckResult> r) {
        long pass = r.stream().filter(x -> x.status() == Status.PASS).count();
        long fail = r.stream().filter(CheckResult::failed).count();
        return pass + " pass" + (fail > 0 ? ", " + fail + " FAIL" : "");
    }
}

package io.refcheck.cli;

import io.refcheck.catalog.Catalog;
import io.refcheck.check.Accuracy;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Sampling;
import io.refcheck.engine.Engine;
import io.refcheck.engine.OracleEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Every engine's accuracy against the high-precision oracle, with the tail rows
 * ({@link Accuracy#runWithTails}), as a ranking table; {@code --json} writes the run for the report's
 * accuracy section (reports/accuracy/accuracy.json).
 */
@Command(name = "accuracy", mixinStandardHelpOptions = true,
        description = {"Measure every engine found on the classpath against the high-precision oracle, in ulps: the oracle "
                + "checks (outputs, sigmoid'/tanh', bce_with_logits per element) and the tail check, on the ids the oracle "
                + "computes. Prints the ranking (per id and check: each engine's max ulps and its rank among the engines of "
                + "its dtype). Progress per id goes to stderr.",
                "Exit 0 when every judged row passed, 1 when any failed (plain Java against its targets, an engine's tail "
                        + "row, an engine that threw), 2 on a usage error."})
final class AccuracyCommand implements Callable<Integer> {

    @Option(names = "--full", description = "The report's sizes: 60 samples per id, sweeps of 10⁵ points, 10⁶-element "
            + "reductions (about 15 minutes on two shared cores). Default: the quick sizes (about a minute).")
    boolean full;

    @Option(names = "--id", split = ",", paramLabel = "ID", description = "Only these ids (default: every id the oracle computes).")
    List<String> ids = new ArrayList<>();

    @Option(names = "--engine", split = ",", paramLabel = "NAME",
            description = "Only the engines of these names, every dtype (default: every engine found).")
    List<String> engineNames = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the run (command, sizes, rows) as JSON, the "
            + "report's input: reports/accuracy/accuracy.json.")
    Path json;

    @Option(names = "--seed", description = "Seed for every sample generator (default: ${DEFAULT-VALUE}).")
    long seed = Sampling.defaultSeed();

    @Option(names = "--transcendental-length", paramLabel = "N",
            description = "Length of the long inputs whose oracle needs an exp or log per element (the slow part of --full).")
    Integer transcendentalLength;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Supplier<List<Engine>> engines;

    AccuracyCommand() {
        this(Accuracy::measuredEngines);
    }

    /** With the engines to measure given (tests: a deliberately wrong engine), instead of the classpath's. */
    AccuracyCommand(Supplier<List<Engine>> engines) {
        this.engines = engines;
    }

    @Override
    public Integer call() throws IOException {
        List<String> oracleIds = OracleEngine.ids();
        for (String id : ids) {
            if (!Catalog.contains(id)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--id: no catalog entry '" + id + "'");
            }
            if (!oracleIds.contains(id)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--id: the oracle does not compute '" + id
                        + "'; it computes " + String.join(", ", oracleIds));
            }
        }
        if (transcendentalLength != null && transcendentalLength < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--transcendental-length: must be ≥ 1, got " + transcendentalLength);
        }
        List<Engine> all = engines.get();
        for (String name : engineNames) {
            if (all.stream().noneMatch(e -> e.name().equals(name))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--engine: no engine '" + name + "'; found "
                        + String.join(", ", all.stream().map(Engine::name).distinct().toList()));
            }
        }
        List<Engine> measured = engineNames.isEmpty() ? all : all.stream().filter(e -> engineNames.contains(e.name())).toList();
        Accuracy.Options o = full ? Accuracy.Options.full(seed) : Accuracy.Options.quick(seed);
        if (transcendentalLength != null) {
            o = new Accuracy.Options(o.catalogSamples(), o.maxSampleElements(), o.sumLength(), transcendentalLength, o.sweepLength(),
                    o.elementCases(), seed);
        }
        Accuracy accuracy = new Accuracy(o);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        List<CheckResult> rows = accuracy.runWithTails(measured, ids.isEmpty() ? oracleIds : ids, (id, r, idSeconds) -> {
            err.printf(Locale.ROOT, "%-22s %6.1f s%n", id, idSeconds);
            r.stream().filter(CheckResult::failed).forEach(x -> err.printf("  FAIL %s %s %s: %s%n", x.engine(), x.dtypeLabel(), x.check(),
                    x.reason()));
            err.flush();
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        out.print(Accuracy.table(rows));
        long failed = rows.stream().filter(CheckResult::failed).count();
        out.printf(Locale.ROOT, "%d rows, %d failed (%s sizes, seed %d, %.0f s)%n", rows.size(), failed, full ? "full" : "quick",
                seed, seconds);
        if (json != null) {
            String machine = String.format(Locale.ROOT, "%s %s, %d cores, Java %s", System.getProperty("os.name"),
                    System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            Accuracy.write(new Accuracy.Run(commandLine(),
                    full ? "full" : "quick", seed, o, Math.round(seconds * 10) / 10.0,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), machine, rows), json);
            out.printf("wrote %s%n", json);
        }
        out.flush();
        return failed > 0 ? 1 : 0;
    }

    /** "refcheck accuracy --full --json …": this command's own arguments (the parse result's start with "accuracy" under Main). */
    private String commandLine() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        int own = args.indexOf(spec.name());
        return "refcheck accuracy" + args.subList(own + 1, args.size()).stream().map(a -> " " + a).reduce("", String::concat);
    }
}

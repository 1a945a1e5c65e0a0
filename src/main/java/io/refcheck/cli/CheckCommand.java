package io.refcheck.cli;

import io.refcheck.catalog.Formula;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Run;
import io.refcheck.check.Status;
import io.refcheck.engine.Engine;
import java.io.PrintWriter;
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

    @Option(names = "--quiet", description = "Print only failures and the summary.")
    boolean quiet;

    @CommandLine.Mixin
    RunOptions run = new RunOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        try (RunOptions.Selected selected = run.select(cl)) {
            return check(cl, selected);
        }
    }

    private int check(CommandLine cl, RunOptions.Selected selected) {
        PrintWriter out = cl.getOut();
        PrintWriter err = cl.getErr();
        if (selected.idle().isPresent()) {
            err.println("check: " + selected.idle().get());
            err.flush();
            return 1;
        }
        Run checks = selected.run();
        if (!quiet) {
            out.printf(LINE, "engine", "dtype", "family", "id", "status");
            checks.checked(new InOrder(checks, out));
        }
        List<CheckResult> rows = checks.execute().rows();
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        rows.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        rows.stream().filter(CheckResult::failed).forEach(r ->
                out.printf("FAIL %s %s %s %s: %s%n", r.engine(), r.dtypeLabel(), r.id(), r.check(), r.reason()));
        out.printf("%d passed, %d failed, %d unavailable, %d not-applicable (seed %d)%n",
                counts.getOrDefault(Status.PASS, 0), counts.getOrDefault(Status.FAIL, 0),
                counts.getOrDefault(Status.UNAVAILABLE, 0), counts.getOrDefault(Status.NOT_APPLICABLE, 0), checks.seed());
        out.flush();
        Optional<String> nothing = Selection.nothingJudged(rows);
        if (nothing.isPresent()) {
            err.println("check: " + nothing.get());
            err.flush();
            return 1;
        }
        return counts.getOrDefault(Status.FAIL, 0) > 0 ? 1 : 0;
    }

    /**
     * Prints one line per engine × id in the run's order (engine by engine, each engine's ids in
     * order) while the engines are checked side by side: a line waits until every line before it
     * is printed.
     */
    private static final class InOrder implements Run.Checked {
        private final List<Engine> engines;
        private final List<String> ids;
        private final PrintWriter out;
        private final String[] lines;
        private int next;

        InOrder(Run run, PrintWriter out) {
            this.engines = run.engines();
            this.ids = run.ids();
            this.out = out;
            this.lines = new String[engines.size() * ids.size()];
        }

        @Override
        public void checked(Engine engine, Formula f, List<CheckResult> rows) {
            lines[engines.indexOf(engine) * ids.size() + ids.indexOf(f.id())] =
                    String.format(LINE, engine.name(), engine.dtype(), f.family().key(), f.id(), statusLine(rows));
            while (next < lines.length && lines[next] != null) {
                out.print(lines[next++]);
            }
            out.flush();
        }
    }

    private static String statusLine(List<CheckResult> r) {
        long pass = r.stream().filter(x -> x.status() == Status.PASS).count();
        long fail = r.stream().filter(CheckResult::failed).count();
        return pass + " pass" + (fail > 0 ? ", " + fail + " FAIL" : "");
    }
}

package io.refcheck.cli;

import io.refcheck.report.BenchmarkSection;
import io.refcheck.report.Benchmarks;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The benchmark results under reports/bench/ (JMH and gradcheck JSON, the verify-phase timings) as Markdown tables. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark results (run by the commands in docs/benchmarks.md; never by mvn verify).",
        subcommands = {BenchCommand.Summary.class})
final class BenchCommand extends CommandGroup {

    @Command(name = "summary", mixinStandardHelpOptions = true,
            description = {"Print the B1 to B4 tables as Markdown, read from the JSON files in --dir: the same section the "
                    + "conformance report shows, and what docs/benchmarks.md's tables are pasted from. A missing or unreadable "
                    + "file is printed as \"not measured\" with the reason.", "Exit 0."})
    static final class Summary implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR", description = "Folder of the result files (default: ${DEFAULT-VALUE}).")
        Path dir = Benchmarks.DEFAULT_DIR;

        @Option(names = "--heading", paramLabel = "N", description = "Markdown level of the top heading, 1 to 4 (default: ${DEFAULT-VALUE}).")
        int heading = 3;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (heading < 1 || heading > 4) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--heading: must be 1 to 4, got " + heading);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(BenchmarkSection.markdown(Benchmarks.read(dir, new GitCommits()), heading));
            out.flush();
            return 0;
        }
    }
}

package io.refcheck.cli;

import io.refcheck.check.Run;
import io.refcheck.check.Status;
import io.refcheck.onnx.NodeTestResult;
import io.refcheck.onnx.NodeTestRunner;
import io.refcheck.report.ConformanceReport;
import io.refcheck.report.ReportBuilder;
import io.refcheck.report.ReportFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs every check on every engine found and writes the conformance report as JSON, Markdown and HTML. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Run every catalog check on every engine found on the classpath and write conformance.json, "
                + "conformance.md and conformance.html (one self-contained page) into --out.",
                "Progress goes to stderr unless --quiet. Exit 0 when everything passed, 1 when any check failed or nothing was judged, "
                        + "2 on a usage error (an unknown id or engine, an --engine-process that cannot be started)."})
final class ReportCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", description = "Folder to write the three files into (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("reports");

    @Option(names = "--onnx-tests", paramLabel = "DIR",
            description = "A folder of ONNX node-test cases (model.onnx + test_data_set_*/) to run on the plain-Java evaluator "
                    + "and report; repeatable. A case that fails or errs fails the report.")
    List<Path> onnxTests = new ArrayList<>();

    @Option(names = "--golden", paramLabel = "DIR",
            description = "Golden data to regression-check plain Java and ONNX Runtime against (default: ${DEFAULT-VALUE}; "
                    + "skipped with a note when the folder does not exist). Its rows follow --id, not --engine.")
    Path golden = Path.of("golden-data");

    @Option(names = "--quiet", description = "No progress on stderr; only the summary.")
    boolean quiet;

    @CommandLine.Mixin
    RunOptions run = new RunOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        try (RunOptions.Selected selected = run.select(spec.commandLine())) {
            return report(selected);
        }
    }

    private int report(RunOptions.Selected selected) throws IOException {
        for (Path dir : onnxTests) {
            if (!Files.isDirectory(dir)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--onnx-tests: not a folder: " + dir);
            }
            if (NodeTestRunner.findCases(dir).isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--onnx-tests: " + dir + " holds no folder with model.onnx and test_data_set_*");
            }
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (selected.idle().isPresent()) {
            err.println("report: " + selected.idle().get());
            err.flush();
            return 1;
        }
        Run checks = selected.run();
        ReportBuilder builder = new ReportBuilder(checks).golden(golden).nodeTests(onnxTests).commits(new GitCommits());
        if (!Files.isDirectory(golden)) {
            err.printf("no golden data at %s: golden rows left out%n", golden);
        }
        if (!quiet) {
            checks.progress((engine, f, done, total) -> {
                err.printf("[%3d/%d] %-13s %-24s %s %s%n", done + 1, total, f.family().key(), f.id(), engine.name(), engine.dtype());
                err.flush();
            });
            builder.nodeTestProgress(r -> {
                err.printf("[onnx] %-5s %-11s %s%n", r.status(), r.engine(), r.caseName());
                err.flush();
            });
        }
        ConformanceReport report = builder.build();
        List<Path> written;
        try {
            written = ReportFiles.write(report, out);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out: cannot write the report into " + out + ": " + e);
        }
        report.failures().forEach(r -> stdout.printf("FAIL %s %s %s %s: %s%n", r.id(), r.engine(), r.dtypeLabel(), r.check(), r.reason()));
        report.errata().stream().filter(ConformanceReport.ErratumResult::failed)
                .forEach(e -> stdout.printf("FAIL erratum §I.%d (%s): %s%n", e.item(), e.id(), e.reason()));
        report.onnxTests().stream().filter(t -> !t.passed())
                .forEach(t -> stdout.printf("%s onnx node test %s on %s: %s%n", t.status(), t.caseName(), t.engine(), t.reason()));
        ConformanceReport.Summary s = report.summary();
        stdout.printf("%s rows (seed %d); errata %d/%d demonstrated; ONNX node tests %s%n", counts(s.rows()), checks.seed(),
                s.errata().get(Status.PASS), report.errata().size(),
                report.onnxTests().isEmpty() ? "none run" : s.onnxTests().get(NodeTestResult.PASS) + "/" + report.onnxTests().size() + " passed");
        stdout.printf("wrote %s%n", written.stream().map(Path::toString).collect(Collectors.joining(", ")));
        stdout.flush();
        Optional<String> nothing = Selection.nothingJudged(report.rows());
        if (nothing.isPresent()) {
            err.println("report: " + nothing.get());
            err.flush();
            return 1;
        }
        return s.passed() ? 0 : 1;
    }

    private static String counts(Map<Status, Integer> c) {
        return c.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }
}

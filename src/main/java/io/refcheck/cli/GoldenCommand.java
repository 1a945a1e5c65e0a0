package io.refcheck.cli;

import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Sampling;
import io.refcheck.check.Status;
import io.refcheck.golden.Golden;
import io.refcheck.golden.GoldenChecker;
import io.refcheck.golden.GoldenGenerator;
import io.refcheck.golden.TorchBadInputs;
import io.refcheck.golden.TorchDeltas;
import io.refcheck.golden.TorchForms;
import io.refcheck.golden.TorchGolden;
import io.refcheck.golden.TorchGoldenChecker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes and checks the ONNX Runtime golden data (see {@link Golden}). */
@Command(name = "golden", mixinStandardHelpOptions = true,
        description = "Golden data: ONNX Runtime's outputs on the catalog's ONNX graphs, frozen in the ONNX node-test layout.",
        subcommands = {GoldenCommand.Generate.class, GoldenCommand.CheckData.class, GoldenCommand.TorchFormsExport.class})
final class GoldenCommand extends CommandGroup {

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write the golden data: for every id with an ONNX form and every dtype ONNX Runtime runs it in, "
                    + "a few samples of the entry's generator with ONNX Runtime's outputs. The same seed gives byte-identical files. "
                    + "Exit 0 when written, 1 when ONNX Runtime is unavailable or fails, 2 on a usage error.")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--out", paramLabel = "DIR", description = "Folder to write (default: ${DEFAULT-VALUE}); its onnxruntime/, "
                + "index.json and README.md are replaced, and a non-empty folder without index.json is refused.")
        Path out = Golden.DEFAULT_DIR;

        @Option(names = "--seed", description = "Base seed of the sample generators (default: ${DEFAULT-VALUE}).")
        long seed = Sampling.defaultSeed();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                GoldenGenerator.Result r = new GoldenGenerator(seed, GoldenGenerator.command(seed, this.out)).generate(this.out);
                r.notGenerated().forEach(n -> out.println("not generated: " + n));
                out.printf("wrote %d cases, %.1f KiB, to %s (seed %d)%n", r.cases(), r.bytes() / 1024.0, this.out, seed);
                out.flush();
                return 0;
            } catch (IllegalArgumentException e) {
                err.println("golden generate: " + e.getMessage());
                err.flush();
                return 2;
            } catch (IOException | RuntimeException e) {
                err.println("golden generate failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                err.flush();
                return 1;
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Verify the golden data's checksums, then compare plain Java and live ONNX Runtime with the frozen "
                    + "outputs, and plain Java with every PyTorch-in-Python set (golden-data/pytorch-python: outputs and gradients); "
                    + "notes PyTorch's CPU-vs-CUDA and TF32 deltas. Exit 0 when every case passes, 1 on any failure (a regression, a missing, truncated or corrupt "
                    + "file, a checksum mismatch) or when ONNX Runtime is unavailable, 2 on a usage error.")
    static final class CheckData implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR", description = "Golden data folder (default: ${DEFAULT-VALUE}).")
        Path dir = Golden.DEFAULT_DIR;

        @Option(names = "--quiet", description = "Print only failures and the summary.")
        boolean quiet;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<CheckResult> rows = new ArrayList<>(new GoldenChecker().check(dir));
            rows.addAll(new TorchGoldenChecker().check(dir));
            Map<Status, Integer> counts = new EnumMap<>(Status.class);
            for (CheckResult r : rows) {
                counts.merge(r.status(), 1, Integer::sum);
                boolean bad = r.failed() || r.status() == Status.UNAVAILABLE;
                if (bad || !quiet) {
                    String label = bad ? r.status().label().toUpperCase(Locale.ROOT)
                            : r.status() == Status.NOT_APPLICABLE ? "n/a" : "ok";
                    // a bad-input row measures no error: its reason (what PyTorch did) is the result
                    String detail = bad || r.check() == Check.BAD_INPUT ? r.reason() : String.format(Locale.ROOT,
                            "max abs %.3g, max rel %.3g, max ulp %d", r.maxAbsError(), r.maxRelError(), r.maxUlp());
                    out.printf("%-4s %-14s %-7s %-4s %-15s %-22s %s%n", label, r.engine(), r.dtypeLabel(), r.device(), r.check(), r.id(), detail);
                }
            }
            if (Files.isDirectory(dir.resolve(TorchGolden.DIR))) {
                deltas(out, TorchDeltas.of(dir));
            }
            int failed = counts.getOrDefault(Status.FAIL, 0);
            int unavailable = counts.getOrDefault(Status.UNAVAILABLE, 0);
            out.printf("%d passed, %d failed, %d unavailable, %d not applicable (%s)%n", counts.getOrDefault(Status.PASS, 0), failed, unavailable,
                    counts.getOrDefault(Status.NOT_APPLICABLE, 0), dir);
            out.flush();
            return failed + unavailable > 0 ? 1 : 0;
        }

        /** One line per comparison: the largest PyTorch device delta over the ids, or why there is none (a measurement, not counted). */
        private static void deltas(PrintWriter out, List<TorchDeltas.Delta> deltas) {
            Map<String, List<TorchDeltas.Delta>> groups = new LinkedHashMap<>();
            deltas.forEach(d -> groups.computeIfAbsent(d.comparison() + " " + d.dtype(), k -> new ArrayList<>()).add(d));
            groups.forEach((what, list) -> {
                List<TorchDeltas.Delta> measured = list.stream().filter(TorchDeltas.Delta::measured).toList();
                if (measured.isEmpty()) {
                    out.printf("note pytorch %s: unavailable: %s%n", what, String.join("; ",
                            list.stream().map(TorchDeltas.Delta::reason).distinct().toList()));
                } else {
                    TorchDeltas.Delta worst = measured.stream().max(Comparator.comparingDouble(TorchDeltas.Delta::maxRel)).get();
                    out.printf(Locale.ROOT, "note pytorch %s (%s): %d of %d ids measured, largest rel %.3g (%s), %d unavailable%n",
                            what, worst.sets(), measured.size(), list.size(), worst.maxRel(), worst.id(), list.size() - measured.size());
                }
            });
        }
    }

    @Command(name = "torch-forms", mixinStandardHelpOptions = true,
            description = "Export every catalog entry's PyTorch source (Python), its ports and outputs to "
                    + "DIR/" + TorchForms.FILE + ", and every entry's bad inputs to DIR/" + TorchBadInputs.FILE
                    + ": the files scripts/torch_golden.py runs. A test fails when a committed file is stale. "
                    + "Exit 0 when written, 1 when they cannot be written.")
    static final class TorchFormsExport implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR", description = "Golden data folder (default: ${DEFAULT-VALUE}).")
        Path dir = Golden.DEFAULT_DIR;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                Path file = TorchForms.write(dir);
                spec.commandLine().getOut().printf("wrote %s%n", file);
                spec.commandLine().getOut().printf("wrote %s%n", TorchBadInputs.write(dir));
                spec.commandLine().getOut().flush();
                return 0;
            } catch (IOException e) {
                spec.commandLine().getErr().println("golden torch-forms: --dir " + dir + ": cannot write the exports ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
                spec.commandLine().getErr().flush();
                return 1;
            }
        }
    }
}

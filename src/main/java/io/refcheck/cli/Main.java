package io.refcheck.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The refcheck command line: thin commands over the catalog and the checks. */
@Command(name = "refcheck", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Reference implementations and conformance checks for deep-learning formulas.",
        subcommands = {FormulasCommand.class, CheckCommand.class, ReportCommand.class, OnnxTestsCommand.class,
                GoldenCommand.class, BenchCommand.class, AccuracyCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    private static final String CUDA_PROBE_LOG_LEVEL = "org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true"); // never download anything at run time
        }
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // DJL's start-up chatter
        }
        if (System.getProperty(CUDA_PROBE_LOG_LEVEL) == null && !Files.exists(Path.of("/proc/driver/nvidia/version"))) {
            // Without an NVIDIA driver, DJL's CUDA probe warns "Failed to detect GPU count" on every start; the
            // report's environment section says "GPU: none" and why, so the warning only adds noise.
            System.setProperty(CUDA_PROBE_LOG_LEVEL, "error");
        }
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code: 0 success, 1 failed checks, 2 usage error. */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"refcheck " + (v != null ? v : "dev")};
        }
    }
}

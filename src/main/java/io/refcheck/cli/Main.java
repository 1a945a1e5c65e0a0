package io.refcheck.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The refcheck command line: thin commands over the catalog and the checks. */
@Command(name = "refcheck", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Reference implementations and conformance checks for deep-learning formulas.",
        subcommands = {FormulasCommand.class, CheckCommand.class, ReportCommand.class, OnnxTestsCommand.class,
                GoldenCommand.class, BenchCommand.class, AccuracyCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true"); // never download anything at run time
        }
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // DJL's start-up chatter
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

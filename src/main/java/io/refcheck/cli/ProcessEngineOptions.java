package io.refcheck.cli;

import io.refcheck.engine.Engine;
import io.refcheck.engine.process.ProcessEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options that make programs in any language engines ({@link ProcessEngine}), shared by check
 * and report: each {@code --engine-process} is started once, and a command that cannot be started
 * or gives no acceptable handshake is a usage error (exit 2) naming it.
 */
final class ProcessEngineOptions {
    @Option(names = "--engine-process", paramLabel = "CMD",
            description = "Also check this program as an engine: it is started once and spoken to in JSON lines over its stdin and "
                    + "stdout (docs/engine-protocol.md); its rows carry the name its handshake gives. Split into words as a shell "
                    + "would, without any other shell feature. Repeatable. Without --engine, only plain Java and these run.")
    List<String> commands = new ArrayList<>();

    @Option(names = "--engine-timeout", paramLabel = "SECONDS",
            description = "How long an --engine-process program may take to answer one request (default: ${DEFAULT-VALUE}); past it, "
                    + "the program is stopped, the id's rows fail with the reason, and the next id starts it again.")
    double timeoutSeconds = ProcessEngine.DEFAULT_TIMEOUT.toMillis() / 1000.0;

    /**
     * Starts every program.
     *
     * @throws CommandLine.ParameterException for a program that cannot be started or whose handshake is refused
     */
    List<ProcessEngine> start(CommandLine cl) {
        if (!(timeoutSeconds > 0) || Double.isInfinite(timeoutSeconds)) {
            throw new CommandLine.ParameterException(cl, "--engine-timeout: must be a positive number of seconds, got " + timeoutSeconds);
        }
        Duration timeout = Duration.ofNanos(Math.round(timeoutSeconds * 1e9));
        List<ProcessEngine> started = new ArrayList<>();
        try {
            for (String command : commands) {
                started.add(ProcessEngine.start(command, timeout));
            }
        } catch (ProcessEngine.StartFailure e) {
            close(started);
            throw new CommandLine.ParameterException(cl, "--engine-process: " + e.getMessage());
        }
        return started;
    }

    /** The names of the started engines, which stand for --engine when it is not given. */
    static List<String> names(List<? extends Engine> started) {
        return started.stream().map(Engine::name).distinct().toList();
    }

    static void close(List<ProcessEngine> started) {
        started.forEach(ProcessEngine::close);
    }
}

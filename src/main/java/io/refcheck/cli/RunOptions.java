package io.refcheck.cli;

import io.refcheck.check.Run;
import io.refcheck.check.Sampling;
import io.refcheck.engine.Engine;
import io.refcheck.engine.Engines;
import io.refcheck.engine.process.ProcessEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options that select a {@link Run}, shared by check and report so that both ask for their
 * run the same way: the seed, the ids, the engines, and programs started as engines. An unknown id
 * or engine is a usage error (exit 2) naming the nearest known ones; plain Java always runs, as the
 * reference.
 */
final class RunOptions {

    @Option(names = "--seed", description = "Seed for every sample generator (default: ${DEFAULT-VALUE}).")
    long seed = Sampling.defaultSeed();

    @Option(names = "--id", split = ",", paramLabel = "ID", description = "Only these formula ids (default: all); an unknown id is a usage error.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--engine", split = ",", paramLabel = "NAME",
            description = "Only these engines, by name (plain-java, pytorch, onnxruntime, or a user engine's name; a name covers "
                    + "every dtype of it). Plain Java always runs: it is the reference. Default: every engine found.")
    List<String> engines = new ArrayList<>();

    @Mixin
    ProcessEngineOptions processes = new ProcessEngineOptions();

    /**
     * The run these options select, with its engine programs started (the caller closes the
     * selection when the run is done).
     *
     * @throws CommandLine.ParameterException for an unknown id or engine, or a program that cannot be started
     */
    Selected select(CommandLine cl) {
        List<String> chosenIds = Selection.ids(cl, "--id", ids);
        List<ProcessEngine> started = processes.start(cl);
        try {
            List<Engine> chosen = Selection.engines(cl, "--engine", engines, Engines.discover(), started);
            Optional<String> idle = Selection.idle(chosen, engines.isEmpty() ? ProcessEngineOptions.names(started) : engines, chosenIds);
            return new Selected(new Run(seed).ids(chosenIds).engines(chosen), idle, started);
        } catch (RuntimeException e) {
            ProcessEngineOptions.close(started);
            throw e;
        }
    }

    /**
     * A selected run and the engine programs started for it.
     *
     * @param idle why the run would check nothing (an engine named on the command line that
     *             implements none of the ids: its command exits 1); empty when it would
     */
    record Selected(Run run, Optional<String> idle, List<ProcessEngine> started) implements AutoCloseable {
        /** Stops the engine programs. */
        @Override
        public void close() {
            ProcessEngineOptions.close(started);
        }
    }
}

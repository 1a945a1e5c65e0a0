package io.refcheck.cli;

import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.NearestIds;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Status;
import io.refcheck.engine.Engine;
import io.refcheck.engine.PlainJavaEngine;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * What a command checks, read from its command line the same way by every command: the formula
 * ids and the engines. A name that is not known is a usage error (exit 2) naming the nearest known
 * ones; a run that would check nothing says so, and its command exits 1.
 */
final class Selection {
    private Selection() {
    }

    /**
     * The catalog ids {@code requested} on {@code option}, in the order given and without repeats;
     * every id when none was requested.
     *
     * @throws CommandLine.ParameterException for an id the catalog does not have, naming it and the nearest ids
     */
    static List<String> ids(CommandLine cl, String option, List<String> requested) {
        if (requested.isEmpty()) {
            return Catalog.ids();
        }
        for (String id : requested) {
            if (!Catalog.contains(id)) {
                throw new CommandLine.ParameterException(cl, option + ": no catalog entry '" + id + "'; did you mean "
                        + NearestIds.listed(NearestIds.of(id)) + "? (refcheck formulas lists every id)");
            }
        }
        return List.copyOf(new LinkedHashSet<>(requested));
    }

    /**
     * The engines named on {@code option} (names as {@link Engine#name()}; one name may stand for
     * several dtypes), in the order {@code found} has them, with plain Java always first: it is the
     * reference every other engine is compared with. Every engine found when none was named.
     *
     * @throws CommandLine.ParameterException for a name no engine has, naming the known ones
     */
    static List<Engine> engines(CommandLine cl, String option, List<String> names, List<Engine> found) {
        return engines(cl, option, names, found, List.of());
    }

    /**
     * As {@link #engines(CommandLine, String, List, List)}, with engines started from the command line
     * ({@code --engine-process}) after those found: without names, plain Java and those alone run.
     *
     * @throws CommandLine.ParameterException also for a started engine that takes a found engine's name and dtype
     */
    static List<Engine> engines(CommandLine cl, String option, List<String> names, List<Engine> found, List<? extends Engine> started) {
        for (Engine s : started) {
            for (Engine e : found) {
                if (e.name().equals(s.name()) && e.dtype() == s.dtype()) {
                    throw new CommandLine.ParameterException(cl, "--engine-process: the engine program names itself '" + s.name()
                            + "' (" + s.dtype() + "), as an engine on the classpath does: the rows of the two could not be told apart");
                }
            }
        }
        if (names.isEmpty() && !started.isEmpty()) {
            List<Engine> chosen = new ArrayList<>(found.stream().filter(e -> e.name().equals(PlainJavaEngine.NAME)).toList());
            chosen.addAll(started);
            return chosen;
        }
        found = new ArrayList<>(found);
        found.addAll(started);
        if (names.isEmpty()) {
            return found;
        }
        Set<String> known = found.stream().map(Engine::name).collect(Collectors.toCollection(LinkedHashSet::new));
        for (String name : names) {
            if (!known.contains(name)) {
                throw new CommandLine.ParameterException(cl, option + ": no engine '" + name + "'; did you mean "
                        + NearestIds.listed(NearestIds.of(name, known)) + "? Known engines: " + String.join(", ", known));
            }
        }
        List<Engine> chosen = new ArrayList<>();
        for (Engine e : found) {
            if (e.name().equals(PlainJavaEngine.NAME) || names.contains(e.name())) {
                chosen.add(e);
            }
        }
        return chosen;
    }

    /**
     * The message for engine names given on the command line whose engines (of every dtype)
     * implement none of {@code ids}: a run of them would be nothing but not-applicable rows. Empty
     * when each named engine implements at least one id in at least one dtype.
     */
    static Optional<String> idle(List<Engine> engines, List<String> names, List<String> ids) {
        List<String> idle = names.stream().distinct()
                .filter(name -> engines.stream().filter(e -> e.name().equals(name)).noneMatch(e -> ids.stream().anyMatch(e::implementsFormula)))
                .toList();
        return idle.isEmpty() ? Optional.empty()
                : Optional.of(String.join(", ", idle) + " implements none of " + String.join(", ", ids) + ": nothing to check");
    }

    /** The message for a run in which no row was judged (no pass, no fail); empty when one was. */
    static Optional<String> nothingJudged(List<CheckResult> rows) {
        boolean judged = rows.stream().anyMatch(r -> r.status() == Status.PASS || r.failed());
        return judged ? Optional.empty() : Optional.of("no row was judged (0 passed, 0 failed): nothing was checked");
    }
}

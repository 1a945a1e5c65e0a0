package io.refcheck.report;

import io.refcheck.check.Accuracy;
import io.refcheck.report.Benchmarks.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The committed accuracy run ({@code reports/accuracy/accuracy.json}, written by
 * {@code refcheck accuracy --json}), read for the report's accuracy section
 * ({@link AccuracySection}) as the benchmarks are read from reports/bench: the ranking of the
 * engines against the oracle is too slow to measure inside {@code report} (about a minute in
 * quick sizes, on top of the report's own), so the report shows the last run and says when and
 * how it was taken. A file that is missing or unreadable gives "not measured" and why.
 *
 * @param run null when not measured ({@code source.reason()} says why)
 */
public record AccuracyResults(Source source, Accuracy.Run run) {
    public static final Path DEFAULT_FILE = Path.of("reports", "accuracy", "accuracy.json");

    public AccuracyResults {
        Objects.requireNonNull(source);
        if (source.measured() != (run != null)) {
            throw new IllegalArgumentException("run: present exactly when the source was measured");
        }
    }

    /** Nothing read, for the stated reason (reports built by hand, tests). */
    public static AccuracyResults none(String reason) {
        return new AccuracyResults(new Source("", reason, ""), null);
    }

    /** The run in {@code file}, dated by its modification time, or "not measured" with the reason when it is missing or cannot be read. */
    public static AccuracyResults read(Path file) {
        return read(file, Commits.NONE);
    }

    /** The run in {@code file}, dated by {@code commits}, or "not measured" with the reason when it is missing or cannot be read. */
    public static AccuracyResults read(Path file, Commits commits) {
        if (!Files.isRegularFile(file)) {
            return new AccuracyResults(Source.missing(file, "no file (write it with refcheck accuracy --json " + file + ")"), null);
        }
        Accuracy.Run run;
        try {
            run = Accuracy.read(file);
        } catch (IOException | RuntimeException e) {
            return new AccuracyResults(Source.missing(file, "cannot be read: " + e.getMessage()), null);
        }
        if (run.rows() == null || run.rows().isEmpty()) {
            return new AccuracyResults(Source.missing(file, "the file holds no rows"), null);
        }
        String provenance = "`" + run.command() + "`: " + run.mode() + " sizes, seed " + run.seed() + ", "
                + run.seconds() + " s" + (run.machine() == null || run.machine().isEmpty() ? "" : " on " + run.machine())
                + (run.measured() == null || run.measured().isEmpty() ? "" : ", measured " + run.measured())
                + "; " + commits.dated(file);
        return new AccuracyResults(new Source(file.toString(), "", provenance), run);
    }
}

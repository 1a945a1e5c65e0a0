package io.refcheck.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * Which commit a result file (a benchmark's JSON, the accuracy run) was last committed in, when it
 * is unchanged since: the benchmark and accuracy sections date their numbers by it. The report
 * starts no process; the command line passes in one that asks git (cli/GitCommits). Without one,
 * a file is dated by its modification time.
 */
@FunctionalInterface
public interface Commits {
    /** Knows no commit: every file is dated by its modification time. */
    Commits NONE = file -> Optional.empty();

    /** A commit: when it was made and its short id. */
    record Commit(Instant date, String id) {
    }

    /** The last commit of {@code file} when the file is unchanged since; empty when there is none or it changed. */
    Optional<Commit> lastCommit(Path file);

    /**
     * When the numbers in {@code file} were taken, as far as its metadata can say: "committed DATE
     * in COMMIT" when the file is unchanged since that commit (the measurement is no later), else
     * "file written DATE" from its modification time.
     */
    default String dated(Path file) {
        DateTimeFormatter minute = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
        Optional<Commit> commit = lastCommit(file);
        if (commit.isPresent()) {
            return "committed " + minute.format(commit.get().date()) + " in " + commit.get().id() + " (git; the numbers are no later)";
        }
        try {
            return "file written " + minute.format(Files.getLastModifiedTime(file).toInstant()) + " (not committed as is)";
        } catch (IOException e) {
            return "date unknown";
        }
    }
}

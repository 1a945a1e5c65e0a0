package io.refcheck.cli;

import io.refcheck.report.Commits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@link Commits} from git: a file's last commit ({@code git log -1}) when {@code git status}
 * shows it unchanged since. The commands that write or print the benchmark and accuracy sections
 * (report, bench summary) pass it in, so that the report itself starts no process. Without git, or
 * outside a checkout, it knows no commit and the sections fall back to the files' modification times.
 */
public final class GitCommits implements Commits {

    @Override
    public Optional<Commit> lastCommit(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        String name = file.getFileName().toString();
        String committed = git(dir, "log", "-1", "--format=%cI %h", "--", name);
        String changed = git(dir, "status", "--porcelain", "--", name);
        if (committed == null || committed.isBlank() || changed == null || !changed.isBlank()) {
            return Optional.empty();
        }
        String[] dateAndCommit = committed.strip().split(" ");
        return Optional.of(new Commit(OffsetDateTime.parse(dateAndCommit[0]).toInstant(), dateAndCommit[1]));
    }

    /** A git command's standard output, or null when git is missing, fails or takes over 10 s. */
    private static String git(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroy();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

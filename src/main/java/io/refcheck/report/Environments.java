package io.refcheck.report;

import io.refcheck.report.ConformanceReport.EngineInfo;
import io.refcheck.report.ConformanceReport.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Describes the machine a report ran on. Reads /proc/cpuinfo and the git metadata directly (no
 * process is started): the commit is the one {@code .git/HEAD} names, through the ref file or
 * packed-refs, worktrees included, or "unknown".
 */
final class Environments {
    private Environments() {
    }

    static Environment current(List<EngineInfo> engines, long seed, Instant timestamp) {
        String v = Environments.class.getPackage().getImplementationVersion();
        return new Environment(v != null ? v : "dev",
                System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                        + System.getProperty("java.vm.name") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")",
                cpuModel(Path.of("/proc/cpuinfo")), Runtime.getRuntime().availableProcessors(),
                gpu(Path.of("/proc/driver/nvidia/version")), engines,
                gitCommit(Path.of("").toAbsolutePath()), seed, timestamp);
    }

    /** The first "model name" of a /proc/cpuinfo file, or "unknown". */
    static String cpuModel(Path cpuinfo) {
        try {
            for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equals("model name")) {
                    String model = line.substring(colon + 1).strip();
                    return model.isEmpty() ? "unknown" : model;
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }

    /**
     * The GPU as the machine shows it: the NVIDIA driver's version line, or "none" and why. Without a
     * loaded NVIDIA driver, DJL's CUDA probe cannot count devices (refcheck's CLI keeps that probe's
     * warning off the console) and the PyTorch engine runs on the CPU.
     */
    static String gpu(Path nvidiaDriverVersion) {
        try {
            if (Files.isReadable(nvidiaDriverVersion)) {
                List<String> lines = Files.readAllLines(nvidiaDriverVersion, StandardCharsets.UTF_8);
                return lines.isEmpty() ? "NVIDIA driver loaded" : lines.get(0).strip();
            }
        } catch (IOException | RuntimeException e) {
            return "unknown: " + nvidiaDriverVersion + " could not be read (" + e.getMessage() + ")";
        }
        return "none: no NVIDIA driver is loaded (" + nvidiaDriverVersion + " does not exist), so CUDA finds no device "
                + "and the PyTorch engine runs on the CPU";
    }

    /** The commit checked out in the repository containing {@code dir}, or "unknown". */
    static String gitCommit(Path dir) {
        try {
            Optional<Path> gitDir = findGitDir(dir);
            return gitDir.isPresent() ? resolveHead(gitDir.get()).orElse("unknown") : "unknown";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** {@code .git} of {@code dir} or an ancestor: a directory, or a file "gitdir: PATH" (worktrees, submodules). */
    private static Optional<Path> findGitDir(Path dir) throws IOException {
        for (Path d = dir; d != null; d = d.getParent()) {
            Path git = d.resolve(".git");
            if (Files.isDirectory(git)) {
                return Optional.of(git);
            }
            if (Files.isRegularFile(git)) {
                String s = Files.readString(git, StandardCharsets.UTF_8).strip();
                if (s.startsWith("gitdir:")) {
                    return Optional.of(d.resolve(s.substring("gitdir:".length()).strip()).normalize());
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<String> resolveHead(Path gitDir) throws IOException {
        String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).strip();
        if (!head.startsWith("ref:")) {
            return hash(head);
        }
        String ref = head.substring("ref:".length()).strip();
        Path common = gitDir;
        Path commondir = gitDir.resolve("commondir");
        if (Files.isRegularFile(commondir)) {
            common = gitDir.resolve(Files.readString(commondir, StandardCharsets.UTF_8).strip()).normalize();
        }
        for (Path base : List.of(gitDir, common)) {
            Path refFile = base.resolve(ref);
            if (Files.isRegularFile(refFile)) {
                return hash(Files.readString(refFile, StandardCharsets.UTF_8).strip());
            }
        }
        Path packed = common.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                String[] parts = line.strip().split(" ");
                if (parts.length == 2 && parts[1].equals(ref)) {
                    return hash(parts[0]);
                }
            }
        }
        return Optional.empty();
    }

    /** A SHA-1 (40) or SHA-256 (64) hex object name, lower case. */
    private static Optional<String> hash(String s) {
        return s.matches("[0-9a-fA-F]{40}|[0-9a-fA-F]{64}") ? Optional.of(s.toLowerCase(Locale.ROOT)) : Optional.empty();
    }
}

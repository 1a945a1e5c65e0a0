package io.refcheck.report;

import java.util.List;

/**
 * The four benchmarks the report's benchmark section shows, each with a short name (what it
 * measures, as docs/benchmarks.md names it), the section's heading and the result files it is read
 * from (under reports/bench). The cases of a JMH benchmark come from its result file, not from here.
 */
public enum Benchmark {
    /** Plain Java's time against PyTorch's (DJL, CPU) on the same work, per case and libtorch thread count. */
    B1("speed against PyTorch", "plain Java against PyTorch on the CPU (DJL)", List.of(Benchmarks.B1_FILE)),
    /** What a gradient check costs as the parameter count grows: ours and torch.autograd.gradcheck. */
    B2("gradient-check cost", "gradient checks at scale", List.of(Benchmarks.B2_JAVA_FILE, Benchmarks.B2_TORCH_FILE)),
    /** The wall clock of a warm {@code mvn -B -o verify}, split into phases. */
    B3("build time", "warm `mvn -B -o verify` per phase", List.of(Benchmarks.B3_FILE)),
    /** What checking an engine over the engine protocol costs against the same ids in the JVM. */
    B4("engine-protocol cost", "an engine over the engine protocol against the same ids in the JVM", List.of(Benchmarks.B4_FILE));

    private final String title;
    private final String heading;
    private final List<String> files;

    Benchmark(String title, String heading, List<String> files) {
        this.title = title;
        this.heading = heading;
        this.files = files;
    }

    /** What it measures, in a few words: "speed against PyTorch". */
    public String title() {
        return title;
    }

    /** The section's heading, Markdown: "B1: plain Java against PyTorch on the CPU (DJL)". */
    public String heading() {
        return name() + ": " + heading;
    }

    /** Its result files, relative to the results folder. */
    public List<String> files() {
        return files;
    }
}

package io.refcheck.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes conformance.json, conformance.md and conformance.html into one folder (the CLI and ReportTest both use this). */
public final class ReportFiles {
    public static final String JSON = "conformance.json";
    public static final String MARKDOWN = "conformance.md";
    public static final String HTML = "conformance.html";

    private ReportFiles() {
    }

    /** Creates {@code dir} if needed and writes the three files, UTF-8; returns their paths. */
    public static List<Path> write(ConformanceReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path json = Files.writeString(dir.resolve(JSON), JsonReport.render(report), StandardCharsets.UTF_8);
        Path md = Files.writeString(dir.resolve(MARKDOWN), MarkdownReport.render(report), StandardCharsets.UTF_8);
        Path html = Files.writeString(dir.resolve(HTML), HtmlReport.render(report), StandardCharsets.UTF_8);
        return List.of(json, md, html);
    }
}

package io.refcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every link in the README and in docs/ resolves inside the repository: the file (or folder) it
 * names exists, and where it names a heading of a Markdown file ({@code file.md#heading}), that
 * heading is there, by GitHub's anchor rule. Web links are not followed (CI has no network).
 */
class DocumentationLinksTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Pattern LINK = Pattern.compile("(?<!!)\\[[^\\]]*]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);

    @Test
    void everyLinkInTheReadmeAndTheDocsResolvesInsideTheRepository() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages) {
            for (String target : links(Files.readString(page))) {
                links++;
                broken.addAll(problems(page, target));
            }
        }
        assertTrue(links > 20, "found only " + links + " links: is the pattern right?");
        assertEquals(List.of(), broken);
    }

    @Test
    void aLinkToAMissingFileOrHeadingOrOutsideTheRepositoryIsReported() {
        Path readme = ROOT.resolve("README.md");
        assertEquals(List.of(), problems(readme, "docs/catalog.md#i-errata"));
        assertEquals(1, problems(readme, "docs/no-such-page.md").size());
        assertEquals(1, problems(readme, "docs/catalog.md#no-such-heading").size());
        assertEquals(1, problems(readme, "../shared/FORMULAS.md").size());
        assertEquals(List.of(), problems(readme, "https://pytorch.org"));
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-');
    }

    private static List<String> links(String markdown) {
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.split("\n")) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static List<String> problems(Path page, String target) {
        if (target.matches("^[a-z]+:.*")) {
            return List.of(); // a web or mail link
        }
        String where = ROOT.relativize(page) + ": " + target;
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!resolved.startsWith(ROOT)) {
            return List.of(where + " leaves the repository");
        }
        if (!Files.exists(resolved)) {
            return List.of(where + " names no file");
        }
        if (hash >= 0 && resolved.toString().endsWith(".md")) {
            String fragment = target.substring(hash + 1);
            if (!anchors(resolved).contains(fragment)) {
                return List.of(where + " names no heading of " + ROOT.relativize(resolved));
            }
        }
        return List.of();
    }

    private static Set<String> anchors(Path markdown) {
        try {
            Set<String> out = new HashSet<>();
            Matcher m = HEADING.matcher(Files.readString(markdown));
            while (m.find()) {
                out.add(anchor(m.group(1)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.refcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages' imports run one way, from the bottom up: tensor ← formulas ← onnx ← catalog ←
 * engine ← check ← golden ← report ← cli. A package imports only from itself and the packages
 * below it, so there is no cycle; junit (the entry point for a user's build) sits beside cli and
 * nothing imports it or cli.
 */
class LayeringTest {
    private static final List<String> LAYERS = List.of("tensor", "formulas", "onnx", "catalog", "engine", "check", "golden",
            "report", "cli");
    private static final Path MAIN = Path.of("src/main/java/io/refcheck");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.refcheck\\.([a-z]+)\\.", Pattern.MULTILINE);

    @Test
    void noPackageImportsAPackageAboveIt() throws IOException {
        List<String> upward = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                String own = MAIN.relativize(p).getName(0).toString();
                for (String imported : imports(p)) {
                    if (rank(imported) > rank(own) || own.equals("junit") && imported.equals("cli")) {
                        upward.add(MAIN.relativize(p) + " (" + own + ") imports " + imported);
                    }
                }
            });
        }
        assertEquals(List.of(), upward);
    }

    @Test
    void everyPackageHasItsPlaceInTheLayers() throws IOException {
        try (Stream<Path> packages = Files.list(MAIN)) {
            packages.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .forEach(p -> assertTrue(p.equals("junit") || LAYERS.contains(p), p + " is in no layer"));
        }
    }

    /** The layer's index; junit sits at the top beside cli, which it does not import either. */
    private static int rank(String pkg) {
        return pkg.equals("junit") ? LAYERS.size() : LAYERS.indexOf(pkg);
    }

    private static List<String> imports(Path file) {
        try {
            Matcher m = IMPORT.matcher(Files.readString(file));
            List<String> out = new ArrayList<>();
            while (m.find()) {
                out.add(m.group(1));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

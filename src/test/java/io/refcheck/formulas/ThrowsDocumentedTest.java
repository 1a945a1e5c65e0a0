package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public method and constructor of formulas/ and tensor/ whose body checks a precondition
 * ({@code Require.…} or {@code throw new IllegalArgumentException}) says so in its Javadoc with
 * {@code @throws IllegalArgumentException}, as Apache Commons Math documents its exceptions.
 *
 * <p>The sources are read as text from the repository root (the directory Maven runs tests in).
 * Comments and string literals are blanked before the scan, so a brace or a "Require." inside
 * them counts for nothing; the Javadoc is the comment right above the declaration, past any
 * annotations. Only the direct body is inspected: a method that throws through a private helper
 * or another method is documented by review, not by this test. Interface methods without an
 * explicit {@code public} and the separately compiled formulas/vector kernels are not scanned.
 */
class ThrowsDocumentedTest {
    private static final List<Path> PACKAGES = List.of(
            Path.of("src/main/java/io/refcheck/formulas"), Path.of("src/main/java/io/refcheck/tensor"));
    private static final Pattern CHECKS = Pattern.compile("\\bRequire\\.|\\bthrow\\s+new\\s+IllegalArgumentException\\b");
    private static final Pattern TYPE_WORD = Pattern.compile("\\b(class|record|enum|interface)\\b");
    private static final Pattern NAME_BEFORE_PAREN = Pattern.compile("(\\w+)\\s*$");
    private static final String TAG = "@throws IllegalArgumentException";

    /** One public method or constructor: where it is, its Javadoc (or ""), and its body with comments and strings blanked. */
    record Declaration(String file, String name, int line, String javadoc, String body) {
        String where() {
            return file + ":" + name + " (line " + line + ")";
        }

        boolean checksArguments() {
            return CHECKS.matcher(body).find();
        }
    }

    @Test
    void everyPublicMethodThatChecksItsArgumentsDocumentsTheException() throws IOException {
        List<String> undocumented = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (Path dir : PACKAGES) {
            for (Path file : javaFiles(dir)) {
                for (Declaration d : declarations(file.getFileName().toString(), Files.readString(file))) {
                    if (d.checksArguments()) {
                        checked.add(d.file() + ":" + d.name());
                        if (!d.javadoc().contains(TAG)) {
                            undocumented.add(d.where());
                        }
                    }
                }
            }
        }
        // the scan itself works: it finds checking methods in both packages, overloads and nested types included
        assertTrue(checked.contains("Require.java:that") && checked.contains("Tensor.java:of")
                        && checked.contains("Dropout.java:ofCode") && checked.size() > 80,
                "the scan found too few methods that check their arguments: " + checked);
        assertEquals(List.of(), undocumented, "public methods that check their arguments but have no " + TAG
                + " in their Javadoc:\n  " + String.join("\n  ", undocumented));
    }

    @Test
    void theScanReadsJavadocBodiesAndSkipsCommentsAndStrings() {
        String source = """
                class X {
                    /**
                     * Documented.
                     *
                     * @throws IllegalArgumentException if a < 0
                     */
                    @Deprecated
                    public static int a(int a) {
                        Require.that(a >= 0, "a", "must be >= 0 {");
                        return a;
                    }

                    /** Undocumented. */
                    public X(int b) {
                        if (b < 0) {
                            throw new IllegalArgumentException("b: } must be >= 0");
                        }
                    }

                    public static int c() {
                        // Require.that(...) in a comment checks nothing
                        return "Require.".length();
                    }

                    public record R(int x) {
                    }
                }
                """;
        List<Declaration> found = declarations("X.java", source);
        assertEquals(List.of("a", "X", "c"), found.stream().map(Declaration::name).toList());
        assertTrue(found.get(0).checksArguments() && found.get(0).javadoc().contains(TAG));
        assertTrue(found.get(1).checksArguments() && !found.get(1).javadoc().contains(TAG));
        assertTrue(!found.get(2).checksArguments());
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** The public methods and constructors of one source file, in order. */
    static List<Declaration> declarations(String file, String source) {
        String code = blankCommentsAndStrings(source);
        List<Declaration> out = new ArrayList<>();
        Matcher publicWord = Pattern.compile("\\bpublic\\b").matcher(code);
        while (publicWord.find()) {
            int start = publicWord.start();
            int stop = indexOfAny(code, start, "({;=");
            if (stop < 0 || code.charAt(stop) != '(') {
                continue;                                   // a field, a compact constructor or a type without a header
            }
            String header = code.substring(start, stop);
            if (TYPE_WORD.matcher(header).find()) {
                continue;                                   // a record's header
            }
            Matcher name = NAME_BEFORE_PAREN.matcher(header);
            if (!name.find()) {
                continue;
            }
            int close = matching(code, stop, '(', ')');
            int open = indexOfAny(code, close, "{;");
            String body = code.charAt(open) == '{' ? code.substring(open, matching(code, open, '{', '}') + 1) : "";
            int line = (int) source.substring(0, start).chars().filter(c -> c == '\n').count() + 1;
            out.add(new Declaration(file, name.group(1), line, javadocBefore(source, start), body));
        }
        return out;
    }

    /** The Javadoc that ends right above {@code at}, past blank space and annotation lines; "" if there is none. */
    private static String javadocBefore(String source, int at) {
        String before = source.substring(0, at).stripTrailing();
        while (true) {
            int lineStart = before.lastIndexOf('\n') + 1;
            if (!before.substring(lineStart).strip().startsWith("@")) {
                break;
            }
            before = before.substring(0, lineStart).stripTrailing();
        }
        if (!before.endsWith("*/")) {
            return "";
        }
        int open = before.lastIndexOf("/*");
        return open >= 0 && before.startsWith("/**", open) ? before.substring(open) : "";
    }

    /** The source with every comment, string, text block and char literal replaced by spaces (newlines kept). */
    static String blankCommentsAndStrings(String s) {
        StringBuilder b = new StringBuilder(s);
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int end;
            if (s.startsWith("//", i)) {
                end = s.indexOf('\n', i);
                end = end < 0 ? s.length() : end;
            } else if (s.startsWith("/*", i)) {
                end = s.indexOf("*/", i + 2) + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                end = s.indexOf("\"\"\"", i + 3) + 3;
            } else if (c == '"' || c == '\'') {
                end = i + 1;
                while (s.charAt(end) != c) {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                end++;
            } else {
                i++;
                continue;
            }
            for (int k = i; k < end; k++) {
                if (b.charAt(k) != '\n') {
                    b.setCharAt(k, ' ');
                }
            }
            i = end;
        }
        return b.toString();
    }

    private static int indexOfAny(String s, int from, String chars) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the bracket that closes the one at {@code open}. */
    private static int matching(String s, int open, char opening, char closing) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == opening) {
                depth++;
            } else if (c == closing && --depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("unbalanced " + opening + " at " + open);
    }
}

package io.refcheck.engine.process;

import java.util.ArrayList;
import java.util.List;

/**
 * A command line given as one string ("python3 'my engine.py' --fast"), split into the program and
 * its arguments the way a POSIX shell splits words: on unquoted white space, with single quotes
 * taking everything literally, double quotes and backslashes escaping as in sh. Nothing else of a
 * shell applies (no variables, globs, pipes or redirections): run {@code sh -c '…'} for those.
 */
public final class EngineCommand {
    private EngineCommand() {
    }

    /**
     * The words of {@code line}.
     *
     * @throws IllegalArgumentException if the line is blank or a quote is not closed
     */
    public static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                inWord = true;
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("command: the quote " + quote + " in '" + line + "' is not closed");
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("command: an engine command must not be blank");
        }
        return List.copyOf(words);
    }
}

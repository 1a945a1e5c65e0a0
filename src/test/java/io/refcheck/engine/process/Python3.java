package io.refcheck.engine.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The python3 the tests' fake engines run on, as the interpreter's own path: a version manager's
 * shim on the PATH (pyenv's is a shell script that costs most of a second a start on a busy
 * machine) is then paid once, not once per engine started.
 */
public final class Python3 {
    /** The interpreter: {@code sys.executable} of the python3 on the PATH, or "python3" if it does not say. */
    public static final String EXECUTABLE = resolve();

    private Python3() {
    }

    private static String resolve() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").redirectErrorStream(true).start();
            try (InputStream in = p.getInputStream()) {
                String path = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                return p.waitFor() == 0 && !path.isEmpty() && !path.contains(" ") ? path : "python3";
            }
        } catch (IOException e) {
            return "python3"; // the tests then fail naming the missing command
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "python3";
        }
    }
}

package io.refcheck.check;

import io.refcheck.engine.EngineFailure;
import io.refcheck.tensor.Tensors;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The reason of a row that failed because the engine threw: the exception, where it was thrown
 * (its top {@value #FRAMES} frames, each class.method(File.java:line)) and the input it was thrown
 * on, so that the row alone is enough to reproduce it. An {@link EngineFailure} (a program that
 * broke) is named by its message alone.
 */
public final class Threw {
    /** Stack frames shown, from the top. */
    public static final int FRAMES = 3;
    /** The sample is cut after this many characters (each tensor already shows at most 8 elements). */
    public static final int SAMPLE_CHARS = 240;

    private Threw() {
    }

    /**
     * "threw java.lang.IllegalStateException: … at a.B.c(B.java:12) ← a.B.d(B.java:30) ← … on
     * sample {z=Tensor[3] [0.5, …]}"; {@code where} says what the input was ("sample", "worked
     * example 'σ(0) = 1/2'").
     */
    public static String reason(Throwable e, String where, Tensors input) {
        if (e instanceof EngineFailure) {
            // refcheck's own frames say nothing about a program that broke; its message says what it did
            return "the engine broke: " + e.getMessage() + " on " + where + " " + sample(input);
        }
        return "threw " + e + " at " + frames(e) + " on " + where + " " + sample(input);
    }

    /** The top {@value #FRAMES} frames of {@code e}, innermost first; "no stack trace" when the JVM left it out. */
    public static String frames(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        if (trace.length == 0) {
            return "(no stack trace)";
        }
        return Arrays.stream(trace).limit(FRAMES)
                .map(f -> f.getClassName() + "." + f.getMethodName() + "(" + (f.getFileName() != null ? f.getFileName() : "unknown source")
                        + (f.getLineNumber() >= 0 ? ":" + f.getLineNumber() : "") + ")")
                .collect(Collectors.joining(" ← "));
    }

    /** The tensors' own text, cut after {@value #SAMPLE_CHARS} characters with "…". */
    public static String sample(Tensors input) {
        String s = input.toString();
        return s.length() <= SAMPLE_CHARS ? s : s.substring(0, SAMPLE_CHARS) + "…";
    }
}

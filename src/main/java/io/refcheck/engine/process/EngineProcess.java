package io.refcheck.engine.process;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One running engine program: a request line goes to its stdin, one response line comes back from
 * its stdout within the timeout. Its stdout and stderr are drained by their own daemon threads, so
 * that neither a full pipe nor a program that stops answering can block refcheck: a request that
 * gets no line in time, or the end of stdout, is a {@link Broken} with the reason and the last
 * lines of stderr. The program is stopped (with its child processes) on any such failure.
 */
final class EngineProcess {
    /** Lines of stderr kept for reasons. */
    static final int STDERR_LINES = 8;
    /**
     * Requests shorter than this (in chars; at most 3 bytes of UTF-8 each, and the JSON is ASCII) are
     * written by the calling thread: Linux's pipe holds 64 KiB, and POSIX guarantees at least 4 KiB.
     */
    static final int INLINE_WRITE_CHARS = 4096;
    /** Put on the stdout queue when stdout ends; compared by identity, so no line the program writes can be taken for it. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String END = new String("end of stdout");

    /** The program stopped answering: why, with the last lines of its stderr. */
    static final class Broken extends Exception {
        Broken(String message) {
            super(message);
        }
    }

    private final List<String> command;
    private final Process process;
    private final BufferedWriter stdin;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final Deque<String> stderr = new ArrayDeque<>();
    private final ExecutorService writer;
    private final Thread shutdownHook;
    private final Thread stderrReader;

    private EngineProcess(List<String> command, Process process) {
        this.command = command;
        this.process = process;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.writer = Executors.newSingleThreadExecutor(r -> daemon(r, "refcheck engine stdin"));
        daemon(() -> drain(process.getInputStream(), stdout::add, true), "refcheck engine stdout").start();
        this.stderrReader = daemon(() -> drain(process.getErrorStream(), this::keepStderr, false), "refcheck engine stderr");
        stderrReader.start();
        // a program that outlives refcheck (it hung, or ignores the end of its stdin) is stopped with the JVM
        this.shutdownHook = new Thread(this::kill, "refcheck engine stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts {@code command}.
     *
     * @throws IOException if it cannot be started (no such program, not executable)
     */
    static EngineProcess start(List<String> command) throws IOException {
        return new EngineProcess(command, new ProcessBuilder(command).start());
    }

    /**
     * Sends {@code request} and returns the next line the program writes.
     *
     * @throws Broken when no line comes within {@code timeout} or stdout ends
     */
    String exchange(String request, Duration timeout, String what) throws Broken {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (request.length() < INLINE_WRITE_CHARS) {
            // The program has read every earlier request (it answered them), so the pipe is empty and a line
            // shorter than its capacity is written without blocking; this saves a hand-over per request.
            write(request);
        } else {
            writer.submit(() -> write(request)); // a longer line could block on a program that stopped reading
        }
        String line;
        try {
            line = stdout.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new Broken("was interrupted while waiting for the answer to " + what + stderrTail());
        }
        if (line == null) {
            kill();
            throw new Broken("did not answer " + what + " within " + seconds(timeout) + " (the timeout; stopped it)" + stderrTail());
        }
        if (line == END) {
            throw new Broken(ended() + " while answering " + what + stderrTail());
        }
        return line;
    }

    private void write(String request) {
        try {
            stdin.write(request);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            // the program is gone: its stdout ends, and that is reported
        }
    }

    /** "exited with code N", or "closed its stdout" when it is still running (then it is stopped). */
    private String ended() {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                stderrReader.join(1000); // its last words (a traceback) belong in the reason
                return "exited with code " + process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
        return "closed its stdout (stopped it)";
    }

    /** Asks the program to end, waits up to {@code timeout} for it, then stops it. */
    void shutdown(Duration timeout) {
        if (process.isAlive()) {
            try {
                exchange(Protocol.shutdown(), timeout, "shutdown");
                process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Broken e) {
                // stopped below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kill();
    }

    /** Stops the program and the processes it started, at once. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        writer.shutdownNow();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this is the hook running
        }
    }

    /** "; last lines of its stderr: …" or "; its stderr was empty". */
    String stderrTail() {
        synchronized (stderr) {
            // one line, so that a reason stays one cell of the report's tables
            return stderr.isEmpty() ? "; its stderr was empty" : "; last lines of its stderr: " + String.join(" ⏎ ", stderr);
        }
    }

    List<String> command() {
        return command;
    }

    private void keepStderr(String line) {
        synchronized (stderr) {
            if (stderr.size() == STDERR_LINES) {
                stderr.removeFirst();
            }
            stderr.addLast(Protocol.cut(line));
        }
    }

    private interface LineSink {
        void accept(String line);
    }

    private static void drain(InputStream in, LineSink sink, boolean markEnd) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                sink.accept(line);
            }
        } catch (IOException e) {
            // the pipe closed under us: the same as its end
        }
        if (markEnd) {
            sink.accept(END);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}

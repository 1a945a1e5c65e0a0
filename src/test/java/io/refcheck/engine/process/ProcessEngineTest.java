package io.refcheck.engine.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.catalog.Answer;
import io.refcheck.catalog.Catalog;
import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Conformance;
import io.refcheck.check.Status;
import io.refcheck.engine.EngineFailure;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A program as an engine, with a fake engine in raw protocol 1 (fake_engine.py, one fault per mode):
 * each way a program can break ends in failing rows with the reason, never in a pass or a hang.
 */
class ProcessEngineTest {
    static final String FAKE = "src/test/resources/io/refcheck/engine/process/fake_engine.py";
    private static final Conformance CONFORMANCE = new Conformance(20261123L);

    static ProcessEngine fake(String mode) {
        return fake(mode, ProcessEngine.DEFAULT_TIMEOUT);
    }

    static ProcessEngine fake(String mode, Duration timeout) {
        return ProcessEngine.start(List.of(Python3.EXECUTABLE, FAKE, mode), timeout);
    }

    private static List<CheckResult> rows(ProcessEngine engine, String id) {
        return CONFORMANCE.run(engine, Catalog.get(id));
    }

    private static CheckResult row(List<CheckResult> rows, Check check) {
        return rows.stream().filter(r -> r.check() == check).findFirst().orElseThrow(() -> new AssertionError("no " + check + " row in " + rows));
    }

    /** Every row that was judged failed, at least one did, and every failure's reason satisfies {@code reason}. */
    private static void allJudgedFail(List<CheckResult> rows, Predicate<String> reason) {
        assertTrue(rows.stream().anyMatch(CheckResult::failed), rows.toString());
        for (CheckResult r : rows) {
            assertFalse(r.status() == Status.PASS, "passed: " + r);
            if (r.failed()) {
                assertTrue(reason.test(r.reason()), r.check() + ": " + r.reason());
            }
        }
    }

    @Test
    void aCorrectProgramPassesEveryCheckOfItsIdsUnderTheNameItsHandshakeGives() {
        try (ProcessEngine e = fake("ok")) {
            assertEquals("fake-ok", e.name());
            List<CheckResult> rows = rows(e, "sigmoid");
            assertTrue(rows.stream().noneMatch(CheckResult::failed), rows.toString());
            assertEquals(Status.PASS, row(rows, Check.VALUE).status());
            assertEquals(Status.PASS, row(rows, Check.GRADIENT).status());
            assertTrue(rows.stream().allMatch(r -> r.engine().equals("fake-ok")));
        }
    }

    @Test
    void anErrorResponseIsThatInputsRejectionAsAJavaEnginesException() {
        try (ProcessEngine e = fake("ok")) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                    () -> e.evaluate("softmax", Tensors.of("z", Tensor.scalar(2))));
            assertEquals("z: rank >= 1 is required", x.getMessage());
            assertEquals(Status.PASS, row(rows(e, "softmax"), Check.BAD_INPUT).status());
        }
    }

    @Test
    void breakingOnAnInputTheReferenceRejectsIsNotARejection() {
        try (ProcessEngine e = fake("crash-on-rejected")) {
            CheckResult bad = row(rows(e, "softmax"), Check.BAD_INPUT);
            assertEquals(Status.FAIL, bad.status(), bad.reason());
            assertTrue(bad.reason().contains("broke instead of rejecting it") && bad.reason().contains("exited with code 5"), bad.reason());
        }
    }

    @Test
    void aProgramThatCrashesFailsEveryRowOfThatIdWithItsExitCodeAndStderrAndIsStartedAgainForTheNextId() {
        try (ProcessEngine e = fake("crash")) {
            allJudgedFail(rows(e, "sigmoid"), r -> r.contains("exited with code 3") && r.contains("fake engine: cannot go on"));
            List<CheckResult> next = rows(e, "relu");
            assertTrue(next.stream().noneMatch(CheckResult::failed), next.toString());
            assertEquals(Status.PASS, row(next, Check.VALUE).status());
        }
    }

    @Test
    void aLineThatIsNotJsonFailsTheRows() {
        try (ProcessEngine e = fake("malformed")) {
            allJudgedFail(rows(e, "sigmoid"), r -> r.contains("a line that is not JSON"));
        }
    }

    @Test
    void aStrayLineOnStdoutFailsTheRowsAndSaysThatLogsBelongOnStderr() {
        try (ProcessEngine e = fake("junk")) {
            allJudgedFail(rows(e, "relu"), r -> r.contains("'debug: answering evaluate'") && r.contains("write logs to stderr"));
        }
    }

    @Test
    void anAnswerOfTheWrongShapeFailsTheValueRow() {
        try (ProcessEngine e = fake("wrong-shape")) {
            CheckResult value = row(rows(e, "sigmoid"), Check.VALUE);
            assertEquals(Status.FAIL, value.status());
            assertTrue(value.reason().contains("shape [3, 1] differs from expected (worked example) [3]"), value.reason());
        }
    }

    @Test
    void anOutputNameTheEntryDoesNotHaveFailsTheRows() {
        try (ProcessEngine e = fake("unknown-name")) {
            allJudgedFail(rows(e, "sigmoid"), r -> r.contains("with outputs [y] where the catalog entry's are [a]"));
        }
    }

    @Test
    void aProgramThatHangsIsStoppedAtTheTimeoutAndItsRowsFailAtOnce() {
        long start = System.nanoTime();
        try (ProcessEngine e = fake("hang", Duration.ofMillis(300))) {
            allJudgedFail(rows(e, "sigmoid"), r -> r.contains("did not answer evaluate sigmoid within 300 ms"));
            assertEquals(Status.PASS, row(rows(e, "relu"), Check.VALUE).status());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 8, "took " + seconds + " s: one timeout, then the id's other calls fail at once");
    }

    @Test
    void aMissingCommandCannotStartAndIsNamed() {
        ProcessEngine.StartFailure x = assertThrows(ProcessEngine.StartFailure.class,
                () -> ProcessEngine.start("no-such-engine-program --fast", ProcessEngine.DEFAULT_TIMEOUT));
        assertTrue(x.getMessage().contains("cannot start the engine command 'no-such-engine-program --fast'"), x.getMessage());
    }

    @Test
    void aProgramThatExitsBeforeItsHandshakeCannotStartAndItsStderrIsShown() {
        ProcessEngine.StartFailure x = assertThrows(ProcessEngine.StartFailure.class, () -> fake("exit-at-once"));
        assertTrue(x.getMessage().contains("exited with code 4 while answering the handshake"), x.getMessage());
        assertTrue(x.getMessage().contains("fake engine: no licence for this machine"), x.getMessage());
    }

    @Test
    void aHandshakeThatTakesABuiltInEnginesNameIsRefused() {
        ProcessEngine.StartFailure x = assertThrows(ProcessEngine.StartFailure.class, () -> fake("builtin-name"));
        assertTrue(x.getMessage().contains("name 'plain-java' is a built-in engine's"), x.getMessage());
    }

    @Test
    void nonFiniteNumbersTravelAsTheReportWritesThemAndBatchesComeBackInOrder() {
        try (ProcessEngine e = fake("ok")) {
            List<Tensors> out = e.evaluateAll("sigmoid", List.of(
                    Tensors.of("z", Tensor.vector(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)),
                    Tensors.of("z", Tensor.of(new int[] {2, 1}, 0, 1e-300)),
                    Tensors.of("z", Tensor.zeros(3, 0)))).stream().map(Answer::get).toList();
            assertEquals(3, out.size());
            assertTrue(Double.isNaN(out.get(0).get("a").at(0)));
            assertEquals(Tensor.vector(Double.NaN, 1, 0).toString(), out.get(0).get("a").toString());
            assertEquals(Tensor.of(new int[] {2, 1}, 0.5, 0.5), out.get(1).get("a"));
            assertEquals(Tensor.zeros(3, 0), out.get(2).get("a"));
        }
    }

    @Test
    void aRejectedSampleInABatchIsThatSamplesExceptionAndTheOthersAreAnswered() {
        try (ProcessEngine e = fake("ok")) {
            List<Answer> out = e.evaluateAll("softmax", List.of(
                    Tensors.of("z", Tensor.vector(0, 0)), Tensors.of("z", Tensor.scalar(2)), Tensors.of("z", Tensor.vector(1))));
            assertEquals(Tensor.vector(0.5, 0.5), out.get(0).get().get("s"));
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> out.get(1).get());
            assertEquals("z: rank >= 1 is required", x.getMessage());
            assertEquals(Tensor.vector(1), out.get(2).get().get("s"));
        }
    }

    @Test
    void aProgramThatBreaksOnABatchFailsEverySampleOfItWithTheSameEngineFailure() {
        try (ProcessEngine e = fake("crash")) {
            List<Answer> out = e.evaluateAll("sigmoid", List.of(Tensors.of("z", Tensor.vector(1)), Tensors.of("z", Tensor.vector(2))));
            EngineFailure first = assertThrows(EngineFailure.class, () -> out.get(0).get());
            assertTrue(first.getMessage().contains("exited with code 3"), first.getMessage());
            assertEquals(first, assertThrows(EngineFailure.class, () -> out.get(1).get()));
        }
    }

    @Test
    void aCallAfterTheProgramBrokeOnTheSameIdFailsAtOnceWithTheSameReason() {
        try (ProcessEngine e = fake("crash")) {
            Tensors z = Tensors.of("z", Tensor.vector(1));
            EngineFailure first = assertThrows(EngineFailure.class, () -> e.evaluate("sigmoid", z));
            EngineFailure again = assertThrows(EngineFailure.class, () -> e.evaluate("sigmoid", z));
            assertEquals(first.getMessage(), again.getMessage());
            assertEquals(Tensor.vector(1), e.evaluate("relu", z).get("a"));
        }
    }

    @Test
    void thePythonClientServesADictOfFunctionsInBase64AndKeepsStrayPrintsOffStdout() {
        try (ProcessEngine e = ProcessEngine.start(List.of(Python3.EXECUTABLE, "src/test/resources/io/refcheck/engine/process/client_engine.py"),
                ProcessEngine.DEFAULT_TIMEOUT)) {
            assertEquals("base64-float64", e.handshake().tensorEncoding());
            Tensor a = e.evaluate("relu", Tensors.of("z", Tensor.of(new int[] {2, 2}, Double.NaN, Double.NEGATIVE_INFINITY, -0.5, 1e-300)))
                    .get("a");
            assertEquals(Tensor.of(new int[] {2, 2}, Double.NaN, 0, 0, 1e-300).toString(), a.toString());
            List<CheckResult> rows = rows(e, "relu");
            assertTrue(rows.stream().noneMatch(CheckResult::failed), rows.toString());
            assertEquals(Status.PASS, row(rows, Check.VALUE).status());
            assertEquals(Status.PASS, row(rows, Check.GRADIENT).status());
        }
    }

    @Test
    void aCommandLineSplitsIntoWordsAsAShellWould() {
        assertEquals(List.of("python3", "my engine.py", "--x=a b", "it's"),
                EngineCommand.words("  python3 'my engine.py' --x=\"a b\" it\\'s "));
        assertThrows(IllegalArgumentException.class, () -> EngineCommand.words("python3 'open"));
        assertThrows(IllegalArgumentException.class, () -> EngineCommand.words("   "));
    }
}

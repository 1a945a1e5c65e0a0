package io.refcheck.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.engine.Engine;
import io.refcheck.engine.process.Python3;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The JUnit entry point with a program as the engine. */
class RefCheckProcessTest {
    private static final String FAKE = Python3.EXECUTABLE + " src/test/resources/io/refcheck/engine/process/fake_engine.py";

    @Test
    void aProgramThatAnswersCorrectlyConformsAndOneThatBreaksDoesNot() {
        Engine ok = RefCheck.process(FAKE + " ok");
        assertEquals("fake-ok", ok.name());
        RefCheck.of(ok).ids("relu").assertConforms();
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> RefCheck.of(RefCheck.process(FAKE + " unknown-name")).ids("sigmoid").assertConforms());
        assertTrue(e.getMessage().contains("where the catalog entry's are [a]"), e.getMessage());
    }

    @Test
    void aProgramThatCannotStartIsAnIllegalArgumentNamingTheCommand() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RefCheck.process(FAKE + " exit-at-once"));
        assertTrue(e.getMessage().contains("fake_engine.py exit-at-once' exited with code 4"), e.getMessage());
    }
}

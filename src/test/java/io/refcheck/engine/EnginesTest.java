package io.refcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.catalog.Catalog;
import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Conformance;
import io.refcheck.check.Sampling;
import io.refcheck.check.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnginesTest {
    private final Conformance conformance = new Conformance(Sampling.defaultSeed());

    @Test
    void serviceLoaderFindsPlainJavaFirstAndAUsersEngineOnTheClasspath() {
        List<String> names = Engines.discover().stream().map(Engine::name).toList();
        assertEquals("plain-java", names.get(0));
        assertTrue(names.contains("example-user"), names.toString());
    }

    @Test
    void aUsersEngineGetsTheSameChecksAndPassesThemForWhatItImplements() {
        Engine user = Engines.discover().stream().filter(e -> e.name().equals("example-user")).findFirst().orElseThrow();
        List<CheckResult> rows = conformance.run(user, Catalog.get("sigmoid"));
        assertTrue(rows.stream().anyMatch(r -> r.check() == Check.VALUE && r.status() == Status.PASS), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.check() == Check.GRADIENT && r.status() == Status.PASS), rows.toString());
        assertFalse(rows.stream().anyMatch(CheckResult::failed), rows.toString());
    }

    @Test
    void formulasAUsersEngineLacksAreNotApplicableNeverPassed() {
        Engine user = new ExampleUserEngine();
        List<CheckResult> rows = conformance.run(user, Catalog.get("softmax"));
        assertEquals(1, rows.size());
        assertEquals(Status.NOT_APPLICABLE, rows.get(0).status());
    }

    @Test
    void aDeliberatelyBrokenSoftmaxIsCaughtByTheChecks() {
        List<CheckResult> rows = conformance.run(OneFormulaBroken.softmaxWithoutMaxShift(), Catalog.get("softmax"));
        assertTrue(rows.stream().anyMatch(r -> r.check() == Check.VALUE && r.failed()), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.check() == Check.PROPERTY && r.failed()), rows.toString());
    }

    @Test
    void anUnavailableEngineIsReportedUnavailableWithItsReason() {
        Engine missing = new ExampleUserEngine() {
            @Override
            public Availability availability() {
                return Availability.no("native library not found");
            }
        };
        List<CheckResult> rows = conformance.run(missing, Catalog.get("sigmoid"));
        assertEquals(Status.UNAVAILABLE, rows.get(0).status());
        assertEquals("native library not found", rows.get(0).reason());
    }
}

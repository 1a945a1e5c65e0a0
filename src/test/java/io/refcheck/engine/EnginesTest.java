package io.refcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.catalog.Catalog;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Conformance;
import io.refcheck.check.Sampling;
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
        assertTrue(rows.stream().anyMatch(r -> r.check().equals("value") && r.status().equals(CheckResult.PASS)), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.check().equals("gradient") && r.status().equals(CheckResult.PASS)), rows.toString());
        assertFalse(rows.stream().anyMatch(CheckResult::failed), rows.toString());
    }

    @Test
    void formulasAUsersEngineLacksAreNotApplicableNeverPassed() {
        Engine user = new ExampleUserEngine();
        List<CheckResult> rows = conformance.run(user, Catalog.get("softmax"));
        assertEquals(1, rows.size());
        assertEquals(CheckResult.NOT_APPLICABLE, rows.get(0).status());
    }

    @Test
    void aDeliberatelyBrokenSoftmaxIsCaughtByTheChecks() {
        List<CheckResult> rows = conformance.run(OneFormulaBroken.softmaxWithoutMaxShift(), Catalog.get("softmax"));
        assertTrue(rows.stream().anyMatch(r -> r.check().equals("value") && r.failed()), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.check().equals("property") && r.failed()), rows.toString());
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
        assertEquals(CheckResult.UNAVAILABLE, rows.get(0).status());
        assertEquals("native library not found", rows.get(0).reason());
    }
}

package io.refcheck.catalog;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.engine.Engines;
import io.refcheck.tensor.Tensors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The catalog's facts once more, under jqwik's own engine: one property over all (fact, sample)
 * pairs with a fixed seed. jqwik prints the seed and the falsifying sample on failure.
 */
class FactsProperties {
    private static final Evaluator PLAIN_JAVA = Engines.plainJava();

    record Case(String id, Fact fact, Tensors sample) {
        @Override
        public String toString() {
            return id + ": " + fact.sentence() + " on " + sample;
        }
    }

    @Property(tries = 1000, seed = "20261123")
    void everyCatalogFactHoldsOnAnySampleDrawnForIt(@ForAll("factsWithSamples") Case c) {
        Verdict v = c.fact().check().on(PLAIN_JAVA, c.sample());
        assertTrue(v.ok(), v.detail());
    }

    @Provide
    Arbitrary<Case> factsWithSamples() {
        var cases = Catalog.all().stream()
                .flatMap(f -> f.facts().stream().filter(fact -> fact.tries() >= Fact.DEFAULT_TRIES)
                        .map(fact -> fact.samples().map(s -> new Case(f.id(), fact, s))))
                .toList();
        return Arbitraries.oneOf(cases);
    }
}

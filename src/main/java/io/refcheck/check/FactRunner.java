package io.refcheck.check;

import io.refcheck.catalog.Evaluator;
import io.refcheck.catalog.Fact;
import io.refcheck.catalog.Verdict;
import io.refcheck.tensor.Tensors;
import java.util.List;

/**
 * Runs a catalog fact as a property: draws {@link Fact#tries()} samples from its jqwik generator
 * with a fixed seed and checks each one against an evaluator. The first failing sample is
 * reported with the seed and try number that reproduce it.
 */
public final class FactRunner {
    private FactRunner() {
    }

    /** The outcome of running one fact. */
    public record Outcome(boolean pass, int tries, long seed, int failingTry, String detail) {
        public String describe() {
            return pass ? "held on " + tries + " samples (seed " + seed + ")"
                    : "failed on try " + failingTry + " of " + tries + " (seed " + seed + "): " + detail;
        }
    }

    public static Outcome run(Fact fact, Evaluator engine, long seed) {
        List<Tensors> samples = Sampling.draw(fact.samples(), seed, fact.tries());
        for (int i = 0; i < samples.size(); i++) {
            Tensors s = samples.get(i);
            Verdict v;
            try {
                v = fact.check().on(engine, s);
            } catch (UnsupportedOperationException e) {
                throw e; // the engine lacks an id the fact needs: not applicable, decided by the caller
            } catch (RuntimeException e) {
                v = Verdict.fails("threw %s", e);
            }
            if (!v.ok()) {
                return new Outcome(false, samples.size(), seed, i, v.detail() + " on sample " + s);
            }
        }
        return new Outcome(true, samples.size(), seed, -1, "");
    }
}

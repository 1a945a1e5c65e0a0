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

    /**
     * The fact on its samples; the engine's calls of all samples are answered in batches
     * ({@link Batched}), the verdicts read in sample order as if run one after another.
     */
    public static Outcome run(Fact fact, Evaluator engine, long seed) {
        List<Tensors> samples = Sampling.draw(fact.samples(), seed, fact.tries());
        List<Batched.Result<Verdict>> verdicts = Batched.run(engine, samples, (e, i, s) -> fact.check().on(e, s));
        for (int i = 0; i < samples.size(); i++) {
            Batched.Result<Verdict> r = verdicts.get(i);
            if (r.error() instanceof UnsupportedOperationException e) {
                throw e; // the engine lacks an id the fact needs: not applicable, decided by the caller
            }
            Verdict v = r.error() != null ? Verdict.fails("threw %s", r.error()) : r.value();
            if (!v.ok()) {
                return new Outcome(false, samples.size(), seed, i, v.detail() + " on sample " + samples.get(i));
            }
        }
        return new Outcome(true, samples.size(), seed, -1, "");
    }
}

package io.refcheck.catalog;

import io.refcheck.tensor.Tensors;
import net.jqwik.api.Arbitrary;

/**
 * A fact the sources state (docs/catalog.md §H) or that the formula's definition implies, as a property:
 * a sentence, the samples it is tried on, and the check of one sample against any evaluator.
 *
 * @param sentence what the fact says, read as a test name ("softmax rows sum to one")
 * @param source   where it comes from: "§H" for the sources' facts, "definition" otherwise
 * @param samples  a jqwik generator of inputs, adversarial ones included
 * @param tries    how many samples a run draws (statistical facts use fewer, costlier tries)
 * @param check    the verdict for one sample
 */
public record Fact(String sentence, String source, Arbitrary<Tensors> samples, int tries, Check check) {

    public static final int DEFAULT_TRIES = 200;

    @FunctionalInterface
    public interface Check {
        Verdict on(Evaluator engine, Tensors sample);
    }

    /** A §H fact with the default number of tries. */
    public static Fact sourceFact(String sentence, Arbitrary<Tensors> samples, Check check) {
        return new Fact(sentence, "§H", samples, DEFAULT_TRIES, check);
    }

    /** A fact that follows from the definition, with the default number of tries. */
    public static Fact definitional(String sentence, Arbitrary<Tensors> samples, Check check) {
        return new Fact(sentence, "definition", samples, DEFAULT_TRIES, check);
    }

    public Fact withTries(int n) {
        return new Fact(sentence, source, samples, n, check);
    }
}

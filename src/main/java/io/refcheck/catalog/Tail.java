package io.refcheck.catalog;

import io.refcheck.tensor.Tensors;
import java.util.Objects;

/**
 * An input in a formula's tail: where the exact result is a small normal number (σ(−40) =
 * 4.2e-18), or where a common way of writing the formula underflows, overflows or cancels
 * (log(softmax(z)) at logits 800 apart). The tail check ({@code check/TailCheck}) judges every
 * engine's relative error there in ulps against the high-precision oracle, where the value
 * check's absolute tolerance cannot see it. {@code why} says what the point probes.
 */
public record Tail(String why, Tensors inputs) {
    public Tail {
        Objects.requireNonNull(why);
        Objects.requireNonNull(inputs);
    }
}

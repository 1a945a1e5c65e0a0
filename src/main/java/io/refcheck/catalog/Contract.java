package io.refcheck.catalog;

import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensors;
import net.jqwik.api.Arbitrary;

/**
 * How an entry whose outputs are random draws is checked on engines other than plain Java. Another
 * engine draws from its own generator, so its values cannot equal plain Java's; instead every
 * evaluation and every vector–Jacobian product must meet this contract, stated once here for every
 * engine. The value and gradient rows of such an entry use it in place of value equality with
 * plain Java; plain Java itself is still checked against its worked examples, finite differences
 * and facts.
 *
 * <p>A judgement has two parts: the outputs the contract expects given the engine's own draw (for
 * dropout: x·mask/q with the engine's mask), with a per-element rounding allowance, compared as any
 * value is; and a verdict on the draw itself (a binary mask, nothing dropped where nothing may be,
 * a keep rate that a binomial test does not reject).
 *
 * @param why       why values are not compared with plain Java's (golden exports give it as the
 *                  reason an id has no value-comparable form)
 * @param statement the contract in one sentence, as a row's reason states what was checked
 * @param samples   samples large enough for the statistical part, drawn besides the entry's own
 * @param tries     how many of {@code samples} a row draws
 * @param outputs   judges one evaluation
 * @param gradient  judges one vector–Jacobian product against the evaluation of the same inputs
 */
public record Contract(String why, String statement, Arbitrary<Tensors> samples, int tries, Outputs outputs,
                       Gradient gradient) {

    /**
     * One evaluation or gradient judged: {@code expected} per output (or gradient) name, what the
     * contract demands given the engine's own draw, within {@code allowance} per element; and
     * {@code verdict} on the draw itself.
     */
    public record Judgement(Verdict verdict, Tensors expected, Tensors allowance) {
    }

    /** Judges the outputs an engine gave for {@code inputs}. */
    @FunctionalInterface
    public interface Outputs {
        Judgement judge(Tensors inputs, Tensors outputs, Dtype dtype);
    }

    /**
     * Judges the gradients an engine gave for {@code inputs} and {@code cotangents}, given its
     * outputs for the same inputs: an entry's random draw is a function of its inputs (a seed among
     * them), so the forward and backward pass of one input share one draw.
     */
    @FunctionalInterface
    public interface Gradient {
        Judgement judge(Tensors inputs, Tensors outputs, Tensors cotangents, Tensors gradients, Dtype dtype);
    }
}

package io.refcheck.engine;

import io.refcheck.formulas.Dropout;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * An engine for tests that does as PyTorch does: plain Java everywhere except dropout, whose mask
 * it draws from its own generator (java.util.SplittableRandom seeded by the entry's seed, not
 * plain Java's Well19937c), so no value can agree with plain Java's while a correct one meets
 * dropout's contract. Each {@link Flaw} but {@link Flaw#NONE} breaks the contract in one way; the
 * checks must catch it. Not registered as a service: tests construct it.
 */
public final class OtherGeneratorDropout implements Engine {

    /** What this engine's dropout gets wrong. */
    public enum Flaw {
        /** Nothing: another generator, the same contract. */
        NONE,
        /** Kept units are scaled by 1/p instead of 1/(1 − p) (in training, inverted). */
        SCALES_BY_ONE_OVER_P,
        /** Units are kept with probability p instead of q = 1 − p. */
        KEEPS_WITH_PROBABILITY_P,
        /** Units are kept with probability q − 0.01 (where p &gt; 0): right scaling, a keep rate off by 0.01. */
        KEEP_RATE_OFF_BY_ONE_HUNDREDTH,
        /** The gradient draws a mask of its own, not the one of the evaluation of the same inputs. */
        GRADIENT_DRAWS_ANOTHER_MASK
    }

    private final Engine plain = Engines.plainJava();
    private final Flaw flaw;

    public OtherGeneratorDropout(Flaw flaw) {
        this.flaw = flaw;
    }

    @Override
    public String name() {
        return "other-generator-" + flaw.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String version() {
        return "test";
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public boolean implementsFormula(String id) {
        return plain.implementsFormula(id);
    }

    @Override
    public boolean implementsGradient(String id) {
        return plain.implementsGradient(id);
    }

    @Override
    public Tensors evaluate(String id, Tensors inputs) {
        if (!id.equals("dropout")) {
            return plain.evaluate(id, inputs);
        }
        Draw d = draw(inputs, 0);
        return Tensors.of("y", inputs.get("x").zip(d.factor, (x, f) -> x * f), "mask", d.mask);
    }

    @Override
    public Tensors vjp(String id, Tensors inputs, Tensors cotangents) {
        if (!id.equals("dropout")) {
            return plain.vjp(id, inputs, cotangents);
        }
        Draw d = draw(inputs, flaw == Flaw.GRADIENT_DRAWS_ANOTHER_MASK ? 1 : 0);
        return Tensors.of("x", cotangents.get("y").zip(d.factor, (c, f) -> c * f));
    }

    private record Draw(Tensor mask, Tensor factor) {
    }

    /** The mask and per-unit factor of one draw; {@code stream} 1 draws another mask than 0 from the same seed. */
    private Draw draw(Tensors in, long stream) {
        Tensor x = in.get("x");
        double p = in.scalar("p");
        double q = Dropout.keepProbability(p);
        Dropout.Mode mode = Dropout.Mode.ofCode(in.scalar("mode"));
        boolean training = Dropout.training(in.scalar("training"));
        double keep = switch (flaw) {
            case KEEPS_WITH_PROBABILITY_P -> p;
            case KEEP_RATE_OFF_BY_ONE_HUNDREDTH -> p > 0 ? Math.max(0, q - 0.01) : q;
            default -> q;
        };
        double scale = flaw == Flaw.SCALES_BY_ONE_OVER_P ? 1 / p : 1 / q;
        SplittableRandom random = new SplittableRandom((long) in.scalar("seed") * 31 + stream);
        double[] mask = new double[x.size()];
        double[] factor = new double[x.size()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = !training || random.nextDouble() < keep ? 1 : 0;
            if (training) {
                factor[i] = mode == Dropout.Mode.INVERTED ? mask[i] * scale : mask[i];
            } else {
                factor[i] = mode == Dropout.Mode.CLASSIC ? q : 1;
            }
        }
        return new Draw(Tensor.of(x.shape(), mask), Tensor.of(x.shape(), factor));
    }
}

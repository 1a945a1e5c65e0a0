package io.refcheck.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Draws samples from a catalog generator deterministically: the same arbitrary, seed and count
 * always give the same samples, inside or outside a jqwik property (the CLI draws with this too).
 */
public final class Sampling {
    private Sampling() {
    }

    /** The default seed: system property {@code refcheck.seed}, else 20261123. */
    public static long defaultSeed() {
        return Long.getLong("refcheck.seed", 20261123L);
    }

    /** {@code count} samples drawn from {@code arbitrary} with a generator seeded by {@code seed}. */
    public static synchronized <T> List<T> draw(Arbitrary<T> arbitrary, long seed, int count) {
        boolean ownSession = !JqwikSession.isActive();
        if (ownSession) {
            JqwikSession.start();
        }
        try {
            RandomGenerator<T> generator = arbitrary.generator(1000);
            Random random = new Random(seed);
            List<T> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(generator.next(random).value());
            }
            return out;
        } finally {
            if (ownSession) {
                JqwikSession.finish();
            }
        }
    }

    /** A seed derived from a base seed and a label, so every check draws its own stream. */
    public static long derive(long seed, String label) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (int i = 0; i < label.length(); i++) {
            h = (h ^ label.charAt(i)) * 0x100000001B3L;
        }
        return h ^ (h >>> 29);
    }
}

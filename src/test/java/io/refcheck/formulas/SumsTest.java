package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The strided, error-free-transformation dot product of {@link Sums}. */
class SumsTest {
    @Test
    void aStridedDotProductReadsEveryStrideThElementOfEachOperand() {
        double[] x = {1, 100, 2, 200, 3, 300};
        double[] y = {4, 0, 0, 5, 0, 0, 6};
        // Σ_k x[2k]·y[3k] = 1·4 + 2·5 + 3·6
        assertEquals(32.0, Sums.dot(x, 0, 2, y, 0, 3, 3));
        // offsets too: x[1 + 2k]·y[0 + 1k] = 100·4 + 200·0 + 300·0
        assertEquals(400.0, Sums.dot(x, 1, 2, y, 0, 1, 3));
    }

    @Test
    void theRoundingErrorOfEveryProductIsAddedBackSoACancellingDotProductIsExact() {
        // a·b = 1 + 2⁻²⁹ + 2⁻⁶⁰ rounds to p = 1 + 2⁻²⁹; a·b − p is exactly the lost 2⁻⁶⁰
        double a = 1 + 0x1p-30;
        double p = a * a;
        assertEquals(1 + 0x1p-29, p);
        assertEquals(0x1p-60, Sums.dot(new double[] {a, -p}, new double[] {a, 1}));
        assertEquals(-0x1p-60, Sums.dot(new double[] {-a, p}, new double[] {a, 1}));
    }
}

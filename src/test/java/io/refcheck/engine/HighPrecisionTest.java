package io.refcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The oracle's arithmetic against published constants, correct rounding, and its conventions. */
class HighPrecisionTest {
    private static final MathContext FIFTY = new MathContext(50);

    @Test
    void constantsAgreeWithTheirPublishedFiftyDigitValues() {
        assertEquals("0.69314718055994530941723212145817656807550013436026", HighPrecision.LN2.round(FIFTY).toPlainString());
        assertEquals("2.3025850929940456840179914546843642076011014886288", HighPrecision.LN10.round(FIFTY).toPlainString());
        assertEquals("2.7182818284590452353602874713526624977572470937000",
                HighPrecision.exp(BigDecimal.ONE).round(FIFTY).toPlainString());
        // e^(−1000) = 5.0759588975494567652918094795743369193055992828928…e-435 (Python decimal, 50 digits)
        assertEquals("5.0759588975494567652918094795743369193055992828928E-435",
                HighPrecision.exp(BigDecimal.valueOf(-1000)).round(FIFTY).toString());
    }

    @Test
    void expAndLogInvertEachOtherToSixtyDigits() {
        Random r = new Random(3);
        for (int i = 0; i < 200; i++) {
            BigDecimal x = new BigDecimal(Math.exp(60 * r.nextDouble() - 30));
            BigDecimal back = HighPrecision.exp(HighPrecision.log(x));
            assertTrue(back.subtract(x).abs().compareTo(x.movePointLeft(60)) < 0, x + " → " + back);
        }
    }

    @Test
    void log1pAndExpm1KeepRelativePrecisionNearZero() {
        BigDecimal tiny = new BigDecimal("1e-300");
        // log1p(t) = t − t²/2 + …, expm1(t) = t + t²/2 + …: both equal t to 300 digits here
        assertEquals(0, HighPrecision.log1p(tiny).round(FIFTY).compareTo(tiny));
        assertEquals(0, HighPrecision.expm1(tiny).round(FIFTY).compareTo(tiny));
        assertEquals(0, HighPrecision.log(BigDecimal.ONE.add(tiny)).round(FIFTY).compareTo(tiny));
    }

    @Test
    void roundingToDoubleAndFloatIsCorrectIncludingTiesAndSubnormals() {
        // 1 + 2⁻⁵³ is exactly half-way between 1 and 1 + 2⁻⁵²: ties go to the even significand, 1
        BigDecimal tie = BigDecimal.ONE.add(new BigDecimal(0x1p-53));
        assertEquals(1.0, HighPrecision.toDouble(tie));
        assertEquals(Math.nextUp(1.0), HighPrecision.toDouble(tie.add(new BigDecimal("1e-40"))));
        assertEquals(1.0f, HighPrecision.toFloat(BigDecimal.ONE.add(new BigDecimal(0x1p-24))));
        // float rounding straight from the exact value, not through double: 1 + 2⁻²⁴ + 2⁻⁶⁰ rounds up as a float,
        // while rounding it to double first gives the tie 1 + 2⁻²⁴, which would then round down to 1
        BigDecimal above = BigDecimal.ONE.add(new BigDecimal(0x1p-24)).add(new BigDecimal(0x1p-60));
        assertEquals(Math.nextUp(1.0f), HighPrecision.toFloat(above));
        assertEquals(Double.MIN_VALUE, HighPrecision.toDouble(new BigDecimal(Double.MIN_VALUE).multiply(new BigDecimal("0.75"))));
        assertEquals(0.0, HighPrecision.toDouble(new BigDecimal(Double.MIN_VALUE).multiply(new BigDecimal("0.5"))));
        Random r = new Random(9);
        for (int i = 0; i < 1000; i++) {
            double d = Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL);
            assertEquals(d, HighPrecision.toDouble(new BigDecimal(d)));
        }
    }

    @Test
    void theOracleFollowsTheCatalogsConventionsAtTheEdges() {
        OracleEngine oracle = new OracleEngine();
        Tensor a = oracle.evaluate("sigmoid", Tensors.of("z", Tensor.vector(Double.NEGATIVE_INFINITY, 0, Double.POSITIVE_INFINITY, Double.NaN))).get("a");
        assertEquals(Tensor.vector(0, 0.5, 1, Double.NaN), a);
        assertEquals(Double.POSITIVE_INFINITY, oracle.evaluate("kl_divergence",
                Tensors.of("p", Tensor.vector(0.5, 0.5), "q", Tensor.vector(1, 0))).get("d").item(), "p > 0 = q");
        assertEquals(0.0, oracle.evaluate("entropy", Tensors.of("p", Tensor.vector(1, 0))).get("h").item(), "0 log 0 = 0");
        assertEquals(100.0, oracle.evaluate("bce", Tensors.of("prediction", Tensor.vector(0, 1), "target", Tensor.vector(1, 0)))
                .get("loss").item(), "log 0 is clamped at −100 as torch.nn.functional.binary_cross_entropy");
        assertEquals(Math.log(2), oracle.evaluate("logsumexp", Tensors.of("z", Tensor.vector(0, 0))).get("lse").item());
        assertEquals(5.0, oracle.evaluate("lp_norm", Tensors.of("x", Tensor.vector(3, -4), "p", 2.0)).get("norm").item());
    }
}

package io.refcheck.formulas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.refcheck.tensor.Tensor;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.junit.jupiter.api.Test;

/**
 * Inputs where the activations and the KL divergence are correctly rounded (against 50 digits, commons-math3 Dfp)
 * and where a variant that moves a branch point, drops a correction term or takes the other branch is an ulp off:
 * the ends of tanh's rational range and of the KL series, the low part of σ′'s squared denominator, and the
 * edges of the normal range of p/q.
 */
class CorrectlyRoundedPointsTest {
    private static final DfpField FIELD = new DfpField(50);

    private static Dfp dfp(double x) {
        return FIELD.newDfp(x);
    }

    private static double exactTanh(double z) {
        Dfp e = DfpMath.exp(dfp(2 * z));
        return e.subtract(FIELD.getOne()).divide(e.add(FIELD.getOne())).toDouble();
    }

    @Test
    void tanhIsCorrectlyRoundedAtTheEndOfTheRationalRangeAndJustBeyondIt() {
        // Cephes takes the rational form up to and including |z| = 0.625; the exponential form is an ulp off there
        for (double z : new double[] {CephesTanh.SPLIT, -CephesTanh.SPLIT, 0x1.7b610f8fc657cp0, -0x1.8e1f42520167p0}) {
            assertEquals(exactTanh(z), Activations.tanh(z), "tanh(" + z + ")");
        }
    }

    @Test
    void theSigmoidDerivativeIsCorrectlyRoundedWhereTheDenominatorsLowPartDecidesTheLastBit() {
        for (double z : new double[] {0x1.0fec0009486ap-1, -0x1.3ceb664bba178p-1}) {
            Dfp e = DfpMath.exp(dfp(-Math.abs(z)));
            Dfp d = e.add(FIELD.getOne());
            assertEquals(e.divide(d.multiply(d)).toDouble(), Activations.sigmoidDerivative(z), "σ′(" + z + ")");
        }
    }

    @Test
    void klDivergenceIsCorrectlyRoundedWhereEveryRatioIsAtTheEndOfTheSeriesRange() {
        // d = ±1/4 for both outcomes: D = 0.625 log 1.25 + 0.375 log 0.75
        Dfp exact = dfp(0.625).multiply(DfpMath.log(dfp(1.25))).add(dfp(0.375).multiply(DfpMath.log(dfp(0.75))));
        assertEquals(exact.toDouble(), Information.klDivergence(Tensor.matrix(new double[] {0.625, 0.375}),
                Tensor.matrix(new double[] {0.5, 0.5})).item());
    }

    @Test
    void klDivergencesGradientInPIsCorrectlyRoundedNearAndFarFromQAndAtTheEdgesOfTheNormalRangeOfPOverQ() {
        double[][] pq = {
            {0x1.7889254739d2cp-2, 0x1.e454f458e0d4cp-2},   // |d| < 1/4: log1p(d), not log(p/q)
            {0x1.e6d1220290928p-3, 0x1.0f173ad8deee8p-4},   // far: log(p/q), not log p − log q
            {0x1p-1023, 0.5},                                // p/q = Double.MIN_NORMAL: still log(p/q)
            {(1 - 0x1p-53) * 0x1p-30, 0x1p-1054},            // p/q = Double.MAX_VALUE: still log(p/q)
        };
        for (double[] c : pq) {
            double p = c[0];
            double q = c[1];
            Tensor g = Information.klDivergenceVjpP(Tensor.matrix(new double[] {p, 1 - p}), Tensor.matrix(new double[] {q, 1 - q}),
                    Tensor.vector(1));
            double exact = DfpMath.log(dfp(p).divide(dfp(q))).add(FIELD.getOne()).toDouble();
            assertEquals(exact, g.at(0), "∂D/∂p at p = " + p + ", q = " + q);
        }
    }
}

package io.refcheck.formulas.vector;

import io.refcheck.formulas.Activations;
import io.refcheck.formulas.ElementwiseKernels;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Activations}' sigmoid, tanh and relu as JDK Vector API kernels, lane for lane the scalar
 * formulas (see their Javadoc for the error analysis): e^(−|z|) from the Vector API's EXP, 1 + e as a
 * double-double and one residual-corrected quotient; tanh's two ranges are both computed and
 * blended by |z| &lt; 0.625 (lanes outside a range may hold NaN; the blend discards them). Tails
 * shorter than a vector run the scalar formulas. Compiled separately (an incubating module in Java
 * 17) and loaded only under {@code -Drefcheck.vector=true}; see {@link ElementwiseKernels}.
 */
public final class VectorKernels implements ElementwiseKernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final double SPLIT = 0.625;
    // Cephes tanh.c, as in Activations.tanh
    private static final double P0 = -9.64399179425052238628E-1;
    private static final double P1 = -9.92877231001918586564E1;
    private static final double P2 = -1.61468768441708447952E3;
    private static final double Q0 = 1.12811678491632931402E2;
    private static final double Q1 = 2.23548839060100448583E3;
    private static final double Q2 = 4.84406305325125486048E3;

    @Override
    public String name() {
        return "vector " + S;
    }

    /** n/(d + dLow): q = n·(1/d) plus one Newton correction with the FMA residual, as Activations. */
    private static DoubleVector quotient(DoubleVector n, DoubleVector d, DoubleVector dLow) {
        DoubleVector inverse = DoubleVector.broadcast(S, 1.0).div(d);
        DoubleVector q = n.mul(inverse);
        DoubleVector r = q.neg().fma(d, n).sub(q.mul(dLow));
        return r.fma(inverse, q);
    }

    @Override
    public void sigmoid(double[] z) {
        int i = 0;
        for (int bound = S.loopBound(z.length); i < bound; i += S.length()) {
            DoubleVector x = DoubleVector.fromArray(S, z, i);
            DoubleVector e = x.abs().neg().lanewise(VectorOperators.EXP);
            DoubleVector d = e.add(1.0);
            DoubleVector dLow = DoubleVector.broadcast(S, 1.0).sub(d).add(e);
            VectorMask<Double> negative = x.compare(VectorOperators.LT, 0.0);
            DoubleVector n = DoubleVector.broadcast(S, 1.0).blend(e, negative);
            quotient(n, d, dLow).intoArray(z, i);
        }
        for (; i < z.length; i++) {
            z[i] = Activations.sigmoid(z[i]);
        }
    }

    @Override
    public void tanh(double[] z) {
        int i = 0;
        for (int bound = S.loopBound(z.length); i < bound; i += S.length()) {
            DoubleVector x = DoubleVector.fromArray(S, z, i);
            DoubleVector a = x.abs();
            DoubleVector w = a.mul(a);
            DoubleVector p = w.mul(P0).add(P1).mul(w).add(P2);
            DoubleVector q = w.add(Q0).mul(w).add(Q1).mul(w).add(Q2);
            DoubleVector small = a.add(a.mul(w.mul(p).div(q)));
            DoubleVector e = a.mul(-2.0).lanewise(VectorOperators.EXP);
            DoubleVector d = e.add(1.0);
            DoubleVector ratio = quotient(e.mul(2.0), d, DoubleVector.broadcast(S, 1.0).sub(d).add(e));
            DoubleVector s = DoubleVector.broadcast(S, 1.0).sub(ratio);
            DoubleVector large = s.add(DoubleVector.broadcast(S, 1.0).sub(s).sub(ratio));
            DoubleVector magnitude = large.blend(small, a.compare(VectorOperators.LT, SPLIT));
            // odd: −magnitude for z < 0, and z itself for z = ±0 (tanh(−0) = −0); a blend, because
            // copying the sign bit through long lanes costs more than the whole formula
            magnitude.blend(magnitude.neg(), x.compare(VectorOperators.LT, 0.0))
                    .blend(x, x.compare(VectorOperators.EQ, 0.0))
                    .intoArray(z, i);
        }
        for (; i < z.length; i++) {
            z[i] = Activations.tanh(z[i]);
        }
    }

    @Override
    public void relu(double[] z) {
        int i = 0;
        for (int bound = S.loopBound(z.length); i < bound; i += S.length()) {
            DoubleVector.fromArray(S, z, i).max(0.0).intoArray(z, i);
        }
        for (; i < z.length; i++) {
            z[i] = Math.max(z[i], 0.0);
        }
    }
}

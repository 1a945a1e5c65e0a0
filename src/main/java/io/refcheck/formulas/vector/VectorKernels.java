package io.refcheck.formulas.vector;

import io.refcheck.formulas.Activations;
import io.refcheck.formulas.CephesTanh;
import io.refcheck.formulas.ElementwiseKernels;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Activations}' sigmoid, tanh and relu as JDK Vector API kernels, lane for lane the scalar
 * formulas (see their Javadoc for the error analysis): e^(−|z|) from the Vector API's EXP, 1 + e as a
 * double-double and one residual-corrected quotient; tanh's two ranges are both computed and
 * blended by |z| ≤ {@value CephesTanh#SPLIT} (lanes outside a range may hold NaN; the blend
 * discards them), the first with Cephes' coefficients ({@link CephesTanh}). A tail shorter than
 * a vector runs the same vector code under a mask, so every element gets the same bits wherever a
 * block of the array starts or ends (refcheck.threads splits). Compiled separately (an incubating
 * module in Java 17) and loaded only under {@code -Drefcheck.vector=true}; see {@link ElementwiseKernels}.
 */
public final class VectorKernels implements ElementwiseKernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

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
    public void sigmoid(double[] z, int from, int to) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            sigmoid(DoubleVector.fromArray(S, z, i)).intoArray(z, i);
        }
        if (i < to) {
            VectorMask<Double> tail = S.indexInRange(i, to);
            sigmoid(DoubleVector.fromArray(S, z, i, tail)).intoArray(z, i, tail);
        }
    }

    @Override
    public void tanh(double[] z, int from, int to) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            tanh(DoubleVector.fromArray(S, z, i)).intoArray(z, i);
        }
        if (i < to) {
            VectorMask<Double> tail = S.indexInRange(i, to);
            tanh(DoubleVector.fromArray(S, z, i, tail)).intoArray(z, i, tail);
        }
    }

    @Override
    public void relu(double[] z, int from, int to) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            DoubleVector.fromArray(S, z, i).max(0.0).intoArray(z, i);
        }
        if (i < to) {
            VectorMask<Double> tail = S.indexInRange(i, to);
            DoubleVector.fromArray(S, z, i, tail).max(0.0).intoArray(z, i, tail);
        }
    }

    private static DoubleVector sigmoid(DoubleVector x) {
        DoubleVector e = x.abs().neg().lanewise(VectorOperators.EXP);
        DoubleVector d = e.add(1.0);
        DoubleVector dLow = DoubleVector.broadcast(S, 1.0).sub(d).add(e);
        DoubleVector n = DoubleVector.broadcast(S, 1.0).blend(e, x.compare(VectorOperators.LT, 0.0));
        return quotient(n, d, dLow);
    }

    private static DoubleVector tanh(DoubleVector x) {
        DoubleVector a = x.abs();
        DoubleVector w = a.mul(a);
        DoubleVector p = w.mul(CephesTanh.P0).add(CephesTanh.P1).mul(w).add(CephesTanh.P2);
        DoubleVector q = w.add(CephesTanh.Q0).mul(w).add(CephesTanh.Q1).mul(w).add(CephesTanh.Q2);
        DoubleVector small = a.add(a.mul(w.mul(p).div(q)));
        DoubleVector e = a.mul(-2.0).lanewise(VectorOperators.EXP);
        DoubleVector d = e.add(1.0);
        DoubleVector ratio = quotient(e.mul(2.0), d, DoubleVector.broadcast(S, 1.0).sub(d).add(e));
        DoubleVector large = DoubleVector.broadcast(S, 1.0).sub(ratio);
        DoubleVector magnitude = large.blend(small, a.compare(VectorOperators.LE, CephesTanh.SPLIT));
        // odd: −magnitude for z < 0, and z itself for z = ±0 (tanh(−0) = −0); a blend, because
        // copying the sign bit through long lanes costs more than the whole formula
        return magnitude.blend(magnitude.neg(), x.compare(VectorOperators.LT, 0.0))
                .blend(x, x.compare(VectorOperators.EQ, 0.0));
    }
}

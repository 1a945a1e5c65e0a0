package io.refcheck.formulas;

/**
 * The coefficients of tanh on |x| &lt; {@value #SPLIT}, from Cephes tanh.c (S. L. Moshier, Cephes
 * Math Library 2.8): tanh(x) = x + x·w·P(w)/Q(w) with w = x², P(w) = (P0·w + P1)·w + P2 and
 * Q(w) = ((w + Q0)·w + Q1)·w + Q2, relative error 2.5·10⁻¹⁷ on that range. The one home of these
 * numbers for the scalar kernel ({@link Activations#tanh}) and the Vector API one
 * ({@code formulas/vector/VectorKernels}, compiled separately, hence public).
 */
public final class CephesTanh {
    /** Where tanh changes from the rational form to 1 − 2e/(1 + e) (Cephes' split). */
    public static final double SPLIT = 0.625;
    public static final double P0 = -9.64399179425052238628E-1;
    public static final double P1 = -9.92877231001918586564E1;
    public static final double P2 = -1.61468768441708447952E3;
    public static final double Q0 = 1.12811678491632931402E2;
    public static final double Q1 = 2.23548839060100448583E3;
    public static final double Q2 = 4.84406305325125486048E3;

    private CephesTanh() {
    }
}

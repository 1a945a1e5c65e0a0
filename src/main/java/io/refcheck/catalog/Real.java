package io.refcheck.catalog;

/**
 * A real number of an arithmetic far more precise than double, in which the catalog writes a
 * formula's exact form ({@link ExactForm}): the oracle evaluates it with working precision many
 * digits beyond double's and rounds once, at the end ({@link #toDouble}, {@link #toFloat}).
 * Instances come from a {@link RealArithmetic}, and an operation takes operands of the same
 * arithmetic only.
 *
 * <p>{@link #add}, {@link #sub}, {@link #mul}, {@link #div} and the elementary functions round
 * their result to the working precision; {@link #addExact}, {@link #subExact} and
 * {@link #mulExact} do not (sums and products of inputs can be held exactly: their digits grow
 * instead), which an exact form uses where a difference of inputs must not lose digits before it
 * cancels; {@link #neg}, {@link #abs} and {@link #max} are always exact.
 */
public interface Real extends Comparable<Real> {

    /** x + y, rounded to the working precision. */
    Real add(Real y);

    /** x − y, rounded to the working precision. */
    Real sub(Real y);

    /** x·y, rounded to the working precision. */
    Real mul(Real y);

    /** x/y, rounded to the working precision; y ≠ 0. */
    Real div(Real y);

    /** x + y, not rounded. */
    Real addExact(Real y);

    /** x − y, not rounded. */
    Real subExact(Real y);

    /** x·y, not rounded. */
    Real mulExact(Real y);

    /** x², not rounded where x has no more digits than the working precision, else rounded to it (the digits stay bounded). */
    Real square();

    /** This value rounded to the working precision. */
    Real round();

    /** −x. */
    Real neg();

    /** |x|. */
    Real abs();

    /** The larger of x and y (x where they are equal). */
    Real max(Real y);

    /** −1, 0 or 1 as x is negative, zero or positive. */
    int signum();

    /** e^x. */
    Real exp();

    /** e^x − 1, to full relative precision near 0. */
    Real expm1();

    /** log x, x &gt; 0. */
    Real log();

    /** log(1 + x), x &gt; −1, to full relative precision however small x is. */
    Real log1p();

    /** x^p for x ≥ 0 and real p &gt; 0. */
    Real pow(double p);

    /** x^(1/p) for x ≥ 0 and p ≥ 1. */
    Real root(double p);

    /** The double nearest x (ties to even): the one rounding of an exact form's result. */
    double toDouble();

    /** The float nearest x (ties to even), rounded once from x, not through double. */
    float toFloat();
}

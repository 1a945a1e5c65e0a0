package io.refcheck.catalog;

/**
 * Where an exact form's numbers come from: the exact value of a double input, integers. The
 * catalog's exact forms ({@link ExactForm}) are written against this interface; the oracle engine
 * supplies the implementation (decimal arithmetic to a fixed number of digits), so the catalog
 * states what to compute and not in which number type.
 */
public interface RealArithmetic {

    /** The exact value of a finite double; an infinite or NaN x raises {@link ArithmeticException}. */
    Real of(double x);

    /** The integer n. */
    Real of(long n);

    default Real zero() {
        return of(0L);
    }

    default Real one() {
        return of(1L);
    }
}

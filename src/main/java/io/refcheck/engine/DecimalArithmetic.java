package io.refcheck.engine;

import io.refcheck.catalog.Real;
import io.refcheck.catalog.RealArithmetic;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The oracle's arithmetic: {@link Real} on {@link BigDecimal} to {@value HighPrecision#DIGITS}
 * significant digits (half-even), the elementary functions and the final rounding from
 * {@link HighPrecision}. Inputs convert exactly ({@code new BigDecimal(double)}), the unrounded
 * operations are BigDecimal's exact ones, and the rounded ones take {@link HighPrecision#MC}.
 */
public final class DecimalArithmetic implements RealArithmetic {
    public static final DecimalArithmetic INSTANCE = new DecimalArithmetic();

    private static final MathContext MC = HighPrecision.MC;

    private DecimalArithmetic() {
    }

    @Override
    public Real of(double x) {
        return new Decimal(HighPrecision.exact(x));
    }

    @Override
    public Real of(long n) {
        return new Decimal(BigDecimal.valueOf(n));
    }

    /** The BigDecimal value of a {@link Real} of this arithmetic. */
    public static BigDecimal decimal(Real x) {
        return ((Decimal) x).value();
    }

    /** A {@link BigDecimal} as a {@link Real}. */
    private record Decimal(BigDecimal value) implements Real {
        private static BigDecimal of(Real y) {
            return ((Decimal) y).value;
        }

        @Override
        public Real add(Real y) {
            return new Decimal(value.add(of(y), MC));
        }

        @Override
        public Real sub(Real y) {
            return new Decimal(value.subtract(of(y), MC));
        }

        @Override
        public Real mul(Real y) {
            return new Decimal(value.multiply(of(y), MC));
        }

        @Override
        public Real div(Real y) {
            return new Decimal(value.divide(of(y), MC));
        }

        @Override
        public Real addExact(Real y) {
            return new Decimal(value.add(of(y)));
        }

        @Override
        public Real subExact(Real y) {
            return new Decimal(value.subtract(of(y)));
        }

        @Override
        public Real mulExact(Real y) {
            return new Decimal(value.multiply(of(y)));
        }

        @Override
        public Real square() {
            return new Decimal(value.precision() <= HighPrecision.DIGITS ? value.multiply(value) : value.multiply(value, MC));
        }

        @Override
        public Real round() {
            return new Decimal(value.round(MC));
        }

        @Override
        public Real neg() {
            return new Decimal(value.negate());
        }

        @Override
        public Real abs() {
            return new Decimal(value.abs());
        }

        @Override
        public Real max(Real y) {
            return value.compareTo(of(y)) >= 0 ? this : y;
        }

        @Override
        public int signum() {
            return value.signum();
        }

        @Override
        public int compareTo(Real y) {
            return value.compareTo(of(y));
        }

        @Override
        public Real exp() {
            return new Decimal(HighPrecision.exp(value));
        }

        @Override
        public Real expm1() {
            return new Decimal(HighPrecision.expm1(value));
        }

        @Override
        public Real log() {
            return new Decimal(HighPrecision.log(value));
        }

        @Override
        public Real log1p() {
            return new Decimal(HighPrecision.log1p(value));
        }

        @Override
        public Real pow(double p) {
            return new Decimal(HighPrecision.pow(value, p));
        }

        @Override
        public Real root(double p) {
            return new Decimal(HighPrecision.root(value, p));
        }

        @Override
        public double toDouble() {
            return HighPrecision.toDouble(value);
        }

        @Override
        public float toFloat() {
            return HighPrecision.toFloat(value);
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }
}

package io.refcheck.engine;

import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.ExactForm;
import io.refcheck.catalog.ExactTensor;
import io.refcheck.catalog.ExactVjp;
import io.refcheck.catalog.Formula;
import io.refcheck.catalog.Real;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The accuracy oracle: the exact form of every catalog entry that states one
 * ({@link Formula#exact()}, see {@link ExactForm}) evaluated in high-precision decimal arithmetic
 * ({@link DecimalArithmetic}: {@value HighPrecision#DIGITS} significant digits, at least the 50
 * the accuracy targets need) from the exact values of the double inputs, and rounded once, at the
 * end, to the nearest double ({@link #evaluate}) or float ({@link #exact} then
 * {@link ExactTensor#toFloat32()}). Against it, an engine's error in ulps is its error against
 * the correctly rounded result ({@code check/Accuracy}). Its ids are the entries with an exact
 * form ({@link #ids()}); its gradients those with an exact vector–Jacobian product
 * ({@link Formula#exactVjp()}, {@link #gradientIds()}). Every other id is not implemented
 * ("not-applicable" in every check).
 *
 * <p>Independent of the plain-Java formulas: the exact forms live in the catalog
 * ({@code catalog/<Family>Exact}), written as in docs/catalog.md against {@link Real}, and call
 * nothing in {@code io.refcheck.formulas}; the arithmetic here shares nothing with them either.
 * The conventions are those the catalog states and PyTorch follows; a reduction over an infinite
 * input element is not computed (the oracle measures accuracy, the bad-input checks measure IEEE
 * conventions) and raises {@link ArithmeticException}.
 *
 * <p>Not listed in {@code META-INF/services}: an engine found there gets every conformance check,
 * each fact at 200 tries, which in 64-digit arithmetic would cost most of the report's time
 * (ReportTest, {@code refcheck report}, {@code refcheck check}) for a column that can only agree
 * with plain Java. {@code check/Accuracy} uses the oracle directly. To run the catalog's
 * checks on it anyway, put a jar with a services file naming {@code io.refcheck.engine.OracleEngine}
 * on the classpath, as for any user engine.
 */
public final class OracleEngine implements Engine {
    public static final String NAME = "oracle";

    /** The ids the oracle computes, in catalog order: the entries with an exact form. */
    public static List<String> ids() {
        return Catalog.all().stream().filter(f -> f.exact().isPresent()).map(Formula::id).toList();
    }

    /** The ids whose derivative the oracle computes: the entries with an exact vector–Jacobian product. */
    public static List<String> gradientIds() {
        return Catalog.all().stream().filter(f -> f.exactVjp().isPresent()).map(Formula::id).toList();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "BigDecimal, " + HighPrecision.DIGITS + " digits";
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public boolean implementsFormula(String id) {
        return Catalog.contains(id) && Catalog.get(id).exact().isPresent();
    }

    @Override
    public boolean implementsGradient(String id) {
        return Catalog.contains(id) && Catalog.get(id).exactVjp().isPresent();
    }

    @Override
    public Tensors evaluate(String id, Tensors inputs) {
        return rounded(exact(id, inputs));
    }

    @Override
    public Tensors vjp(String id, Tensors inputs, Tensors cotangents) {
        return rounded(exactVjp(id, inputs, cotangents));
    }

    /** The outputs of {@code id} on {@code inputs} before rounding, by output name. */
    public Map<String, ExactTensor> exact(String id, Tensors inputs) {
        return exact(Catalog.get(id), inputs);
    }

    /** The outputs of entry {@code f}'s exact form on {@code inputs} before rounding, by output name. */
    public Map<String, ExactTensor> exact(Formula f, Tensors inputs) {
        ExactForm form = f.exact().orElseThrow(() -> new UnsupportedOperationException(NAME + " does not implement " + f.id()));
        return form.apply(DecimalArithmetic.INSTANCE, inputs);
    }

    /** The vector–Jacobian product of {@code id} before rounding, by input name. */
    public Map<String, ExactTensor> exactVjp(String id, Tensors inputs, Tensors cotangents) {
        return exactVjp(Catalog.get(id), inputs, cotangents);
    }

    /** The vector–Jacobian product of entry {@code f}'s exact form before rounding, by input name. */
    public Map<String, ExactTensor> exactVjp(Formula f, Tensors inputs, Tensors cotangents) {
        ExactVjp vjp = f.exactVjp().orElseThrow(() -> new UnsupportedOperationException(NAME + " has no gradient for " + f.id()));
        return vjp.apply(DecimalArithmetic.INSTANCE, inputs, cotangents);
    }

    /** The decimal value of an element of the oracle's exact outputs. */
    public static BigDecimal decimal(Real x) {
        return DecimalArithmetic.decimal(x);
    }

    private static Tensors rounded(Map<String, ExactTensor> exact) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        exact.forEach((k, v) -> out.put(k, v.toFloat64()));
        return Tensors.of(out);
    }
}

package io.refcheck.check;

import io.refcheck.tensor.Dtype;

/**
 * One result row: one id × engine × dtype × device × check. The report renders these; tests
 * assert on the same rows.
 *
 * @param dtype  the dtype the row was judged in; null for a row about no one dtype (a golden data
 *               set's own problems, a golden case whose dtype is not one)
 * @param check  the check the row comes from
 * @param status its outcome
 */
public record CheckResult(String id, String family, String engine, Dtype dtype, String device, Check check,
                          Status status, double maxAbsError, double maxRelError, long maxUlp, double atol, double rtol,
                          int samples, long seed, String reason) {

    /** The dtype's label as the report writes it; empty for a row about no one dtype. */
    public String dtypeLabel() {
        return dtype == null ? "" : dtype.label();
    }

    public boolean failed() {
        return status == Status.FAIL;
    }
}

package io.refcheck.check;

/**
 * One result row: one id × engine × dtype × device × check. The report renders these; tests
 * assert on the same rows.
 *
 * @param status "pass", "fail", "unavailable" or "not-applicable"
 */
public record CheckResult(String id, String family, String engine, String dtype, String device, String check,
                          String status, double maxAbsError, double maxRelError, long maxUlp, double atol, double rtol,
                          int samples, long seed, String reason) {

    public static final String PASS = "pass";
    public static final String FAIL = "fail";
    public static final String UNAVAILABLE = "unavailable";
    public static final String NOT_APPLICABLE = "not-applicable";

    public boolean failed() {
        return FAIL.equals(status);
    }
}

package io.refcheck.check;

import java.util.Arrays;

/**
 * The outcome of one result row ({@link CheckResult}); the labels are those the report, the CLI
 * and conformance.json show.
 */
public enum Status {
    /** The check ran and held. */
    PASS("pass"),
    /** The check ran and did not hold; the row's reason says why. */
    FAIL("fail"),
    /** The engine could not run here; never counted as a pass. */
    UNAVAILABLE("unavailable"),
    /** The check does not apply to this id and engine; the row's reason says why. */
    NOT_APPLICABLE("not-applicable");

    private final String label;

    Status(String label) {
        this.label = label;
    }

    /** "pass", "fail", "unavailable" or "not-applicable". */
    public String label() {
        return label;
    }

    /**
     * The status of this label.
     *
     * @throws IllegalArgumentException naming the label and the known ones
     */
    public static Status of(String label) {
        for (Status s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("status: must be one of " + Arrays.stream(values()).map(Status::label).toList() + ", got " + label);
    }

    @Override
    public String toString() {
        return label;
    }
}

package io.refcheck.check;

import io.refcheck.catalog.BadInput;
import io.refcheck.catalog.Evaluator;
import io.refcheck.tensor.Tensors;

/** Runs one bad input against an evaluator and says whether it met its expectation. */
public final class BadInputCheck {
    private BadInputCheck() {
    }

    /** Empty string when the expectation holds, otherwise what went wrong. */
    public static String problem(String id, BadInput bad, Evaluator engine) {
        if (bad.expected() instanceof BadInput.NotApplicable) {
            return "";
        }
        Tensors out;
        try {
            out = engine.evaluate(id, bad.inputs());
        } catch (IllegalArgumentException e) {
            if (bad.expected() instanceof BadInput.Rejects r) {
                String m = String.valueOf(e.getMessage());
                if (!m.startsWith(r.argument() + ":") && !m.startsWith(r.argument() + " ")) {
                    return "message '" + m + "' does not start with the argument name '" + r.argument() + "'";
                }
                if (!m.contains(r.ruleFragment())) {
                    return "message '" + m + "' does not state the rule '" + r.ruleFragment() + "'";
                }
                return "";
            }
            return "expected the IEEE result (" + ((BadInput.Ieee) bad.expected()).why() + ") but was rejected: " + e.getMessage();
        } catch (RuntimeException e) {
            return "threw " + e + " instead of an IllegalArgumentException naming the argument";
        }
        if (bad.expected() instanceof BadInput.Ieee ieee) {
            return ieee.check().test(out) ? "" : "result " + out + " is not " + ieee.why();
        }
        BadInput.Rejects r = (BadInput.Rejects) bad.expected();
        return "returned " + out + " instead of rejecting " + r.argument() + " (" + r.ruleFragment() + ")";
    }
}

package io.refcheck.check;

import io.refcheck.catalog.BadInput;
import io.refcheck.catalog.Evaluator;
import io.refcheck.catalog.Formula;
import io.refcheck.engine.Engine;
import io.refcheck.engine.EngineFailure;
import io.refcheck.engine.PlainJavaEngine;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Runs one bad input against an engine and says what became of it. The reference (plain Java) is
 * held to the letter: the IEEE result, or an IllegalArgumentException whose message names the
 * argument and states the rule ({@link #problem}). Any other engine ({@link #judge}):
 *
 * <ul>
 *   <li>an IEEE input must give the entry's IEEE result (its predicate, on the input as the engine's
 *       dtype sees it); raising, or a number where PyTorch gives NaN, fails — unless the entry
 *       documents this engine's {@link BadInput.Deviation} and the engine shows exactly it;</li>
 *   <li>a rejected input must make it raise (any exception: its own messages are its own), or it was
 *       accepted silently and fails — unless the engine does not validate its input
 *       ({@link Engine#validatesInput()}), when the input is not judged.</li>
 * </ul>
 *
 * <p>An {@link EngineFailure} (the engine broke rather than answered) is never a rejection: it fails the input.
 */
public final class BadInputCheck {
    private BadInputCheck() {
    }

    /** What became of one bad input. */
    public enum Verdict {
        /** The engine did what the entry states. */
        HELD,
        /** It did not. */
        FAILED,
        /** It did what the entry documents for this engine instead of PyTorch's result: explained, never a pass. */
        DEVIATES_AS_DOCUMENTED,
        /** Not run: the engine does not validate its input, and the reference rejects this one. */
        NOT_JUDGED
    }

    /** One bad input's verdict, with what the engine did when it is not {@link Verdict#HELD}. */
    public record Item(BadInput bad, Verdict verdict, String detail) {
        /** "CATEGORY (description)": how a reason names the input. */
        public String label() {
            return bad.category() + " (" + bad.description() + ")";
        }
    }

    /** A row's status, the number of inputs run and judged, and the row's reason. */
    public record Outcome(Status status, int judged, String reason) {
    }

    /**
     * Every bad input of {@code f} on {@code engine} (not-applicable ones cannot arise and are
     * skipped). The row fails when one input failed, passes when none failed and at least one held,
     * and is not-applicable when none was judged: documented deviations never pass a row on their
     * own. Plain Java's reason lists its failures; another engine's says what became of every input.
     */
    public static Outcome run(Engine engine, Formula f) {
        List<BadInput> judged = f.badInputs().stream().filter(b -> !(b.expected() instanceof BadInput.NotApplicable)).toList();
        // the engine's calls on all the inputs answered in batches, the items judged in order
        List<Item> items = Batched.run(engine, judged.stream().map(BadInput::inputs).toList(),
                (calls, i, in) -> judge(engine, calls, f, judged.get(i))).stream().map(Batched.Result::get).toList();
        int failed = count(items, Verdict.FAILED, null);
        int held = count(items, Verdict.HELD, null);
        int deviates = count(items, Verdict.DEVIATES_AS_DOCUMENTED, null);
        Status status = failed > 0 ? Status.FAIL : held > 0 ? Status.PASS : Status.NOT_APPLICABLE;
        List<String> failures = items.stream().filter(i -> i.verdict() == Verdict.FAILED).map(i -> i.label() + ": " + i.detail()).toList();
        if (PlainJavaEngine.NAME.equals(engine.name())) {
            return new Outcome(status, items.size(), String.join("; ", failures));
        }
        List<String> parts = new ArrayList<>();
        if (!failures.isEmpty()) {
            parts.add(failures.size() + " failed: " + String.join("; ", failures));
        }
        int ieee = count(items, null, BadInput.Ieee.class);
        int rejected = items.size() - ieee;
        String summary = String.format(Locale.ROOT, "%d bad inputs: %d of the %d IEEE results as PyTorch gives them", items.size(),
                count(items, Verdict.HELD, BadInput.Ieee.class), ieee);
        if (engine.validatesInput() && rejected > 0) {
            summary += String.format(Locale.ROOT, ", %d of the %d inputs the reference rejects raised", count(items, Verdict.HELD,
                    BadInput.Rejects.class), rejected);
        }
        parts.add(summary);
        if (deviates > 0) {
            parts.add(String.format(Locale.ROOT, "differences from PyTorch the entry documents for %s %s (%d): %s", engine.name(),
                    engine.dtype(), deviates, String.join("; ", items.stream().filter(i -> i.verdict() == Verdict.DEVIATES_AS_DOCUMENTED)
                            .map(i -> i.label() + " " + i.detail()).toList())));
        }
        int notJudged = count(items, Verdict.NOT_JUDGED, null);
        if (notJudged > 0) {
            parts.add(String.format(Locale.ROOT, "not judged: the %d inputs the reference rejects, as %s does not validate its input "
                    + "(validatesInput() is false)", notJudged, engine.name()));
        }
        if (held == 0 && failed == 0) {
            parts.add("no input was judged to hold, so not applicable");
        }
        return new Outcome(status, held + failed + deviates, String.join(". ", parts));
    }

    /** Items with this verdict (any if null) whose expectation is of this kind (any if null). */
    private static int count(List<Item> items, Verdict v, Class<? extends BadInput.Expectation> kind) {
        return (int) items.stream().filter(i -> (v == null || i.verdict() == v) && (kind == null || kind.isInstance(i.bad().expected())))
                .count();
    }

    /** Empty string when the expectation holds, otherwise what went wrong: the reference's rule. */
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
            return holds(ieee.check(), out) ? "" : "result " + out + " is not " + ieee.why();
        }
        BadInput.Rejects r = (BadInput.Rejects) bad.expected();
        return "returned " + out + " instead of rejecting " + r.argument() + " (" + r.ruleFragment() + ")";
    }

    /**
     * One bad input of {@code f} on {@code engine}, an IEEE or rejected one (not-applicable inputs
     * are skipped by the caller, as they cannot arise).
     */
    public static Item judge(Engine engine, Formula f, BadInput bad) {
        return judge(engine, engine, f, bad);
    }

    /** As {@link #judge(Engine, Formula, BadInput)}, with the engine's calls made through {@code calls}. */
    private static Item judge(Engine engine, Evaluator calls, Formula f, BadInput bad) {
        if (PlainJavaEngine.NAME.equals(engine.name())) {
            String p = problem(f.id(), bad, calls);
            return new Item(bad, p.isEmpty() ? Verdict.HELD : Verdict.FAILED, p);
        }
        if (bad.expected() instanceof BadInput.Rejects r) {
            if (!engine.validatesInput()) {
                return new Item(bad, Verdict.NOT_JUDGED, "");
            }
            try {
                Tensors out = calls.evaluate(f.id(), Conformance.asSeenBy(engine, f, bad.inputs()));
                return new Item(bad, Verdict.FAILED, "accepted silently: returned " + out + " where the reference rejects "
                        + r.argument() + " (" + r.ruleFragment() + ")");
            } catch (EngineFailure e) {
                return new Item(bad, Verdict.FAILED, "the engine broke instead of rejecting it: " + e.getMessage());
            } catch (RuntimeException e) {
                return new Item(bad, Verdict.HELD, "");
            }
        }
        BadInput.Ieee ieee = (BadInput.Ieee) bad.expected();
        Optional<BadInput.Deviation> deviation = bad.deviation(engine.name(), engine.dtype());
        String documented = deviation.map(d -> "; nor the documented difference (" + d.why() + ")").orElse("");
        Tensors in = Conformance.asSeenBy(engine, f, bad.inputs());
        Tensors out;
        try {
            out = calls.evaluate(f.id(), in);
        } catch (EngineFailure e) {
            return new Item(bad, Verdict.FAILED, "the engine broke where PyTorch returns " + ieee.why() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            if (deviation.isPresent() && deviation.get().gives().isEmpty()) {
                return new Item(bad, Verdict.DEVIATES_AS_DOCUMENTED, "raises (" + deviation.get().why() + ")");
            }
            return new Item(bad, Verdict.FAILED, "threw " + e + " where PyTorch returns " + ieee.why() + documented);
        }
        if (holds(ieee.check(), engine.dtype() == Dtype.FLOAT32 ? atReferenceDigits(f, in, out) : out)) {
            return new Item(bad, Verdict.HELD, "");
        }
        if (deviation.isPresent() && deviation.get().gives().map(g -> holds(g, out)).orElse(false)) {
            return new Item(bad, Verdict.DEVIATES_AS_DOCUMENTED, "gives " + out + " (" + deviation.get().why() + ")");
        }
        return new Item(bad, Verdict.FAILED, "got " + out + ", expected " + ieee.why() + documented);
    }

    /**
     * A float32 engine's outputs with every finite element that agrees with plain Java's on the same
     * (float32-rounded) input, within the entry's float32 tolerance, replaced by plain Java's value.
     * The entries state their IEEE results in float64 (the finite elements beside a NaN row to a few
     * ulps of a double); a float32 engine is held to the NaN, ±∞ and shapes of that result exactly and
     * to its finite values at the tolerance its value rows use. Where plain Java itself does not
     * return, the outputs are left as they are.
     */
    static Tensors atReferenceDigits(Formula f, Tensors in, Tensors out) {
        Tensors reference;
        try {
            reference = f.compute(in);
        } catch (RuntimeException e) {
            return out;
        }
        Formula.Tolerance tol = f.float32Tolerance();
        Map<String, Tensor> snapped = new LinkedHashMap<>();
        for (String name : out.names()) {
            Tensor a = out.get(name);
            if (reference.has(name) && reference.get(name).sameShape(a)) {
                Tensor e = reference.get(name);
                double[] d = a.toArray();
                for (int i = 0; i < d.length; i++) {
                    double x = e.at(i);
                    if (Double.isFinite(d[i]) && Double.isFinite(x) && Math.abs(d[i] - x) <= tol.atol() + tol.rtol() * Math.abs(x)) {
                        d[i] = x;
                    }
                }
                a = Tensor.of(a.shape(), d);
            }
            snapped.put(name, a);
        }
        return Tensors.of(snapped);
    }

    /** Whether the outputs satisfy {@code check}; an output it needs that is missing or shaped otherwise does not. */
    private static boolean holds(Predicate<Tensors> check, Tensors out) {
        try {
            return check.test(out);
        } catch (RuntimeException e) {
            return false;
        }
    }
}

package io.refcheck.check;

import io.refcheck.catalog.Answer;
import io.refcheck.catalog.Evaluator;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a computation that calls an evaluator once per sample (a fact's check, which may call it
 * several times, with inputs it derives from earlier answers) on all samples, with the calls answered
 * in batches ({@link Evaluator#evaluateAll}, {@link Evaluator#vjpAll}).
 *
 * <p>Each round runs every unfinished sample's computation against the answers known so far; the
 * first call without an answer ends that sample's run for the round and is asked for. The calls of a
 * round are then answered in one batch per (operation, id), and the next round runs again from the
 * start, its calls so far answered from the record. A computation sees exactly the answers (and
 * exceptions) the evaluator gives one call at a time, and the evaluator gets exactly the calls it
 * would get one at a time, so the result is the same, as long as the computation is a function of
 * its sample and the answers, which the catalog's facts are. A computation that still asks after {@value #BATCHED_ROUNDS} rounds (a
 * finite difference over the engine, one call after another) finishes calling the evaluator one call
 * at a time: a round per call would re-run it once per call.
 */
final class Batched {
    /** Rounds answered in batches; the catalog's facts make at most a few dependent calls per sample. */
    static final int BATCHED_ROUNDS = 4;

    private Batched() {
    }

    /** What one sample's computation returned, or the runtime exception it raised. */
    record Result<T>(T value, RuntimeException error) {
        /** The value; raises the exception, as the computation did. */
        T get() {
            if (error != null) {
                throw error;
            }
            return value;
        }
    }

    /** The computation on sample number {@code index}, calling {@code engine}. */
    @FunctionalInterface
    interface Work<T> {
        T on(Evaluator engine, int index, Tensors sample);
    }

    /** {@code work} on each sample, in order, its calls to {@code engine} answered in batches. */
    static <T> List<Result<T>> run(Evaluator engine, List<Tensors> samples, Work<T> work) {
        List<Result<T>> results = new ArrayList<>(samples.size());
        List<Replay> replays = new ArrayList<>(samples.size());
        List<Integer> unfinished = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            results.add(null);
            replays.add(new Replay());
            unfinished.add(i);
        }
        for (int round = 0; round < BATCHED_ROUNDS && !unfinished.isEmpty(); round++) {
            List<Integer> still = new ArrayList<>();
            for (int i : unfinished) {
                Replay r = replays.get(i);
                try {
                    results.set(i, new Result<>(work.on(r.from(null), i, samples.get(i)), null));
                } catch (Unanswered u) {
                    still.add(i);
                } catch (RuntimeException e) {
                    results.set(i, new Result<>(null, e));
                }
            }
            answer(engine, still.stream().map(replays::get).toList());
            unfinished = still;
        }
        for (int i : unfinished) {
            try {
                results.set(i, new Result<>(work.on(replays.get(i).from(engine), i, samples.get(i)), null));
            } catch (RuntimeException e) {
                results.set(i, new Result<>(null, e));
            }
        }
        return results;
    }

    /** Asks {@code engine} for each replay's next call, one batch per (operation, id). */
    private static void answer(Evaluator engine, List<Replay> asking) {
        Map<List<Object>, List<Replay>> batches = new LinkedHashMap<>();
        for (Replay r : asking) {
            batches.computeIfAbsent(List.of(r.next.vjp(), r.next.id()), k -> new ArrayList<>()).add(r);
        }
        for (List<Replay> batch : batches.values()) {
            Call first = batch.get(0).next;
            List<Tensors> inputs = batch.stream().map(r -> r.next.inputs()).toList();
            List<Answer> got = first.vjp()
                    ? engine.vjpAll(first.id(), inputs, batch.stream().map(r -> r.next.cotangents()).toList())
                    : engine.evaluateAll(first.id(), inputs);
            for (int k = 0; k < batch.size(); k++) {
                batch.get(k).answered(got.get(k));
            }
        }
    }

    /** One call: the operation, the id and the arguments. */
    private record Call(boolean vjp, String id, Tensors inputs, Tensors cotangents) {
    }

    /**
     * Thrown through the computation at its first call without an answer. An Error, not a
     * RuntimeException, so that a computation that catches what the engine raises does not catch it.
     */
    private static final class Unanswered extends Error {
        private static final Unanswered INSTANCE = new Unanswered();

        private Unanswered() {
            super("a call without an answer yet", null, false, false);
        }
    }

    /**
     * One sample's calls so far and their answers, in the order the computation made them: a run
     * replays them, so that every call the computation makes is one call to the engine, as without
     * batches (a call repeated with the same arguments is asked again: an engine's random draws may differ).
     */
    private static final class Replay {
        final List<Call> calls = new ArrayList<>();
        final List<Answer> answers = new ArrayList<>();
        Call next;

        void answered(Answer a) {
            calls.add(next);
            answers.add(a);
            next = null;
        }

        /**
         * An evaluator for one run: the recorded answers in order, then {@code engine} one call at a
         * time, or, when {@code engine} is null, the call recorded as {@link #next} and
         * {@link Unanswered} thrown.
         */
        Evaluator from(Evaluator engine) {
            return new Evaluator() {
                int position;

                @Override
                public Tensors evaluate(String id, Tensors inputs) {
                    return answer(new Call(false, id, inputs, null));
                }

                @Override
                public Tensors vjp(String id, Tensors inputs, Tensors cotangents) {
                    return answer(new Call(true, id, inputs, cotangents));
                }

                private Tensors answer(Call c) {
                    int p = position++;
                    if (p < calls.size()) {
                        if (!calls.get(p).equals(c)) {
                            throw new IllegalStateException("the check asked " + (c.vjp() ? "vjp " : "evaluate ") + c.id()
                                    + " where its run before asked another call: its calls must follow from its sample and answers");
                        }
                        return answers.get(p).get();
                    }
                    if (engine != null) {
                        return c.vjp() ? engine.vjp(c.id(), c.inputs(), c.cotangents()) : engine.evaluate(c.id(), c.inputs());
                    }
                    next = c;
                    throw Unanswered.INSTANCE;
                }
            };
        }
    }
}

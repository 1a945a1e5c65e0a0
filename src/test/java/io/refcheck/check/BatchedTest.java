package io.refcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.refcheck.catalog.Answer;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Evaluator;
import io.refcheck.engine.Engine;
import io.refcheck.engine.EngineDefinition;
import io.refcheck.engine.Engines;
import io.refcheck.engine.ForwardingEngine;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checks ask an engine for their samples in batches ({@link Evaluator#evaluateAll},
 * {@link Evaluator#vjpAll}), and see the same answers, in the same order, as one call at a time.
 */
class BatchedTest {

    /** An evaluator that logs every call it answers, one at a time or in a batch: y = 2x, rejecting x < 0. */
    private static final class Logged implements Evaluator {
        final List<String> calls = new ArrayList<>();
        int batches;
        int single;

        @Override
        public Tensors evaluate(String id, Tensors inputs) {
            calls.add(id + " " + inputs.get("x").item());
            double x = inputs.get("x").item();
            if (x < 0) {
                throw new IllegalArgumentException("x: must be >= 0, got " + x);
            }
            return Tensors.of("y", Tensor.scalar(2 * x));
        }

        @Override
        public Tensors vjp(String id, Tensors inputs, Tensors cotangents) {
            throw new UnsupportedOperationException("no gradient");
        }

        @Override
        public List<Answer> evaluateAll(String id, List<Tensors> samples) {
            batches++;
            return Evaluator.super.evaluateAll(id, samples);
        }
    }

    /** y(y(x)) + y(x): two calls, the second on the first's answer. */
    private static double twice(Evaluator e, Tensors sample) {
        double once = e.evaluate("double", sample, "y").item();
        return e.evaluate("double", Tensors.of("x", Tensor.scalar(once)), "y").item() + once;
    }

    private static List<Tensors> xs(double... values) {
        List<Tensors> out = new ArrayList<>();
        for (double v : values) {
            out.add(Tensors.of("x", Tensor.scalar(v)));
        }
        return out;
    }

    @Test
    void dependentCallsAreAnsweredInOneBatchPerRoundWithTheSameResultsAndCallsAsOneAtATime() {
        Logged direct = new Logged();
        List<Double> expected = new ArrayList<>();
        for (Tensors s : xs(1, 2, 3)) {
            expected.add(twice(direct, s));
        }
        Logged batched = new Logged();
        List<Batched.Result<Double>> got = Batched.run(batched, xs(1, 2, 3), (e, i, s) -> twice(e, s));
        assertEquals(expected, got.stream().map(Batched.Result::get).toList());
        assertEquals(2, batched.batches);
        assertEquals(direct.calls.stream().sorted().toList(), batched.calls.stream().sorted().toList());
    }

    @Test
    void aSampleTheEngineRejectsRaisesItsOwnExceptionAndTheOthersAreAnswered() {
        Logged engine = new Logged();
        List<Batched.Result<Double>> got = Batched.run(engine, xs(1, -1, 3), (e, i, s) -> twice(e, s));
        assertEquals(6.0, got.get(0).get());
        assertInstanceOf(IllegalArgumentException.class, got.get(1).error());
        assertEquals("x: must be >= 0, got -1.0", got.get(1).error().getMessage());
        assertNull(got.get(1).value());
        assertEquals(18.0, got.get(2).get());
    }

    @Test
    void aCallRepeatedWithTheSameArgumentsIsAskedAgainAsOneAtATime() {
        Logged engine = new Logged();
        Batched.run(engine, xs(1), (e, i, s) -> e.evaluate("double", s, "y").item() + e.evaluate("double", s, "y").item());
        assertEquals(List.of("double 1.0", "double 1.0"), engine.calls);
    }

    @Test
    void aComputationWithMoreDependentCallsThanTheBatchedRoundsFinishesOneCallAtATime() {
        int calls = Batched.BATCHED_ROUNDS + 3;
        Logged engine = new Logged();
        List<Batched.Result<Double>> got = Batched.run(engine, xs(1), (e, i, s) -> {
            Tensors x = s;
            for (int k = 0; k < calls; k++) {
                x = Tensors.of("x", e.evaluate("double", x, "y"));
            }
            return x.get("x").item();
        });
        assertEquals(Math.pow(2, calls), got.get(0).get());
        assertEquals(calls, engine.calls.size());
        assertEquals(Batched.BATCHED_ROUNDS, engine.batches);
    }

    @Test
    void theDefaultBatchOfAnEngineKeepsEachSamplesExceptionToItself() {
        Engine e = Engines.define("halver").formula("relu", in -> {
            if (in.get("z").size() == 0) {
                throw new IllegalArgumentException("z: must not be empty");
            }
            return Tensors.of("a", in.get("z").map(x -> Math.max(0, x)));
        }).build();
        List<Answer> out = e.evaluateAll("relu", List.of(Tensors.of("z", Tensor.vector(-1, 2)), Tensors.of("z", Tensor.vector())));
        assertEquals(Tensor.vector(0, 2), out.get(0).get().get("a"));
        assertEquals("z: must not be empty", out.get(1).error().getMessage());
    }

    /** An engine that counts the calls the checks make outside batches, and the batches. */
    private static final class Counting extends ForwardingEngine {
        int single;
        int batches;

        Counting(Engine inner) {
            super(inner);
        }

        @Override
        public Tensors evaluate(String id, Tensors inputs) {
            single++;
            return delegate().evaluate(id, inputs);
        }

        @Override
        public Tensors vjp(String id, Tensors inputs, Tensors cotangents) {
            single++;
            return delegate().vjp(id, inputs, cotangents);
        }

        @Override
        public List<Answer> evaluateAll(String id, List<Tensors> samples) {
            batches++;
            return delegate().evaluateAll(id, samples);
        }

        @Override
        public List<Answer> vjpAll(String id, List<Tensors> inputs, List<Tensors> cotangents) {
            batches++;
            return delegate().vjpAll(id, inputs, cotangents);
        }
    }

    @Test
    void everyCheckOfAnEngineOtherThanTheReferenceAsksForItsSamplesInBatchesOnly() {
        EngineDefinition d = Engines.define("in-jvm-relu");
        d.formula("relu", Catalog.get("relu")::compute);
        d.gradient("relu", (in, ct) -> Catalog.get("relu").vjp().orElseThrow().apply(in, ct));
        Counting engine = new Counting(d.build());
        List<CheckResult> rows = new Conformance(20261123L).run(engine, Catalog.get("relu"));
        assertEquals(List.of(), rows.stream().filter(CheckResult::failed).toList());
        assertEquals(0, engine.single, "calls outside batches");
        assertSame(true, engine.batches > 0 && engine.batches < 30, "batches: " + engine.batches);
    }
}

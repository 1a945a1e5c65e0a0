package io.refcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.refcheck.SharedReport;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Conformance;
import io.refcheck.check.FactRunner;
import io.refcheck.check.Sampling;
import io.refcheck.check.Status;
import io.refcheck.formulas.Activations;
import io.refcheck.onnx.OnnxGraph;
import io.refcheck.onnx.OnnxTensor;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Plain Java against ONNX Runtime 1.23.2 (CPU) on each entry's ONNX graph, float64 and float32:
 * values on the worked examples and on the entry's samples (Conformance's value check, as for
 * PyTorch), and, in float64, every fact of the entry computed through ONNX Runtime on
 * {@value #FACT_TRIES} samples (the full 200 run in {@code refcheck check}). An engine that cannot
 * load fails this test unless {@code -Drefcheck.allowUnavailableEngines=true}: a missing engine is
 * never a pass.
 */
class OnnxRuntimeEngineTest {
    private static final boolean ALLOW_UNAVAILABLE = Boolean.getBoolean("refcheck.allowUnavailableEngines");
    private static final Conformance CONFORMANCE = new Conformance(Sampling.defaultSeed());

    /** Close the cached sessions so later tests in this JVM (PyTorch's native-memory check) see none of ONNX Runtime's memory. */
    @AfterAll
    static void closeOnnxRuntimeSessions() {
        OnnxRuntimeEngine.closeSessions();
    }

    /** Tries per fact: each ONNX Runtime call of a new shape opens a session (milliseconds); 40 tries keep the run short. */
    private static final int FACT_TRIES = 40;
    private static final Map<String, Map<String, List<CheckResult>>> VALUE_ROWS = new ConcurrentHashMap<>();

    private static boolean usable(Engine e) {
        Engine.Availability a = e.availability();
        if (!a.available() && ALLOW_UNAVAILABLE) {
            System.out.println("ONNX Runtime unavailable (allowed by refcheck.allowUnavailableEngines): " + a.reason());
        }
        return a.available();
    }

    /** The rows of one id on an engine, from this JVM's one conformance run (see {@link SharedReport}). */
    private static List<CheckResult> rowsOf(OnnxRuntimeEngine engine, Formula f) {
        return SharedReport.rows(engine.name(), engine.dtype(), f.id()).stream()
                .filter(r -> r.check() != Check.GOLDEN).toList();
    }

    @Test
    void onnxRuntimeLoadsOrTheRunSaysWhyAndFails() {
        Engine e = new OnnxRuntimeEngine.Float64();
        Engine.Availability a = e.availability();
        if (!a.available() && ALLOW_UNAVAILABLE) {
            return;
        }
        assertTrue(a.available(), () -> "ONNX Runtime engine unavailable: " + a.reason());
        assertEquals("1.23.2", e.version());
        assertEquals("cpu", e.device());
        assertFalse(e.implementsGradient("softmax"), "ONNX Runtime runs inference only");
    }

    @TestFactory
    Stream<DynamicNode> everyFormulaWithAnOnnxFormAgreesWithPlainJavaInFloat64AndFloat32() {
        return Stream.of(new OnnxRuntimeEngine.Float64(), new OnnxRuntimeEngine.Float32()).map(engine ->
                dynamicContainer("onnxruntime " + engine.dtype(), Catalog.all().stream().map(f -> dynamicTest(f.id(), () -> {
                    if (!engine.availability().available()) {
                        assertTrue(ALLOW_UNAVAILABLE, () -> "onnxruntime unavailable: " + engine.availability().reason());
                        return;
                    }
                    List<CheckResult> rows = rowsOf(engine, f).stream().filter(r -> r.check() == Check.VALUE).toList();
                    assertEquals(1, rows.size(), f.id());
                    assertEquals(engine.implementsFormula(f.id()), rows.get(0).status() != Status.NOT_APPLICABLE, f.id());
                    for (CheckResult r : rows) {
                        assertFalse(r.failed(), () -> r.engine() + " " + r.dtype() + " " + r.id() + " " + r.check() + " " + r.status()
                                + ": " + r.reason() + String.format(" [max abs %.3g, max rel %.3g, max ulp %d, atol %.1g, rtol %.1g]",
                                r.maxAbsError(), r.maxRelError(), r.maxUlp(), r.atol(), r.rtol()));
                    }
                    if (engine.implementsFormula(f.id())) {
                        assertTrue(rows.stream().anyMatch(r -> r.check() == Check.VALUE && r.status() == Status.PASS
                                && r.samples() > Conformance.VALUE_SAMPLES), () -> f.id() + ": no value row passed on the samples");
                    }
                }))));
    }

    /** Every fact of every id, computed through ONNX Runtime in float64 (a fact needing a gradient is not applicable). */
    @TestFactory
    Stream<DynamicNode> everyFactHoldsThroughOnnxRuntimeInFloat64() {
        OnnxRuntimeEngine engine = new OnnxRuntimeEngine.Float64();
        return Catalog.all().stream().filter(f -> SharedReport.ids().contains(f.id()) && engine.implementsFormula(f.id())
                        && !f.facts().isEmpty())
                .map(f -> dynamicContainer(f.id(), rowsOf(engine, f).stream().filter(r -> r.check() == Check.PROPERTY)
                        .map(r -> dynamicTest(r.reason().split(": ")[0], () -> assertFalse(r.failed(),
                                () -> f.id() + " on onnxruntime float64: " + r.reason())))));
    }

    @Test
    void everyIdWithoutAnOnnxFormOrWithoutAKernelSaysWhy() {
        for (Formula f : Catalog.all()) {
            assertFalse(f.onnxNote().isBlank(), f.id());
            for (OnnxRuntimeEngine e : List.of(new OnnxRuntimeEngine.Float64(), new OnnxRuntimeEngine.Float32())) {
                boolean runs = f.onnx().isPresent() && f.onnxRuntimeGap(e.dtype()).isEmpty();
                assertEquals(runs, e.implementsFormula(f.id()), f.id());
                assertEquals(runs, e.notApplicableReason(f.id()).isEmpty(), f.id());
            }
        }
        OnnxRuntimeEngine f64 = new OnnxRuntimeEngine.Float64();
        assertTrue(f64.notApplicableReason("one_hot").contains("OneHot"), f64.notApplicableReason("one_hot"));
        assertTrue(f64.notApplicableReason("dropout").startsWith("no ONNX form: "), f64.notApplicableReason("dropout"));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> f64.evaluate("one_hot", Tensors.of("labels", Tensor.vector(0, 1), "classes", 2)));
        assertTrue(e.getMessage().contains("float64"), e.getMessage());
    }

    /**
     * Why the sigmoid entry's ONNX form is Reciprocal(1 + Exp(−z)) and not the Sigmoid operator:
     * ONNX Runtime 1.23.2's double Sigmoid is ½ + ½·tanh(z/2), which cancels for z ≪ 0. Its
     * absolute error stays below 4e-16, but the relative error reaches 1 (σ(−40) comes out 0), and
     * the catalog's fact softmax([z, 0])₀ = σ(z) (8u relative) fails on it. If this test fails,
     * ONNX Runtime has changed its kernel: the entry may go back to Sigmoid.
     */
    @Test
    void onnxRuntimesDoubleSigmoidOperatorLosesRelativeAccuracyBelowZero() {
        Engine e = new OnnxRuntimeEngine.Float64();
        if (!usable(e)) {
            return;
        }
        Tensor z = Tensor.vector(-40, -30, -7.610484159300079, 0, 5, 40);
        Tensor exact = Activations.sigmoid(z);
        Tensor form = e.evaluate("sigmoid", Tensors.of("z", z)).get("a");
        Tensor operator = OnnxRuntimeEngine.run(sigmoidOperatorModel(z.size()), Map.of("z", OnnxTensor.ofDouble(z))).get("a").values();
        assertEquals(0.0, operator.at(0), "σ(−40) = 4.2e-18 underflows in ½ + ½·tanh(−20)");
        assertTrue(Math.abs(operator.at(1) / exact.at(1) - 1) > 1e-4, "σ(−30) loses about four digits");
        assertTrue(Math.abs(operator.at(2) / exact.at(2) - 1) > 1e-13, "σ(−7.6) is some 1000 ulps off");
        for (int i = 0; i < z.size(); i++) {
            assertTrue(Math.abs(operator.at(i) - exact.at(i)) < 4e-16, "absolute error at z = " + z.at(i));
            assertEquals(exact.at(i), form.at(i), 4 * Math.ulp(exact.at(i)), "the entry's form at z = " + z.at(i));
        }
    }

    /** A one-node model Sigmoid(z) for DOUBLE z of shape [n]. */
    private static byte[] sigmoidOperatorModel(int n) {
        ValueInfoProto.Builder in = ValueInfoProto.newBuilder().setName("z");
        in.getTypeBuilder().getTensorTypeBuilder().setElemType(DataType.DOUBLE.getNumber()).getShapeBuilder().addDimBuilder().setDimValue(n);
        ValueInfoProto.Builder out = ValueInfoProto.newBuilder().setName("a");
        out.getTypeBuilder().getTensorTypeBuilder().setElemType(DataType.DOUBLE.getNumber());
        GraphProto graph = GraphProto.newBuilder().setName("sigmoid").addInput(in).addOutput(out)
                .addNode(NodeProto.newBuilder().setOpType("Sigmoid").addInput("z").addOutput("a")).build();
        return ModelProto.newBuilder().setIrVersion(OnnxGraph.IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxGraph.OPSET)).setGraph(graph).build().toByteArray();
    }

    @Test
    void oneHotOfNoLabelsNeverReachesOnnxRuntimesOneHotKernel() {
        Engine e = new OnnxRuntimeEngine.Float32();
        if (!usable(e)) {
            return;
        }
        // ONNX Runtime 1.23's OneHot kills the process with SIGFPE on an empty index tensor
        Tensor out = e.evaluate("one_hot", Tensors.of("labels", Tensor.zeros(0), "classes", 4)).get("one_hot");
        assertEquals(Tensor.zeros(0, 4), out);
        assertEquals(Tensor.matrix(new double[] {0, 1, 0}), e.evaluate("one_hot", Tensors.of("labels", Tensor.vector(1), "classes", 3))
                .get("one_hot"));
    }

    @Test
    void graphsNameTheEntrysInputsAndOutputsAndKeepHyperparametersInDouble() {
        Tensors sample = Tensors.of("theta", Tensor.vector(1, 2), "grad", Tensor.vector(0.5, -1), "lr", 0.1);
        OnnxGraph.Model m = Catalog.get("gd_step").onnxModel(sample, DataType.FLOAT, true);
        assertEquals(List.of("theta", "grad", "lr"), m.inputs().stream().map(OnnxGraph.Input::name).toList());
        assertEquals(List.of(DataType.FLOAT, DataType.FLOAT, DataType.DOUBLE), m.inputs().stream().map(OnnxGraph.Input::type).toList());
        assertEquals("theta_new", m.outputs().get(0).graphName(), "an ONNX value is assigned once");
        assertEquals("theta", m.outputs().get(0).port());
        assertEquals(OnnxGraph.OPSET, m.proto().getOpsetImport(0).getVersion());

        OnnxGraph.Model labels = Catalog.get("softmax_cross_entropy").onnxModel(Tensors.of("logits", Tensor.zeros(2, 3), "labels", Tensor.vector(0, 2)), DataType.DOUBLE, true);
        assertEquals(DataType.INT64, labels.inputs().get(1).type());

        Engine e = new OnnxRuntimeEngine.Float32();
        if (usable(e)) {
            // β2 = 1 − 1e-8 rounds to 1.0f: kept DOUBLE until 1 − β2 is formed, v moves by (1 − β2)·g²
            Tensors adam = Tensors.of("w", Tensor.vector(1), "g", Tensor.vector(1000), "m", Tensor.vector(0), "v", Tensor.vector(0),
                    "t", 1, "lr", 0.1, "beta1", 0.9, "beta2", 1 - 1e-8, "eps", 1e-8);
            assertEquals(1e-2, e.evaluate("adam_step", adam).get("v").item(), 1e-8);
        }
    }

    @Test
    void sessionsAreCachedBoundedAndClosedOnRequest() {
        Engine e = new OnnxRuntimeEngine.Float64();
        if (!usable(e)) {
            return;
        }
        OnnxRuntimeEngine.closeSessions();
        for (int n = 0; n <= 40; n++) {
            e.evaluate("relu", Tensors.of("z", Tensor.zeros(n)));
        }
        assertEquals(1, OnnxRuntimeEngine.openSessions(), "vectors of every length share one graph and one session");
        for (int m = 1; m <= 40; m++) { // two_layer_vectorized reads m (its 1/m) into the graph: a session per m
            Tensor one = Tensor.filled(0.5, 1, 1);
            e.evaluate("two_layer_vectorized", Tensors.of("X", Tensor.filled(1, 1, m), "Y", Tensor.filled(1, 1, m), "W1", one, "b1", one,
                    "W2", one, "b2", one, "hidden", 1));
        }
        assertEquals(32, OnnxRuntimeEngine.openSessions());
        OnnxRuntimeEngine.closeSessions();
        assertEquals(0, OnnxRuntimeEngine.openSessions());
        assertEquals(Tensor.vector(0, 3), e.evaluate("relu", Tensors.of("z", Tensor.vector(-3, 3))).get("a"));
    }
}

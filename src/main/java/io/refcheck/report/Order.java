package io.refcheck.report;

import io.refcheck.catalog.Catalog;
import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.SampleError;
import io.refcheck.engine.PlainJavaEngine;
import io.refcheck.tensor.Dtype;
import java.util.Comparator;
import java.util.List;

/**
 * The one order every renderer uses, so that two runs give byte-identical files: ids in catalog
 * order (ids from other producers that the catalog lacks come after, alphabetically), then engine
 * (plain Java, PyTorch, ONNX Runtime, golden, oracle, then others alphabetically), dtype ({@link Dtype}
 * order: float64 before float32), device (cpu first) and check ({@link Check} order: value,
 * gradient, kink, tail, property, bad-input, catalog, golden, golden-gradient, oracle,
 * oracle-derivative, oracle-element). Rows equal under this order keep the order they were
 * produced in (the entry's order of facts).
 */
public final class Order {
    private static final List<String> IDS = Catalog.ids();
    private static final List<String> ENGINES = List.of(PlainJavaEngine.NAME, "pytorch", "onnxruntime", "golden", "oracle");
    private static final List<String> DEVICES = List.of("cpu");

    private Order() {
    }

    /** Catalog ids by their position in the catalog; others after them, alphabetically. */
    public static final Comparator<String> ID = Comparator.<String>comparingInt(id -> rank(IDS, id))
            .thenComparing(Comparator.naturalOrder());

    public static final Comparator<String> ENGINE = known(ENGINES);
    /** {@link Dtype} order (float64 first); a row about no one dtype (null) last. */
    public static final Comparator<Dtype> DTYPE = Comparator.nullsLast(Comparator.naturalOrder());
    public static final Comparator<String> DEVICE = known(DEVICES);
    /** {@link Check} declaration order: the one place that order is defined. */
    public static final Comparator<Check> CHECK = Comparator.naturalOrder();

    /** An engine × dtype × device combination: one column of the matrix. */
    public static final Comparator<Column> COLUMN = Comparator.comparing(Column::engine, ENGINE)
            .thenComparing(Column::dtype, DTYPE).thenComparing(Column::device, DEVICE);

    public static final Comparator<CheckResult> ROW = Comparator.comparing(CheckResult::id, ID)
            .thenComparing(Column::of, COLUMN).thenComparing(CheckResult::check, CHECK);

    public static final Comparator<SampleError> SAMPLE = Comparator.comparing(SampleError::id, ID)
            .thenComparing(Column::of, COLUMN).thenComparing(SampleError::check, CHECK);

    private static Comparator<String> known(List<String> first) {
        return Comparator.<String>comparingInt(s -> rank(first, s)).thenComparing(Comparator.naturalOrder());
    }

    private static int rank(List<String> first, String s) {
        int i = first.indexOf(s);
        return i < 0 ? first.size() : i;
    }

    /** One column of the matrix: an engine at one dtype on one device. */
    public record Column(String engine, Dtype dtype, String device) {
        public static Column of(CheckResult r) {
            return new Column(r.engine(), r.dtype(), r.device());
        }

        public static Column of(SampleError e) {
            return new Column(e.engine(), e.dtype(), e.device());
        }

        /** The dtype's label; empty for a column of rows about no one dtype. */
        public String dtypeLabel() {
            return dtype == null ? "" : dtype.label();
        }

        /** "pytorch float32", with the device added when it is not the CPU: "pytorch float32 cuda:0". */
        public String label() {
            return engine + " " + dtypeLabel() + ("cpu".equals(device) ? "" : " " + device);
        }

        public boolean matches(CheckResult r) {
            return engine.equals(r.engine()) && dtype == r.dtype() && device.equals(r.device());
        }
    }
}

package io.refcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Formula;
import io.refcheck.check.Check;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Status;
import io.refcheck.tensor.Dtype;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The typed vocabularies: check names, statuses and dtypes are enums whose labels are what the
 * report writes; the report's order of checks is their declaration order; the comparison policy
 * per dtype is the one in {@link Dtype}.
 */
class VocabularyTest {
    private static final List<String> CHECK_ORDER = List.of("value", "gradient", "kink", "tail", "property", "bad-input", "catalog",
            "golden", "golden-gradient", "oracle", "oracle-derivative", "oracle-element");

    private static CheckResult row(Check check) {
        return new CheckResult("sigmoid", "activation", "plain-java", Dtype.FLOAT64, "cpu", check, Status.PASS, 0, 0, 0, 0, 0, 1, 1, "");
    }

    @Test
    void everyCheckIsInTheReportOrderInItsDeclarationOrder() {
        assertEquals(CHECK_ORDER, Arrays.stream(Check.values()).map(Check::label).toList());
        List<CheckResult> rows = new ArrayList<>(Arrays.stream(Check.values()).map(VocabularyTest::row).toList());
        Collections.shuffle(rows, new Random(1));
        rows.sort(Order.ROW);
        assertEquals(CHECK_ORDER, rows.stream().map(r -> r.check().label()).toList());
    }

    @Test
    void labelsAreUniqueAndParseBack() {
        for (Check c : Check.values()) {
            assertEquals(c, Check.of(c.label()));
            assertEquals(c.label(), c.toString());
        }
        for (Status s : Status.values()) {
            assertEquals(s, Status.of(s.label()));
            assertEquals(s.label(), s.toString());
        }
        for (Dtype d : Dtype.values()) {
            assertEquals(d, Dtype.of(d.label()));
        }
        assertEquals(Check.values().length, Arrays.stream(Check.values()).map(Check::label).distinct().count());
        assertEquals(List.of("pass", "fail", "unavailable", "not-applicable"), Arrays.stream(Status.values()).map(Status::label).toList());
        assertEquals("check: must be one of " + CHECK_ORDER + ", got onnx-node",
                assertThrows(IllegalArgumentException.class, () -> Check.of("onnx-node")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Status.of("PASS"));
    }

    @Test
    void theSchemaListsTheSameLabels() throws IOException {
        JsonNode row = new ObjectMapper().readTree(Path.of("reports", "conformance.schema.json").toFile())
                .path("properties").path("rows").path("items").path("properties");
        assertEquals(CHECK_ORDER, labels(row.path("check").path("enum")));
        assertEquals(Arrays.stream(Status.values()).map(Status::label).toList(), labels(row.path("status").path("enum")));
    }

    private static List<String> labels(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    @Test
    void theAllowanceRuleIsUnitRoundoffTimesTheScaleForBothDtypes() {
        for (double k : new double[] {0, 1, 3, 1000}) {
            assertEquals(0x1p-53 * k, Dtype.FLOAT64.allowance(k));
            assertEquals(0x1p-24 * k, Dtype.FLOAT32.allowance(k));
        }
        assertEquals(1.1102230246251565e-13, Dtype.FLOAT64.allowance(1000));
        assertEquals(5.9604644775390625e-5, Dtype.FLOAT32.allowance(1000));
    }

    @Test
    void anEntrysRoundingAllowanceIsTheDtypesRuleOnItsScale() {
        Formula f = Catalog.get("linear_columns");
        Tensors in = Tensors.of("W", Tensor.matrix(new double[][] {{1, -2}, {3, 4}}), "X", Tensor.matrix(new double[][] {{0.5}, {-1}}),
                "b", Tensor.vector(0.25, -8));
        Tensor scale = f.roundingScale().orElseThrow().apply(in).get("Z");
        for (Dtype d : Dtype.values()) {
            Map<String, Tensor> allowance = f.roundingAllowance(in, d);
            assertEquals(Set.of("Z"), allowance.keySet());
            for (int i = 0; i < scale.size(); i++) {
                assertEquals(d.allowance(scale.at(i)), allowance.get("Z").at(i), d + " element " + i);
            }
        }
        assertEquals(Map.of(), Catalog.get("sigmoid").roundingAllowance(Tensors.of("z", Tensor.vector(1)), Dtype.FLOAT32),
                "an entry with no rounding scale allows nothing extra");
    }
}

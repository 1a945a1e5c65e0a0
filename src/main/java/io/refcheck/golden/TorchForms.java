package io.refcheck.golden;

import io.refcheck.catalog.Catalog;
import io.refcheck.catalog.Contract;
import io.refcheck.catalog.Formula;
import io.refcheck.catalog.Port;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The catalog's PyTorch sources ({@code .pytorch("…", form)} of every entry) exported for
 * {@code scripts/torch_golden.py}, which runs them in Python on a CPU or a GPU: per id the ports in
 * order (which are differentiated), the outputs, whether gradients are taken, and the Python
 * source; per id without a PyTorch counterpart, or whose outputs are random and checked by contract
 * (no value to freeze), the reason. The catalog stays the single source:
 * this file is generated ({@code golden torch-forms}) and a test fails when it is stale.
 */
public final class TorchForms {
    private TorchForms() {
    }

    /** The export, relative to the golden-data folder. */
    public static final String FILE = TorchGolden.DIR + "/forms.json";
    public static final String COMMAND = "java -jar target/refcheck.jar golden torch-forms";

    /** What the Python side binds when it runs a source (see {@code Formula.Builder#pytorch}). */
    static final String SCOPE = "A source is one Python expression, or statements separated by '; ' ending in one; its value is "
            + "the single output's tensor or a dict from output name to tensor. In scope: torch, F (torch.nn.functional), math, "
            + "functools, and every input port by name (a Python keyword gets a trailing underscore: lambda_; a port the case "
            + "lacks is None). Data inputs are tensors of the set's dtype on its device (labels and indices int64); rank-0 "
            + "inputs that are not differentiated are Python floats (hyperparameters; torch.as_tensor makes a tensor of one where "
            + "a source needs it, as sign and step on a scalar z). Gradients: autograd of sum over outputs of sum(c * output) "
            + "with respect to every differentiable input present, c the case's stored cotangents.";

    /** The export's bytes: pretty JSON with sorted keys, the same on every platform. */
    public static byte[] render() {
        List<Map<String, Object>> forms = new ArrayList<>();
        List<Map<String, Object>> none = new ArrayList<>();
        for (Formula f : Catalog.all()) {
            Map<String, Object> m = new TreeMap<>();
            m.put("id", f.id());
            m.put("family", f.family().key());
            if (f.pytorchByValue().isEmpty()) {
                m.put("reason", f.contract().map(Contract::why).orElse(f.pytorchNote()));
                none.add(m);
                continue;
            }
            List<Map<String, Object>> inputs = new ArrayList<>();
            for (Port p : f.inputs()) {
                Map<String, Object> in = new TreeMap<>();
                in.put("name", p.name());
                in.put("differentiable", p.differentiable());
                inputs.add(in);
            }
            m.put("inputs", inputs);
            m.put("outputs", f.outputs().stream().map(Port::name).toList());
            m.put("gradients", f.differentiable() && !f.differentiableInputs().isEmpty());
            m.put("source", f.pytorchNote());
            forms.add(m);
        }
        Map<String, Object> top = new TreeMap<>();
        top.put("about", "The catalog's PyTorch sources, for scripts/torch_golden.py. Generated; do not edit.");
        top.put("command", COMMAND);
        top.put("scope", SCOPE);
        top.put("forms", forms);
        top.put("noForm", none);
        return Golden.exportBytes(top);
    }

    /** Writes the export under {@code goldenDir}; returns the file written. */
    public static Path write(Path goldenDir) throws IOException {
        return Golden.writeExport(goldenDir.resolve(FILE), render());
    }

    /** The sha256 of the current export, as the torch sets record the export they ran. */
    public static String sha256() {
        return Golden.sha256(render());
    }
}

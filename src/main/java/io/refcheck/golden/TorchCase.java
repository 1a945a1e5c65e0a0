package io.refcheck.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.refcheck.onnx.OnnxTensor;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One intact case of a PyTorch-in-Python set (see {@link TorchGolden}), read only after its
 * integrity is established: the manifest's sha256 against the set's index.json, every file against
 * its size and sha256, every tensor against the name, type and shape the manifest records. Tensors
 * are grouped by role, each keyed by its catalog port.
 *
 * @param source the PyTorch source the case was computed with
 */
record TorchCase(String name, String id, String source, Tensors inputs, Tensors cotangents, Tensors outputs,
                 Tensors gradients) {

    /** Reads the case folder {@code dir} that {@code entry} of a set's index.json names; null, with {@code problems}, if it is not intact. */
    static TorchCase read(Path dir, JsonNode entry, String dtype, List<String> problems) {
        JsonNode manifest = GoldenChecker.verifiedManifest(dir, entry, problems);
        if (manifest == null) {
            return null;
        }
        String id = entry.path("id").asText();
        if (!manifest.path("id").asText().equals(id) || !manifest.path("dtype").asText().equals(dtype)
                || !manifest.path("engine").asText().equals(TorchGolden.ENGINE)) {
            problems.add(Golden.MANIFEST + ": id/dtype/engine " + manifest.path("id").asText() + "/" + manifest.path("dtype").asText()
                    + "/" + manifest.path("engine").asText() + " differ from the set's " + id + "/" + dtype + "/" + TorchGolden.ENGINE);
        }
        JsonNode files = manifest.path("files");
        Map<String, byte[]> contents = GoldenChecker.intactFiles(dir, files, problems);
        Map<String, String> inPorts = new LinkedHashMap<>();
        Map<String, OnnxTensor> in = GoldenChecker.readTensors(dir, manifest.path("inputs"), contents, files, problems, inPorts);
        Map<String, String> outPorts = new LinkedHashMap<>();
        Map<String, OnnxTensor> out = GoldenChecker.readTensors(dir, manifest.path("outputs"), contents, files, problems, outPorts);
        if (!problems.isEmpty()) {
            return null;
        }
        Map<String, Map<String, Tensor>> byRole = new LinkedHashMap<>();
        for (String role : List.of(TorchGolden.ROLE_INPUT, TorchGolden.ROLE_COTANGENT, TorchGolden.ROLE_OUTPUT, TorchGolden.ROLE_GRADIENT)) {
            byRole.put(role, new LinkedHashMap<>());
        }
        group(manifest.path("inputs"), in, inPorts, byRole, List.of(TorchGolden.ROLE_INPUT, TorchGolden.ROLE_COTANGENT), problems);
        group(manifest.path("outputs"), out, outPorts, byRole, List.of(TorchGolden.ROLE_OUTPUT, TorchGolden.ROLE_GRADIENT), problems);
        if (!problems.isEmpty()) {
            return null;
        }
        return new TorchCase(dir.getFileName().toString(), id, manifest.path("source").asText(),
                Tensors.of(byRole.get(TorchGolden.ROLE_INPUT)), Tensors.of(byRole.get(TorchGolden.ROLE_COTANGENT)),
                Tensors.of(byRole.get(TorchGolden.ROLE_OUTPUT)), Tensors.of(byRole.get(TorchGolden.ROLE_GRADIENT)));
    }

    private static void group(JsonNode list, Map<String, OnnxTensor> tensors, Map<String, String> ports,
                              Map<String, Map<String, Tensor>> byRole, List<String> allowed, List<String> problems) {
        for (JsonNode t : list) {
            String name = t.path("name").asText();
            String role = t.path("role").asText();
            if (!allowed.contains(role)) {
                problems.add(t.path("file").asText() + ": role '" + role + "', expected one of " + allowed);
                continue;
            }
            if (byRole.get(role).put(ports.get(name), tensors.get(name).values()) != null) {
                problems.add(t.path("file").asText() + ": a second " + role + " for port " + ports.get(name));
            }
        }
    }
}

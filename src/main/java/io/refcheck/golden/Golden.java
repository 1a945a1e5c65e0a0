package io.refcheck.golden;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.JsonNode;
import io.refcheck.onnx.NodeTestRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The layout of the golden data shared by {@link GoldenGenerator} and {@link GoldenChecker}:
 *
 * <pre>
 * golden-data/
 *   README.md                      how to read it (written by the generator)
 *   index.json                     every case folder and the sha256 of its manifest
 *   onnxruntime/&lt;dtype&gt;/&lt;id&gt;_&lt;k&gt;/
 *     model.onnx                   the entry's ONNX form for this case's shapes
 *     manifest.json                id, engine, versions, opset, dtype, device, seeds, command, sha256 of every file
 *     test_data_set_0/input_K.pb   TensorProto per graph input, in graph-input order
 *     test_data_set_0/output_K.pb  TensorProto per graph output: ONNX Runtime's result
 * </pre>
 */
public final class Golden {
    private Golden() {
    }

    /** The folder the CLI reads and writes by default, relative to the working directory (the repository root). */
    public static final Path DEFAULT_DIR = Path.of("golden-data");
    public static final String ENGINE = "onnxruntime";
    public static final String INDEX = "index.json";
    public static final String README = "README.md";
    public static final String MANIFEST = "manifest.json";
    public static final String MODEL = "model.onnx";
    public static final String DATA_SET = "test_data_set_0";
    /** Cases per id and dtype. */
    public static final int CASES = 3;
    /** Samples drawn per id, of which the first {@link #CASES} small enough are kept. */
    public static final int DRAWS = 40;
    /** A sample with more elements than this, over all its inputs, is not frozen (keeps the repository small). */
    public static final int MAX_ELEMENTS = 2000;
    /** How ONNX Runtime sessions are configured (OnnxRuntimeEngine), as recorded in every manifest. */
    public static final String SESSION = "CPU execution provider, graph optimization level basic, 1 intra-op and 1 inter-op thread";

    static String inputFile(int k) {
        return DATA_SET + "/input_" + k + ".pb";
    }

    static String outputFile(int k) {
        return DATA_SET + "/output_" + k + ".pb";
    }

    /** Pretty JSON with keys in alphabetical order and "\n" line ends, the same bytes on every platform. */
    static ObjectWriter json() {
        ObjectMapper mapper = JsonMapper.builder()
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build();
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        return mapper.writer(printer);
    }

    /** An export for the Python side (forms.json, bad-inputs.json): {@link #json()} bytes and a final newline. */
    static byte[] exportBytes(Object top) {
        try {
            byte[] json = json().writeValueAsBytes(top);
            byte[] out = Arrays.copyOf(json, json.length + 1);
            out[json.length] = '\n';
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes an export, creating its folder; returns the file. */
    static Path writeExport(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return file;
    }

    /**
     * The golden cases under {@code dir} that are node tests of a selected id: every case folder
     * {@link NodeTestRunner#findCases} finds, less those index.json assigns to an id that
     * {@code selected} rejects. A folder the index does not list (or an unreadable index) keeps
     * its cases: the golden check reports them, and the node tests run them as found.
     */
    public static List<NodeTestRunner.Case> nodeCases(Path dir, Predicate<String> selected) throws IOException {
        Map<String, String> idOfCase = new HashMap<>();
        try {
            for (JsonNode entry : reader().readTree(Files.readAllBytes(dir.resolve(INDEX))).path("cases")) {
                idOfCase.put(entry.path("case").asText(), entry.path("id").asText());
            }
        } catch (IOException e) {
            idOfCase.clear();
        }
        return NodeTestRunner.findCases(dir).stream()
                .filter(c -> !idOfCase.containsKey(c.name()) || selected.test(idOfCase.get(c.name())))
                .toList();
    }

    static ObjectMapper reader() {
        return new ObjectMapper();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

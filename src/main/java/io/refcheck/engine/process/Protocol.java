package io.refcheck.engine.process;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.refcheck.tensor.Tensor;
import io.refcheck.tensor.Tensors;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire format of docs/engine-protocol.md, version {@value #VERSION}: one JSON object per line
 * each way; a tensor is {@code {"shape": [..], "data": [..]}} with its elements in row-major order,
 * NaN and ±∞ written as the strings "NaN", "Infinity" and "-Infinity", as the conformance report
 * writes them (JSON has no such numbers). A program whose handshake asks for
 * {@value #BASE64} gets its tensors as {@code {"shape": [..], "base64": "…"}} instead, the elements
 * as little-endian IEEE doubles in base64: the text form costs a decimal conversion per element each
 * way, which dominates for the larger samples. Either form is read in answers.
 */
final class Protocol {
    /** The protocol version refcheck speaks; the handshake must report the same. */
    static final int VERSION = 1;
    /** The handshake's {@code tensor_encoding} that asks for base64 doubles. */
    static final String BASE64 = "base64-float64";
    /** The handshake's {@code tensor_encoding} of the text form, the default. */
    static final String JSON = "json";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private Protocol() {
    }

    /** A response that breaks the protocol: what is wrong with it. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    static String handshake() {
        return "{\"op\":\"handshake\",\"protocol\":" + VERSION + "}";
    }

    static String shutdown() {
        return "{\"op\":\"shutdown\"}";
    }

    /** {@code {"op":"evaluate","id":ID,"samples":[{name: tensor, …}, …]}}. */
    static String evaluate(String id, List<Tensors> samples, boolean base64) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("op", "evaluate");
            g.writeStringField("id", id);
            g.writeArrayFieldStart("samples");
            for (Tensors s : samples) {
                tensors(g, s, base64);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** {@code {"op":"vjp","id":ID,"samples":[{"inputs":{…},"cotangents":{…}}, …]}}. */
    static String vjp(String id, List<Tensors> inputs, List<Tensors> cotangents, boolean base64) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("op", "vjp");
            g.writeStringField("id", id);
            g.writeArrayFieldStart("samples");
            for (int i = 0; i < inputs.size(); i++) {
                g.writeStartObject();
                g.writeFieldName("inputs");
                tensors(g, inputs.get(i), base64);
                g.writeFieldName("cotangents");
                tensors(g, cotangents.get(i), base64);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /**
     * The JSON object on one line.
     *
     * @throws Malformed if the line is not a JSON object
     */
    static JsonNode parse(String line) throws Malformed {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (IOException e) {
            throw new Malformed("wrote a line that is not JSON on stdout: '" + cut(line) + "' (the protocol owns stdout: "
                    + "write logs to stderr)");
        }
        if (node == null || !node.isObject()) {
            throw new Malformed("wrote '" + cut(line) + "' on stdout where a JSON object was due");
        }
        return node;
    }

    /**
     * Named tensors from {@code {name: {"shape": …, "data": …}, …}}.
     *
     * @throws Malformed if a tensor is not of that form or its data does not fill its shape
     */
    static Tensors tensors(JsonNode node, String what) throws Malformed {
        if (node == null || !node.isObject()) {
            throw new Malformed(what + " is not an object of named tensors: " + cut(String.valueOf(node)));
        }
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), tensor(e.getValue(), what + " '" + e.getKey() + "'"));
        }
        return Tensors.of(map);
    }

    private static Tensor tensor(JsonNode node, String what) throws Malformed {
        JsonNode shape = node.get("shape");
        JsonNode data = node.get("data");
        JsonNode base64 = node.get("base64");
        if (!node.isObject() || shape == null || !shape.isArray() || !(data != null && data.isArray() || base64 != null && base64.isTextual())) {
            throw new Malformed(what + " is not {\"shape\": [...], \"data\": [...]} nor {\"shape\": [...], \"base64\": \"...\"}: "
                    + cut(node.toString()));
        }
        int[] dims = new int[shape.size()];
        long size = 1;
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = shape.get(i);
            if (!d.canConvertToInt() || !d.isIntegralNumber() || d.intValue() < 0) {
                throw new Malformed(what + " has shape " + shape + ": each dimension must be an integer ≥ 0");
            }
            dims[i] = d.intValue();
            size *= dims[i];
        }
        if (base64 != null && base64.isTextual()) {
            return decoded(base64.textValue(), dims, size, what);
        }
        if (size != data.size()) {
            throw new Malformed(what + " has shape " + shape + " (" + size + " elements) but " + data.size() + " data elements");
        }
        double[] values = new double[data.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = element(data.get(i), what);
        }
        return Tensor.wrap(dims, values);
    }

    private static Tensor decoded(String text, int[] dims, long size, String what) throws Malformed {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new Malformed(what + " has base64 data that is not base64: " + e.getMessage());
        }
        if (bytes.length != 8 * size) {
            throw new Malformed(what + " has " + size + " elements by its shape but " + bytes.length + " bytes of base64 data (8 per element)");
        }
        double[] values = new double[(int) size];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
        return Tensor.wrap(dims, values);
    }

    private static double element(JsonNode x, String what) throws Malformed {
        if (x.isNumber()) {
            return x.doubleValue();
        }
        if (x.isTextual()) {
            switch (x.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw new Malformed(what + " has the element " + x + ": a number, \"NaN\", \"Infinity\" or \"-Infinity\" is due");
    }

    /** A line as a reason quotes it: at most 200 characters. */
    static String cut(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }

    private static void tensors(JsonGenerator g, Tensors t, boolean base64) throws IOException {
        g.writeStartObject();
        for (String name : t.nameList()) {
            Tensor x = t.get(name);
            g.writeObjectFieldStart(name);
            g.writeArrayFieldStart("shape");
            for (int d : x.shape()) {
                g.writeNumber(d);
            }
            g.writeEndArray();
            if (base64) {
                ByteBuffer bytes = ByteBuffer.allocate(8 * x.size()).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asDoubleBuffer().put(x.toArray());
                g.writeStringField("base64", Base64.getEncoder().encodeToString(bytes.array()));
                g.writeEndObject();
                continue;
            }
            g.writeArrayFieldStart("data");
            for (int i = 0; i < x.size(); i++) {
                double v = x.at(i);
                if (Double.isFinite(v)) {
                    g.writeNumber(v);
                } else {
                    g.writeString(Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private interface Writing {
        void to(JsonGenerator g) throws IOException;
    }

    private static String write(Writing w) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            w.to(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}

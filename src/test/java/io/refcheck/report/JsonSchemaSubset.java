package io.refcheck.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validator for the subset of JSON Schema 2020-12 that reports/conformance.schema.json uses
 * (type, const, enum, properties, required, additionalProperties: false, items, prefixItems,
 * minItems, maxItems, minimum, pattern, oneOf, anyOf, local $ref). A keyword outside the subset
 * is an error, so the schema cannot silently rely on something this does not check. The project
 * has no JSON Schema library and adds no dependency for one test.
 */
final class JsonSchemaSubset {
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$defs", "title", "description");

    private final JsonNode root;

    JsonSchemaSubset(JsonNode root) {
        this.root = root;
    }

    /** Every violation, as "path: problem"; empty when the document is valid. */
    List<String> validate(JsonNode document) {
        List<String> problems = new ArrayList<>();
        check(root, document, "$", problems);
        return problems;
    }

    private void check(JsonNode schema, JsonNode node, String path, List<String> problems) {
        for (Map.Entry<String, JsonNode> k : schema.properties()) {
            JsonNode v = k.getValue();
            switch (k.getKey()) {
                case "type" -> {
                    if (!hasType(node, v.asText())) {
                        problems.add(path + ": expected " + v.asText() + ", got " + node.getNodeType());
                    }
                }
                case "const" -> {
                    if (!node.equals(v)) {
                        problems.add(path + ": expected " + v + ", got " + node);
                    }
                }
                case "enum" -> {
                    boolean found = false;
                    for (JsonNode option : v) {
                        found |= option.equals(node);
                    }
                    if (!found) {
                        problems.add(path + ": " + node + " not in " + v);
                    }
                }
                case "required" -> {
                    for (JsonNode name : v) {
                        if (node.isObject() && !node.has(name.asText())) {
                            problems.add(path + ": missing " + name.asText());
                        }
                    }
                }
                case "properties" -> {
                    if (node.isObject()) {
                        for (Map.Entry<String, JsonNode> p : v.properties()) {
                            if (node.has(p.getKey())) {
                                check(p.getValue(), node.get(p.getKey()), path + "." + p.getKey(), problems);
                            }
                        }
                    }
                }
                case "additionalProperties" -> {
                    if (v.asBoolean(true)) {
                        throw new IllegalArgumentException("only additionalProperties: false is supported");
                    }
                    if (node.isObject()) {
                        node.fieldNames().forEachRemaining(name -> {
                            if (!schema.path("properties").has(name)) {
                                problems.add(path + ": unexpected field " + name);
                            }
                        });
                    }
                }
                case "items" -> {
                    int first = schema.path("prefixItems").size();
                    for (int i = first; node.isArray() && i < node.size(); i++) {
                        check(v, node.get(i), path + "[" + i + "]", problems);
                    }
                }
                case "prefixItems" -> {
                    for (int i = 0; node.isArray() && i < Math.min(v.size(), node.size()); i++) {
                        check(v.get(i), node.get(i), path + "[" + i + "]", problems);
                    }
                }
                case "minItems" -> {
                    if (node.isArray() && node.size() < v.asInt()) {
                        problems.add(path + ": fewer than " + v.asInt() + " items");
                    }
                }
                case "maxItems" -> {
                    if (node.isArray() && node.size() > v.asInt()) {
                        problems.add(path + ": more than " + v.asInt() + " items");
                    }
                }
                case "minimum" -> {
                    if (node.isNumber() && node.asDouble() < v.asDouble()) {
                        problems.add(path + ": " + node + " below " + v);
                    }
                }
                case "pattern" -> {
                    if (node.isTextual() && !Pattern.compile(v.asText()).matcher(node.asText()).find()) {
                        problems.add(path + ": " + node + " does not match " + v.asText());
                    }
                }
                case "oneOf", "anyOf" -> {
                    int matching = 0;
                    for (JsonNode option : v) {
                        List<String> sub = new ArrayList<>();
                        check(option, node, path, sub);
                        matching += sub.isEmpty() ? 1 : 0;
                    }
                    if (matching == 0 || (k.getKey().equals("oneOf") && matching > 1)) {
                        problems.add(path + ": " + node + " matches " + matching + " of " + k.getKey());
                    }
                }
                case "$ref" -> check(resolve(v.asText()), node, path, problems);
                default -> {
                    if (!ANNOTATIONS.contains(k.getKey())) {
                        throw new IllegalArgumentException("schema keyword outside the supported subset: " + k.getKey());
                    }
                }
            }
        }
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local $ref is supported: " + ref);
        }
        JsonNode target = root.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("$ref to nothing: " + ref);
        }
        return target;
    }

    private static boolean hasType(JsonNode node, String type) {
        return switch (type) {
            case "object" -> node.isObject();
            case "array" -> node.isArray();
            case "string" -> node.isTextual();
            case "integer" -> node.isIntegralNumber();
            case "number" -> node.isNumber();
            case "boolean" -> node.isBoolean();
            case "null" -> node.isNull();
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }
}

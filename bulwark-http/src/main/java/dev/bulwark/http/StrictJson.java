package dev.bulwark.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads request bodies into records, refusing anything a lenient parser would guess at: unknown fields (so a
 * client cannot slip in {@code "role":"owner"}), duplicate keys (two parsers could read two different values),
 * type coercion ({@code 123} for a string, {@code "1"} for a number), trailing tokens, and nesting deeper than
 * {@link #MAX_DEPTH} or strings longer than {@link #MAX_STRING} (bounded work per request). Arrays longer than
 * {@link #MAX_ARRAY} and integers outside the range of a {@code long} (or any non-finite or over-long number)
 * are refused as 422 with the field, before binding, so no endpoint has to remember to.
 */
public final class StrictJson {

    public static final int MAX_DEPTH = 32;
    public static final int MAX_STRING = 16_384;
    public static final int MAX_ARRAY = 100;

    private final ObjectMapper mapper;

    public StrictJson() {
        JsonMapper built = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .build();
        built.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(MAX_STRING)
                .maxNumberLength(32)
                .build());
        for (LogicalType type : List.of(LogicalType.Textual, LogicalType.Boolean, LogicalType.Integer,
                LogicalType.Float)) {
            built.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.Integer, type == LogicalType.Integer
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, type == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, type == LogicalType.Boolean
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, type == LogicalType.Textual
                            ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
        this.mapper = built;
    }

    /** Parses {@code body} as {@code type}; a {@link ProblemException} (400 or 422) for anything else. */
    public <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("the request body is empty; send a JSON object");
        }
        JsonNode tree = readTree(body);
        if (!tree.isObject()) {
            throw ProblemException.badRequest("the request body must be a JSON object");
        }
        checkBounds(tree, "");
        try {
            return mapper.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw ProblemException.invalid(List.of(new FieldError(path(e), "unknown field")));
        } catch (InvalidFormatException e) {
            throw ProblemException.invalid(List.of(new FieldError(path(e), "has the wrong type or format")));
        } catch (MismatchedInputException e) {
            if (e.getPath().isEmpty()) {
                throw ProblemException.badRequest("the request body must be a JSON object");
            }
            throw ProblemException.invalid(List.of(new FieldError(path(e), "has the wrong type")));
        } catch (InputCoercionException e) {
            throw ProblemException.invalid(List.of(new FieldError("$", "has a number out of range")));
        } catch (JsonMappingException e) {
            throw ProblemException.badRequest("the request body could not be read as the expected JSON object");
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("the request body could not be read as the expected JSON object");
        }
    }

    /**
     * Parses the whole document first, whatever the target type, so the syntax limits (depth, duplicate keys,
     * trailing data) hold for every body, not only where binding happens to read that far.
     */
    private JsonNode readTree(byte[] body) {
        try {
            JsonNode tree = mapper.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw ProblemException.badRequest("the request body is empty; send a JSON object");
            }
            return tree;
        } catch (StreamConstraintsException e) {
            throw ProblemException.badRequest("the JSON is too deeply nested or has a value that is too long");
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest(e.getOriginalMessage() != null
                    && e.getOriginalMessage().startsWith("Duplicate field")
                    ? "the JSON has a duplicate key" : "the request body is not valid JSON");
        } catch (IOException e) {
            throw ProblemException.badRequest("the request body could not be read");
        }
    }

    /**
     * Walks the parsed tree once (its size is already bounded by the body limit and {@link #MAX_DEPTH}): array
     * lengths and number ranges, reported with the path of the first offending value.
     */
    private static void checkBounds(JsonNode node, String path) {
        if (node.isArray()) {
            if (node.size() > MAX_ARRAY) {
                throw ProblemException.invalid(List.of(new FieldError(bounded(path),
                        "must have at most " + MAX_ARRAY + " items")));
            }
            for (int i = 0; i < node.size(); i++) {
                checkBounds(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            var fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                checkBounds(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
            }
        } else if (node.isNumber()) {
            boolean inRange = node.isIntegralNumber() ? node.canConvertToLong()
                    : Double.isFinite(node.doubleValue());
            if (!inRange) {
                throw ProblemException.invalid(List.of(new FieldError(bounded(path), "is a number out of range")));
            }
        }
    }

    private static String bounded(String path) {
        return path.isEmpty() ? "$" : path.length() > 64 ? path.substring(0, 64) : path;
    }

    private static String path(JsonMappingException e) {
        String joined = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        // The name comes from the client: bound what is echoed back.
        return joined.isEmpty() ? "$" : joined.length() > 64 ? joined.substring(0, 64) : joined;
    }
}

package dev.bulwark.http;

import com.fasterxml.jackson.annotation.JsonProperty;
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
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads request bodies into records, refusing anything a lenient parser would guess at: unknown fields (so a
 * client cannot slip in {@code "role":"owner"}), duplicate keys (two parsers could read two different values),
 * type coercion ({@code 123} for a string, {@code "1"} for a number), trailing tokens, and nesting deeper than
 * {@link #MAX_DEPTH} or strings longer than {@link #MAX_STRING} (bounded work per request). Arrays longer than
 * {@link #MAX_ARRAY} and integers outside the range of a {@code long} (or any non-finite or over-long number)
 * are refused as 422 with the field, before binding, so no endpoint has to remember to. For a record target,
 * unknown fields and values of the wrong JSON type are found before binding too, and every problem is listed in
 * one 422 (at most {@link #MAX_ERRORS}), in document order.
 */
public final class StrictJson {

    public static final int MAX_DEPTH = 32;
    public static final int MAX_STRING = 16_384;
    public static final int MAX_ARRAY = 100;
    /** The most field errors one answer lists (then one more entry saying there were more). */
    public static final int MAX_ERRORS = 100;

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
        List<FieldError> problems = new ArrayList<>();
        if (type.isRecord()) {
            checkRecord(tree, type, "", problems);
        } else {
            checkBounds(tree, "", problems);
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(capped(problems));
        }
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
     * Walks the object against the record's components before binding, so every problem is reported at once
     * (Jackson stops at the first): unknown fields, values of the wrong JSON type, and the limits of
     * {@link #checkBounds}, in document order. Types the walk does not know are only bounds-checked and left to
     * Jackson's own errors while binding.
     */
    private static void checkRecord(JsonNode object, Class<?> record, String path, List<FieldError> problems) {
        Map<String, Type> components = COMPONENTS.get(record);
        var fields = object.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            Type type = components.get(field.getKey());
            if (type == null) {
                problems.add(new FieldError(bounded(at), "unknown field"));
            } else {
                checkValue(field.getValue(), type, at, problems);
            }
        }
    }

    private static void checkValue(JsonNode value, Type type, String path, List<FieldError> problems) {
        int before = problems.size();
        if (value.isNumber() && !inRange(value)) {
            problems.add(new FieldError(bounded(path), "is a number out of range"));
        } else if (value.isArray() && value.size() > MAX_ARRAY) {
            problems.add(new FieldError(bounded(path), "must have at most " + MAX_ARRAY + " items"));
        }
        if (problems.size() > before) {
            return;
        }
        Class<?> raw = rawClass(type);
        if (value.isNull()) {
            if (raw != null && raw.isPrimitive()) {
                problems.add(new FieldError(bounded(path), typeMessage(type, raw)));
            }
            // A null reference: the route's validation says "is required" where it is.
        } else if (raw == String.class) {
            if (!value.isTextual()) {
                problems.add(new FieldError(bounded(path), "must be a string"));
            }
        } else if (raw == Long.class || raw == long.class || raw == Integer.class || raw == int.class) {
            if (!value.isIntegralNumber()) {
                problems.add(new FieldError(bounded(path), "must be an integer"));
            } else if ((raw == Integer.class || raw == int.class) && !value.canConvertToInt()) {
                problems.add(new FieldError(bounded(path), "is a number out of range"));
            }
        } else if (raw == Boolean.class || raw == boolean.class) {
            if (!value.isBoolean()) {
                problems.add(new FieldError(bounded(path), "must be true or false"));
            }
        } else if (raw == List.class && type instanceof ParameterizedType list) {
            Type element = list.getActualTypeArguments()[0];
            if (!value.isArray()) {
                problems.add(new FieldError(bounded(path), typeMessage(type, raw)));
            } else {
                for (int i = 0; i < value.size(); i++) {
                    checkValue(value.get(i), element, path + "[" + i + "]", problems);
                }
            }
        } else if (raw != null && raw.isRecord()) {
            if (!value.isObject()) {
                problems.add(new FieldError(bounded(path), "must be an object"));
            } else {
                checkRecord(value, raw, path, problems);
            }
        } else {
            checkBounds(value, path, problems);
        }
    }

    private static String typeMessage(Type type, Class<?> raw) {
        if (raw == long.class || raw == int.class) {
            return "must be an integer";
        }
        if (raw == boolean.class) {
            return "must be true or false";
        }
        if (type instanceof ParameterizedType list && list.getActualTypeArguments()[0] == String.class) {
            return "must be a list of strings";
        }
        if (raw == List.class) {
            return "must be a list";
        }
        return "has the wrong type";
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    /**
     * The JSON names of a record's components and their types: the mapper's naming strategy applied to the
     * component name, unless the accessor carries an explicit {@code @JsonProperty} name.
     */
    private static final ClassValue<Map<String, Type>> COMPONENTS = new ClassValue<>() {
        @Override
        protected Map<String, Type> computeValue(Class<?> record) {
            var naming = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
            Map<String, Type> names = new LinkedHashMap<>();
            for (RecordComponent component : record.getRecordComponents()) {
                JsonProperty explicit = component.getAccessor().getAnnotation(JsonProperty.class);
                String name = explicit != null && !explicit.value().isEmpty() ? explicit.value()
                        : naming.translate(component.getName());
                names.put(name, component.getGenericType());
            }
            return Map.copyOf(names);
        }
    };

    /**
     * Walks a value of a type {@link #checkRecord} does not know (its size is already bounded by the body limit
     * and {@link #MAX_DEPTH}): array lengths and number ranges, with the path of each offending value.
     */
    private static void checkBounds(JsonNode node, String path, List<FieldError> problems) {
        if (node.isArray()) {
            if (node.size() > MAX_ARRAY) {
                problems.add(new FieldError(bounded(path), "must have at most " + MAX_ARRAY + " items"));
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                checkBounds(node.get(i), path + "[" + i + "]", problems);
            }
        } else if (node.isObject()) {
            var fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                checkBounds(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(),
                        problems);
            }
        } else if (node.isNumber() && !inRange(node)) {
            problems.add(new FieldError(bounded(path), "is a number out of range"));
        }
    }

    private static boolean inRange(JsonNode number) {
        return number.isIntegralNumber() ? number.canConvertToLong() : Double.isFinite(number.doubleValue());
    }

    /** Every problem, but a bounded answer: a 64 KiB body of unknown fields must not echo thousands back. */
    private static List<FieldError> capped(List<FieldError> problems) {
        if (problems.size() <= MAX_ERRORS) {
            return problems;
        }
        List<FieldError> first = new ArrayList<>(problems.subList(0, MAX_ERRORS));
        first.add(new FieldError("$", "has more invalid fields; only the first " + MAX_ERRORS + " are listed"));
        return first;
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

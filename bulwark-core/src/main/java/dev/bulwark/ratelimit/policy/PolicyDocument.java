package dev.bulwark.ratelimit.policy;

import dev.bulwark.core.Durations;
import dev.bulwark.ratelimit.Algorithm;
import dev.bulwark.ratelimit.RateLimit;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the policy file's tree into policies. Each error message has the shape
 * {@code policies[i] ("name"), field "f": what is wrong; how to fix it}.
 */
final class PolicyDocument {

    private static final Set<String> TOP_LEVEL = Set.of("policies");
    private static final Set<String> POLICY_FIELDS =
            new LinkedHashSet<>(List.of("name", "match", "key", "algorithm", "limit", "period", "burst"));
    private static final Set<String> MATCH_FIELDS = new LinkedHashSet<>(List.of("paths", "methods"));

    private PolicyDocument() {
    }

    static List<RateLimitPolicy> read(Map<String, Object> document) {
        if (document == null) {
            throw new InvalidPolicyException("policy file is empty; it needs a top-level \"policies\" list");
        }
        rejectUnknown(document, TOP_LEVEL, "policy file", "the only top-level field is \"policies\"");
        Object list = document.get("policies");
        if (!(list instanceof List<?> items)) {
            throw new InvalidPolicyException("policy file, field \"policies\": "
                    + (list == null ? "missing" : "must be a list, was " + describe(list))
                    + "; write \"policies:\" followed by a list of policies");
        }
        if (items.isEmpty()) {
            throw new InvalidPolicyException("policy file, field \"policies\": the list is empty, which would turn "
                    + "every rate limit off; list at least one policy, or set BULWARK_ENFORCEMENT=off to disable "
                    + "rate limiting deliberately");
        }
        List<RateLimitPolicy> policies = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            policies.add(policy(i, items.get(i)));
        }
        return policies;
    }

    private static RateLimitPolicy policy(int index, Object item) {
        String where = "policies[" + index + "]";
        if (!(item instanceof Map<?, ?> fields)) {
            throw new InvalidPolicyException(where + ": must be a map with " + String.join(", ", POLICY_FIELDS)
                    + ", was " + describe(item));
        }
        Object rawName = fields.get("name");
        if (rawName instanceof String s) {
            where += " (\"" + s + "\")";
        }
        rejectUnknown(fields, POLICY_FIELDS, where, "allowed fields are " + String.join(", ", POLICY_FIELDS));

        String name = requiredString(fields, "name", where, "give the policy a name such as \"api-user\"");
        if (!RateLimitPolicy.isValidName(name)) {
            throw field(where, "name", "\"" + name + "\" is invalid",
                    "use 1 to 63 characters of a-z, 0-9, '_' and '-', starting with a letter or digit");
        }
        RequestMatcher match = match(fields.get("match"), where);
        String keyText = requiredString(fields, "key", where, "use one of ip, user, tenant, api_key, ip+path, user+path");
        KeyKind key;
        try {
            key = KeyKind.parse(keyText);
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException(where + ", field \"key\": " + e.getMessage(), e);
        }
        String algorithmText = requiredString(fields, "algorithm", where,
                "use one of token_bucket, sliding_window, fixed_window, gcra");
        Algorithm algorithm;
        try {
            algorithm = Algorithm.parse(algorithmText);
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException(where + ", field \"algorithm\": " + e.getMessage(), e);
        }
        long limit = positiveWholeNumber(fields, "limit", where, true);
        Duration period = period(fields, where);
        RateLimit rateLimit;
        try {
            rateLimit = RateLimit.of(algorithm, limit, period);
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException(where + ", field \"period\": " + e.getMessage(), e);
        }
        if (fields.containsKey("burst")) {
            if (!algorithm.hasBurst()) {
                throw field(where, "burst", "burst applies only to token_bucket and gcra, not "
                        + algorithm.yamlName(), "remove burst, or use algorithm token_bucket or gcra");
            }
            long burst = positiveWholeNumber(fields, "burst", where, false);
            try {
                rateLimit = rateLimit.withBurst(burst);
            } catch (IllegalArgumentException e) {
                throw new InvalidPolicyException(where + ", field \"burst\": " + e.getMessage(), e);
            }
        }
        return new RateLimitPolicy(name, match, key, rateLimit);
    }

    private static RequestMatcher match(Object raw, String where) {
        if (!(raw instanceof Map<?, ?> match)) {
            throw field(where, "match", raw == null ? "missing" : "must be a map, was " + describe(raw),
                    "write e.g. match: { paths: [\"/api/**\"], methods: [GET] }");
        }
        rejectUnknown(match, MATCH_FIELDS, where + ", field \"match\"", "allowed fields are paths, methods");
        List<String> paths = strings(match.get("paths"), where, "match.paths", true,
                "list at least one path pattern, e.g. paths: [\"/api/**\"]");
        List<String> methods = strings(match.get("methods"), where, "match.methods", false,
                "list HTTP methods, e.g. methods: [GET, POST], or leave methods out to match every method");
        for (String path : paths) {
            try {
                PathPattern.validate(path);
            } catch (IllegalArgumentException e) {
                throw new InvalidPolicyException(where + ", field \"match.paths\": " + e.getMessage(), e);
            }
        }
        try {
            return new RequestMatcher(paths, new LinkedHashSet<>(methods));
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException(where + ", field \"match.methods\": " + e.getMessage(), e);
        }
    }

    private static List<String> strings(Object raw, String where, String field, boolean required, String fix) {
        if (raw == null) {
            if (required) {
                throw field(where, field, "missing", fix);
            }
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw field(where, field, "must be a list, was " + describe(raw), fix);
        }
        if (required && list.isEmpty()) {
            throw field(where, field, "the list is empty", fix);
        }
        List<String> strings = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw field(where, field, "entries must be text, found " + describe(o), fix);
            }
            strings.add(s);
        }
        return strings;
    }

    private static Duration period(Map<?, ?> fields, String where) {
        Object raw = fields.get("period");
        String fix = "write a whole number and a unit: 500ms, 30s, 15m, 2h or 14d";
        if (raw == null) {
            throw field(where, "period", "missing", fix);
        }
        if (!(raw instanceof String text)) {
            throw field(where, "period", "must be a duration such as 1m, was " + describe(raw), fix);
        }
        Duration period;
        try {
            period = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException(where + ", field \"period\": " + e.getMessage(), e);
        }
        if (period.compareTo(Duration.ofMillis(1)) < 0) {
            throw field(where, "period", "must be at least 1ms, was " + text, fix);
        }
        return period;
    }

    private static long positiveWholeNumber(Map<?, ?> fields, String field, String where, boolean required) {
        Object raw = fields.get(field);
        String fix = "write a whole number of at least 1, e.g. " + field + ": 100";
        if (raw == null) {
            throw field(where, field, required ? "missing" : "is empty", fix);
        }
        long value;
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            value = ((Number) raw).longValue();
        } else if (raw instanceof BigInteger big && big.bitLength() < Long.SIZE) {
            value = big.longValue();
        } else if (raw instanceof BigInteger) {
            throw field(where, field, raw + " is too large", fix);
        } else {
            throw field(where, field, "must be a whole number, was " + describe(raw), fix);
        }
        if (value < 1) {
            throw field(where, field, "must be at least 1, was " + value, fix);
        }
        return value;
    }

    private static String requiredString(Map<?, ?> fields, String field, String where, String fix) {
        Object raw = fields.get(field);
        if (raw == null) {
            throw field(where, field, "missing", fix);
        }
        if (!(raw instanceof String s)) {
            throw field(where, field, "must be text, was " + describe(raw), fix);
        }
        return s;
    }

    private static void rejectUnknown(Map<?, ?> map, Set<String> allowed, String where, String fix) {
        Set<String> unknown = new TreeSet<>();
        for (Object k : map.keySet()) {
            if (!(k instanceof String s) || !allowed.contains(s)) {
                unknown.add(String.valueOf(k));
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidPolicyException(where + ": unknown field" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown.stream().map(u -> "\"" + u + "\"").toList()) + "; " + fix);
        }
    }

    private static InvalidPolicyException field(String where, String field, String problem, String fix) {
        return new InvalidPolicyException(where + ", field \"" + field + "\": " + problem + "; " + fix);
    }

    private static String describe(Object o) {
        if (o == null) {
            return "nothing";
        }
        if (o instanceof String s) {
            return "the text \"" + s + "\"";
        }
        if (o instanceof Map) {
            return "a map";
        }
        if (o instanceof List) {
            return "a list";
        }
        if (o instanceof Boolean b) {
            return "the boolean " + b;
        }
        if (o instanceof Number n) {
            return "the number " + n;
        }
        return "a value of an unexpected type";
    }
}

package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    record Register(String email, String password, String name, String tenant) {
    }

    record Project(String name, String description, String webhookUrl) {
    }

    record Key(String name, List<String> scopes) {
    }

    record Block(String ip, Long ttlSeconds, String reason) {
    }

    record Numbers(int count, Integer limit, long total, boolean flag, Boolean on) {
    }

    record Inner(String label, List<String> tags) {
    }

    record Outer(String id, Inner inner) {
    }

    enum Colour { RED, GREEN }

    record Uncovered(Colour colour, Map<String, Integer> counts) {
    }

    private final StrictJson json = new StrictJson();

    @Test
    void everyWrongTypeAndUnknownFieldIsListedInDocumentOrder() {
        assertThat(errors("{\"name\":123,\"description\":true,\"webhook_url\":5,\"x\":1}", Project.class))
                .containsExactly(
                        new FieldError("name", "must be a string"),
                        new FieldError("description", "must be a string"),
                        new FieldError("webhook_url", "must be a string"),
                        new FieldError("x", "unknown field"));
        assertThat(errors("{\"email\":1,\"password\":2,\"name\":3,\"tenant\":4}", Register.class))
                .extracting(FieldError::field).containsExactly("email", "password", "name", "tenant");
        assertThat(errors("{\"zz\":1,\"name\":{},\"webhookUrl\":\"camel case is not the name\"}", Project.class))
                .containsExactly(
                        new FieldError("zz", "unknown field"),
                        new FieldError("name", "must be a string"),
                        new FieldError("webhookUrl", "unknown field"));
    }

    @Test
    void listsOfStringsReportTheListOrEachBadElement() {
        assertThat(errors("{\"name\":\"ci\",\"scopes\":\"projects:read\"}", Key.class))
                .containsExactly(new FieldError("scopes", "must be a list of strings"));
        assertThat(errors("{\"name\":7,\"scopes\":[\"a\",\"b\",3,{\"x\":1}]}", Key.class))
                .containsExactly(
                        new FieldError("name", "must be a string"),
                        new FieldError("scopes[2]", "must be a string"),
                        new FieldError("scopes[3]", "must be a string"));
        String tooMany = "[" + "\"a\",".repeat(StrictJson.MAX_ARRAY) + "\"a\"]";
        assertThat(errors("{\"scopes\":" + tooMany + ",\"name\":1}", Key.class))
                .containsExactly(
                        new FieldError("scopes", "must have at most 100 items"),
                        new FieldError("name", "must be a string"));
        Key key = json.read(bytes("{\"name\":\"ci\",\"scopes\":[\"a\",null]}"), Key.class);
        assertThat(key.scopes()).containsExactly("a", null);
    }

    @Test
    void integersAndBooleansAreCheckedWithTheirRanges() {
        assertThat(errors("{\"ip\":1,\"ttl_seconds\":\"60\",\"reason\":false}", Block.class))
                .containsExactly(
                        new FieldError("ip", "must be a string"),
                        new FieldError("ttl_seconds", "must be an integer"),
                        new FieldError("reason", "must be a string"));
        assertThat(errors("{\"ttl_seconds\":1.5}", Block.class))
                .containsExactly(new FieldError("ttl_seconds", "must be an integer"));
        assertThat(errors("{\"ttl_seconds\":99999999999999999999}", Block.class))
                .containsExactly(new FieldError("ttl_seconds", "is a number out of range"));
        assertThat(errors("{\"ip\":1e400}", Block.class))
                .containsExactly(new FieldError("ip", "is a number out of range"));
        assertThat(errors("{\"count\":3000000000,\"limit\":\"x\",\"total\":null,\"flag\":\"true\",\"on\":1}",
                Numbers.class)).containsExactly(
                        new FieldError("count", "is a number out of range"),
                        new FieldError("limit", "must be an integer"),
                        new FieldError("total", "must be an integer"),
                        new FieldError("flag", "must be true or false"),
                        new FieldError("on", "must be true or false"));
        Numbers ok = json.read(bytes("{\"count\":2147483647,\"limit\":null,\"total\":-9223372036854775808,"
                + "\"flag\":true,\"on\":null}"), Numbers.class);
        assertThat(ok).isEqualTo(new Numbers(Integer.MAX_VALUE, null, Long.MIN_VALUE, true, null));
    }

    @Test
    void nestedRecordsAreWalkedToo() {
        assertThat(errors("{\"id\":1,\"inner\":{\"label\":2,\"zz\":3,\"tags\":[\"t\",4]}}", Outer.class))
                .containsExactly(
                        new FieldError("id", "must be a string"),
                        new FieldError("inner.label", "must be a string"),
                        new FieldError("inner.zz", "unknown field"),
                        new FieldError("inner.tags[1]", "must be a string"));
        assertThat(errors("{\"inner\":\"x\"}", Outer.class))
                .containsExactly(new FieldError("inner", "must be an object"));
        Outer ok = json.read(bytes("{\"id\":\"o\",\"inner\":{\"label\":\"l\",\"tags\":[\"t\"]}}"), Outer.class);
        assertThat(ok).isEqualTo(new Outer("o", new Inner("l", List.of("t"))));
    }

    @Test
    void nullIsLeftToTheValidatorsForReferences() {
        Project p = json.read(bytes("{\"name\":null,\"description\":null,\"webhook_url\":null}"), Project.class);
        assertThat(p).isEqualTo(new Project(null, null, null));
        assertThat(json.read(bytes("{}"), Register.class)).isEqualTo(new Register(null, null, null, null));
    }

    @Test
    void echoedNamesAndTheNumberOfErrorsAreBounded() {
        String longName = "k".repeat(500);
        assertThat(errors("{\"" + longName + "\":1}", Project.class))
                .containsExactly(new FieldError("k".repeat(64), "unknown field"));
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 150; i++) {
            many.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":1");
        }
        List<FieldError> errors = errors(many.append("}").toString(), Project.class);
        assertThat(errors).hasSize(StrictJson.MAX_ERRORS + 1);
        assertThat(errors.get(0)).isEqualTo(new FieldError("f0", "unknown field"));
        assertThat(errors.get(StrictJson.MAX_ERRORS).field()).isEqualTo("$");
    }

    @Test
    void typesTheWalkDoesNotKnowFallBackToBoundsAndJackson() {
        assertThat(errors("{\"counts\":{\"a\":1e400}}", Uncovered.class))
                .containsExactly(new FieldError("counts.a", "is a number out of range"));
        assertThat(errors("{\"colour\":\"BLUE\"}", Uncovered.class))
                .containsExactly(new FieldError("colour", "has the wrong type or format"));
        assertThat(errors("{\"counts\":{\"a\":\"1\"}}", Uncovered.class)).hasSize(1);
        assertThat(json.read(bytes("{\"colour\":\"RED\",\"counts\":{\"a\":1}}"), Uncovered.class))
                .isEqualTo(new Uncovered(Colour.RED, Map.of("a", 1)));
    }

    @Test
    void syntaxProblemsStay400() {
        for (String body : List.of("", "{\"name\":", "[1]", "{\"name\":\"a\"} x", "{\"name\":\"a\",\"name\":\"b\"}",
                "{\"name\":" + "[".repeat(40) + "]".repeat(40) + "}")) {
            ProblemException e = catchThrowableOfType(() -> json.read(bytes(body), Project.class),
                    ProblemException.class);
            assertThat(e).as(body).isNotNull();
            assertThat(e.status()).as(body).isEqualTo(400);
        }
    }

    private List<FieldError> errors(String body, Class<?> type) {
        ProblemException e = catchThrowableOfType(() -> json.read(bytes(body), type), ProblemException.class);
        assertThat(e).as(body).isNotNull();
        assertThat(e.status()).isEqualTo(422);
        return e.errors();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.bulwark.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes RFC 9457 problem documents. The one place an error becomes bytes on the wire. */
public final class ProblemResponses {

    public static final String CONTENT_TYPE = "application/problem+json";

    private final ObjectMapper json;

    public ProblemResponses(ObjectMapper json) {
        this.json = json;
    }

    public void write(Context ctx, ProblemException problem) {
        problem.headers().forEach(ctx::header);
        write(ctx, problem.status(), problem.title(), problem.detail(), problem.errors());
    }

    public void write(Context ctx, int status, String title, String detail, List<FieldError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (!errors.isEmpty()) {
            List<Map<String, String>> list = new ArrayList<>();
            for (FieldError error : errors) {
                Map<String, String> entry = new LinkedHashMap<>(); // field first, always: stable for clients
                entry.put("field", error.field());
                entry.put("message", error.message());
                list.add(entry);
            }
            body.put("errors", list);
        }
        try {
            ctx.status(status).contentType(CONTENT_TYPE).result(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            ctx.status(500).contentType(CONTENT_TYPE).result("{\"title\":\"Internal Server Error\",\"status\":500}");
        }
    }
}

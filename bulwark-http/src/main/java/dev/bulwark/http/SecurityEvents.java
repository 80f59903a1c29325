package dev.bulwark.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per security event on the logger {@value #LOGGER}, so operators can route it to their SIEM
 * apart from the application log. Callers pass only what is safe to keep: never a password, a token, a key or a
 * full API key (an API key is named by its id).
 */
public final class SecurityEvents {

    public static final String LOGGER = "bulwark.security";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private final ObjectMapper json;
    private final Clock clock;

    public SecurityEvents(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** Records an event about the request in {@code ctx}; {@code details} are extra fields, in order. */
    public void record(String event, Context ctx, Map<String, ?> details) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("event", event);
        if (ctx != null) {
            line.put("address", RequestAttributes.clientAddress(ctx));
            line.put("method", ctx.method().name());
            line.put("path", ctx.path());
            Principal principal = RequestAttributes.principalOrNull(ctx);
            if (principal != null) {
                line.put("tenant", principal.tenantId());
                line.put("user", principal.userId());
            }
            line.put("request_id", ctx.attribute(RequestAttributes.REQUEST_ID));
        }
        line.putAll(details);
        try {
            log.info(json.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            log.warn("{\"event\":\"security_event_unwritable\",\"original\":\"{}\"}", event);
        }
    }
}

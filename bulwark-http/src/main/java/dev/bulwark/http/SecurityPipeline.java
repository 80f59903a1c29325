package dev.bulwark.http;

import dev.bulwark.guard.BlockList;
import dev.bulwark.guard.DdosGuard;
import dev.bulwark.ratelimit.policy.RateLimitPolicies;
import dev.bulwark.ratelimit.RateLimiterFactory;
import dev.bulwark.token.AccessTokenVerifier;
import dev.bulwark.validation.ValidationException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request pipeline of DESIGN.md, installed into a Javalin configuration. Read {@link #install} top to
 * bottom: it is the order every request goes through.
 */
public final class SecurityPipeline {

    private static final Logger log = LoggerFactory.getLogger(SecurityPipeline.class);
    /** Slowest accepted upload: a 64 KiB body still fits in under nine minutes at this rate. */
    static final long MIN_REQUEST_BYTES_PER_SECOND = 128;

    /** Everything the pipeline needs; built once in the composition root. */
    /**
     * @param guard      the DDoS guard, or null for none
     * @param allowlist  addresses the DDoS guard never counts
     * @param corsOrigins the exact origins CORS allows
     */
    public record Settings(ClientAddressResolver addresses, BlockList blocks, DdosGuard guard, List<Cidr> allowlist,
                           long maxBodyBytes, List<String> corsOrigins,
                           AccessTokenVerifier verifier,
                           ApiKeyAuthenticator apiKeys, Set<String> publicPaths, RateLimitPolicies policies,
                           RateLimiterFactory limiters, EnforcementMode mode, ProblemResponses problems,
                           SecurityEvents events) {
        public Settings {
            allowlist = List.copyOf(allowlist);
            corsOrigins = List.copyOf(corsOrigins);
        }
    }

    private final Settings settings;
    private final SecureRandom random = new SecureRandom();
    private final Authentication authentication;
    private final RateLimitEnforcer rateLimits;
    private final InFlightRequests inFlight = new InFlightRequests();

    public SecurityPipeline(Settings settings) {
        this.settings = settings;
        this.authentication = new Authentication(settings.verifier(), settings.apiKeys(), settings.events(),
                settings.publicPaths());
        this.rateLimits = new RateLimitEnforcer(settings.policies(), settings.limiters(), settings.mode(),
                settings.events());
    }

    public void install(JavalinConfig config) {
        config.http.maxRequestSize = settings.maxBodyBytes();
        config.http.prefer405over404 = true;
        config.router.treatMultipleSlashesAsSingleSlash = true;
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.jetty.modifyHttpConfiguration(http -> {
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
            http.setRequestHeaderSize(16 * 1024);
            // A body that trickles in (slowloris) is cut off: the idle timeout alone would let a client keep a
            // thread for days by sending a byte just before each timeout.
            http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND);
        });
        // errors Jetty answers itself (a request it cannot parse never reaches Javalin) are problems too, with
        // the security headers; the servlet context gets the same handler, or it would keep Jetty's HTML page.
        ProblemErrorHandler jettyErrors = new ProblemErrorHandler();
        config.jetty.modifyServer(server -> server.setErrorHandler(jettyErrors));
        config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(jettyErrors));

        // 1. request id and client address: the TCP peer unless a trusted proxy vouches for another; then the
        //    request is counted, so a shutdown lets it finish.
        config.routes.before(this::identify);
        config.routes.before(inFlight::refuseWhenDraining);
        config.jetty.modifyServletContextHandler(context -> context.addEventListener(inFlight.counter()));
        // 2. the block list and the DDoS guard: a blocked address is refused before anything else is done for it.
        config.routes.before(new BlockCheck(settings.blocks(), settings.guard(), settings.allowlist(),
                settings.mode(), settings.events()));
        // 3. security headers on every response, then size limits and content type before any body is read,
        //    then CORS (a preflight is answered here).
        config.routes.before(new SecurityHeaders());
        config.routes.before(new RequestLimits(settings.maxBodyBytes()));
        config.routes.before(new CorsPolicy(settings.corsOrigins()));
        // 4. authentication, only for requests that reached a real endpoint.
        config.routes.beforeMatched(authentication);
        // 5. rate-limit policies, keyed by the verified caller.
        config.routes.beforeMatched(rateLimits);
        // 6. the handler runs; 7. errors become problem+json.
        config.routes.exception(ProblemException.class, (e, ctx) -> settings.problems().write(ctx, e));
        config.routes.exception(ValidationException.class, (e, ctx) -> settings.problems().write(ctx,
                ProblemException.invalid(e.violations().stream()
                        .map(v -> new FieldError(v.field(), v.message())).toList())));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 405) {
                allow(ctx, e);
            }
            settings.problems().write(ctx, e.getStatus(), titleFor(e.getStatus()), safeDetail(e), List.of());
        });
        config.routes.exception(Exception.class, this::unexpected);
        config.routes.error(404, ctx -> {
            if (!isProblem(ctx)) {
                settings.problems().write(ctx, 404, "Not Found", "no such resource", List.of());
            }
        });
        config.routes.error(405, ctx -> {
            if (!isProblem(ctx)) {
                settings.problems().write(ctx, 405, "Method Not Allowed", "this method is not allowed here",
                        List.of());
            }
        });
    }

    /** The in-flight counter, for a graceful shutdown. */
    public InFlightRequests inFlight() {
        return inFlight;
    }

    private void identify(Context ctx) {
        byte[] id = new byte[8];
        random.nextBytes(id);
        String requestId = HexFormat.of().formatHex(id);
        ctx.attribute(RequestAttributes.REQUEST_ID, requestId);
        ctx.header("X-Request-Id", requestId);
        String peer = ctx.req().getRemoteAddr();
        ClientAddressResolver addresses = settings.addresses();
        String client = addresses.resolve(peer, ctx.header("Forwarded"), ctx.header("X-Forwarded-For"));
        ctx.attribute(RequestAttributes.CLIENT_ADDRESS, client);
        ctx.attribute(RequestAttributes.CLIENT_KEY, addresses.key(client));
        boolean secure = ctx.req().isSecure()
                || (addresses.isTrustedPeer(peer) && "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto")));
        ctx.attribute(RequestAttributes.SECURE, secure);
    }

    private void unexpected(Exception e, Context ctx) {
        String requestId = ctx.attribute(RequestAttributes.REQUEST_ID);
        log.error("unhandled error in request {} {} (request id {})", ctx.method(), ctx.path(), requestId, e);
        settings.problems().write(ctx, 500, "Internal Server Error",
                "the server could not complete the request; quote the request id when reporting it", List.of());
    }

    /**
     * RFC 9110 15.5.6: a 405 lists the methods the resource supports. Javalin's 405 carries them in its details
     * ("availableMethods", or "Available methods" for a client that accepts HTML), already joined by ", ".
     */
    private static void allow(Context ctx, HttpResponseException e) {
        String methods = e.getDetails().getOrDefault("availableMethods", e.getDetails().get("Available methods"));
        if (methods != null && !methods.isBlank()) {
            ctx.header("Allow", methods);
        }
    }

    private static boolean isProblem(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith(ProblemResponses.CONTENT_TYPE);
    }

    private static String safeDetail(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 413 -> "the request body is too large";
            case 408 -> "the request took too long";
            case 405 -> "this method is not allowed here";
            default -> "the request could not be processed";
        };
    }

    static String titleFor(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 417 -> "Expectation Failed";
            case 422 -> "Unprocessable Content";
            case 426 -> "Upgrade Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> status >= 500 ? "Internal Server Error" : "Bad Request";
        };
    }
}

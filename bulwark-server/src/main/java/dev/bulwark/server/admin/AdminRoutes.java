package dev.bulwark.server.admin;

import dev.bulwark.guard.AutoBlock;
import dev.bulwark.guard.BlockList;
import dev.bulwark.guard.DdosGuard;
import dev.bulwark.http.ClientAddressResolver;
import dev.bulwark.http.ProblemException;
import dev.bulwark.http.SecurityEvents;
import dev.bulwark.http.StrictJson;
import dev.bulwark.revocation.RevocationStore;
import dev.bulwark.server.RouteGroup;
import dev.bulwark.server.persistence.AddressBlock;
import dev.bulwark.server.persistence.AddressBlockRepository;
import dev.bulwark.sync.ChangeBus;
import dev.bulwark.sync.ChangeLog;
import dev.bulwark.sync.StateChange;
import dev.bulwark.token.AccessTokenClaims;
import dev.bulwark.token.AccessTokenVerifier;
import dev.bulwark.token.RejectionReason;
import dev.bulwark.token.TokenRejectedException;
import dev.bulwark.validation.InvalidValueException;
import dev.bulwark.validation.TextRules;
import dev.bulwark.validation.Validation;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /admin}: the platform operator's endpoints (CONTRACT.md). A revocation or block made here is written to
 * the change log first, so every instance applies it — within the feed's poll interval at worst, at once
 * through the bus when Redis is up — and it outlives every restart.
 */
public final class AdminRoutes implements RouteGroup {

    record RevocationRequest(String token, String jti, String expiresAt) {
    }

    record BlockRequest(String ip, Long ttlSeconds, String reason) {
    }

    record BlockView(String ip, String reason, String createdAt, String expiresAt) {
        static BlockView of(AddressBlock b) {
            return new BlockView(b.address(), b.reason(), b.createdAt().toString(),
                    b.until() == null ? null : b.until().toString());
        }
    }

    record Items<T>(List<T> items) {
    }

    /** Longest block an operator can set in one go: ten years (a block "for ever" omits ttl_seconds). */
    private static final long MAX_TTL_SECONDS = Duration.ofDays(3650).toSeconds();
    /** A jti revocation needs no life longer than the longest access token plus skew. */
    private static final Duration MAX_TOKEN_LIFE = Duration.ofHours(25);

    private final OperatorAccess operator;
    private final StrictJson json;
    private final AccessTokenVerifier verifier;
    private final RevocationStore revocations;
    private final AddressBlockRepository blocks;
    private final BlockList blockList;
    private final DdosGuard guard;
    private final ClientAddressResolver addresses;
    private final ChangeLog changes;
    private final ChangeBus bus;
    private final SecurityEvents events;
    private final Clock clock;

    public AdminRoutes(Optional<String> operatorTokenHash, StrictJson json, AccessTokenVerifier verifier,
                       RevocationStore revocations, AddressBlockRepository blocks, BlockList blockList,
                       DdosGuard guard, ClientAddressResolver addresses,
                       ChangeLog changes, ChangeBus bus, SecurityEvents events, Clock clock) {
        this.guard = guard;
        this.addresses = addresses;
        this.operator = new OperatorAccess(operatorTokenHash);
        this.json = json;
        this.verifier = verifier;
        this.revocations = revocations;
        this.blocks = blocks;
        this.blockList = blockList;
        this.changes = changes;
        this.bus = bus;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post("/admin/revocations", this::revoke);
        routes.get("/admin/blocks", this::listBlocks);
        routes.post("/admin/blocks", this::block);
        routes.delete("/admin/blocks/{ip}", this::unblock);
    }

    private void revoke(Context ctx) {
        operator.require(ctx);
        RevocationRequest body = json.read(ctx.bodyAsBytes(), RevocationRequest.class);
        if ((body.token() == null) == (body.jti() == null)) {
            throw ProblemException.invalid(List.of(new dev.bulwark.http.FieldError("token",
                    "send either token, or jti with expires_at")));
        }
        String jti;
        Instant expiresAt;
        if (body.token() != null) {
            Optional<AccessTokenClaims> claims = verifiedOrHarmless(body.token());
            if (claims.isEmpty()) {
                ctx.status(204);
                return;
            }
            jti = claims.get().jti();
            expiresAt = claims.get().expiresAt();
        } else {
            Validation v = new Validation();
            jti = v.check("jti", body.jti(), AdminRoutes::jti);
            expiresAt = v.check("expires_at", body.expiresAt(), this::futureInstant);
            v.throwIfInvalid();
        }
        revocations.revokeToken(jti, expiresAt);
        events.record("revocation", ctx, Map.of("jti", jti, "by", "operator"));
        ctx.status(204);
    }

    /** The claims of a live token of ours; empty when it is already harmless (expired or revoked). */
    private Optional<AccessTokenClaims> verifiedOrHarmless(String token) {
        try {
            return Optional.of(verifier.verify(token));
        } catch (TokenRejectedException e) {
            if (e.reason() == RejectionReason.EXPIRED || e.reason() == RejectionReason.REVOKED) {
                return Optional.empty();
            }
            throw ProblemException.invalid(List.of(new dev.bulwark.http.FieldError("token",
                    "is not an access token issued by this server")));
        }
    }

    private void listBlocks(Context ctx) {
        operator.require(ctx);
        List<BlockView> items = new java.util.ArrayList<>(blocks.active(clock.instant()).stream().map(BlockView::of)
                .toList());
        for (AutoBlock auto : guard.active()) {
            items.add(new BlockView(auto.address(), "automatic: DDoS guard, offence " + auto.offence(), null,
                    auto.until().toString()));
        }
        ctx.json(new Items<>(items));
    }

    private void block(Context ctx) {
        operator.require(ctx);
        BlockRequest body = json.read(ctx.bodyAsBytes(), BlockRequest.class);
        Validation v = new Validation();
        String address = v.check("ip", body.ip(), this::address);
        String reason = v.check("reason", body.reason(), r -> TextRules.name(r, 500));
        if (body.ttlSeconds() != null && (body.ttlSeconds() < 1 || body.ttlSeconds() > MAX_TTL_SECONDS)) {
            v.fail("ttl_seconds", "must be between 1 and " + MAX_TTL_SECONDS + ", or left out for no end");
        }
        v.throwIfInvalid();
        Instant now = clock.instant();
        Instant until = body.ttlSeconds() == null ? null : now.plusSeconds(body.ttlSeconds());
        AddressBlock stored = blocks.put(address, reason, now, until);
        publish(StateChange.Kind.ADDRESS_BLOCKED, address, until);
        events.record("block", ctx, Map.of("blocked", address, "by", "operator"));
        ctx.status(201).json(BlockView.of(stored));
    }

    private void unblock(Context ctx) {
        operator.require(ctx);
        String address = ClientAddressResolver.canonical(ctx.pathParam("ip")).map(addresses::key)
                .orElseThrow(() -> ProblemException.notFound("no block for that address"));
        // Lifts an operator's block and the guard's automatic one alike (the other instances drop theirs when
        // the unblock reaches them through the change log).
        boolean admin = blocks.remove(address);
        boolean automatic = guard.unblock(address);
        if (!admin && !automatic) {
            throw ProblemException.notFound("no block for that address");
        }
        publish(StateChange.Kind.ADDRESS_UNBLOCKED, address, null);
        events.record("unblock", ctx, Map.of("unblocked", address, "by", "operator"));
        ctx.status(204);
    }

    /** Durable first, then this instance at once, then the others through the bus (or their next poll). */
    private void publish(StateChange.Kind kind, String address, Instant until) {
        StateChange change = changes.append(kind, address, until);
        blockList.apply(change);
        bus.publish(change);
    }

    /** The key the block applies to: the address, or for IPv6 its network (a /64 by default). */
    private String address(String raw) {
        return ClientAddressResolver.canonical(raw).map(addresses::key)
                .orElseThrow(() -> new InvalidValueException("must be an IPv4 or IPv6 address"));
    }

    private static String jti(String raw) {
        if (raw.isEmpty() || raw.length() > 64 || !raw.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_')) {
            throw new InvalidValueException("must be 1 to 64 letters, digits, '-' or '_'");
        }
        return raw;
    }

    private Instant futureInstant(String raw) {
        Instant value;
        try {
            value = Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
        Instant now = clock.instant();
        if (value.isAfter(now.plus(MAX_TOKEN_LIFE))) {
            throw new InvalidValueException("must be within 25 hours: no access token lives longer");
        }
        return value;
    }
}

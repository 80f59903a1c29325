package dev.bulwark.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bulwark.guard.AutoBlock;
import dev.bulwark.guard.BlockList;
import dev.bulwark.guard.DdosGuard;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Step 2 of the pipeline: the operator's block list, then the DDoS guard. A blocked address is answered 403
 * before its request is parsed, authenticated or reaches the database. Both checks are in memory (see
 * {@link BlockList} and {@link DdosGuard}); only the guard's counting may touch Redis, and only for addresses
 * that are not blocked.
 *
 * <p>An admin block matches the client's exact address or its key (an IPv6 /64). Allowlisted addresses are never
 * counted by the guard (an operator's monitoring, a partner's NAT) — but an operator's explicit block still holds.
 *
 * <p>Refusals are counted, not logged one by one: a blocked flood must not become a log flood. The event is
 * written when the guard blocks an address, and in shadow mode once per address a minute ("would have blocked").
 * Shadow mode runs everything — the guard counts and blocks in its own state — but lets the request through.
 */
final class BlockCheck implements Handler {

    private final BlockList blocks;
    private final DdosGuard guard;
    private final List<Cidr> allowlist;
    private final EnforcementMode mode;
    private final SecurityEvents events;
    private final LongAdder refused = new LongAdder();
    private final LongAdder wouldRefuse = new LongAdder();
    private final Cache<String, Boolean> shadowLogged = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(1)).build();

    BlockCheck(BlockList blocks, DdosGuard guard, List<Cidr> allowlist, EnforcementMode mode, SecurityEvents events) {
        this.blocks = blocks;
        this.guard = guard;
        this.allowlist = List.copyOf(allowlist);
        this.mode = mode;
        this.events = events;
    }

    @Override
    public void handle(Context ctx) {
        if (mode == EnforcementMode.OFF) {
            return;
        }
        String path = RequestAttributes.normalisedPath(ctx);
        if (path.equals("/admin") || path.startsWith("/admin/") || path.equals("/health")) {
            // An operator must be able to lift a block from any address, and health checks must see the truth.
            return;
        }
        String address = RequestAttributes.clientAddress(ctx);
        String key = RequestAttributes.clientKey(ctx);
        if (blocks.isBlocked(key) || (!key.equals(address) && blocks.isBlocked(address))) {
            refuse(ctx, key, "admin");
            return;
        }
        if (guard == null || isAllowlisted(address)) {
            return;
        }
        DdosGuard.Verdict verdict = guard.check(key);
        if (verdict.outcome() == DdosGuard.Outcome.NEWLY_BLOCKED) {
            AutoBlock block = verdict.block();
            events.record(mode == EnforcementMode.SHADOW ? "block_shadow" : "block", ctx, Map.of("blocked", key,
                    "by", "ddos_guard", "offence", block.offence(), "until", block.until().toString()));
        }
        if (verdict.blocked()) {
            refuse(ctx, key, "ddos_guard");
        }
    }

    private void refuse(Context ctx, String key, String by) {
        if (mode == EnforcementMode.SHADOW) {
            wouldRefuse.increment();
            if (shadowLogged.asMap().putIfAbsent(by + " " + key, Boolean.TRUE) == null) {
                events.record("blocked_shadow", ctx, Map.of("blocked", key, "by", by));
            }
            return;
        }
        refused.increment();
        ctx.header("Connection", "close");
        throw new ProblemException(403, "Forbidden", "requests from this address are blocked", List.of(), Map.of());
    }

    private boolean isAllowlisted(String address) {
        for (Cidr cidr : allowlist) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    long refusedCount() {
        return refused.sum();
    }

    long wouldRefuseCount() {
        return wouldRefuse.sum();
    }
}

package dev.bulwark.http;

import dev.bulwark.guard.BlockList;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Step 2 of the pipeline: a blocked address is answered 403 before its request is parsed, authenticated or
 * reaches the database. The list is in memory (see {@link BlockList}), so refusing costs a map lookup. Refusals
 * are counted, not logged one by one: a blocked flood must not become a log flood.
 */
final class BlockCheck implements Handler {

    private final BlockList blocks;
    private final EnforcementMode mode;
    private final LongAdder refused = new LongAdder();

    BlockCheck(BlockList blocks, EnforcementMode mode) {
        this.blocks = blocks;
        this.mode = mode;
    }

    @Override
    public void handle(Context ctx) {
        if (mode == EnforcementMode.OFF) {
            return;
        }
        String path = RequestPaths.normalise(ctx.path());
        if (path.equals("/admin") || path.startsWith("/admin/") || path.equals("/health")) {
            // An operator must be able to lift a block from any address, and health checks must see the truth.
            return;
        }
        String address = RequestAttributes.clientAddress(ctx);
        if (blocks.isBlocked(address)) {
            refused.increment();
            if (mode == EnforcementMode.ENFORCE) {
                ctx.header("Connection", "close");
                throw new ProblemException(403, "Forbidden", "requests from this address are blocked", List.of(),
                        Map.of());
            }
        }
    }

    long refusedCount() {
        return refused.sum();
    }
}

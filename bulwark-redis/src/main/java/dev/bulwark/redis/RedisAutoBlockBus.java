package dev.bulwark.redis;

import dev.bulwark.guard.AutoBlock;
import dev.bulwark.guard.AutoBlockBus;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DDoS guard's automatic blocks on Redis pub/sub, channel {@value #CHANNEL}; message
 * {@code <until epoch ms> <offence> <address>}. Fire and forget: a block lost on the way (Redis down, a
 * reconnect) is the documented loss of DESIGN.md — the other instances count the same address in the same shared
 * buckets and block it themselves when it next exceeds them.
 */
public final class RedisAutoBlockBus implements AutoBlockBus {

    static final String CHANNEL = "bw:autoblocks";
    private static final Logger LOG = LoggerFactory.getLogger(RedisAutoBlockBus.class);

    private final RedisCommandsGateway redis;

    public RedisAutoBlockBus(RedisCommandsGateway redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    @Override
    public void publish(AutoBlock block) {
        try {
            redis.publish(CHANNEL, block.until().toEpochMilli() + " " + block.offence() + " " + block.address())
                    .exceptionally(failure -> {
                        LOG.debug("automatic block of {} not published: {}", block.address(), failure.toString());
                        return 0L;
                    });
        } catch (RuntimeException e) {
            LOG.debug("automatic block of {} not published: {}", block.address(), e.toString());
        }
    }

    @Override
    public void subscribe(Consumer<AutoBlock> listener) {
        redis.subscribe(CHANNEL, message -> {
            AutoBlock block = parse(message);
            if (block != null) {
                listener.accept(block);
            }
        }).exceptionally(failure -> {
            LOG.warn("cannot subscribe to {}: {}; automatic blocks stay per instance until reconnect", CHANNEL,
                    failure.toString());
            return null;
        });
    }

    static AutoBlock parse(String message) {
        String[] parts = message.split(" ", 3);
        if (parts.length != 3 || parts[2].isEmpty() || parts[2].length() > 64) {
            return null;
        }
        try {
            return new AutoBlock(parts[2], Instant.ofEpochMilli(Long.parseLong(parts[0])),
                    Integer.parseInt(parts[1]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

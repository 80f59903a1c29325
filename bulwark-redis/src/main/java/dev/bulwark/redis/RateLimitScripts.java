package dev.bulwark.redis;

import dev.bulwark.ratelimit.Algorithm;

/** The four rate-limit scripts, read from the class path once per factory. */
record RateLimitScripts(LuaScript tokenBucket, LuaScript slidingWindow, LuaScript fixedWindow, LuaScript gcra) {

    static RateLimitScripts load() {
        return new RateLimitScripts(LuaScript.load("token_bucket"), LuaScript.load("sliding_window"),
                LuaScript.load("fixed_window"), LuaScript.load("gcra"));
    }

    LuaScript of(Algorithm algorithm) {
        return switch (algorithm) {
            case TOKEN_BUCKET -> tokenBucket;
            case SLIDING_WINDOW -> slidingWindow;
            case FIXED_WINDOW -> fixedWindow;
            case GCRA -> gcra;
        };
    }
}

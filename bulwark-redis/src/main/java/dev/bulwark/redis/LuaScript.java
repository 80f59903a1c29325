package dev.bulwark.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A Lua script shipped as the class-path resource {@code /dev/bulwark/redis/<name>.lua}, run by
 * {@code EVALSHA} so that only the 40-character digest travels per call. A server that does not
 * know the script (restarted, {@code SCRIPT FLUSH}, a new Cluster node) answers {@code NOSCRIPT};
 * then the script is sent once with {@code EVAL}, which also caches it on that node, and the call
 * succeeds. {@code EVAL} rather than {@code SCRIPT LOAD} + {@code EVALSHA}: one round trip instead
 * of two, and it is routed by key like the call itself, so in a Cluster it lands on the right node.
 *
 * @param name the resource's base name
 * @param text the script
 * @param sha1 lower-case hex SHA-1 of the text, as Redis computes it
 */
public record LuaScript(String name, String text, String sha1) {

    public LuaScript {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sha1, "sha1");
    }

    /**
     * Reads {@code /dev/bulwark/redis/<name>.lua}.
     *
     * @throws IllegalArgumentException if there is no such resource
     */
    public static LuaScript load(String name) {
        String resource = "/dev/bulwark/redis/" + name + ".lua";
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no script " + resource + " on the class path");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new LuaScript(name, text, sha1(text));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** Runs the script: {@code EVALSHA}, and on {@code NOSCRIPT} one {@code EVAL}. */
    public <T> CompletableFuture<T> execute(RedisCommandsGateway redis, ScriptOutputType type, String[] keys,
            String... args) {
        return redis.<T>evalsha(sha1, type, keys, args).exceptionallyCompose(failure -> {
            if (isNoScript(failure)) {
                return redis.<T>eval(text, type, keys, args);
            }
            return CompletableFuture.failedFuture(failure);
        });
    }

    static boolean isNoScript(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        return t instanceof RedisNoScriptException || t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT");
    }

    private static String sha1(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "LuaScript[" + name + ", " + sha1 + "]";
    }
}

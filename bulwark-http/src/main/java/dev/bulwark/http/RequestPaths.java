package dev.bulwark.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The one canonical form of a request path that policies are matched against, so that {@code /auth/login/},
 * {@code //auth/login}, {@code /auth/%6Cogin} and {@code /auth/login;x=1} are all {@code /auth/login} and none of
 * them is a way around a limit. Percent-decoding is done once; {@code .} and {@code ..} segments are resolved.
 */
public final class RequestPaths {

    private RequestPaths() {
    }

    public static String normalise(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : rawPath.split("/")) {
            int semicolon = segment.indexOf(';');
            String bare = semicolon >= 0 ? segment.substring(0, semicolon) : segment;
            String decoded = decode(bare);
            if (decoded.isEmpty() || decoded.equals(".")) {
                continue;
            }
            if (decoded.equals("..")) {
                segments.pollLast();
                continue;
            }
            segments.addLast(decoded);
        }
        return "/" + String.join("/", segments);
    }

    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }
}

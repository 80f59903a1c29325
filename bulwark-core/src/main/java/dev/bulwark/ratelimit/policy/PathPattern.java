package dev.bulwark.ratelimit.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Glob matching of request paths, segment by segment: {@code *} matches any run of characters
 * within one segment, a segment {@code **} matches any number of whole segments (zero included),
 * anything else matches itself. One trailing slash is ignored on both sides.
 *
 * <p>The path is user input, so matching must not backtrack over it. Segments are matched by
 * simulating the pattern as an automaton: the set of pattern positions reachable so far is
 * advanced once per path segment, which costs O(path segments × pattern segments), linear in the
 * path for a given pattern. Within one segment the {@code *} matcher is the greedy one that
 * remembers only the last star, O(segment × pattern segment) at worst.
 */
final class PathPattern {

    private static final String ANY_SEGMENTS = "**";

    private PathPattern() {
    }

    /** Throws IllegalArgumentException, saying how to fix it, unless {@code pattern} is a valid path glob. */
    static void validate(String pattern) {
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("path pattern " + quote(pattern) + " must start with \"/\"");
        }
        for (String segment : segments(pattern)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("path pattern " + quote(pattern)
                        + " has an empty segment (\"//\"); remove the extra slash");
            }
            if (segment.contains(ANY_SEGMENTS) && !segment.equals(ANY_SEGMENTS)) {
                throw new IllegalArgumentException("path pattern " + quote(pattern) + " uses \"**\" inside a segment; "
                        + "\"**\" must be a whole segment, as in \"/api/**\" (use \"*\" within a segment)");
            }
        }
    }

    static boolean matches(String pattern, String path) {
        List<String> globs = segments(pattern);
        int m = globs.size();
        boolean[] reached = new boolean[m + 1];
        reached[0] = true;
        skipAnySegments(reached, globs);
        for (String segment : segments(path)) {
            boolean[] next = new boolean[m + 1];
            boolean alive = false;
            for (int i = 0; i < m; i++) {
                if (!reached[i]) {
                    continue;
                }
                String glob = globs.get(i);
                if (glob.equals(ANY_SEGMENTS)) {
                    next[i] = true; // "**" absorbs this segment and may absorb more
                    alive = true;
                } else if (segmentMatches(glob, segment)) {
                    next[i + 1] = true;
                    alive = true;
                }
            }
            if (!alive) {
                return false;
            }
            skipAnySegments(next, globs);
            reached = next;
        }
        return reached[m];
    }

    /** A "**" may match zero segments: whoever reaches it also reaches the position after it. */
    private static void skipAnySegments(boolean[] reached, List<String> globs) {
        for (int i = 0; i < globs.size(); i++) {
            if (reached[i] && globs.get(i).equals(ANY_SEGMENTS)) {
                reached[i + 1] = true;
            }
        }
    }

    /** {@code *} matches any run of characters within the segment; everything else itself. */
    static boolean segmentMatches(String glob, String text) {
        int g = 0;
        int t = 0;
        int star = -1;
        int starText = 0;
        while (t < text.length()) {
            if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                starText = t;
            } else if (g < glob.length() && glob.charAt(g) == text.charAt(t)) {
                g++;
                t++;
            } else if (star >= 0) {
                // Let the last star absorb one more character and retry from just after it.
                g = star + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }

    /** "/a/b/" and "/a/b" → [a, b]; "/" → []. */
    static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        int start = path.startsWith("/") ? 1 : 0;
        int end = path.length();
        if (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        if (start >= end) {
            return segments;
        }
        int from = start;
        while (true) {
            int slash = path.indexOf('/', from);
            if (slash < 0 || slash >= end) {
                segments.add(path.substring(from, end));
                return segments;
            }
            segments.add(path.substring(from, slash));
            from = slash + 1;
        }
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}

package io.jrestate.http.internal;

import io.jrestate.common.Verify;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed route pattern: literal segments, {@code {name}} segments and an optional trailing {@code {*rest}}.
 */
public final class PathPattern {
    private final List<String> segments;
    private final String restName;

    private PathPattern(final List<String> segments, final String restName) {
        this.segments = segments;
        this.restName = restName;
    }

    /**
     * Parses {@code pattern}.
     *
     * @param pattern a pattern such as {@code /deployments/{id}} or {@code /restate/{*rest}}
     * @return the parsed pattern
     */
    public static PathPattern parse(final String pattern) {
        Verify.argument(pattern != null && pattern.startsWith("/"), "route pattern must start with '/': " + pattern);
        final List<String> parts = split(pattern);
        String rest = null;
        if (!parts.isEmpty() && parts.get(parts.size() - 1).startsWith("{*")) {
            final String last = parts.remove(parts.size() - 1);
            Verify.argument(last.endsWith("}"), "bad rest segment in route pattern " + pattern);
            rest = last.substring(2, last.length() - 1);
        }
        for (final String part : parts) {
            Verify.argument(!part.startsWith("{*"), "{*rest} must be the last segment of " + pattern);
        }
        return new PathPattern(List.copyOf(parts), rest);
    }

    /**
     * Matches a raw request path.
     *
     * @param rawPath the path as received, percent-encoded
     * @return the decoded parameters, or null when the path does not match
     */
    public Map<String, String> match(final String rawPath) {
        final List<String> parts = split(rawPath);
        if (parts.size() < segments.size() || (restName == null && parts.size() != segments.size())) {
            return null;
        }
        final Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            final String want = segments.get(i);
            final String got = parts.get(i);
            if (isParam(want)) {
                params.put(want.substring(1, want.length() - 1), PercentDecoder.decode(got));
            } else if (!want.equals(got)) {
                return null;
            }
        }
        if (restName != null) {
            params.put(restName, String.join("/", parts.subList(segments.size(), parts.size())));
        }
        return params;
    }

    private static boolean isParam(final String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    private static List<String> split(final String path) {
        final List<String> parts = new ArrayList<>();
        for (final String part : path.split("/", -1)) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }
}

package io.jrestate.perf.load;

import io.jrestate.common.FriendlyDuration;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The load tool's command line, parsed and checked.
 *
 * <pre>
 *   --url URL            ingress base URL, http only (default http://127.0.0.1:8080)
 *   --connections N      keep-alive HTTP/1.1 connections, one request in flight on each (default 1)
 *   --duration D         measured time after the warm-up, friendly or ISO 8601 (default 30s)
 *   --warmup D           time before measuring starts (default 5s)
 *   --target T           Service/handler or Object/{key}/handler; "/send" may follow (default Greeter/greet)
 *   --keys N             how many keys {key} ranges over, uniformly: 0..N-1 (default 1000; 1 = one hot key)
 *   --body TEXT          request body (default empty); sent with content-type application/json unless changed
 *   --content-type TYPE  content type of a non-empty body (default application/json)
 *   --header 'K: V'      an extra request header (repeatable)
 *   --rate R             open loop: R requests per second over all connections (default: closed loop)
 *   --timeout D          per-request response timeout (default 10s)
 *   --seed S             seed of the key choice (default: from the clock; printed)
 * </pre>
 * Each option takes its value as the next argument or after {@code =} ({@code --connections=16}).
 *
 * @param host ingress host name or address
 * @param port ingress port
 * @param basePath path prefix of the URL without a trailing slash ("" for none)
 * @param connections number of connections
 * @param duration measured duration
 * @param warmup warm-up duration
 * @param target the target path template, without leading slash
 * @param keys how many distinct keys replace {@code {key}}
 * @param body request body
 * @param contentType content type sent with a non-empty body
 * @param headers extra request headers, each "Name: value"
 * @param ratePerSecond open-loop request rate over all connections, 0 for closed loop
 * @param timeout per-request timeout
 * @param seed seed of the key choice
 */
public record LoadOptions(String host, int port, String basePath, int connections, Duration duration,
                          Duration warmup, String target, int keys, String body, String contentType,
                          List<String> headers, double ratePerSecond, Duration timeout, long seed) {

    /** The placeholder in {@link #target()} replaced by a key. */
    public static final String KEY_PLACEHOLDER = "{key}";

    /** Usage text printed by {@code --help} and after a usage error. */
    public static final String USAGE = """
            usage: load [--url http://127.0.0.1:8080] [--connections 1] [--duration 30s] [--warmup 5s]
                        [--target Greeter/greet | Counter/{key}/add] [--keys 1000] [--body '"hi"']
                        [--content-type application/json] [--header 'K: V']... [--rate R] [--timeout 10s]
                        [--seed S]
              Closed loop by default (each connection sends its next request when the previous answer arrived);
              with --rate, open loop at R requests/s with latency counted from each request's scheduled time.
              Prints throughput, p50/p90/p99/p99.9/max latency, errors by status, and a one-line JSON summary.""";

    /** Thrown for a bad command line; its message names the option and the problem. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(final String message) {
            super(message);
        }
    }

    /** Canonical constructor: copies the header list. */
    public LoadOptions {
        headers = List.copyOf(headers);
    }

    /** @return host and port as written in a URL or a {@code host} header (IPv6 addresses in brackets) */
    public String authority() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** @return whether the target contains {@code {key}} */
    public boolean keyed() {
        return target.contains(KEY_PLACEHOLDER);
    }

    /** @return whether requests are paced at {@link #ratePerSecond()} (open loop) */
    public boolean openLoop() {
        return ratePerSecond > 0;
    }

    /**
     * Parses a command line.
     *
     * @param args the arguments
     * @param defaultSeed the seed used when {@code --seed} is absent
     * @return the options, or {@code null} when {@code --help} was asked
     * @throws UsageException naming the option and what is wrong
     */
    public static LoadOptions parse(final String[] args, final long defaultSeed) {
        final Builder b = new Builder(defaultSeed);
        for (int i = 0; i < args.length; i++) {
            final String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            }
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "': options start with --");
            }
            final int eq = arg.indexOf('=');
            final String name = eq < 0 ? arg : arg.substring(0, eq);
            final String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("option '" + name + "' needs a value");
            }
            b.set(name, value);
        }
        return b.build();
    }

    /** Collects option values and checks them. */
    private static final class Builder {
        private String url = "http://127.0.0.1:8080";
        private int connections = 1;
        private Duration duration = Duration.ofSeconds(30);
        private Duration warmup = Duration.ofSeconds(5);
        private String target = "Greeter/greet";
        private int keys = 1000;
        private String body = "";
        private String contentType = "application/json";
        private final List<String> headers = new ArrayList<>();
        private double rate;
        private Duration timeout = Duration.ofSeconds(10);
        private long seed;

        Builder(final long defaultSeed) {
            this.seed = defaultSeed;
        }

        void set(final String name, final String value) {
            switch (name) {
                case "--url" -> url = value;
                case "--connections" -> connections = positiveInt(name, value);
                case "--duration" -> duration = positiveDuration(name, value);
                case "--warmup" -> warmup = duration(name, value);
                case "--target" -> target = value;
                case "--keys" -> keys = positiveInt(name, value);
                case "--body" -> body = value;
                case "--content-type" -> contentType = value;
                case "--header" -> headers.add(header(value));
                case "--rate" -> rate = positiveRate(name, value);
                case "--timeout" -> timeout = positiveDuration(name, value);
                case "--seed" -> seed = longValue(name, value);
                default -> throw new UsageException("unknown option '" + name + "'; known: --url --connections"
                        + " --duration --warmup --target --keys --body --content-type --header --rate --timeout"
                        + " --seed --help");
            }
        }

        LoadOptions build() {
            final URI uri = parseUrl(url);
            final String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            final String basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            final int port = uri.getPort() < 0 ? 80 : uri.getPort();
            final String host = uri.getHost().startsWith("[")
                    ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
            return new LoadOptions(host, port, basePath, connections, duration, warmup,
                    checkTarget(target), keys, body, contentType, headers, rate, timeout, seed);
        }
    }

    private static URI parseUrl(final String url) {
        final URI uri;
        try {
            uri = new URI(url);
        } catch (final URISyntaxException e) {
            throw new UsageException("option '--url': '" + url + "' is not a URL: " + e.getReason());
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new UsageException("option '--url': '" + url + "' must start with http:// (only plain HTTP/1.1"
                    + " is supported)");
        }
        if (uri.getHost() == null) {
            throw new UsageException("option '--url': '" + url + "' has no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new UsageException("option '--url': '" + url + "' must not have a query or fragment");
        }
        return uri;
    }

    private static String checkTarget(final String target) {
        final String t = target.startsWith("/") ? target.substring(1) : target;
        final String[] segments = t.split("/", -1);
        final boolean send = segments.length > 2 && segments[segments.length - 1].equals("send");
        final int pathSegments = send ? segments.length - 1 : segments.length;
        for (final String segment : segments) {
            if (segment.isEmpty()) {
                throw new UsageException("option '--target': '" + target + "' has an empty path segment");
            }
            if (segment.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#' || c >= 0x7f)) {
                throw new UsageException("option '--target': '" + target + "' has a character that must be"
                        + " percent-encoded in segment '" + segment + "'");
            }
        }
        if (pathSegments != 2 && pathSegments != 3) {
            throw new UsageException("option '--target': '" + target + "' must be Service/handler or"
                    + " Object/{key}/handler, optionally followed by /send");
        }
        final int placeholders = t.split("\\{key}", -1).length - 1;
        if (placeholders > 1) {
            throw new UsageException("option '--target': '" + target + "' has more than one {key}");
        }
        return t;
    }

    private static int positiveInt(final String name, final String value) {
        final long parsed = longValue(name, value);
        if (parsed < 1 || parsed > Integer.MAX_VALUE) {
            throw new UsageException("option '" + name + "': '" + value + "' must be a positive integer");
        }
        return (int) parsed;
    }

    private static long longValue(final String name, final String value) {
        try {
            return Long.parseLong(value.strip().replace("_", ""));
        } catch (final NumberFormatException e) {
            throw new UsageException("option '" + name + "': '" + value + "' is not an integer");
        }
    }

    private static double positiveRate(final String name, final String value) {
        final double parsed;
        try {
            parsed = Double.parseDouble(value.strip());
        } catch (final NumberFormatException e) {
            throw new UsageException("option '" + name + "': '" + value + "' is not a number");
        }
        if (!(parsed > 0) || Double.isInfinite(parsed)) {
            throw new UsageException("option '" + name + "': '" + value + "' must be a positive number of"
                    + " requests per second");
        }
        return parsed;
    }

    private static Duration duration(final String name, final String value) {
        try {
            return FriendlyDuration.parse(value);
        } catch (final IllegalArgumentException e) {
            throw new UsageException("option '" + name + "': " + e.getMessage());
        }
    }

    private static Duration positiveDuration(final String name, final String value) {
        final Duration d = duration(name, value);
        if (d.isZero()) {
            throw new UsageException("option '" + name + "': '" + value + "' must be longer than zero");
        }
        return d;
    }

    private static String header(final String value) {
        final int colon = value.indexOf(':');
        if (colon <= 0 || value.substring(0, colon).isBlank()) {
            throw new UsageException("option '--header': '" + value + "' must look like 'Name: value'");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new UsageException("option '--header': '" + value + "' must not contain a line break");
        }
        final String headerName = value.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        if (headerName.equals("content-length") || headerName.equals("host")
                || headerName.equals("transfer-encoding") || headerName.equals("connection")) {
            throw new UsageException("option '--header': the tool sets '" + headerName + "' itself");
        }
        return value.substring(0, colon).strip() + ": " + value.substring(colon + 1).strip();
    }
}

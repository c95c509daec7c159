package io.jrestate.config;

import java.net.InetSocketAddress;

/**
 * A socket address to listen on, written {@code "host:port"} ({@code "0.0.0.0:8080"}, {@code "[::]:5122"}).
 *
 * @param host an IP address or host name, without IPv6 brackets
 * @param port the port, 0 for any free port
 */
public record BindAddress(String host, int port) {
    /**
     * Parses {@code host:port}, with {@code [..]} around an IPv6 host.
     *
     * @param text the address
     * @return the address
     * @throws IllegalArgumentException naming the text and what was expected
     */
    public static BindAddress parse(final String text) {
        final int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw invalid(text);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw invalid(text);
        }
        final int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (final NumberFormatException e) {
            throw invalid(text);
        }
        if (host.isEmpty() || port < 0 || port > 65_535) {
            throw invalid(text);
        }
        return new BindAddress(host, port);
    }

    private static IllegalArgumentException invalid(final String text) {
        return new IllegalArgumentException("invalid socket address \"" + text
                + "\"; expected host:port such as \"0.0.0.0:8080\" or \"[::]:5122\"");
    }

    /**
     * Whether the host is a wildcard address (listen on all interfaces).
     *
     * @return true for {@code ::} and {@code 0.0.0.0}
     */
    public boolean isWildcard() {
        return host.equals("::") || host.equals("0.0.0.0") || host.equals("0:0:0:0:0:0:0:0");
    }

    /**
     * An unresolved-if-needed socket address for binding.
     *
     * @return the socket address
     */
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    /** The {@code host:port} form, with brackets around an IPv6 host. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}

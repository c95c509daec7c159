package io.jrestate.config;

import java.util.Optional;

/**
 * Where a server listens and the address others use to reach it.
 *
 * <p>Resolution, per section ({@code ""} for the node-to-node fabric, {@code admin}, {@code ingress}):
 * <pre>
 *   bind       = [s] bind-address, else ([s] bind-ip, else bind-ip) : [s] bind-port
 *   advertised = [s] advertised-address, else http://host:port/ where host = [s] advertised-host,
 *                else advertised-host, else the bind host (127.0.0.1 when binding every interface)
 * </pre>
 *
 * @param bindAddress the socket address to listen on
 * @param advertisedAddress the URL other nodes and clients use, e.g. {@code http://127.0.0.1:8080/}
 */
public record ListenerConfig(BindAddress bindAddress, String advertisedAddress) {

    static ListenerConfig from(final ConfigValues values, final String section) {
        final String prefix = section.isEmpty() ? "" : section + ".";
        final BindAddress bind = values.optional(prefix + "bind-address", BindAddress.class).orElseGet(() -> {
            final String ip = values.optional(prefix + "bind-ip", String.class).orElse(values.text("bind-ip"));
            return new BindAddress(ip, values.intNumber(prefix + "bind-port"));
        });
        final String advertised = values.optional(prefix + "advertised-address", String.class).orElseGet(() -> {
            final Optional<String> host = values.optional(prefix + "advertised-host", String.class)
                    .or(() -> values.optional("advertised-host", String.class));
            final String fallback = bind.isWildcard() ? "127.0.0.1" : bind.host();
            final String chosen = host.orElse(fallback);
            final String bracketed = chosen.contains(":") ? "[" + chosen + "]" : chosen;
            return "http://" + bracketed + ":" + bind.port() + "/";
        });
        return new ListenerConfig(bind, advertised);
    }
}

package io.jrestate.config;

import java.time.Duration;

/**
 * {@code [admin]}: the admin API (port 9070) and the cluster controller.
 *
 * @param listener where the admin API listens
 * @param heartbeatInterval the cluster controller's heartbeat
 */
public record AdminConfig(ListenerConfig listener, Duration heartbeatInterval) {

    static AdminConfig from(final ConfigValues v) {
        return new AdminConfig(ListenerConfig.from(v, "admin"), v.duration("admin.heartbeat-interval"));
    }
}

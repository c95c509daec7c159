package io.jrestate.config;

import io.jrestate.common.ByteSize;

/**
 * {@code [ingress]}: the HTTP ingress (port 8080).
 *
 * @param listener where the ingress listens
 * @param requestSizeLimit request bodies above this size are refused with 413
 */
public record IngressConfig(ListenerConfig listener, ByteSize requestSizeLimit) {

    static IngressConfig from(final ConfigValues v) {
        return new IngressConfig(ListenerConfig.from(v, "ingress"), v.bytes("ingress.request-size-limit"));
    }
}

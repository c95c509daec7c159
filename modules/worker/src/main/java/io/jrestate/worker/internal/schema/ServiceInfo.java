package io.jrestate.worker.internal.schema;

import io.jrestate.worker.internal.wal.ServiceType;
import java.util.Map;

/**
 * What the worker needs to know about one service.
 *
 * @param name the service name
 * @param type service, virtual object or workflow
 * @param ingressPublic whether the ingress may call it
 * @param handlers handlers by name
 */
public record ServiceInfo(String name, ServiceType type, boolean ingressPublic, Map<String, HandlerInfo> handlers) {
}

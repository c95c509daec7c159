package io.jrestate.service.protocol.schema;

import io.jrestate.service.protocol.discovery.EndpointManifest;
import io.jrestate.service.protocol.discovery.ProtocolMode;
import java.time.Duration;
import java.util.List;

/** Builds service revisions from manifest services, applying the server defaults. */
final class ServiceSchemas {
    private ServiceSchemas() {
    }

    /**
     * Builds a revision. Observed on restate-server 1.7.12: services of request/response deployments report an
     * inactivity timeout of 0s unless the manifest sets one (the timeout only matters for open bidi streams).
     */
    static ServiceSchema of(final EndpointManifest.Service s, final int revision, final String deploymentId,
                            final ProtocolMode mode, final ServiceDefaults d) {
        final Duration defaultInactivity = mode == ProtocolMode.REQUEST_RESPONSE ? Duration.ZERO
            : d.inactivityTimeout();
        final ServiceOptions o = s.options();
        final List<HandlerSchema> handlers = s.handlers().stream()
            .map(h -> new HandlerSchema(h.name(), h.type(), h.input(), h.output(), h.documentation(), h.metadata(),
                h.options()))
            .toList();
        return new ServiceSchema(s.name(), s.type(), revision, deploymentId, handlers, s.documentation(),
            s.metadata(),
            o.ingressPrivate() == null || !o.ingressPrivate(),
            o.idempotencyRetention() != null ? o.idempotencyRetention() : d.idempotencyRetention(),
            o.journalRetention() != null ? o.journalRetention() : d.journalRetention(),
            s.type() == ServiceType.WORKFLOW ? (o.workflowCompletionRetention() != null
                ? o.workflowCompletionRetention() : d.workflowCompletionRetention()) : null,
            o.inactivityTimeout() != null ? o.inactivityTimeout() : defaultInactivity,
            o.abortTimeout() != null ? o.abortTimeout() : d.abortTimeout(),
            o.enableLazyState() != null && o.enableLazyState(),
            d.retryPolicy().with(o.retryPolicy()));
    }
}

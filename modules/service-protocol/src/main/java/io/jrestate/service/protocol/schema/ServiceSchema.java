package io.jrestate.service.protocol.schema;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One revision of a service: the handlers the deployment {@code deploymentId} serves, and the service's effective
 * configuration (manifest values or server defaults, possibly modified through the admin API).
 *
 * @param name service name
 * @param type service type
 * @param revision revision number, from 1, per service name
 * @param deploymentId the deployment serving this revision
 * @param handlers handlers in manifest order
 * @param documentation documentation or null
 * @param metadata metadata
 * @param isPublic whether ingress may call it
 * @param idempotencyRetention effective idempotency retention
 * @param journalRetention effective journal retention
 * @param workflowCompletionRetention effective workflow completion retention (workflows), else null
 * @param inactivityTimeout effective inactivity timeout
 * @param abortTimeout effective abort timeout
 * @param enableLazyState whether state is lazy
 * @param retryPolicy effective retry policy
 */
public record ServiceSchema(String name, ServiceType type, int revision, String deploymentId,
                            List<HandlerSchema> handlers, String documentation, Map<String, String> metadata,
                            boolean isPublic, Duration idempotencyRetention, Duration journalRetention,
                            Duration workflowCompletionRetention, Duration inactivityTimeout, Duration abortTimeout,
                            boolean enableLazyState, RetryPolicy retryPolicy) {
    /**
     * Copies the collections.
     *
     * @param name name
     * @param type type
     * @param revision revision
     * @param deploymentId deployment
     * @param handlers handlers
     * @param documentation docs
     * @param metadata metadata
     * @param isPublic public
     * @param idempotencyRetention idempotency retention
     * @param journalRetention journal retention
     * @param workflowCompletionRetention workflow retention
     * @param inactivityTimeout inactivity
     * @param abortTimeout abort
     * @param enableLazyState lazy state
     * @param retryPolicy retry policy
     */
    public ServiceSchema {
        handlers = List.copyOf(handlers);
        metadata = Map.copyOf(metadata);
    }

    /**
     * Looks up a handler.
     *
     * @param handlerName the handler name
     * @return the handler, or empty
     */
    public Optional<HandlerSchema> handler(final String handlerName) {
        return handlers.stream().filter(h -> h.name().equals(handlerName)).findFirst();
    }

    /**
     * Computes the effective invocation configuration of a handler.
     *
     * @param handler a handler of this service
     * @return handler overrides over service values
     */
    public InvocationConfig invocationConfig(final HandlerSchema handler) {
        final ServiceOptions o = handler.options();
        return new InvocationConfig(
            retryPolicy.with(o.retryPolicy()),
            o.inactivityTimeout() != null ? o.inactivityTimeout() : inactivityTimeout,
            o.abortTimeout() != null ? o.abortTimeout() : abortTimeout,
            o.journalRetention() != null ? o.journalRetention() : journalRetention,
            o.idempotencyRetention() != null ? o.idempotencyRetention() : idempotencyRetention,
            handler.type() == HandlerType.WORKFLOW ? (o.workflowCompletionRetention() != null
                ? o.workflowCompletionRetention() : workflowCompletionRetention) : null,
            o.enableLazyState() != null ? o.enableLazyState() : enableLazyState,
            o.ingressPrivate() != null ? !o.ingressPrivate() : isPublic);
    }

    /**
     * Returns a copy with other configuration values (admin {@code PATCH /services/{name}}).
     *
     * @param m the modification; null fields keep current values
     * @return the modified revision
     */
    public ServiceSchema modified(final ServiceModification m) {
        return new ServiceSchema(name, type, revision, deploymentId, handlers, documentation, metadata,
            m.isPublic() != null ? m.isPublic() : isPublic,
            m.idempotencyRetention() != null ? m.idempotencyRetention() : idempotencyRetention,
            m.journalRetention() != null ? m.journalRetention() : journalRetention,
            m.workflowCompletionRetention() != null && type == ServiceType.WORKFLOW
                ? m.workflowCompletionRetention() : workflowCompletionRetention,
            m.inactivityTimeout() != null ? m.inactivityTimeout() : inactivityTimeout,
            m.abortTimeout() != null ? m.abortTimeout() : abortTimeout,
            enableLazyState, retryPolicy);
    }
}

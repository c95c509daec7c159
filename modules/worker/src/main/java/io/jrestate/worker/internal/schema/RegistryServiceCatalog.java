package io.jrestate.worker.internal.schema;

import io.jrestate.service.protocol.schema.HandlerSchema;
import io.jrestate.service.protocol.schema.InvocationConfig;
import io.jrestate.service.protocol.schema.SchemaRegistry;
import io.jrestate.service.protocol.schema.SchemaSnapshot;
import io.jrestate.service.protocol.schema.ServiceSchema;
import io.jrestate.worker.internal.wal.HandlerType;
import io.jrestate.worker.internal.wal.InvocationOptions;
import io.jrestate.worker.internal.wal.OnMaxAttempts;
import io.jrestate.worker.internal.wal.RetryPolicy;
import io.jrestate.worker.internal.wal.ServiceType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The worker's view of the service protocol's schema registry: the latest revision of each service, converted
 * once per schema snapshot (cached until the registry publishes a new one).
 */
public final class RegistryServiceCatalog implements ServiceCatalog {
    private final SchemaRegistry registry;
    private volatile SchemaSnapshot cachedSnapshot;
    private volatile StaticServiceCatalog cached;

    /**
     * Creates the adapter.
     *
     * @param registry the registry
     */
    public RegistryServiceCatalog(final SchemaRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ServiceInfo service(final String name) {
        return current().service(name);
    }

    @Override
    public List<String> serviceNames() {
        return current().serviceNames();
    }

    private StaticServiceCatalog current() {
        final SchemaSnapshot snapshot = registry.snapshot();
        if (snapshot != cachedSnapshot) {
            final List<ServiceInfo> services = new ArrayList<>();
            for (final List<ServiceSchema> revisions : snapshot.services().values()) {
                ServiceSchema latest = null;
                for (final ServiceSchema s : revisions) {
                    if (latest == null || s.revision() > latest.revision()) {
                        latest = s;
                    }
                }
                if (latest != null) {
                    services.add(convert(latest));
                }
            }
            cached = new StaticServiceCatalog(services);
            cachedSnapshot = snapshot;
        }
        return cached;
    }

    static ServiceInfo convert(final ServiceSchema service) {
        final Map<String, HandlerInfo> handlers = new LinkedHashMap<>();
        for (final HandlerSchema h : service.handlers()) {
            final InvocationConfig config = service.invocationConfig(h);
            handlers.put(h.name(), new HandlerInfo(h.name(), handlerType(service, h), options(config),
                    h.input().contentType(), h.input().required(), h.output().contentType(),
                    h.output().setContentTypeIfEmpty()));
        }
        return new ServiceInfo(service.name(), switch (service.type()) {
            case SERVICE -> ServiceType.SERVICE;
            case VIRTUAL_OBJECT -> ServiceType.VIRTUAL_OBJECT;
            case WORKFLOW -> ServiceType.WORKFLOW;
        }, service.isPublic(), handlers);
    }

    private static HandlerType handlerType(final ServiceSchema service, final HandlerSchema handler) {
        if (service.type() == io.jrestate.service.protocol.schema.ServiceType.SERVICE) {
            return HandlerType.HANDLER_TYPE_UNSPECIFIED;
        }
        if (handler.type() == null) {
            return service.type() == io.jrestate.service.protocol.schema.ServiceType.WORKFLOW
                    ? HandlerType.SHARED : HandlerType.EXCLUSIVE;
        }
        return switch (handler.type()) {
            case EXCLUSIVE -> HandlerType.EXCLUSIVE;
            case SHARED -> HandlerType.SHARED;
            case WORKFLOW -> HandlerType.WORKFLOW_RUN;
        };
    }

    private static InvocationOptions options(final InvocationConfig config) {
        final io.jrestate.service.protocol.schema.RetryPolicy p = config.retryPolicy();
        final RetryPolicy.Builder retry = RetryPolicy.newBuilder().setInitialIntervalMs(ms(p.initialInterval()))
                .setExponentiationFactor(p.exponentiationFactor()).setMaxIntervalMs(ms(p.maxInterval()))
                .setMaxAttempts(p.maxAttempts() == null ? 0 : p.maxAttempts())
                .setOnMaxAttempts(p.onMaxAttempts() == io.jrestate.service.protocol.schema.OnMaxAttempts.KILL
                        ? OnMaxAttempts.KILL : OnMaxAttempts.PAUSE);
        return InvocationOptions.newBuilder().setRetryPolicy(retry).setLazyState(config.enableLazyState())
                .setJournalRetentionMs(ms(config.journalRetention()))
                .setIdempotencyRetentionMs(ms(config.idempotencyRetention()))
                .setCompletionRetentionMs(ms(config.workflowCompletionRetention())).build();
    }

    private static long ms(final Duration duration) {
        return duration == null ? 0 : duration.toMillis();
    }
}

package io.jrestate.service.protocol.schema;

import java.util.List;

/**
 * The outcome of a registration.
 *
 * @param deployment the (new, overwritten or existing) deployment
 * @param services the service revisions this deployment provides
 * @param created true when a new deployment was created (admin 201), false when an existing one was kept or
 *     overwritten (admin 200)
 */
public record RegistrationResult(Deployment deployment, List<ServiceSchema> services, boolean created) {
    /**
     * Copies the list.
     *
     * @param deployment deployment
     * @param services services
     * @param created created
     */
    public RegistrationResult {
        services = List.copyOf(services);
    }
}

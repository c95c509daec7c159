package io.jrestate.worker.internal.schema;

/** Read access to the registered services (backed by the service protocol's schema registry). */
public interface ServiceCatalog {
    /**
     * Looks up a service by name.
     *
     * @param name the service name
     * @return the service, or null when no deployment registered it
     */
    ServiceInfo service(String name);

    /**
     * The names of all registered services, sorted.
     *
     * @return the names
     */
    java.util.List<String> serviceNames();
}

package io.jrestate.worker.internal.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An immutable catalog built from a list of services (one schema version). */
public final class StaticServiceCatalog implements ServiceCatalog {
    private final Map<String, ServiceInfo> services;

    /**
     * Creates a catalog.
     *
     * @param services the services
     */
    public StaticServiceCatalog(final List<ServiceInfo> services) {
        final TreeMap<String, ServiceInfo> map = new TreeMap<>();
        for (final ServiceInfo service : services) {
            map.put(service.name(), service);
        }
        this.services = Collections.unmodifiableMap(map);
    }

    @Override
    public ServiceInfo service(final String name) {
        return services.get(name);
    }

    @Override
    public List<String> serviceNames() {
        return new ArrayList<>(services.keySet());
    }
}

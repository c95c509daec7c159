package io.jrestate.service.protocol.schema;

import io.jrestate.service.protocol.discovery.DiscoveredEndpoint;
import io.jrestate.service.protocol.discovery.EndpointManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The registry of deployments and service revisions. Every change is saved to the {@link SchemaStore} before the
 * call returns, and only then becomes visible; reads are served from memory. Thread-safe.
 *
 * <p>Registration rules (reference behaviour):
 * <pre>
 *   same URI registered, no force   -> existing deployment returned unchanged (the caller skips discovery)
 *   same URI registered, force      -> deployment overwritten in place (same id), every service gets a new revision
 *   new URI                         -> new dp_ id; each service gets revision latest+1 (1 for new services)
 *   service type change             -> CONFLICT (META0006) unless breaking or force
 *   handlers removed                -> accepted (as restate-server 1.7.12 does)
 *   dry run                         -> everything is checked and computed, nothing is stored
 * </pre>
 * The latest revision of a service serves new invocations; older revisions stay while their deployment exists,
 * so in-flight invocations pinned to them keep working.
 *
 * <p>Several registries may share one store (one per node of a cluster, on the metadata store). A change computed
 * on an outdated state is refused by the store; the registry then reloads and applies the change again:
 * <pre>
 *   change(state) -&gt; save(next) -- ok --------------------------&gt; state = next, return
 *                        |
 *                        +-- SchemaConflictException -&gt; state = store.load(), change again
 *                            (at most {@value #CONFLICT_ATTEMPTS_MAX} attempts, then UncheckedIOException)
 *   refresh() -&gt; store.loadIfChanged() -&gt; newer: state = it (what other writers registered becomes visible)
 * </pre>
 * A change is re-applied to the reloaded state, so its outcome follows the newer state (the same URI registered
 * meanwhile by another node is returned as existing; removing a deployment removed meanwhile is NOT_FOUND). A
 * deployment or service not known here is looked up again with {@link #refresh} before NOT_FOUND is answered.
 */
public final class SchemaRegistry {
    /** How often one change is computed and saved before a run of lost compare-and-sets is reported. */
    public static final int CONFLICT_ATTEMPTS_MAX = 10;
    private final SchemaStore store;
    private final ServiceDefaults defaults;
    private final Clock clock;
    private final RandomGenerator random;
    private SchemaSnapshot state;

    /**
     * Opens the registry, loading what the store holds.
     *
     * @param store durable storage
     * @param defaults server defaults for service configuration
     * @param clock time source (creation timestamps, ids)
     * @param random randomness source (ids)
     * @throws IOException when the stored registry cannot be read
     */
    public SchemaRegistry(final SchemaStore store, final ServiceDefaults defaults, final Clock clock,
                          final RandomGenerator random) throws IOException {
        this.store = store;
        this.defaults = defaults;
        this.clock = clock;
        this.random = random;
        this.state = store.load().orElse(SchemaSnapshot.EMPTY);
    }

    /**
     * Returns the current state.
     *
     * @return an immutable snapshot
     */
    public synchronized SchemaSnapshot snapshot() {
        return state;
    }

    /**
     * Returns the deployments in registration order.
     *
     * @return the deployments
     */
    public synchronized List<Deployment> deployments() {
        return state.deployments();
    }

    /**
     * Looks up a deployment.
     *
     * @param id a {@code dp_} id
     * @return the deployment, or empty
     */
    public synchronized Optional<Deployment> deployment(final String id) {
        return state.deployments().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /**
     * Looks up a deployment by its normalised URI.
     *
     * @param uri the normalised URI (trailing slash)
     * @return the deployment, or empty
     */
    public synchronized Optional<Deployment> deploymentByUri(final URI uri) {
        return state.deployments().stream().filter(d -> d.uri().equals(uri)).findFirst();
    }

    /**
     * Returns the service revisions a deployment provides (including revisions no longer the latest).
     *
     * @param deploymentId the deployment
     * @return its revisions, ordered by service name
     */
    public synchronized List<ServiceSchema> servicesOf(final String deploymentId) {
        return state.services().values().stream().flatMap(List::stream)
            .filter(s -> s.deploymentId().equals(deploymentId))
            .sorted(java.util.Comparator.comparing(ServiceSchema::name)).toList();
    }

    /**
     * Returns the latest revision of every service.
     *
     * @return the services, ordered by name
     */
    public synchronized List<ServiceSchema> services() {
        return state.services().values().stream().map(List::getLast)
            .sorted(java.util.Comparator.comparing(ServiceSchema::name)).toList();
    }

    /**
     * Returns the latest revision of a service.
     *
     * @param name the service name
     * @return the revision, or empty
     */
    public synchronized Optional<ServiceSchema> service(final String name) {
        final List<ServiceSchema> revisions = state.services().get(name);
        return revisions == null ? Optional.empty() : Optional.of(revisions.getLast());
    }

    /**
     * Returns a specific revision of a service (for invocations pinned to an older deployment).
     *
     * @param name the service name
     * @param deploymentId the deployment the invocation is pinned to
     * @return the revision served by that deployment, or empty
     */
    public synchronized Optional<ServiceSchema> service(final String name, final String deploymentId) {
        final List<ServiceSchema> revisions = state.services().get(name);
        return revisions == null ? Optional.empty()
            : revisions.stream().filter(s -> s.deploymentId().equals(deploymentId)).reduce((a, b) -> b);
    }

    /**
     * Registers a discovered deployment.
     *
     * @param endpoint the discovery outcome
     * @param force overwrite a deployment with the same URI and accept breaking changes
     * @param breaking accept breaking changes
     * @param dryRun check and compute only
     * @param metadata user metadata to store with the deployment
     * @return the outcome
     * @throws SchemaException CONFLICT (META0006) for breaking changes without breaking/force
     */
    public synchronized RegistrationResult register(final DiscoveredEndpoint endpoint, final boolean force,
                                                    final boolean breaking, final boolean dryRun,
                                                    final Map<String, String> metadata) throws SchemaException {
        return retryingConflicts(() -> registerOnce(endpoint, force, breaking, dryRun, metadata));
    }

    private RegistrationResult registerOnce(final DiscoveredEndpoint endpoint, final boolean force,
                                            final boolean breaking, final boolean dryRun,
                                            final Map<String, String> metadata) throws SchemaException {
        final Optional<Deployment> existing = deploymentByUri(endpoint.uri());
        if (existing.isPresent() && !force) {
            return new RegistrationResult(existing.get(), servicesOf(existing.get().id()), false);
        }
        if (!force && !breaking) {
            checkCompatible(endpoint.manifest());
        }
        final EndpointManifest m = endpoint.manifest();
        final String id = existing.map(Deployment::id)
            .orElseGet(() -> io.jrestate.common.ids.DeploymentId.generate(clock.millis(), random).toString());
        final Deployment deployment = new Deployment(id, endpoint.uri(), m.protocolMode(), endpoint.httpMode(),
            m.minProtocolVersion(), m.maxProtocolVersion(), endpoint.sdkVersion(), clock.instant(),
            endpoint.additionalHeaders(), metadata);
        final Map<String, List<ServiceSchema>> services = copyServices();
        services.values().forEach(revs -> revs.removeIf(s -> s.deploymentId().equals(id)));
        services.values().removeIf(List::isEmpty);
        final List<ServiceSchema> added = new ArrayList<>();
        for (final EndpointManifest.Service s : m.services()) {
            final int revision = highestRevision(s.name()) + 1;
            final ServiceSchema schema = ServiceSchemas.of(s, revision, id, m.protocolMode(), defaults);
            services.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(schema);
            added.add(schema);
        }
        final List<Deployment> deployments = new ArrayList<>(state.deployments());
        deployments.removeIf(d -> d.id().equals(id));
        deployments.add(deployment);
        if (!dryRun) {
            commit(new SchemaSnapshot(state.version() + 1, deployments, services));
        }
        added.sort(java.util.Comparator.comparing(ServiceSchema::name));
        return new RegistrationResult(deployment, added, existing.isEmpty());
    }

    /**
     * Removes a deployment and every service revision it provides; services left without revisions disappear.
     *
     * @param id the deployment id
     * @throws SchemaException NOT_FOUND when the deployment does not exist
     */
    public synchronized void removeDeployment(final String id) throws SchemaException {
        if (deployment(id).isEmpty()) {
            refresh();
        }
        retryingConflicts(() -> {
            removeDeploymentOnce(id);
            return null;
        });
    }

    private void removeDeploymentOnce(final String id) throws SchemaException {
        if (deployment(id).isEmpty()) {
            throw new SchemaException(SchemaException.Kind.NOT_FOUND, null,
                "The requested deployment '" + id + "' does not exist");
        }
        final Map<String, List<ServiceSchema>> services = copyServices();
        services.values().forEach(revs -> revs.removeIf(s -> s.deploymentId().equals(id)));
        services.values().removeIf(List::isEmpty);
        final List<Deployment> deployments = new ArrayList<>(state.deployments());
        deployments.removeIf(d -> d.id().equals(id));
        commit(new SchemaSnapshot(state.version() + 1, deployments, services));
    }

    /**
     * Changes the configuration of the latest revision of a service.
     *
     * @param name the service
     * @param modification the new values
     * @return the modified revision
     * @throws SchemaException NOT_FOUND when the service does not exist
     */
    public synchronized ServiceSchema modifyService(final String name, final ServiceModification modification)
        throws SchemaException {
        if (service(name).isEmpty()) {
            refresh();
        }
        return retryingConflicts(() -> modifyServiceOnce(name, modification));
    }

    private ServiceSchema modifyServiceOnce(final String name, final ServiceModification modification)
        throws SchemaException {
        final List<ServiceSchema> revisions = state.services().get(name);
        if (revisions == null) {
            throw new SchemaException(SchemaException.Kind.NOT_FOUND, null,
                "not found in the schema registry: service with name '" + name + "'");
        }
        final Map<String, List<ServiceSchema>> services = copyServices();
        final List<ServiceSchema> revs = services.get(name);
        final ServiceSchema modified = revs.getLast().modified(modification);
        revs.set(revs.size() - 1, modified);
        commit(new SchemaSnapshot(state.version() + 1, state.deployments(), services));
        return modified;
    }

    private void checkCompatible(final EndpointManifest m) throws SchemaException {
        for (final EndpointManifest.Service s : m.services()) {
            final Optional<ServiceSchema> latest = service(s.name());
            if (latest.isEmpty()) {
                continue;
            }
            final ServiceSchema old = latest.get();
            if (old.type() != s.type()) {
                throw new SchemaException(SchemaException.Kind.CONFLICT, "META0006", "detected a new service "
                    + "revision for '" + s.name() + "' changing the service type from previous revision. Service type "
                    + "cannot be changed across revisions.");
            }
        }
    }

    private int highestRevision(final String service) {
        final List<ServiceSchema> revisions = state.services().get(service);
        return revisions == null ? 0 : revisions.stream().mapToInt(ServiceSchema::revision).max().orElse(0);
    }

    private Map<String, List<ServiceSchema>> copyServices() {
        final Map<String, List<ServiceSchema>> copy = new LinkedHashMap<>();
        state.services().forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
        return copy;
    }

    /**
     * Loads what other writers of the store saved since this registry last loaded or saved, so their deployments
     * become visible here. The store is read without holding the registry's lock (readers are not held up by a
     * slow store); a loaded state older than the current one (a change committed meanwhile) is dropped.
     *
     * @return whether the state changed
     * @throws UncheckedIOException when the store cannot be read
     */
    public boolean refresh() {
        final Optional<SchemaSnapshot> newer;
        try {
            newer = store.loadIfChanged();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot refresh the schema registry: " + e.getMessage(), e);
        }
        synchronized (this) {
            if (newer.isEmpty() || newer.get().version() <= state.version()) {
                return false;
            }
            state = newer.get();
            return true;
        }
    }

    /** One attempt of a change: reads {@link #state}, may {@link #commit}. */
    @FunctionalInterface
    private interface Change<T> {
        T apply() throws SchemaException;
    }

    /** Thrown by {@link #commit} when the store refused a save based on an outdated state. */
    private static final class Outdated extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Outdated(final SchemaConflictException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private <T> T retryingConflicts(final Change<T> change) throws SchemaException {
        for (int attempt = 1; ; attempt++) {
            try {
                return change.apply();
            } catch (final Outdated e) {
                if (attempt >= CONFLICT_ATTEMPTS_MAX) {
                    throw new UncheckedIOException("the schema registry kept changing concurrently; gave up after "
                        + attempt + " attempts: " + e.getMessage(), (IOException) e.getCause());
                }
                reload();
            }
        }
    }

    private void reload() {
        try {
            state = store.load().orElse(SchemaSnapshot.EMPTY);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot reload the schema registry after a concurrent change: "
                + e.getMessage(), e);
        }
    }

    private void commit(final SchemaSnapshot next) {
        try {
            store.save(next);
        } catch (final SchemaConflictException e) {
            throw new Outdated(e);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot persist the schema registry (version " + next.version() + ")", e);
        }
        state = next;
    }
}

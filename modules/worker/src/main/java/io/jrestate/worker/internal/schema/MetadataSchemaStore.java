package io.jrestate.worker.internal.schema;

import io.jrestate.metadata.raft.MetadataOutcomeUnknownException;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.metadata.raft.MetadataStoreException;
import io.jrestate.metadata.raft.MetadataUpdates;
import io.jrestate.metadata.raft.Precondition;
import io.jrestate.metadata.raft.PreconditionFailedException;
import io.jrestate.metadata.raft.VersionedValue;
import io.jrestate.service.protocol.schema.FileSchemaStore;
import io.jrestate.service.protocol.schema.SchemaConflictException;
import io.jrestate.service.protocol.schema.SchemaJson;
import io.jrestate.service.protocol.schema.SchemaSnapshot;
import io.jrestate.service.protocol.schema.SchemaStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;

/**
 * The schema registry kept in the metadata store under {@value #KEY} (the reference's key), as the JSON of
 * {@link SchemaJson}, written with compare-and-set on the version last read or written.
 *
 * <pre>
 *   load: key present -----------------------------------------&gt; decode (a leftover old file is renamed)
 *         key absent, &lt;node dir&gt;/schema-registry.json present -&gt; put(DoesNotExist) its content,
 *                                                             then rename the file to
 *                                                             schema-registry.json.migrated (kept)
 *         key absent, no file -------------------------------&gt; empty registry
 *   save: put(MatchesVersion(last) | DoesNotExist) -&gt; ok: remember the new version
 *         precondition failed -&gt; SchemaConflictException (nothing saved; the registry reloads and re-applies)
 *         outcome unknown     -&gt; re-read: our bytes there = saved; still the old version = put again
 *   loadIfChanged: getVersion differs from the version last read or written -&gt; load (absent: empty registry)
 * </pre>
 * A corrupt value or file is an error naming it, never an empty registry.
 */
public final class MetadataSchemaStore implements SchemaStore {
    /** The metadata key. */
    public static final String KEY = "schema_registry";
    /** The content type of the stored value. */
    public static final String CONTENT_TYPE = "application/json";
    /** The suffix the migrated file gets. */
    public static final String MIGRATED_SUFFIX = ".migrated";
    private static final int UNKNOWN_OUTCOME_RETRIES = 5;
    private static final System.Logger LOG = System.getLogger(MetadataSchemaStore.class.getName());

    private final MetadataStore store;
    private final Path nodeDir;
    private long version;

    /**
     * Creates the store.
     *
     * @param store the node's metadata store
     * @param nodeDir the node directory, where an old {@code schema-registry.json} may wait for migration
     */
    public MetadataSchemaStore(final MetadataStore store, final Path nodeDir) {
        this.store = store;
        this.nodeDir = nodeDir;
    }

    @Override
    public synchronized Optional<SchemaSnapshot> load() throws IOException {
        final Path legacy = nodeDir.resolve(FileSchemaStore.FILE_NAME);
        Optional<VersionedValue> current = get();
        if (current.isEmpty() && Files.exists(legacy)) {
            final Optional<SchemaSnapshot> old = new FileSchemaStore(nodeDir).load();
            if (old.isPresent()) {
                migrate(old.get(), legacy);
                current = get();
            }
        }
        if (Files.exists(legacy) && current.isPresent()) {
            Files.move(legacy, legacy.resolveSibling(FileSchemaStore.FILE_NAME + MIGRATED_SUFFIX),
                StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(nodeDir, StandardOpenOption.READ)) {
                d.force(true);
            }
        }
        if (current.isEmpty()) {
            version = 0;
            return Optional.empty();
        }
        version = current.get().version();
        try {
            return Optional.of(SchemaJson.decode(current.get().value()));
        } catch (final RuntimeException e) {
            throw new IOException("metadata key '" + KEY + "' (version " + version + ") holds no valid schema"
                + " registry: " + e.getMessage(), e);
        }
    }

    private void migrate(final SchemaSnapshot old, final Path legacy) throws IOException {
        try {
            MetadataUpdates.await(store.put(KEY, SchemaJson.encode(old), CONTENT_TYPE, Precondition.doesNotExist()));
            LOG.log(System.Logger.Level.INFO, "schema registry: moved {0} ({1} deployments) into the metadata"
                + " store key {2}", legacy, old.deployments().size(), KEY);
        } catch (final PreconditionFailedException | MetadataOutcomeUnknownException e) {
            LOG.log(System.Logger.Level.INFO, "schema registry: {0} already written by a concurrent migration", KEY);
        } catch (final MetadataStoreException e) {
            throw new IOException("cannot move " + legacy + " into the metadata store: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void save(final SchemaSnapshot snapshot) throws IOException {
        final byte[] bytes = SchemaJson.encode(snapshot);
        for (int attempt = 0; ; attempt++) {
            final Precondition precondition = version == 0 ? Precondition.doesNotExist()
                : Precondition.matchesVersion(version);
            try {
                version = MetadataUpdates.await(store.put(KEY, bytes, CONTENT_TYPE, precondition));
                return;
            } catch (final PreconditionFailedException e) {
                throw new SchemaConflictException("schema registry changed concurrently in the metadata store (key '"
                    + KEY + "' expected " + (version == 0 ? "absent" : "version " + version) + ", now "
                    + (e.currentVersion() == 0 ? "absent" : "version " + e.currentVersion())
                    + "); the change was not saved", e);
            } catch (final MetadataOutcomeUnknownException e) {
                final Optional<VersionedValue> now = get();
                if (now.isPresent() && Arrays.equals(now.get().value(), bytes)) {
                    version = now.get().version();
                    return;
                }
                final long nowVersion = now.map(VersionedValue::version).orElse(0L);
                if (nowVersion != version || attempt >= UNKNOWN_OUTCOME_RETRIES) {
                    throw new IOException("schema registry write to key '" + KEY + "' has an unknown outcome and"
                        + " the key is now at version " + nowVersion + ": " + e.getMessage(), e);
                }
            } catch (final MetadataStoreException e) {
                throw new IOException("cannot save the schema registry to key '" + KEY + "': " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized Optional<SchemaSnapshot> loadIfChanged() throws IOException {
        final long stored;
        try {
            stored = MetadataUpdates.await(store.getVersion(KEY)).orElse(0L);
        } catch (final MetadataStoreException e) {
            throw new IOException("cannot read the version of key '" + KEY + "': " + e.getMessage(), e);
        }
        if (stored == version) {
            return Optional.empty();
        }
        return Optional.of(load().orElse(SchemaSnapshot.EMPTY));
    }

    private Optional<VersionedValue> get() throws IOException {
        try {
            return MetadataUpdates.await(store.get(KEY));
        } catch (final MetadataStoreException e) {
            throw new IOException("cannot read the schema registry from key '" + KEY + "': " + e.getMessage(), e);
        }
    }

    /**
     * The version of {@value #KEY} last read or written.
     *
     * @return the version, 0 when absent
     */
    public synchronized long version() {
        return version;
    }
}

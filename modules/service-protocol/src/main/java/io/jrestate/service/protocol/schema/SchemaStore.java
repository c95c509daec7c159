package io.jrestate.service.protocol.schema;

import java.io.IOException;
import java.util.Optional;

/**
 * Durable storage of the schema registry. The registry calls {@link #save} before it acknowledges any change, so
 * an acknowledged registration survives a crash. A store shared by several writers (the metadata store of a
 * cluster) refuses a save based on an outdated load with {@link SchemaConflictException} and offers what others
 * wrote through {@link #loadIfChanged}.
 */
public interface SchemaStore {
    /**
     * Loads the last saved snapshot.
     *
     * @return the snapshot, or empty when nothing was ever saved
     * @throws IOException when the stored data cannot be read or is corrupt (never silently ignored)
     */
    Optional<SchemaSnapshot> load() throws IOException;

    /**
     * Saves a snapshot durably (it must survive a crash once this returns).
     *
     * @param snapshot the new state
     * @throws SchemaConflictException when another writer saved since the last load or save (nothing saved)
     * @throws IOException when it could not be made durable
     */
    void save(SchemaSnapshot snapshot) throws IOException;

    /**
     * Loads the stored snapshot if another writer changed it since this store last loaded or saved.
     *
     * @return the newer snapshot, or empty when nothing changed (always empty for a store with one writer)
     * @throws IOException when the stored data cannot be read or is corrupt
     */
    default Optional<SchemaSnapshot> loadIfChanged() throws IOException {
        return Optional.empty();
    }

    /**
     * Creates a store that keeps the last snapshot in memory only (tests; nothing survives a restart).
     *
     * @return a new, empty in-memory store
     */
    static SchemaStore inMemory() {
        return new SchemaStore() {
            private volatile SchemaSnapshot last;

            @Override
            public Optional<SchemaSnapshot> load() {
                return Optional.ofNullable(last);
            }

            @Override
            public void save(final SchemaSnapshot snapshot) {
                last = snapshot;
            }
        };
    }
}

package io.jrestate.service.protocol.schema;

import java.io.IOException;
import java.util.Optional;

/**
 * Durable storage of the schema registry. The registry calls {@link #save} before it acknowledges any change, so
 * an acknowledged registration survives a crash. The metadata store can take this role over later.
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
     * @throws IOException when it could not be made durable
     */
    void save(SchemaSnapshot snapshot) throws IOException;

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

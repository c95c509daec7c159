package io.jrestate.log.server.internal;

import io.jrestate.log.segments.LogStore;
import io.jrestate.log.segments.LogStoreOptions;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The log server's storage: one log-segments {@link LogStore} in {@code <node dir>/}{@value #DIRECTORY} holding
 * one log per loglet (log id = loglet id, LSN = loglet offset, gaps where other servers hold the records) plus
 * the {@link MetaJournal}. Per loglet, durable: the records by offset, the sequencer binding (log-segments'
 * {@code bindSequencer}), the seal flag, the trim point and the known global tail (journal), the local tail
 * (the highest durable offset). Loglets are reached only from the server's worker thread.
 */
public final class LogletStorage implements AutoCloseable {
    /** The store's directory under the node directory. */
    public static final String DIRECTORY = "log-store";
    private static final System.Logger LOG = System.getLogger(LogletStorage.class.getName());
    private static final String STORE_ID_FILE = "store.id";

    private final LogStore store;
    private final MetaJournal journal;
    private final Map<Long, MetaJournal.Entry> meta;
    private final Map<Long, Loglet> loglets = new HashMap<>();

    private LogletStorage(final LogStore store, final int compactJournalAfterRecords) {
        this.store = store;
        this.journal = new MetaJournal(store.log(MetaJournal.LOG_ID), compactJournalAfterRecords);
        this.meta = journal.recover();
    }

    /**
     * Opens a store directory as it is, without the node's storage marker (tests, tools).
     *
     * @param storeDir the store directory
     * @param options log-segments options
     * @return the storage
     * @throws IOException when the store cannot be opened
     */
    public static LogletStorage open(final Path storeDir, final LogStoreOptions options) throws IOException {
        return open(storeDir, options, MetaJournal.COMPACT_AFTER_RECORDS);
    }

    static LogletStorage open(final Path storeDir, final LogStoreOptions options, final int compactJournalAfter)
        throws IOException {
        return new LogletStorage(LogStore.open(storeDir, options), compactJournalAfter);
    }

    /**
     * Opens the node's log store, refusing to start on a store that was lost (see {@link StorageMarker}).
     *
     * @param nodeDir the node directory
     * @param options log-segments options
     * @return the storage
     * @throws IOException when the store cannot be opened
     * @throws IllegalStateException naming the marker and the store when the node's log-server data was lost
     */
    public static LogletStorage openForNode(final Path nodeDir, final LogStoreOptions options) throws IOException {
        final Path storeDir = nodeDir.resolve(DIRECTORY);
        final OptionalLong marker = StorageMarker.read(nodeDir);
        if (marker.isPresent() && !Files.exists(storeDir.resolve(STORE_ID_FILE))) {
            throw dataLoss(nodeDir, storeDir, marker.getAsLong(), storeDir + " holds no store");
        }
        final LogStore store = LogStore.open(storeDir, options);
        try {
            if (marker.isPresent() && marker.getAsLong() != store.storeId()) {
                throw dataLoss(nodeDir, storeDir, marker.getAsLong(), storeDir + " holds another store, id "
                    + String.format("%016x", store.storeId()));
            }
            if (marker.isEmpty()) {
                StorageMarker.write(nodeDir, store.storeId());
                LOG.log(Level.INFO, "log-server storage {0} is new (store id {1}); marker {2} written", storeDir,
                    String.format("%016x", store.storeId()), nodeDir.resolve(StorageMarker.FILE));
            }
            return new LogletStorage(store, MetaJournal.COMPACT_AFTER_RECORDS);
        } catch (final IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static IllegalStateException dataLoss(final Path nodeDir, final Path storeDir, final long expected,
        final String found) {
        return new IllegalStateException("log-server data loss detected: the storage marker "
            + nodeDir.resolve(StorageMarker.FILE) + " says this node served loglets from store "
            + String.format("%016x", expected) + ", but " + found + ". Refusing to start the log-server role: "
            + "records it acknowledged may be gone. Restore " + storeDir + " from a backup, or accept the loss by"
            + " deleting the marker file");
    }

    /**
     * The loglet with this id, created (in memory) on first use. Worker thread only.
     *
     * @param logletId the loglet id
     * @return its state
     */
    Loglet loglet(final long logletId) {
        return loglets.computeIfAbsent(logletId, id -> new Loglet(id, store.log(id),
            meta.computeIfAbsent(id, key -> new MetaJournal.Entry())));
    }

    /**
     * The loglets reached so far. Worker thread only.
     *
     * @return the loglets
     */
    java.util.Collection<Loglet> loglets() {
        return loglets.values();
    }

    MetaJournal journal() {
        return journal;
    }

    Map<Long, MetaJournal.Entry> metaState() {
        return meta;
    }

    /**
     * The random id of the store (its storage marker).
     *
     * @return the id
     */
    public long storeId() {
        return store.storeId();
    }

    @Override
    public void close() {
        store.close();
    }
}

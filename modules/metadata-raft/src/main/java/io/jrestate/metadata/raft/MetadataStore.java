package io.jrestate.metadata.raft;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The linearizable, versioned key-value store the server keeps its control-plane metadata in (nodes
 * configuration, partition table, schema registry, epochs). Every operation returns a future that completes
 * exceptionally with a {@link MetadataStoreException} subclass:
 *
 * <ul>
 *   <li>{@link PreconditionFailedException}: the write's precondition did not hold, nothing changed;</li>
 *   <li>{@link MetadataUnavailableException}: no leader answered within the client timeouts, nothing changed;</li>
 *   <li>{@link MetadataOutcomeUnknownException}: a write may or may not have applied.</li>
 * </ul>
 *
 * <p>Requests rejected because the contacted member was not leader are retried with backoff (they had no
 * effect); see {@link MetadataClientOptions}.
 */
public interface MetadataStore extends AutoCloseable {
    /**
     * Reads a key linearizably.
     *
     * @param key the key
     * @return the value with its version, or empty when absent
     */
    CompletableFuture<Optional<VersionedValue>> get(String key);

    /**
     * Reads only a key's version, linearizably.
     *
     * @param key the key
     * @return the version, or empty when absent
     */
    CompletableFuture<Optional<Long>> getVersion(String key);

    /**
     * Writes a key if the precondition holds.
     *
     * @param key the key
     * @param value the bytes
     * @param contentType what the bytes are
     * @param precondition the condition on the current version
     * @return the new version
     */
    CompletableFuture<Long> put(String key, byte[] value, String contentType, Precondition precondition);

    /**
     * Deletes a key if the precondition holds (deleting an absent key with {@link Precondition#none()} succeeds).
     *
     * @param key the key
     * @param precondition the condition on the current version
     * @return completes when applied
     */
    CompletableFuture<Void> delete(String key, Precondition precondition);

    /** Stops the client; pending futures complete with {@link MetadataUnavailableException}. */
    @Override
    void close();
}

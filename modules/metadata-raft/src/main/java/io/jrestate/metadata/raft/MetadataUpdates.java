package io.jrestate.metadata.raft;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Read-modify-write of one key with compare-and-set, retried on concurrent modification, as the reference's
 * metadata client does ({@code [metadata-client.backoff-policy]}: 100 ms x 1.4 up to 1 s, 10 attempts):
 *
 * <pre>
 *   get(key) -&gt; (value, version v) -&gt; change(value) -&gt; nothing to write: return the current value
 *                                                   -&gt; put(key, new, v == absent ? DoesNotExist : MatchesVersion(v))
 *        ^                                                |
 *        +---- precondition failed / outcome unknown -----+  (back off; after attemptsMax: MetadataStoreException)
 * </pre>
 * The change function runs once per attempt on the caller's thread and must be side-effect free. A write whose
 * outcome was unknown is simply re-read: the change function sees its effect if it applied.
 */
public final class MetadataUpdates {
    private MetadataUpdates() {
    }

    /**
     * The result of an update.
     *
     * @param value the value stored when the update finished (written by this update or left as it was)
     * @param written whether this update wrote it
     * @param conflicts how many attempts lost a compare-and-set race or had an unknown outcome
     */
    public record Outcome(Optional<VersionedValue> value, boolean written, int conflicts) {
    }

    /**
     * Updates a key, blocking the calling thread (a service's start, an admin worker thread).
     *
     * @param store the store
     * @param key the key
     * @param contentType the content type of a written value
     * @param change from the current value to the new bytes, or empty to leave the key as it is
     * @param options attempts and backoff
     * @return the outcome
     * @throws MetadataStoreException when the store is unavailable, or still conflicting after
     *     {@link MetadataClientOptions#attemptsMax()} attempts (the message names the key)
     */
    public static Outcome readModifyWrite(final MetadataStore store, final String key, final String contentType,
                                          final Function<Optional<VersionedValue>, Optional<byte[]>> change,
                                          final MetadataClientOptions options) {
        int conflicts = 0;
        for (int attempt = 1; ; attempt++) {
            final Optional<VersionedValue> current = await(store.get(key));
            final Optional<byte[]> next = change.apply(current);
            if (next.isEmpty()) {
                return new Outcome(current, false, conflicts);
            }
            final Precondition precondition = current.map(v -> Precondition.matchesVersion(v.version()))
                .orElse(Precondition.doesNotExist());
            try {
                final long version = await(store.put(key, next.get(), contentType, precondition));
                return new Outcome(Optional.of(new VersionedValue(version, contentType, next.get())), true,
                    conflicts);
            } catch (final PreconditionFailedException | MetadataOutcomeUnknownException e) {
                conflicts++;
                if (attempt >= options.attemptsMax()) {
                    throw new MetadataStoreException("metadata key '" + key + "': update gave up after " + attempt
                        + " attempts with concurrent modifications; last: " + e.getMessage());
                }
                sleep(options.backoff(attempt));
            }
        }
    }

    /**
     * Waits for a store future, unwrapping its {@link MetadataStoreException}.
     *
     * @param future the future
     * @param <T> the result type
     * @return the result
     * @throws MetadataStoreException what the store failed with (other failures are wrapped in one)
     */
    public static <T> T await(final java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (final ExecutionException | CompletionException e) {
            if (e.getCause() instanceof MetadataStoreException m) {
                throw m;
            }
            if (e.getCause() instanceof IllegalArgumentException a) {
                throw a;
            }
            throw new MetadataStoreException("metadata store request failed: " + e.getCause());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetadataStoreException("interrupted while waiting for the metadata store");
        }
    }

    private static void sleep(final Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetadataStoreException("interrupted while backing off from a metadata conflict");
        }
    }
}

package io.jrestate.worker.internal.fsm;

/**
 * A virtual object or workflow instance: the service name and the key. State, locks and inboxes are per object.
 *
 * @param service the service name
 * @param key the object key
 */
public record ObjectKey(String service, String key) implements Comparable<ObjectKey> {
    @Override
    public int compareTo(final ObjectKey other) {
        final int c = service.compareTo(other.service);
        return c != 0 ? c : key.compareTo(other.key);
    }
}

package io.jrestate.metadata.raft.internal.node;

import io.jrestate.metadata.raft.Precondition;

/** A client request to a metadata server node. */
public sealed interface MetadataRequest {
    /** @return the key the request concerns */
    String key();

    /**
     * Linearizable read of a value.
     *
     * @param key the key
     */
    record Get(String key) implements MetadataRequest {
    }

    /**
     * Linearizable read of a version only.
     *
     * @param key the key
     */
    record GetVersion(String key) implements MetadataRequest {
    }

    /**
     * Conditional put.
     *
     * @param key the key
     * @param precondition the condition
     * @param contentType the content type
     * @param value the bytes
     */
    record Put(String key, Precondition precondition, String contentType, byte[] value) implements MetadataRequest {
    }

    /**
     * Conditional delete.
     *
     * @param key the key
     * @param precondition the condition
     */
    record Delete(String key, Precondition precondition) implements MetadataRequest {
    }
}

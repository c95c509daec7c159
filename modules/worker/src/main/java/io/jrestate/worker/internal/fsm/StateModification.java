package io.jrestate.worker.internal.fsm;

import com.google.protobuf.ByteString;
import io.jrestate.worker.internal.wal.ModifyState;
import io.jrestate.worker.internal.wal.StateEntry;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Applies {@code ModifyState} (the admin API's {@code POST /services/{name}/state}): the object's whole state is
 * replaced by the record's entries, unless the record carries an expected version that no longer matches.
 *
 * <pre>
 *  expected_version   current version   effect
 *  ----------------   ---------------   ------------------------------------------
 *  absent             any               replace the state (no entries: clear it)
 *  equal              same              replace the state
 *  different          other             skip the record (the edit was based on a stale read)
 * </pre>
 *
 * <p>The version of a state is the lowercase hex SHA-256 over its entries in key order, each drawn as:
 *
 * <pre>
 *  +-----------------+-----------+-------------------+-------------+
 *  | key length u32  | key bytes | value length u32  | value bytes |   (big-endian lengths)
 *  +-----------------+-----------+-------------------+-------------+
 * </pre>
 */
public final class StateModification {
    private StateModification() {
    }

    /**
     * Applies one record to the tables.
     *
     * @param state the partition's tables
     * @param command the record's command
     * @return true when the state was replaced, false when the version did not match
     */
    public static boolean apply(final PartitionState state, final ModifyState command) {
        final ObjectKey object = new ObjectKey(command.getService(), command.getObjectKey());
        if (command.hasExpectedVersion() && !command.getExpectedVersion().equals(version(state.stateOf(object)))) {
            return false;
        }
        state.clearAllState(object);
        for (final StateEntry entry : command.getEntriesList()) {
            state.putState(object, entry.getKey(), entry.getValue());
        }
        return true;
    }

    /**
     * The version of an object's state, as compared with {@code expected_version}.
     *
     * @param entries the state, sorted by key
     * @return 64 lowercase hex digits
     */
    public static String version(final NavigableMap<ByteString, ByteString> entries) {
        final MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        for (final Map.Entry<ByteString, ByteString> e : entries.entrySet()) {
            sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(0, e.getKey().size()));
            sha.update(e.getKey().asReadOnlyByteBuffer());
            sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(0, e.getValue().size()));
            sha.update(e.getValue().asReadOnlyByteBuffer());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Builds the record's command.
     *
     * @param service the virtual object's or workflow's service name
     * @param objectKey the object key
     * @param newState the new state, state key to value bytes
     * @param expectedVersion the version the edit was based on, or null to replace unconditionally
     * @return the command
     */
    public static ModifyState command(final String service, final String objectKey,
            final Map<String, byte[]> newState, final String expectedVersion) {
        final List<StateEntry> entries = new ArrayList<>(newState.size());
        newState.forEach((k, v) -> entries.add(StateEntry.newBuilder().setKey(ByteString.copyFromUtf8(k))
                .setValue(ByteString.copyFrom(v)).build()));
        final ModifyState.Builder b = ModifyState.newBuilder().setService(service).setObjectKey(objectKey)
                .addAllEntries(entries);
        if (expectedVersion != null) {
            b.setExpectedVersion(expectedVersion);
        }
        return b.build();
    }
}

package io.jrestate.metadata.raft;

import io.jrestate.common.Verify;
import java.util.Arrays;

/**
 * A value in the metadata store with its version. Versions start at 1 and grow by one with every put of the key;
 * a put after a delete starts again at 1.
 *
 * @param version the version, at least 1
 * @param contentType what the bytes are, for example {@code application/json}
 * @param value the opaque bytes (callers must not modify them)
 */
public record VersionedValue(long version, String contentType, byte[] value) {
    /** Checks the fields. */
    public VersionedValue {
        Verify.argument(version >= 1, "version must be >= 1, was " + version);
        Verify.argument(contentType != null && value != null, "contentType and value must not be null");
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof VersionedValue v && v.version == version && v.contentType.equals(contentType)
            && Arrays.equals(v.value, value);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "VersionedValue[v" + version + " " + contentType + " " + value.length + "B]";
    }
}

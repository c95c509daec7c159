package io.jrestate.service.protocol.schema;

/**
 * The JSON form of a {@link SchemaSnapshot} (format drawn in {@code SchemaCodec}), for stores other than
 * {@link FileSchemaStore}, such as the metadata store's {@code schema_registry} key.
 */
public final class SchemaJson {
    private SchemaJson() {
    }

    /**
     * Encodes a snapshot.
     *
     * @param snapshot the snapshot
     * @return UTF-8 JSON
     */
    public static byte[] encode(final SchemaSnapshot snapshot) {
        return SchemaCodec.encode(snapshot);
    }

    /**
     * Decodes a snapshot.
     *
     * @param json UTF-8 JSON
     * @return the snapshot
     * @throws RuntimeException when the bytes are not a valid registry of a known format (the message says what)
     */
    public static SchemaSnapshot decode(final byte[] json) {
        return SchemaCodec.decode(json);
    }
}

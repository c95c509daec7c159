package io.jrestate.backup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * What a backup directory holds, written last as {@code manifest.json}. A backup directory:
 * <pre>
 *   DIR/
 *     manifest.json      this record, plus "manifest_crc32c": CRC32C of the record's compact JSON without it
 *     restate.toml       the node's effective configuration (as --dump-config prints it)
 *     data/...           the node directory's files at the cut, paths relative to the node directory
 *                        (each holds its dataBytes; restore zero-extends it to sizeBytes)
 * </pre>
 * Every file's checksum is CRC32C (Castagnoli) over its stored bytes, as 8 lower-case hex digits. It detects
 * corruption (a flipped byte, a torn copy), not deliberate tampering.
 *
 * @param manifestVersion this layout's version ({@value #MANIFEST_VERSION})
 * @param serverVersion the Restate version the server reported, e.g. {@code 1.7.12}
 * @param dataFormatVersion the on-disk format of the node directory (the {@code .cluster-marker}'s format_version)
 * @param clusterName the node's cluster-name
 * @param nodeName the node's node-name
 * @param nodeId the node's id, null when the node has none
 * @param createdAt when the cut was taken, ISO-8601 UTC
 * @param holdMicros how long writes were held for the cut, in microseconds
 * @param positions per participant, its cut positions (e.g. worker: partition-0 -&gt; last durable LSN)
 * @param files every file of the backup except the manifest, paths relative to the backup directory
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupManifest(
        @JsonProperty("manifest_version") int manifestVersion,
        @JsonProperty("server_version") String serverVersion,
        @JsonProperty("data_format_version") int dataFormatVersion,
        @JsonProperty("cluster_name") String clusterName,
        @JsonProperty("node_name") String nodeName,
        @JsonProperty("node_id") String nodeId,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("hold_micros") long holdMicros,
        @JsonProperty("positions") Map<String, Map<String, Long>> positions,
        @JsonProperty("files") List<FileEntry> files) {
    /** The manifest layout version this build writes and reads. */
    public static final int MANIFEST_VERSION = 1;
    /** The manifest's file name in a backup directory. */
    public static final String MANIFEST_FILE = "manifest.json";
    /** The effective configuration's file name in a backup directory. */
    public static final String CONFIG_FILE = "restate.toml";
    /** The directory holding the node directory's files. */
    public static final String DATA_DIR = "data";
    /** The suffix of the directory a backup is written into before its final rename. */
    public static final String INCOMPLETE_SUFFIX = ".incomplete";

    private static final String CHECKSUM_FIELD = "manifest_crc32c";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One file of the backup.
     *
     * @param path relative to the backup directory, {@code /}-separated
     * @param sizeBytes the file's length in the node directory
     * @param dataBytes the bytes stored (the rest up to {@code sizeBytes} is zeros)
     * @param crc32c CRC32C of the stored bytes, 8 hex digits
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FileEntry(
            @JsonProperty("path") String path,
            @JsonProperty("size_bytes") long sizeBytes,
            @JsonProperty("data_bytes") long dataBytes,
            @JsonProperty("crc32c") String crc32c) {
    }

    /** Copies the collections. */
    public BackupManifest {
        final Map<String, Map<String, Long>> ordered = new LinkedHashMap<>();
        if (positions != null) {
            positions.forEach((name, values) -> ordered.put(name, Collections.unmodifiableMap(
                    new LinkedHashMap<>(values))));
        }
        positions = Collections.unmodifiableMap(ordered);
        files = files == null ? List.of() : List.copyOf(files);
    }

    /**
     * The manifest as JSON with its own checksum.
     *
     * @return UTF-8 JSON, pretty-printed
     */
    public byte[] toJson() {
        final ObjectNode tree = JSON.valueToTree(this);
        tree.put(CHECKSUM_FIELD, crc32cHex(compact(tree)));
        try {
            return JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(tree);
        } catch (final IOException e) {
            throw new IllegalStateException("cannot write the manifest", e);
        }
    }

    /**
     * Reads a manifest and checks its own checksum.
     *
     * @param json the file's bytes
     * @return the manifest
     * @throws IOException when it is not JSON, has no or a wrong checksum, or lacks fields
     */
    public static BackupManifest fromJson(final byte[] json) throws IOException {
        final JsonNode node = JSON.readTree(json);
        if (!(node instanceof ObjectNode tree) || !tree.hasNonNull(CHECKSUM_FIELD)) {
            throw new IOException("it is not a manifest object with a " + CHECKSUM_FIELD + " field");
        }
        final String stored = tree.remove(CHECKSUM_FIELD).asText();
        final String actual = crc32cHex(compact(tree));
        if (!stored.equals(actual)) {
            throw new IOException("its checksum does not match (stored " + stored + ", computed " + actual
                    + "): the manifest is damaged");
        }
        final BackupManifest manifest = JSON.treeToValue(tree, BackupManifest.class);
        if (manifest.clusterName() == null || manifest.nodeName() == null || manifest.serverVersion() == null) {
            throw new IOException("it lacks cluster_name, node_name or server_version");
        }
        return manifest;
    }

    private static byte[] compact(final ObjectNode tree) {
        return tree.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * CRC32C of bytes as 8 lower-case hex digits.
     *
     * @param bytes the bytes
     * @return the checksum
     */
    public static String crc32cHex(final byte[] bytes) {
        final CRC32C crc = new CRC32C();
        crc.update(bytes);
        return hex(crc.getValue());
    }

    /**
     * A CRC value as 8 lower-case hex digits.
     *
     * @param crc the value of a {@link CRC32C}
     * @return the hex digits
     */
    public static String hex(final long crc) {
        return HexFormat.of().toHexDigits((int) crc);
    }

    /**
     * The total of the stored bytes of every file.
     *
     * @return bytes
     */
    public long totalDataBytes() {
        return files.stream().mapToLong(FileEntry::dataBytes).sum();
    }
}

package io.jrestate.worker.internal.snapshot;

import io.jrestate.worker.internal.fsm.SnapshotTables;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The body of a partition snapshot file: every table of the partition at one applied LSN. The file around it
 * (header, trailer, CRC32C over the body, atomic rename) is log-segments' {@code SnapshotWriter} format; this is
 * what the worker puts inside. Big-endian; {@code str} is {@code [length u32][UTF-8]}.
 *
 * <pre>
 *  body
 *  +--------+----------------+--------------+-------------+-------------+
 *  | "JRPS" | format version | partition id | applied lsn | table count |
 *  |  u32   |  u32 (= 1)     |  u32         |  u64        |  u32        |
 *  +--------+----------------+--------------+-------------+-------------+
 *  then table count sections, one per table, in {@link #TABLES} order:
 *  +------------+---------------+---------------+-----------+-------------------------------+
 *  | table name | table version | section bytes | row count | rows (the table codec's form) |
 *  |  str       |  u32          |  u64          |  u64      |  section bytes long           |
 *  +------------+---------------+---------------+-----------+-------------------------------+
 *
 *  table         rows (see each codec)
 *  fsm           applied lsn, leader epoch, next outbox index        (FsmTable)
 *  invocations   InvocationRow message (snapshot.proto)              (InvocationTable)
 *  state         service, key, entries (key bytes, value bytes)*     (StateTable)
 *  locks         service, key, holder id                             (LockTable)
 *  inbox         service, key, ids* in FIFO order                    (InboxTable)
 *  outbox        index, partition key, Command message               (OutboxTable)
 *  dedup         producer, last seq                                  (DedupTable)
 *  timers        TimerKey message                                    (TimerTable)
 *  promises      workflow, name, result or pending, waiters          (PromiseTable)
 *  retained      bytes: a RetainedCheckpoint, or RetainedInvocation rows (RetainedTableCodec)
 * </pre>
 *
 * <p>Reading rules: a newer format version, a partition id other than the expected one, an unknown table name, a
 * table twice, a table version newer than its codec's, rows that do not fill their section exactly, or bytes after
 * the last section are errors naming the problem; a table missing from the body is empty (it was added after the
 * snapshot was written, so the writer had no rows for it).
 */
public final class SnapshotBody {
    /** The body's magic number, "JRPS". */
    public static final int MAGIC = 0x4A525053;
    /** The body format version this code writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    /** The codecs of the partition tables, in the order they are written. */
    public static final List<TableCodec> TABLES = List.of(new FsmTable(), new InvocationTable(), new StateTable(),
            new LockTable(), new InboxTable(), new OutboxTable(), new DedupTable(), new TimerTable(),
            new PromiseTable(), new RetainedTableCodec());
    /** The table holding the retained store's checkpoint ({@code RetainedTableCodec}). */
    public static final String RETAINED_TABLE = "retained";
    private static final int NAME_BYTES_MAX = 256;
    private final Map<String, TableCodec> codecs = new LinkedHashMap<>();

    /**
     * A body codec over the given tables.
     *
     * @param tables the table codecs, in writing order; names must be distinct
     */
    public SnapshotBody(final List<TableCodec> tables) {
        for (final TableCodec codec : tables) {
            if (codecs.put(codec.name(), codec) != null) {
                throw new IllegalArgumentException("two snapshot codecs for table '" + codec.name() + "'");
            }
        }
    }

    /**
     * The body codec over every partition table.
     *
     * @return the codec
     */
    public static SnapshotBody standard() {
        return new SnapshotBody(TABLES);
    }

    /**
     * Encodes the tables where they are (no capture): the caller keeps them unchanged until this returns.
     *
     * @param partitionId the partition
     * @param tables its tables
     * @return the body bytes
     * @throws IOException never in practice (in-memory), kept for the codecs' signature
     */
    public ChunkedBytes encode(final int partitionId, final SnapshotTables tables) throws IOException {
        final Map<String, EncodedSection> sections = new LinkedHashMap<>();
        for (final TableCodec codec : codecs.values()) {
            sections.put(codec.name(), section(codec, tables));
        }
        return assemble(partitionId, tables.appliedLsn(), sections);
    }

    /**
     * A snapshot captured on the partition thread, to be encoded on another: the frozen tables plus the sections
     * of codecs that cannot write from a capture (already encoded).
     *
     * @param partitionId the partition
     * @param tables the frozen tables ({@link SnapshotTables#capture()}); release them when encoded
     * @param encoded sections already encoded at capture time, by table name
     */
    public record Captured(int partitionId, SnapshotTables tables, Map<String, EncodedSection> encoded) {
        /**
         * The LSN the snapshot covers.
         *
         * @return the applied LSN of the captured tables
         */
        public long appliedLsn() {
            return tables.appliedLsn();
        }
    }

    /**
     * One encoded table section.
     *
     * @param rows the section's bytes
     * @param rowCount its row count
     */
    public record EncodedSection(ChunkedBytes rows, long rowCount) {
    }

    /**
     * Captures the tables on the partition thread: {@link SnapshotTables#capture()} (cheap) plus the encoding of
     * each codec that does not {@link TableCodec#readsCapture() read a capture}.
     *
     * @param partitionId the partition
     * @param tables its live tables
     * @return the capture, to {@link #encode(Captured)} on any thread
     * @throws IOException never in practice (in-memory), kept for the codecs' signature
     */
    public Captured capture(final int partitionId, final SnapshotTables tables) throws IOException {
        final Map<String, EncodedSection> encoded = new LinkedHashMap<>();
        for (final TableCodec codec : codecs.values()) {
            if (!codec.readsCapture()) {
                encoded.put(codec.name(), section(codec, tables));
            }
        }
        return new Captured(partitionId, tables.capture(), encoded);
    }

    /**
     * Encodes a capture; runs on any thread (the snapshot writer), the partition keeps applying meanwhile.
     *
     * @param captured the capture
     * @return the body bytes, identical to {@link #encode(int, SnapshotTables)} of the tables at capture time
     * @throws IOException never in practice (in-memory), kept for the codecs' signature
     */
    public ChunkedBytes encode(final Captured captured) throws IOException {
        final Map<String, EncodedSection> sections = new LinkedHashMap<>();
        for (final TableCodec codec : codecs.values()) {
            final EncodedSection early = captured.encoded().get(codec.name());
            sections.put(codec.name(), early != null ? early : section(codec, captured.tables()));
        }
        return assemble(captured.partitionId(), captured.appliedLsn(), sections);
    }

    private static EncodedSection section(final TableCodec codec, final SnapshotTables tables) throws IOException {
        final ChunkedBytes section = new ChunkedBytes();
        final RowOutput rows = new RowOutput(section);
        final long rowCount = codec.write(tables, rows);
        rows.flush();
        return new EncodedSection(section, rowCount);
    }

    private ChunkedBytes assemble(final int partitionId, final long appliedLsn,
            final Map<String, EncodedSection> sections) throws IOException {
        final ChunkedBytes body = new ChunkedBytes();
        final RowOutput header = new RowOutput(body);
        header.u32(MAGIC);
        header.u32(FORMAT_VERSION);
        header.u32(partitionId);
        header.u64(appliedLsn);
        header.u32(codecs.size());
        header.flush();
        for (final TableCodec codec : codecs.values()) {
            final EncodedSection section = sections.get(codec.name());
            header.str(codec.name());
            header.u32(codec.version());
            header.u64(section.rows().sizeBytes());
            header.u64(section.rowCount());
            header.flush();
            body.append(section.rows());
        }
        return body;
    }

    /**
     * Decodes a body into empty tables.
     *
     * @param body the body stream (positioned at its start)
     * @param partitionId the partition the snapshot must belong to
     * @param target empty tables to fill
     * @return the applied LSN the body declares (also set in {@code target})
     * @throws IOException on read failure; {@link SnapshotFormatException} naming the problem for bad content
     */
    public long decode(final InputStream body, final int partitionId, final SnapshotTables target)
            throws IOException {
        final DataInputStream in = new DataInputStream(body);
        try {
            return decodeSections(in, partitionId, target);
        } catch (final EOFException e) {
            throw new SnapshotFormatException("body ends inside its header or a section header");
        }
    }

    private long decodeSections(final DataInputStream in, final int partitionId, final SnapshotTables target)
            throws IOException {
        final Header header = readHeader(in, partitionId);
        final Set<String> seen = new HashSet<>();
        for (int t = 0; t < header.tableCount(); t++) {
            decodeSection(in, seen, target);
        }
        if (in.read() >= 0) {
            throw new SnapshotFormatException("bytes after the last of " + header.tableCount() + " tables");
        }
        if (seen.contains("fsm") && target.appliedLsn() != header.appliedLsn()) {
            throw new SnapshotFormatException("header says applied lsn " + header.appliedLsn() + ", table 'fsm' says "
                    + target.appliedLsn());
        }
        target.appliedLsn(header.appliedLsn());
        return header.appliedLsn();
    }

    /**
     * Reads one table of a body whose rows are each one {@code bytes} field (the form of table {@code retained}),
     * skipping the other sections unread. The header checks are those of {@link #decode}.
     *
     * @param body the body stream (positioned at its start)
     * @param partitionId the partition the snapshot must belong to
     * @param table the table's name
     * @return the rows, or empty when the body has no section for the table
     * @throws IOException on read failure; {@link SnapshotFormatException} naming the problem for bad content
     */
    public Optional<List<byte[]>> bytesRows(final InputStream body, final int partitionId, final String table)
            throws IOException {
        final DataInputStream in = new DataInputStream(body);
        try {
            final Header header = readHeader(in, partitionId);
            for (int t = 0; t < header.tableCount(); t++) {
                final Section section = readSection(in);
                if (!section.name().equals(table)) {
                    in.skipNBytes(section.bytes());
                    continue;
                }
                final TableCodec codec = codecs.get(table);
                if (codec != null && (section.version() < 1 || section.version() > codec.version())) {
                    throw new SnapshotFormatException("table '" + table + "' version " + section.version()
                            + " is not supported (this server reads 1 to " + codec.version() + ")");
                }
                final RowInput rowInput = new RowInput(table, in, section.bytes());
                final List<byte[]> rows = new ArrayList<>();
                for (long r = 0; r < section.rows(); r++) {
                    rows.add(rowInput.bytes().toByteArray());
                }
                if (rowInput.remainingBytes() != 0) {
                    throw rowInput.error(section.rows() + " rows leave " + rowInput.remainingBytes() + " of "
                            + section.bytes() + " section bytes unread");
                }
                return Optional.of(rows);
            }
            return Optional.empty();
        } catch (final EOFException e) {
            throw new SnapshotFormatException("body ends inside its header or a section");
        }
    }

    /** The body header's fields after the checks. */
    private record Header(long appliedLsn, int tableCount) {
    }

    /** A section header. */
    private record Section(String name, int version, long bytes, long rows) {
    }

    private static Header readHeader(final DataInputStream in, final int partitionId) throws IOException {
        final int magic = in.readInt();
        if (magic != MAGIC) {
            throw new SnapshotFormatException("not a partition snapshot: magic 0x" + Integer.toHexString(magic));
        }
        final int format = in.readInt();
        if (format < 1 || format > FORMAT_VERSION) {
            throw new SnapshotFormatException("format version " + format + " is not supported (this server reads "
                    + "1 to " + FORMAT_VERSION + "); was it written by a newer jrestate?");
        }
        final int partition = in.readInt();
        if (partition != partitionId) {
            throw new SnapshotFormatException("snapshot of partition " + partition + " found for partition "
                    + partitionId);
        }
        return new Header(in.readLong(), in.readInt());
    }

    private static Section readSection(final DataInputStream in) throws IOException {
        final int nameBytes = in.readInt();
        if (nameBytes <= 0 || nameBytes > NAME_BYTES_MAX) {
            throw new SnapshotFormatException("table name of " + Integer.toUnsignedString(nameBytes) + " bytes");
        }
        final String name = new String(in.readNBytes(nameBytes), StandardCharsets.UTF_8);
        final int version = in.readInt();
        final long sectionBytes = in.readLong();
        final long rows = in.readLong();
        if (sectionBytes < 0 || rows < 0) {
            throw new SnapshotFormatException("table '" + name + "' declares " + sectionBytes + " bytes, " + rows
                    + " rows");
        }
        return new Section(name, version, sectionBytes, rows);
    }

    private void decodeSection(final DataInputStream in, final Set<String> seen, final SnapshotTables target)
            throws IOException {
        final Section section = readSection(in);
        final String name = section.name();
        final int version = section.version();
        final long sectionBytes = section.bytes();
        final long rows = section.rows();
        final TableCodec codec = codecs.get(name);
        if (codec == null) {
            throw new SnapshotFormatException("unknown table '" + name + "' (written by a newer jrestate?)");
        }
        if (!seen.add(name)) {
            throw new SnapshotFormatException("table '" + name + "' appears twice");
        }
        if (version < 1 || version > codec.version()) {
            throw new SnapshotFormatException("table '" + name + "' version " + version + " is not supported (this "
                    + "server reads 1 to " + codec.version() + ")");
        }
        final RowInput rowInput = new RowInput(name, in, sectionBytes);
        codec.read(version, rows, rowInput, target);
        if (rowInput.remainingBytes() != 0) {
            throw rowInput.error(rows + " rows leave " + rowInput.remainingBytes() + " of " + sectionBytes
                    + " section bytes unread");
        }
    }
}

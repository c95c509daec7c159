package io.jrestate.log.server.internal.wire;

import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.log.server.LogServerMessageTypes;
import io.jrestate.log.server.TailQuery;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * The log-server wire format, version {@value #VERSION}: every message is a 16-byte header
 * ({@link RequestHeaderFlyweight}, {@link ResponseHeaderFlyweight}) followed by its body, all little-endian.
 * Offsets are loglet offsets (u32, the first record at 1). Bodies, at their byte positions in the message:
 *
 * <pre>
 *  Store          [16] first_offset u32 | [20] count u32 | [24] sequencer u64 (id &lt;&lt; 32 | generation)
 *                 [32] timeout_at_unix_ms i64 (0 = none) | [40] count x ( length u32 | payload bytes )
 *  Stored         header only
 *  GetRecords     [16] from_offset u32 | [20] to_offset u32 (inclusive) | [24] budget_bytes u32
 *  Records        [16] next_offset u32 | [20] count u32 | [24] count x entry:
 *                   data:      kind u8 = 0 | offset u32 | length u32 | payload bytes
 *                   trim gap:  kind u8 = 1 | from_offset u32 | to_offset u32
 *  Seal           [16] sequencer u64                      Sealed      header only
 *  Trim           [16] trim_point u32                     Trimmed     header only
 *  Release        header only (one-way)
 *  GetLogletInfo  header only                             LogletInfo  [16] trim_point u32
 *  WaitForTail    [16] query u8 (0 local, 1 global) | [17] reserved 3 bytes (0) | [20] offset u32
 *  TailUpdated    header only
 *  GetDigest      [16] from_offset u32 | [20] to_offset u32
 *  Digest         [16] count u32 | [20] count x ( from_offset u32 | to_offset u32 | status u8 (0 exists, 1 trimmed) )
 * </pre>
 *
 * <p>Decoding refuses, naming the field: another version, unknown flags, a truncated or over-long message, offset
 * 0 or a range past the u32 offsets, an empty or oversized store, a range whose end is before its start.
 */
public final class LogServerWire {
    /** The format version in every header. */
    public static final int VERSION = 1;
    /** Request flag: a repair store that is accepted on a sealed loglet. */
    public static final int FLAG_IGNORE_SEAL = 1;
    /** The highest loglet offset. */
    public static final long OFFSET_MAX = 0xFFFF_FFFFL;
    /** The most records one store may carry. */
    public static final int STORE_RECORDS_MAX = 65_536;

    private LogServerWire() {
    }

    /**
     * Packs a generational node id into the u64 of the wire: id in the high half, generation in the low half.
     *
     * @param node the node id
     * @return the packed value, never 0
     */
    public static long packNodeId(final GenerationalNodeId node) {
        return ((long) node.id() << 32) | (node.generation() & 0xFFFF_FFFFL);
    }

    /**
     * Unpacks a node id packed by {@link #packNodeId}.
     *
     * @param packed the packed value
     * @return the node id
     */
    public static GenerationalNodeId unpackNodeId(final long packed) {
        return new GenerationalNodeId((int) (packed >>> 32), (int) packed);
    }

    /**
     * Decodes a request.
     *
     * @param messageType the transport message type ({@link LogServerMessageTypes})
     * @param buffer the message
     * @param offset where it starts
     * @param length its length
     * @return the request
     * @throws io.jrestate.log.server.MalformedMessageException naming the field and the problem
     */
    public static Request decode(final int messageType, final DirectBuffer buffer, final int offset,
        final int length) {
        final WireReader in = new WireReader(buffer, offset, length, name(messageType));
        final Request.Header header = header(in, messageType);
        final Request request = switch (messageType) {
            case LogServerMessageTypes.STORE -> store(in, header);
            case LogServerMessageTypes.GET_RECORDS -> new Request.GetRecords(header, offset(in, "from_offset"),
                offset(in, "to_offset"), in.u32("budget_bytes"));
            case LogServerMessageTypes.SEAL -> new Request.Seal(header, in.u64("sequencer"));
            case LogServerMessageTypes.TRIM -> new Request.Trim(header, in.u32("trim_point"));
            case LogServerMessageTypes.RELEASE -> new Request.Release(header);
            case LogServerMessageTypes.GET_LOGLET_INFO -> new Request.GetLogletInfo(header);
            case LogServerMessageTypes.WAIT_FOR_TAIL -> waitForTail(in, header);
            case LogServerMessageTypes.GET_DIGEST -> new Request.GetDigest(header, offset(in, "from_offset"),
                offset(in, "to_offset"));
            default -> throw in.malformed("unknown message type 0x" + Integer.toHexString(messageType));
        };
        in.expectEnd();
        checkRange(in, request);
        return request;
    }

    private static Request.Header header(final WireReader in, final int messageType) {
        final int version = in.u8("version");
        if (version != VERSION) {
            throw in.malformed("version " + version + " is not the supported version " + VERSION);
        }
        final int flags = in.u8("flags");
        final int allowed = messageType == LogServerMessageTypes.STORE ? FLAG_IGNORE_SEAL : 0;
        if ((flags & ~allowed) != 0) {
            throw in.malformed("unknown flags 0x" + Integer.toHexString(flags));
        }
        if (in.u16("reserved") != 0) {
            throw in.malformed("reserved header bytes are not 0");
        }
        final long knownGlobalTail = in.u32("known_global_tail");
        return new Request.Header(flags, knownGlobalTail, in.u64("loglet_id"));
    }

    private static Request.Store store(final WireReader in, final Request.Header header) {
        final long first = offset(in, "first_offset");
        final long count = in.u32("count");
        if (count == 0 || count > STORE_RECORDS_MAX) {
            throw in.malformed("count " + count + " must be in [1, " + STORE_RECORDS_MAX + "]");
        }
        if (first + count - 1 > OFFSET_MAX) {
            throw in.malformed("offsets " + first + ".." + (first + count - 1) + " run past the u32 offsets");
        }
        final long sequencer = in.u64("sequencer");
        if (sequencer == 0 || (sequencer >>> 32) == 0) {
            throw in.malformed("sequencer " + Long.toHexString(sequencer) + " has node id 0");
        }
        final long timeoutAt = in.u64("timeout_at_unix_ms");
        final List<byte[]> payloads = new ArrayList<>((int) Math.min(count, in.remaining() / 4 + 1));
        for (long i = 0; i < count; i++) {
            payloads.add(in.bytes(in.u32("record length"), "record " + (first + i)));
        }
        return new Request.Store(header, first, sequencer, timeoutAt, payloads);
    }

    private static Request.WaitForTail waitForTail(final WireReader in, final Request.Header header) {
        final int query = in.u8("query");
        if (query > 1) {
            throw in.malformed("query " + query + " is neither 0 (local tail) nor 1 (global tail)");
        }
        in.u8("reserved");
        in.u16("reserved");
        return new Request.WaitForTail(header, query == 0 ? TailQuery.LOCAL_TAIL : TailQuery.GLOBAL_TAIL,
            in.u32("offset"));
    }

    private static long offset(final WireReader in, final String field) {
        final long value = in.u32(field);
        if (value == 0) {
            throw in.malformed(field + " is 0; loglet offsets start at 1");
        }
        return value;
    }

    private static void checkRange(final WireReader in, final Request request) {
        final long from;
        final long to;
        if (request instanceof Request.GetRecords get) {
            from = get.fromOffset();
            to = get.toOffset();
        } else if (request instanceof Request.GetDigest digest) {
            from = digest.fromOffset();
            to = digest.toOffset();
        } else {
            return;
        }
        if (to < from) {
            throw in.malformed("to_offset " + to + " is before from_offset " + from);
        }
    }

    /**
     * The name of a request type, for errors and logs.
     *
     * @param messageType the message type
     * @return e.g. {@code Store}
     */
    public static String name(final int messageType) {
        return switch (messageType) {
            case LogServerMessageTypes.STORE -> "Store";
            case LogServerMessageTypes.GET_RECORDS -> "GetRecords";
            case LogServerMessageTypes.SEAL -> "Seal";
            case LogServerMessageTypes.TRIM -> "Trim";
            case LogServerMessageTypes.RELEASE -> "Release";
            case LogServerMessageTypes.GET_LOGLET_INFO -> "GetLogletInfo";
            case LogServerMessageTypes.WAIT_FOR_TAIL -> "WaitForTail";
            case LogServerMessageTypes.GET_DIGEST -> "GetDigest";
            default -> "message 0x" + Integer.toHexString(messageType);
        };
    }
}

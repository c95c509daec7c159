package io.jrestate.log.server.internal.wire;

import io.jrestate.log.server.DigestReply;
import io.jrestate.log.server.LogletInfoReply;
import io.jrestate.log.server.LogletRecord;
import io.jrestate.log.server.LogletStatus;
import io.jrestate.log.server.RecordsReply;
import io.jrestate.log.server.TailState;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Encodes responses (server side) and decodes them (client side) in the layouts of {@link LogServerWire}. */
public final class ResponseCodec {
    private static final int DATA = 0;
    private static final int TRIM_GAP = 1;

    private ResponseCodec() {
    }

    /**
     * A response that is only a header ({@code Stored}, {@code Sealed}, {@code Trimmed}, {@code TailUpdated}, and
     * any refusal).
     *
     * @param tail status and tails
     * @return the message
     */
    public static byte[] header(final TailState tail) {
        final byte[] bytes = new byte[ResponseHeaderFlyweight.LENGTH];
        new ResponseHeaderFlyweight().wrap(new UnsafeBuffer(bytes), 0).write(tail);
        return bytes;
    }

    /**
     * {@code LogletInfo}.
     *
     * @param reply the reply
     * @return the message
     */
    public static byte[] logletInfo(final LogletInfoReply reply) {
        final byte[] bytes = new byte[ResponseHeaderFlyweight.LENGTH + 4];
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        new ResponseHeaderFlyweight().wrap(buffer, 0).write(reply.tail());
        buffer.putInt(16, (int) reply.trimPointOffset(), ByteOrder.LITTLE_ENDIAN);
        return bytes;
    }

    /**
     * {@code Records}.
     *
     * @param reply the reply
     * @return the message
     */
    public static byte[] records(final RecordsReply reply) {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        new ResponseHeaderFlyweight().wrap(buffer, 0).write(reply.tail());
        buffer.putInt(16, (int) reply.nextOffset(), ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(20, reply.records().size(), ByteOrder.LITTLE_ENDIAN);
        int at = 24;
        for (final LogletRecord record : reply.records()) {
            if (record instanceof LogletRecord.Data data) {
                buffer.putByte(at, (byte) DATA);
                buffer.putInt(at + 1, (int) data.offset(), ByteOrder.LITTLE_ENDIAN);
                buffer.putInt(at + 5, data.payload().length, ByteOrder.LITTLE_ENDIAN);
                buffer.putBytes(at + 9, data.payload());
                at += 9 + data.payload().length;
            } else if (record instanceof LogletRecord.TrimGap gap) {
                buffer.putByte(at, (byte) TRIM_GAP);
                buffer.putInt(at + 1, (int) gap.fromOffset(), ByteOrder.LITTLE_ENDIAN);
                buffer.putInt(at + 5, (int) gap.toOffset(), ByteOrder.LITTLE_ENDIAN);
                at += 9;
            }
        }
        final byte[] bytes = new byte[at];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    /**
     * {@code Digest}.
     *
     * @param reply the reply
     * @return the message
     */
    public static byte[] digest(final DigestReply reply) {
        final byte[] bytes = new byte[20 + 9 * reply.runs().size()];
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        new ResponseHeaderFlyweight().wrap(buffer, 0).write(reply.tail());
        buffer.putInt(16, reply.runs().size(), ByteOrder.LITTLE_ENDIAN);
        int at = 20;
        for (final DigestReply.Run run : reply.runs()) {
            buffer.putInt(at, (int) run.fromOffset(), ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(at + 4, (int) run.toOffset(), ByteOrder.LITTLE_ENDIAN);
            buffer.putByte(at + 8, (byte) run.status().ordinal());
            at += 9;
        }
        return bytes;
    }

    /**
     * Decodes a response that is only a header.
     *
     * @param body the response
     * @param what the response's name, for errors
     * @return the status and tails
     */
    public static TailState decodeHeader(final byte[] body, final String what) {
        final WireReader in = reader(body, what);
        final TailState tail = header(in);
        in.expectEnd();
        return tail;
    }

    /**
     * Decodes {@code LogletInfo}. A refusal (status other than OK) may come as a bare header.
     *
     * @param body the response
     * @return the reply
     */
    public static LogletInfoReply decodeLogletInfo(final byte[] body) {
        final WireReader in = reader(body, "LogletInfo");
        final TailState tail = header(in);
        final long trimPoint = in.remaining() == 0 && tail.status() != LogletStatus.OK ? 0 : in.u32("trim_point");
        in.expectEnd();
        return new LogletInfoReply(tail, trimPoint);
    }

    /**
     * Decodes {@code Records}. A refusal may come as a bare header.
     *
     * @param body the response
     * @return the reply
     */
    public static RecordsReply decodeRecords(final byte[] body) {
        final WireReader in = reader(body, "Records");
        final TailState tail = header(in);
        if (in.remaining() == 0 && tail.status() != LogletStatus.OK) {
            return new RecordsReply(tail, 0, List.of());
        }
        final long next = in.u32("next_offset");
        final long count = in.u32("count");
        final List<LogletRecord> records = new ArrayList<>((int) Math.min(count, in.remaining() / 9 + 1));
        for (long i = 0; i < count; i++) {
            final int kind = in.u8("entry kind");
            final long offset = in.u32("entry offset");
            switch (kind) {
                case DATA -> records.add(new LogletRecord.Data(offset, in.bytes(in.u32("length"), "payload")));
                case TRIM_GAP -> records.add(new LogletRecord.TrimGap(offset, in.u32("to_offset")));
                default -> throw in.malformed("entry " + i + " has unknown kind " + kind);
            }
        }
        in.expectEnd();
        return new RecordsReply(tail, next, records);
    }

    /**
     * Decodes {@code Digest}. A refusal may come as a bare header.
     *
     * @param body the response
     * @return the reply
     */
    public static DigestReply decodeDigest(final byte[] body) {
        final WireReader in = reader(body, "Digest");
        final TailState tail = header(in);
        if (in.remaining() == 0 && tail.status() != LogletStatus.OK) {
            return new DigestReply(tail, List.of());
        }
        final long count = in.u32("count");
        final List<DigestReply.Run> runs = new ArrayList<>((int) Math.min(count, in.remaining() / 9 + 1));
        for (long i = 0; i < count; i++) {
            final long from = in.u32("from_offset");
            final long to = in.u32("to_offset");
            final int status = in.u8("status");
            if (status > 1) {
                throw in.malformed("run " + i + " has unknown status " + status);
            }
            runs.add(new DigestReply.Run(from, to, DigestReply.RunStatus.values()[status]));
        }
        in.expectEnd();
        return new DigestReply(tail, runs);
    }

    private static WireReader reader(final byte[] body, final String what) {
        return new WireReader(new UnsafeBuffer(body), 0, body.length, what);
    }

    private static TailState header(final WireReader in) {
        final int version = in.u8("version");
        if (version != LogServerWire.VERSION) {
            throw in.malformed("version " + version + " is not the supported version " + LogServerWire.VERSION);
        }
        final LogletStatus status;
        try {
            status = LogletStatus.ofCode(in.u8("status"));
        } catch (final io.jrestate.log.server.MalformedMessageException e) {
            throw in.malformed(e.getMessage());
        }
        final int sealed = in.u8("sealed");
        if (sealed > 1) {
            throw in.malformed("sealed flag " + sealed + " is neither 0 nor 1");
        }
        in.u8("reserved");
        final long localTail = in.u32("local_tail");
        final long globalTail = in.u32("known_global_tail");
        in.u32("reserved");
        return new TailState(status, localTail, globalTail, sealed == 1);
    }
}

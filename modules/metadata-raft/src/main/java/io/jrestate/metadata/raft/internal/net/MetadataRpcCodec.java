package io.jrestate.metadata.raft.internal.net;

import io.jrestate.metadata.raft.Precondition;
import io.jrestate.metadata.raft.VersionedValue;
import io.jrestate.metadata.raft.internal.node.MetadataRequest;
import io.jrestate.metadata.raft.internal.node.MetadataResponse;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Metadata client requests and their answers on the wire (big-endian).
 *
 * <pre>
 *   request:  u8 kind (1 get, 2 get-version, 3 put, 4 delete), i32 len + key (UTF-8)
 *             put/delete: u8 precondition kind (ordinal), i64 precondition version
 *             put:        i32 len + content type (UTF-8), i32 len + value
 *   response: u8 kind (1 ok, 2 precondition failed, 3 not leader, 4 busy, 5 outcome unknown)
 *             ok:      i64 version, u8 has value, then i64 value version, i32 len + content type, i32 len + value
 *             2 and 3: i64 (current version / leader hint)   4 and 5: i32 len + reason (UTF-8)
 * </pre>
 */
public final class MetadataRpcCodec {
    private MetadataRpcCodec() {
    }

    /**
     * Encodes a request.
     *
     * @param request the request
     * @return its bytes
     */
    public static byte[] encode(final MetadataRequest request) {
        return write(out -> {
            switch (request) {
                case MetadataRequest.Get get -> head(out, 1, get.key());
                case MetadataRequest.GetVersion get -> head(out, 2, get.key());
                case MetadataRequest.Put put -> {
                    head(out, 3, put.key());
                    precondition(out, put.precondition());
                    bytes(out, put.contentType().getBytes(StandardCharsets.UTF_8));
                    bytes(out, put.value());
                }
                case MetadataRequest.Delete delete -> {
                    head(out, 4, delete.key());
                    precondition(out, delete.precondition());
                }
            }
        });
    }

    /**
     * Decodes a request.
     *
     * @param bytes the bytes
     * @return the request
     * @throws IllegalArgumentException naming the bad field
     */
    public static MetadataRequest decodeRequest(final byte[] bytes) {
        final WireReader in = new WireReader(bytes, "metadata request");
        final byte kind = in.u8("kind");
        final String key = in.string("key");
        final MetadataRequest request = switch (kind) {
            case 1 -> new MetadataRequest.Get(key);
            case 2 -> new MetadataRequest.GetVersion(key);
            case 3 -> new MetadataRequest.Put(key, readPrecondition(in), in.string("content type"),
                in.bytes("value"));
            case 4 -> new MetadataRequest.Delete(key, readPrecondition(in));
            default -> throw new IllegalArgumentException("metadata request: unknown kind " + kind);
        };
        in.end();
        return request;
    }

    /**
     * Encodes a response.
     *
     * @param response the response
     * @return its bytes
     */
    public static byte[] encode(final MetadataResponse response) {
        return write(out -> {
            switch (response) {
                case MetadataResponse.Ok ok -> {
                    out.writeByte(1);
                    out.writeLong(ok.version());
                    out.writeBoolean(ok.value() != null);
                    if (ok.value() != null) {
                        out.writeLong(ok.value().version());
                        bytes(out, ok.value().contentType().getBytes(StandardCharsets.UTF_8));
                        bytes(out, ok.value().value());
                    }
                }
                case MetadataResponse.PreconditionFailed failed -> {
                    out.writeByte(2);
                    out.writeLong(failed.currentVersion());
                }
                case MetadataResponse.NotLeader notLeader -> {
                    out.writeByte(3);
                    out.writeLong(notLeader.leaderHint());
                }
                case MetadataResponse.Busy busy -> {
                    out.writeByte(4);
                    bytes(out, busy.reason().getBytes(StandardCharsets.UTF_8));
                }
                case MetadataResponse.OutcomeUnknown unknown -> {
                    out.writeByte(5);
                    bytes(out, unknown.reason().getBytes(StandardCharsets.UTF_8));
                }
            }
        });
    }

    /**
     * Decodes a response.
     *
     * @param bytes the bytes
     * @return the response
     * @throws IllegalArgumentException naming the bad field
     */
    public static MetadataResponse decodeResponse(final byte[] bytes) {
        final WireReader in = new WireReader(bytes, "metadata response");
        final byte kind = in.u8("kind");
        final MetadataResponse response = switch (kind) {
            case 1 -> {
                final long version = in.i64("version");
                final VersionedValue value = in.u8("has value") != 0
                    ? new VersionedValue(in.i64("value version"), in.string("content type"), in.bytes("value"))
                    : null;
                yield new MetadataResponse.Ok(value, version);
            }
            case 2 -> new MetadataResponse.PreconditionFailed(in.i64("current version"));
            case 3 -> new MetadataResponse.NotLeader(in.i64("leader hint"));
            case 4 -> new MetadataResponse.Busy(in.string("reason"));
            case 5 -> new MetadataResponse.OutcomeUnknown(in.string("reason"));
            default -> throw new IllegalArgumentException("metadata response: unknown kind " + kind);
        };
        in.end();
        return response;
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(final Writer writer) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void head(final DataOutputStream out, final int kind, final String key) throws IOException {
        out.writeByte(kind);
        bytes(out, key.getBytes(StandardCharsets.UTF_8));
    }

    private static void precondition(final DataOutputStream out, final Precondition precondition)
        throws IOException {
        out.writeByte(precondition.kind().ordinal());
        out.writeLong(precondition.version());
    }

    private static Precondition readPrecondition(final WireReader in) {
        final Precondition.Kind kind = RaftMessageCodec.enumAt(Precondition.Kind.values(), in.u8("precondition"),
            "precondition kind");
        return new Precondition(kind, in.i64("precondition version"));
    }

    private static void bytes(final DataOutputStream out, final byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }
}

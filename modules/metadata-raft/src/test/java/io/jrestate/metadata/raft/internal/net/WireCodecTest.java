package io.jrestate.metadata.raft.internal.net;

import io.jrestate.metadata.raft.Precondition;
import io.jrestate.metadata.raft.VersionedValue;
import io.jrestate.metadata.raft.core.ConfState;
import io.jrestate.metadata.raft.core.Entry;
import io.jrestate.metadata.raft.core.EntryType;
import io.jrestate.metadata.raft.core.Message;
import io.jrestate.metadata.raft.core.MessageType;
import io.jrestate.metadata.raft.core.Snapshot;
import io.jrestate.metadata.raft.internal.node.MetadataRequest;
import io.jrestate.metadata.raft.internal.node.MetadataResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The wire codecs of the metadata cluster: Raft messages (with entries and a snapshot) and client requests and
 * answers decode back to what was encoded, and every truncation is rejected with an IllegalArgumentException
 * rather than a wrong message or another exception.
 */
class WireCodecTest {
    @Test
    void shouldRoundTripRaftMessagesAndRejectTheirTruncations() {
        final Message append = new Message(MessageType.APPEND, 1, 2, 7, 41, 6,
            List.of(new Entry(42, 7, EntryType.NORMAL, new byte[] {1, 2, 3}), new Entry(43, 7, EntryType.EMPTY,
                new byte[0])), 40, true, 39, 5, null);
        final Message snapshot = Message.of(MessageType.SNAPSHOT, 3, 1, 9).withSnapshot(
            new Snapshot(100, 8, ConfState.ofVoters(1, 2, 3), "state".getBytes(StandardCharsets.UTF_8)));
        for (final Message message : List.of(append, snapshot, Message.of(MessageType.VOTE, 2, 3, 4))) {
            final byte[] bytes = RaftMessageCodec.encode(message);
            final Message decoded = RaftMessageCodec.decode(bytes);
            assertEquals(message.toString(), decoded.toString());
            assertEquals(message.entries(), decoded.entries());
            if (message.snapshot() != null) {
                assertArrayEquals(message.snapshot().data(), decoded.snapshot().data());
                assertEquals(message.snapshot().conf(), decoded.snapshot().conf());
            }
            for (int cut = 0; cut < bytes.length; cut++) {
                final byte[] truncated = Arrays.copyOf(bytes, cut);
                assertThrows(IllegalArgumentException.class, () -> RaftMessageCodec.decode(truncated), "cut " + cut);
            }
        }
    }

    @Test
    void shouldRoundTripMetadataRequestsAndAnswers() {
        final MetadataRequest.Put put = new MetadataRequest.Put("nodes_config", Precondition.matchesVersion(4),
            "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        final MetadataRequest.Put decodedPut = (MetadataRequest.Put) MetadataRpcCodec.decodeRequest(
            MetadataRpcCodec.encode(put));
        assertEquals(put.key(), decodedPut.key());
        assertEquals(put.precondition(), decodedPut.precondition());
        assertEquals(put.contentType(), decodedPut.contentType());
        assertArrayEquals(put.value(), decodedPut.value());
        for (final MetadataRequest request : List.of(new MetadataRequest.Get("k"), new MetadataRequest.GetVersion("k"),
            new MetadataRequest.Delete("k", Precondition.doesNotExist()))) {
            assertEquals(request, MetadataRpcCodec.decodeRequest(MetadataRpcCodec.encode(request)));
        }
        final List<MetadataResponse> answers = List.of(
            new MetadataResponse.Ok(new VersionedValue(3, "text/plain", new byte[] {9}), 3),
            new MetadataResponse.Ok(null, 0), new MetadataResponse.PreconditionFailed(5),
            new MetadataResponse.NotLeader(2), new MetadataResponse.Busy("full"),
            new MetadataResponse.OutcomeUnknown("lost leadership"));
        for (final MetadataResponse answer : answers) {
            final byte[] bytes = MetadataRpcCodec.encode(answer);
            assertEquals(answer, MetadataRpcCodec.decodeResponse(bytes));
            assertThrows(IllegalArgumentException.class,
                () -> MetadataRpcCodec.decodeResponse(Arrays.copyOf(bytes, bytes.length - 1)));
        }
    }
}

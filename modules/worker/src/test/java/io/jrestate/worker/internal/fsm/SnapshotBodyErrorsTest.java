package io.jrestate.worker.internal.fsm;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.worker.internal.snapshot.SnapshotBody;
import io.jrestate.worker.internal.snapshot.SnapshotFormatException;
import io.jrestate.worker.internal.snapshot.TableCodec;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A snapshot body that does not decode is refused with an error naming the problem: a newer format version, the
 * wrong partition, an unknown table, a newer table version, every truncation of a body, and trailing bytes. (The
 * file's CRC32C catches damage first in practice; these are the checks behind it, for bugs and version skew.)
 */
class SnapshotBodyErrorsTest {
    private static byte[] body(final int partition) throws Exception {
        final InMemoryPartitionState state = SnapshotRoundTripProperties.randomState(new SplittableRandom(7));
        return SnapshotRoundTripProperties.bytes(SnapshotBody.standard().encode(partition, state));
    }

    private static String refused(final SnapshotBody codec, final byte[] body, final int partition) {
        return assertThrows(SnapshotFormatException.class, () -> codec.decode(new ByteArrayInputStream(body),
                partition, new InMemoryPartitionState())).getMessage();
    }

    @Test
    void shouldRefuseANewerFormatVersionAndAnotherPartition() throws Exception {
        final byte[] body = body(3);
        final byte[] newer = body.clone();
        ByteBuffer.wrap(newer).putInt(4, SnapshotBody.FORMAT_VERSION + 1);
        assertTrue(refused(SnapshotBody.standard(), newer, 3).contains("format version 2 is not supported"));
        assertTrue(refused(SnapshotBody.standard(), body, 4).contains("snapshot of partition 3 found for partition 4"));
    }

    @Test
    void shouldRefuseUnknownTablesAndNewerTableVersions() throws Exception {
        final byte[] body = body(0);
        final List<TableCodec> withoutTimers = SnapshotBody.TABLES.stream().filter(c -> !c.name().equals("timers"))
                .toList();
        assertTrue(refused(new SnapshotBody(withoutTimers), body, 0).contains("unknown table 'timers'"));
        final List<TableCodec> olderState = SnapshotBody.TABLES.stream().map(c -> !c.name().equals("state") ? c
                : new TableCodec() {
                    @Override
                    public String name() {
                        return "state";
                    }

                    @Override
                    public int version() {
                        return 0;
                    }

                    @Override
                    public long write(final SnapshotTables tables, final io.jrestate.worker.internal.snapshot
                            .RowOutput out) {
                        return 0;
                    }

                    @Override
                    public void read(final int version, final long rows, final io.jrestate.worker.internal.snapshot
                            .RowInput in, final SnapshotTables target) {
                    }
                }).toList();
        assertTrue(refused(new SnapshotBody(olderState), body, 0).contains("table 'state' version 1 is not "
                + "supported"));
    }

    @Test
    void shouldRefuseEveryTruncationAndTrailingBytes() throws Exception {
        final byte[] body = body(1);
        for (int length = 0; length < body.length; length++) {
            final String message = refused(SnapshotBody.standard(), Arrays.copyOf(body, length), 1);
            assertTrue(!message.isEmpty(), "length " + length);
        }
        assertTrue(refused(SnapshotBody.standard(), Arrays.copyOf(body, body.length + 1), 1)
                .contains("bytes after the last"));
    }
}

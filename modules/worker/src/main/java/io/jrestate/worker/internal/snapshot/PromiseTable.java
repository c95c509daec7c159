package io.jrestate.worker.internal.snapshot;

import io.jrestate.worker.internal.fsm.CompletionResult;
import io.jrestate.worker.internal.fsm.DurablePromise;
import io.jrestate.worker.internal.fsm.ObjectKey;
import io.jrestate.worker.internal.fsm.SnapshotTables;
import io.jrestate.worker.internal.wal.Failure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Table {@code promises} (v1): the durable promises of workflows, one row per promise, sorted by workflow then
 * promise name:
 *
 * <pre>
 *  [service str][key str][name str][state u32][result][waiter count u32]([invocation id bytes][completion id u32])*
 *  state 0: pending (no result field), 1: completed with a value ([value bytes]),
 *        2: completed with a failure ([Failure message])
 * </pre>
 */
final class PromiseTable implements TableCodec {
    private static final int PENDING = 0;
    private static final int VALUE = 1;
    private static final int FAILURE = 2;

    @Override
    public String name() {
        return "promises";
    }

    @Override
    public boolean readsCapture() {
        return true;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public long write(final SnapshotTables tables, final RowOutput out) throws IOException {
        long rows = 0;
        for (final Map.Entry<ObjectKey, NavigableMap<String, DurablePromise>> workflow
                : tables.promises().entrySet()) {
            for (final Map.Entry<String, DurablePromise> promise : workflow.getValue().entrySet()) {
                out.str(workflow.getKey().service());
                out.str(workflow.getKey().key());
                out.str(promise.getKey());
                writePromise(promise.getValue(), out);
                rows++;
            }
        }
        return rows;
    }

    private static void writePromise(final DurablePromise promise, final RowOutput out) throws IOException {
        final CompletionResult result = promise.result();
        if (result == null) {
            out.u32(PENDING);
        } else if (result.isSuccess()) {
            out.u32(VALUE);
            out.bytes(result.value());
        } else {
            out.u32(FAILURE);
            out.message(result.failure());
        }
        out.u32(promise.waiters().size());
        for (final DurablePromise.Waiter waiter : promise.waiters()) {
            out.bytes(waiter.invocation().toByteString());
            out.u32(waiter.completionId());
        }
    }

    @Override
    public void read(final int version, final long rows, final RowInput in, final SnapshotTables target)
            throws IOException {
        for (long i = 0; i < rows; i++) {
            final ObjectKey workflow = new ObjectKey(in.str(), in.str());
            final String name = in.str();
            target.putPromise(workflow, name, readPromise(in, workflow + " promise " + name));
        }
    }

    private static DurablePromise readPromise(final RowInput in, final String what) throws IOException {
        final int state = in.u32();
        final CompletionResult result = switch (state) {
            case PENDING -> null;
            case VALUE -> CompletionResult.success(in.bytes());
            case FAILURE -> new CompletionResult(null, in.message(Failure.parser()));
            default -> throw in.error(what + ": unknown state " + state);
        };
        final int waiterCount = in.u32();
        if (waiterCount < 0) {
            throw in.error(what + ": negative waiter count " + waiterCount);
        }
        final List<DurablePromise.Waiter> waiters = new ArrayList<>();
        for (int w = 0; w < waiterCount; w++) {
            waiters.add(new DurablePromise.Waiter(Ids.read(in, "waiter of " + what), in.u32()));
        }
        return new DurablePromise(result, waiters);
    }
}

package io.jrestate.worker.internal.fsm;

/**
 * The per-record context shared by the state machine's parts: the tables, the record's timestamp (the only
 * clock) and where actions go.
 */
final class ApplyContext {
    final PartitionState state;
    final FsmConfig config;
    private long nowMs;
    private ActionSink sink;

    ApplyContext(final PartitionState state, final FsmConfig config) {
        this.state = state;
        this.config = config;
    }

    void begin(final long recordTimestampMs, final ActionSink actions) {
        this.nowMs = recordTimestampMs;
        this.sink = actions;
    }

    long nowMs() {
        return nowMs;
    }

    void emit(final Action action) {
        sink.accept(action);
    }

    boolean isLocal(final long partitionKey) {
        return config.partitionOf().applyAsInt(partitionKey) == config.partitionId();
    }
}

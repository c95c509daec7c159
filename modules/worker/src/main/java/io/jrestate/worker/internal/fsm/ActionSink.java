package io.jrestate.worker.internal.fsm;

/** Receives the actions the state machine emits while applying one record, in order. */
@FunctionalInterface
public interface ActionSink {
    /**
     * Takes one action.
     *
     * @param action the action
     */
    void accept(Action action);
}

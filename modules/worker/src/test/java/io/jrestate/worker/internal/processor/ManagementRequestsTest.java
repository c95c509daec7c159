package io.jrestate.worker.internal.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jrestate.worker.InvocationControl.Operation;
import io.jrestate.worker.InvocationControl.Outcome;
import io.jrestate.worker.internal.fsm.Phase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the whole decision table of the admin answers (operation x phase) against the answers recorded from
 * restate-server 1.7.12, written out row by row so a change to any cell fails with its coordinates.
 */
class ManagementRequestsTest {
    private static final Phase[] PHASES = {null, Phase.SCHEDULED, Phase.INBOXED, Phase.INVOKED, Phase.SUSPENDED,
        Phase.BACKING_OFF, Phase.PAUSED, Phase.COMPLETED};

    private static List<String> row(final Operation operation) {
        final List<String> cells = new ArrayList<>();
        for (final Phase phase : PHASES) {
            final ManagementRequests.Decision d = ManagementRequests.decide(phase, operation);
            cells.add(d.outcome() + (d.append() ? "*" : ""));
        }
        return cells;
    }

    @Test
    void shouldAnswerEveryOperationInEveryPhaseAsTheReference() {
        // unknown, scheduled, inboxed, running, suspended, backing-off, paused, completed; * = record appended
        assertEquals(List.of("NOT_FOUND", "DONE*", "DONE*", "ACCEPTED*", "ACCEPTED*", "ACCEPTED*",
                "ACCEPTED*", "ALREADY_COMPLETED"), row(Operation.CANCEL));
        assertEquals(List.of("NOT_FOUND", "DONE*", "DONE*", "DONE*", "DONE*", "DONE*", "DONE*",
                "ALREADY_COMPLETED"), row(Operation.KILL));
        assertEquals(List.of("NOT_FOUND", "NOT_COMPLETED", "NOT_COMPLETED", "NOT_COMPLETED", "NOT_COMPLETED",
                "NOT_COMPLETED", "NOT_COMPLETED", "DONE*"), row(Operation.PURGE));
        assertEquals(List.of("NOT_FOUND", "NOT_RUNNING", "NOT_RUNNING", "ACCEPTED*", "DONE", "ACCEPTED*", "DONE",
                "NOT_RUNNING"), row(Operation.PAUSE));
        assertEquals(List.of("NOT_FOUND", "NOT_STARTED", "NOT_STARTED", "DONE", "DONE*", "DONE*", "DONE*",
                "COMPLETED_NOT_RESUMABLE"), row(Operation.RESUME));
        // purge-journal: 409 "not yet completed" while running, 200 on a completed one (also again), as 1.7.12.
        assertEquals(List.of("NOT_FOUND", "NOT_COMPLETED", "NOT_COMPLETED", "NOT_COMPLETED", "NOT_COMPLETED",
                "NOT_COMPLETED", "NOT_COMPLETED", "DONE*"), row(Operation.PURGE_JOURNAL));
    }

    @Test
    void shouldNameEveryOutcomeUsed() {
        assertEquals(Outcome.values().length, 8, "a new outcome needs a row above and an answer in the admin API");
    }
}

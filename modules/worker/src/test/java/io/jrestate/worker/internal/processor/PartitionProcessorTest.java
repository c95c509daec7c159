package io.jrestate.worker.internal.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs partition processors over in-memory logs against a fake SDK: calls through the log and the state
 * machine to an attempt and back, virtual-object counters with journaled side effects and suspension, calls
 * between services across partitions, and a simulated crash (new processors over the same logs) after which
 * the state is rebuilt from the log.
 */
@Timeout(60)
class PartitionProcessorTest {
    @Test
    void shouldAnswerAServiceCallThroughTheLog() {
        try (TestNode node = new TestNode(TestNode.freshLogs(4))) {
            assertEquals("Hello Bob", node.call("Greeter", "", "greet", "Bob"));
        }
    }

    @Test
    void shouldCountExactlyAndRunEachSideEffectOnce() {
        try (TestNode node = new TestNode(TestNode.freshLogs(4))) {
            for (int i = 1; i <= 20; i++) {
                assertEquals(Long.toString(i * 2L), node.call("Counter", "alice", "add", "2"));
            }
            assertEquals(20, node.sdk.sideEffects.get());
            assertEquals(40, node.sdk.attempts.get(), "each add suspends once after its run");
        }
    }

    @Test
    void shouldCallAcrossServicesAndPartitions() {
        try (TestNode node = new TestNode(TestNode.freshLogs(4))) {
            for (int i = 1; i <= 5; i++) {
                assertEquals("callee said " + (5 * i), node.call("Caller", "", "call", ""));
            }
        }
    }

    @Test
    void shouldRestartAnInvocationThatWasRunningWhenTheNodeCrashed() {
        final InMemoryPartitionLog[] logs = TestNode.freshLogs(4);
        final io.jrestate.worker.internal.fsm.InvocationKey id;
        try (TestNode node = new TestNode(logs)) {
            node.sdk.hang = true;
            id = node.send("Greeter", "", "greet", "again");
        }
        try (TestNode restarted = new TestNode(logs)) {
            final var completed = restarted.partitions.forInvocation(id).attach(id)
                    .orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
            assertEquals("Hello again", completed.result().value().toStringUtf8());
        }
    }

    @Test
    void shouldRebuildStateFromTheLogAfterACrash() {
        final InMemoryPartitionLog[] logs = TestNode.freshLogs(4);
        try (TestNode node = new TestNode(logs)) {
            node.call("Counter", "bob", "add", "3");
            node.call("Counter", "bob", "add", "4");
        }
        try (TestNode restarted = new TestNode(logs)) {
            assertEquals("10", restarted.call("Counter", "bob", "add", "3"));
            assertEquals(0, restarted.sdk.sideEffects.get() - 1, "only the new call ran its side effect");
        }
    }
}

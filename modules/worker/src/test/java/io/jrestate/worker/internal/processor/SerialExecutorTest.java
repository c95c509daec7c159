package io.jrestate.worker.internal.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Checks the partition's serial executor with a manual pool: tasks run one at a time in order, a full mailbox
 * rejects external work, and internal completions are never rejected and run first.
 */
class SerialExecutorTest {
    private final List<Runnable> pool = new ArrayList<>();
    private final SerialExecutor executor = new SerialExecutor("test", pool::add, 2);

    private void runPool() {
        while (!pool.isEmpty()) {
            pool.remove(0).run();
        }
    }

    @Test
    void shouldRunTasksInOrderAndRejectBeyondTheMailboxCapacity() {
        final List<String> ran = new ArrayList<>();
        executor.execute(() -> ran.add("a"));
        executor.execute(() -> ran.add("b"));
        assertThrows(RejectedExecutionException.class, () -> executor.execute(() -> ran.add("c")));
        executor.executeInternal(() -> ran.add("internal"));
        assertEquals(1, pool.size(), "one drain scheduled however many tasks wait");
        runPool();
        assertEquals(List.of("internal", "a", "b"), ran);
        executor.execute(() -> ran.add("d"));
        runPool();
        assertEquals("d", ran.get(ran.size() - 1));
    }
}

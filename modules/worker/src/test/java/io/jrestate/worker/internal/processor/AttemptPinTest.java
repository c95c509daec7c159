package io.jrestate.worker.internal.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jrestate.worker.internal.fsm.EntryTypes;
import io.jrestate.worker.internal.fsm.InvocationKey;
import io.jrestate.worker.internal.wal.Envelope;
import io.jrestate.worker.internal.wal.InvokerEffect;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The deployment pin of an attempt costs no commit of its own: the SDK's response headers pin the deployment,
 * but the pin reaches the log only together with the attempt's next proposal (here its Output entry), directly
 * before it. Checked by holding the fake SDK after it reported the pin, draining every partition's executor, and
 * reading the in-memory logs.
 */
@Timeout(60)
class AttemptPinTest {
    @Test
    void shouldLogThePinOnlyWithTheAttemptsFirstEntry() throws Exception {
        final InMemoryPartitionLog[] logs = TestNode.freshLogs(4);
        try (TestNode node = new TestNode(logs)) {
            node.sdk.pinAs = "dp_pinned";
            final CompletableFuture<String> call = CompletableFuture.supplyAsync(
                () -> node.call("Greeter", "", "greet", "Pat"));
            node.sdk.pinned.get(10, TimeUnit.SECONDS);
            // A read passes through each partition's mailbox after the pin task, so the pin has been handled.
            final InvocationKey any = new InvocationKey(0, 0, 0);
            for (int p = 0; p < node.partitions.count(); p++) {
                node.partitions.forKey(partitionKeyOf(node, p)).read(any, s -> s).get(10, TimeUnit.SECONDS);
            }
            assertTrue(effects(logs).stream().noneMatch(InvokerEffect::hasPinDeployment),
                "the pin must wait for the next proposal: " + effects(logs));
            node.sdk.releaseAfterPin.complete(null);
            assertEquals("Hello Pat", call.get(10, TimeUnit.SECONDS));
            final List<InvokerEffect> effects = effects(logs);
            assertEquals(3, effects.size(), effects.toString());
            assertEquals("dp_pinned", effects.get(0).getPinDeployment().getDeploymentId());
            assertEquals(6, effects.get(0).getPinDeployment().getProtocolVersion());
            assertEquals(EntryTypes.OUTPUT, effects.get(1).getEntry().getType());
            assertTrue(effects.get(2).hasEnded(), effects.toString());
        }
    }

    private static long partitionKeyOf(final TestNode node, final int partition) {
        for (int i = 0; i < 256; i++) {
            final long key = (long) i << 56;
            if (node.partitions.forKey(key).partitionId() == partition) {
                return key;
            }
        }
        throw new AssertionError("no partition key found for partition " + partition);
    }

    private static List<InvokerEffect> effects(final InMemoryPartitionLog[] logs) {
        final List<InvokerEffect> effects = new ArrayList<>();
        for (final InMemoryPartitionLog log : logs) {
            log.readFrom(1, (lsn, bytes) -> {
                try {
                    final Envelope e = Envelope.parseFrom(bytes);
                    if (e.getCommand().hasInvokerEffect()) {
                        effects.add(e.getCommand().getInvokerEffect());
                    }
                } catch (final InvalidProtocolBufferException ex) {
                    throw new IllegalStateException(ex);
                }
            });
        }
        return effects;
    }
}

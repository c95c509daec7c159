package io.jrestate.worker.internal.fsm;

import static io.jrestate.worker.internal.fsm.FsmDriver.ended;
import static io.jrestate.worker.internal.fsm.FsmDriver.entry;
import static io.jrestate.worker.internal.fsm.FsmDriver.id;
import static io.jrestate.worker.internal.fsm.FsmDriver.invoke;
import static io.jrestate.worker.internal.fsm.FsmDriver.service;
import static io.jrestate.worker.internal.fsm.FsmDriver.single;
import static io.jrestate.worker.internal.fsm.PartitionFsmTest.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.service.protocol.pb.AttachInvocationCommandMessage;
import io.jrestate.service.protocol.pb.GetInvocationOutputCommandMessage;
import io.jrestate.service.protocol.pb.NotificationTemplate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks {@code AttachInvocation} and {@code GetInvocationOutput} from a handler in the state machine: an unknown
 * target answers {@code {404, "not found"}}, get-output of a running target answers void, attach to a running
 * target answers with its result when it completes, and attach to a completed one answers at once.
 */
class AttachmentsFsmTest {
    private static NotificationTemplate note(final List<Action> actions, final InvocationKey to, final int type)
            throws Exception {
        final Action.SendNotification send = single(actions, Action.SendNotification.class);
        assertEquals(to, send.id());
        assertEquals(type, send.notification().getType());
        return NotificationTemplate.parseFrom(send.notification().getPayload());
    }

    @Test
    void shouldAnswerAttachAndOutputAsTheReference() throws Exception {
        final FsmDriver p = FsmDriver.withRealIds(0);
        final InvocationKey caller = id(0, 1);
        final InvocationKey target = id(0, 2);
        p.apply(invoke(caller, service("Caller", "go"), ""));
        p.apply(invoke(target, service("Greeter", "greet"), ""));
        final String unknown = id(0, 3).toInvocationId().toString();
        final NotificationTemplate notFound = note(p.apply(entry(caller, 1, EntryTypes.ATTACH_INVOCATION,
                AttachInvocationCommandMessage.newBuilder().setInvocationId(unknown).setResultCompletionId(1)
                        .build())), caller, EntryTypes.ATTACH_INVOCATION_COMPLETION);
        assertEquals(404, notFound.getFailure().getCode());
        assertEquals("not found", notFound.getFailure().getMessage());

        final String targetId = target.toInvocationId().toString();
        assertTrue(note(p.apply(entry(caller, 1, EntryTypes.GET_INVOCATION_OUTPUT, GetInvocationOutputCommandMessage
                .newBuilder().setInvocationId(targetId).setResultCompletionId(2).build())), caller,
                EntryTypes.GET_INVOCATION_OUTPUT_COMPLETION).hasVoid(), "output of a running invocation is void");

        assertTrue(p.apply(entry(caller, 1, EntryTypes.ATTACH_INVOCATION, AttachInvocationCommandMessage
                .newBuilder().setInvocationId(targetId).setResultCompletionId(3).build())).isEmpty(),
                "attach waits for the target");
        p.apply(output(target, 1, "\"hi\""));
        final List<Action> done = p.apply(ended(target, 1));
        assertEquals("\"hi\"", note(done, caller, EntryTypes.ATTACH_INVOCATION_COMPLETION).getValue().getContent()
                .toStringUtf8());

        assertEquals("\"hi\"", note(p.apply(entry(caller, 1, EntryTypes.ATTACH_INVOCATION,
                AttachInvocationCommandMessage.newBuilder().setInvocationId(targetId).setResultCompletionId(4)
                        .build())), caller, EntryTypes.ATTACH_INVOCATION_COMPLETION).getValue().getContent()
                .toStringUtf8(), "attach to a completed invocation answers at once");
    }
}

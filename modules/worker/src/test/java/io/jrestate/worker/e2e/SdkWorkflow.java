package io.jrestate.worker.e2e;

import dev.restate.common.Output;
import dev.restate.sdk.SharedWorkflowContext;
import dev.restate.sdk.WorkflowContext;
import dev.restate.sdk.annotation.Shared;
import dev.restate.sdk.annotation.Workflow;
import dev.restate.sdk.common.DurablePromiseKey;
import dev.restate.sdk.common.StateKey;

/** End-to-end test workflow on the real Java SDK: run waits on a durable promise that a shared handler resolves. */
@Workflow
public class SdkWorkflow {
    private static final DurablePromiseKey<String> APPROVAL = DurablePromiseKey.of("approval", String.class);
    private static final StateKey<String> STAGE = StateKey.of("stage", String.class);

    /**
     * Records its stage, waits for the approval promise, then answers with it.
     *
     * @param ctx context
     * @param input the run's input
     * @return {@code run <input> got <approval>}
     */
    @Workflow
    public String run(final WorkflowContext ctx, final String input) {
        ctx.set(STAGE, "waiting");
        final String approval = ctx.promise(APPROVAL).future().await();
        ctx.set(STAGE, "approved");
        return "run " + input + " got " + approval;
    }

    /**
     * Resolves the approval promise.
     *
     * @param ctx context
     * @param value the approval
     * @return ok
     */
    @Shared
    public String approve(final SharedWorkflowContext ctx, final String value) {
        ctx.promiseHandle(APPROVAL).resolve(value);
        return "ok";
    }

    /**
     * Peeks at the approval promise.
     *
     * @param ctx context
     * @return the value, or {@code none} while pending
     */
    @Shared
    public String peek(final SharedWorkflowContext ctx) {
        final Output<String> output = ctx.promise(APPROVAL).peek();
        return output.isReady() ? output.getValue() : "none";
    }

    /**
     * Reads the run's stage.
     *
     * @param ctx context
     * @return the stage, or {@code none}
     */
    @Shared
    public String stage(final SharedWorkflowContext ctx) {
        return ctx.get(STAGE).orElse("none");
    }
}

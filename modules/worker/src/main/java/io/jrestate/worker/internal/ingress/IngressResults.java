package io.jrestate.worker.internal.ingress;

import io.jrestate.common.ids.IdFormatException;
import io.jrestate.common.ids.InvocationId;
import com.fasterxml.jackson.databind.JsonNode;
import io.jrestate.http.HttpResponse;
import io.jrestate.http.Json;
import io.jrestate.worker.internal.fsm.CompletionResult;
import io.jrestate.worker.internal.fsm.InvocationKey;
import io.jrestate.worker.internal.fsm.Phase;
import io.jrestate.worker.internal.processor.InvocationIds;
import io.jrestate.worker.internal.processor.PartitionProcessor;
import io.jrestate.worker.internal.processor.Partitions;
import io.jrestate.worker.internal.schema.HandlerInfo;
import io.jrestate.worker.internal.schema.ServiceCatalog;
import io.jrestate.worker.internal.schema.ServiceInfo;
import io.jrestate.worker.internal.wal.HandlerType;
import io.jrestate.worker.internal.wal.InvocationTarget;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

/** Turns invocation results into ingress responses: calls, sends, attach and output. */
final class IngressResults {
    private static final long DEFAULT_RETENTION_MS = 24L * 3600 * 1000;
    private static final DateTimeFormatter RFC3339_NANOS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private final Partitions partitions;
    private final ServiceCatalog catalog;

    IngressResults(final Partitions partitions, final ServiceCatalog catalog) {
        this.partitions = partitions;
        this.catalog = catalog;
    }

    CompletableFuture<HttpResponse> called(final CompletableFuture<PartitionProcessor.Completed> call,
            final InvocationKey id, final HandlerInfo handler) {
        return call.handle((completed, error) -> error != null ? unavailable(error)
                : result(completed, id, handler));
    }

    CompletableFuture<HttpResponse> sent(final CompletableFuture<Boolean> send, final InvocationKey id,
            final long executeAtMs) {
        return send.handle((existed, error) -> {
            if (error != null) {
                return unavailable(error);
            }
            final Map<String, Object> body = IngressService.jsonObject();
            body.put("invocationId", idString(id));
            if (executeAtMs > 0) {
                // before "status", as restate-server 1.7.12 orders them
                body.put("executionTime", RFC3339_NANOS.format(Instant.ofEpochMilli(executeAtMs)));
            }
            body.put("status", existed ? "PreviouslyAccepted" : "Accepted");
            return HttpResponse.json(202, body).withHeader("x-restate-id", idString(id));
        });
    }

    CompletableFuture<HttpResponse> byId(final String text, final boolean attach) {
        final InvocationKey id;
        try {
            id = InvocationKey.of(InvocationId.parse(text));
        } catch (final IdFormatException e) {
            return IngressService.done(IngressErrors.ingress(400, e.getMessage()));
        }
        return attach ? attach(id) : output(id);
    }

    CompletableFuture<HttpResponse> byWorkflow(final String workflow, final String key, final boolean attach) {
        final InvocationKey id = InvocationKey.of(InvocationId.forWorkflowRun(workflow, key));
        return attach ? attach(id) : output(id);
    }

    CompletableFuture<HttpResponse> byIdempotencyKey(final String service, final String key, final String handler,
            final String idempotencyKey, final boolean attach) {
        final ServiceInfo info = catalog.service(service);
        final HandlerInfo h = info == null ? null : info.handlers().get(handler);
        if (h == null) {
            return IngressService.done(IngressErrors.ingress(404, "invocation not found"));
        }
        final InvocationKey id = InvocationIds.newId(service, info.type(), handler, h.type(), key, idempotencyKey,
                0, null);
        return attach ? attach(id) : output(id);
    }

    /**
     * {@code POST /restate/lookup|attach|output} with a target body (spec section 4.4), tagged by {@code target}:
     * {@code invocation}, {@code idempotentInvocation} or {@code workflow}.
     */
    CompletableFuture<HttpResponse> byTargetBody(final byte[] body, final String op) {
        final InvocationKey id;
        try {
            id = targetId(Json.MAPPER.readTree(body));
        } catch (final java.io.IOException | IllegalArgumentException e) {
            return IngressService.done(IngressErrors.ingress(400, "bad target: " + e.getMessage()));
        }
        if (id == null) {
            return IngressService.done(IngressErrors.ingress(404, "invocation not found"));
        }
        return switch (op) {
            case "lookup" -> IngressService.done(HttpResponse.json(200, Map.of("invocationId", idString(id))));
            case "attach" -> attach(id);
            default -> output(id);
        };
    }

    private InvocationKey targetId(final JsonNode target) {
        final String kind = target.path("target").asText("");
        switch (kind) {
            case "invocation" -> {
                return InvocationKey.of(InvocationId.parse(target.path("invocationId").asText("")));
            }
            case "workflow" -> {
                return InvocationKey.of(InvocationId.forWorkflowRun(target.path("workflowName").asText(""),
                        target.path("workflowKey").asText("")));
            }
            case "idempotentInvocation" -> {
                final String service = target.path("service").asText("");
                final ServiceInfo info = catalog.service(service);
                final HandlerInfo h = info == null ? null : info.handlers().get(target.path("handler").asText(""));
                if (h == null) {
                    return null;
                }
                return InvocationIds.newId(service, info.type(), h.name(), h.type(), target.path("key").asText(""),
                        target.path("idempotencyKey").asText(""), 0, null);
            }
            default -> throw new IllegalArgumentException("unknown target '" + kind
                    + "', expected invocation, workflow or idempotentInvocation");
        }
    }

    private CompletableFuture<HttpResponse> attach(final InvocationKey id) {
        final PartitionProcessor processor = partitions.forInvocation(id);
        final CompletableFuture<InvocationTarget> target = processor.read(id, s -> s == null ? null : s.target());
        return target.thenCompose(t -> t == null
                ? IngressService.done(IngressErrors.error(404, 404, "not found", IngressErrors.SOURCE_INVOCATION)
                        .withHeader("x-restate-id", idString(id)))
                : processor.attach(id).handle((completed, error) -> error != null || completed == null
                        ? unavailable(error) : result(completed, id, handlerOf(t))));
    }

    private CompletableFuture<HttpResponse> output(final InvocationKey id) {
        final PartitionProcessor processor = partitions.forInvocation(id);
        return processor.read(id, s -> s == null ? null : new Object[] {s.target(), s.phase(), s.result(),
                s.completedAtMs()}).handle((row, error) -> {
                    if (error != null) {
                        return unavailable(error);
                    }
                    if (row == null) {
                        return IngressErrors.ingress(404, "invocation not found");
                    }
                    if (row[1] != Phase.COMPLETED) {
                        return IngressErrors.ingress(470, "the invocation exists but has not completed yet");
                    }
                    return result(new PartitionProcessor.Completed((CompletionResult) row[2], (Long) row[3], true),
                            id, handlerOf((InvocationTarget) row[0]));
                });
    }

    private HandlerInfo handlerOf(final InvocationTarget target) {
        final ServiceInfo service = catalog.service(target.getService());
        return service == null ? null : service.handlers().get(target.getHandler());
    }

    private static HttpResponse result(final PartitionProcessor.Completed completed, final InvocationKey id,
            final HandlerInfo handler) {
        final CompletionResult result = completed.result();
        HttpResponse response;
        if (result.isSuccess()) {
            final List<Map.Entry<String, String>> headers = new ArrayList<>(3);
            final String contentType = handler == null ? "application/json" : handler.outputContentType();
            if (contentType != null && (!result.value().isEmpty() || handler != null
                    && handler.setContentTypeIfEmpty())) {
                headers.add(Map.entry("content-type", contentType));
            }
            response = new HttpResponse(200, headers, result.value().toByteArray());
        } else {
            final int code = result.failure().getCode();
            response = IngressErrors.error(IngressErrors.statusFor(code), code, result.failure().getMessage(),
                    IngressErrors.SOURCE_INVOCATION);
        }
        response = response.withHeader("x-restate-id", idString(id));
        if (completed.retained()) {
            final long configuredMs = handler == null ? 0 : handler.type() == HandlerType.WORKFLOW_RUN
                    ? handler.options().getCompletionRetentionMs() : handler.options().getIdempotencyRetentionMs();
            final long retentionMs = configuredMs == 0 ? DEFAULT_RETENTION_MS : configuredMs;
            response = response.withHeader("idempotency-expires",
                    RFC3339_NANOS.format(Instant.ofEpochMilli(completed.completedAtMs() + retentionMs)));
        }
        return response;
    }

    private static HttpResponse unavailable(final Throwable error) {
        final Throwable cause = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof RejectedExecutionException) {
            return IngressErrors.ingress(429, "too many requests, the partition is overloaded");
        }
        return IngressErrors.ingress(503, "internal routing error: " + cause);
    }

    static String idString(final InvocationKey id) {
        return id.toInvocationId().toString();
    }
}

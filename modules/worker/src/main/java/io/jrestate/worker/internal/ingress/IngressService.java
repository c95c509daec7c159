package io.jrestate.worker.internal.ingress;

import com.google.protobuf.ByteString;
import io.jrestate.common.FriendlyDuration;
import io.jrestate.common.ids.Ulid;
import io.jrestate.http.HttpRequest;
import io.jrestate.http.HttpResponse;
import io.jrestate.http.Router;
import io.jrestate.worker.internal.fsm.InvocationKey;
import io.jrestate.worker.internal.processor.InvocationIds;
import io.jrestate.worker.internal.processor.PartitionProcessor;
import io.jrestate.worker.internal.processor.Partitions;
import io.jrestate.worker.internal.schema.HandlerInfo;
import io.jrestate.worker.internal.schema.ServiceCatalog;
import io.jrestate.worker.internal.schema.ServiceInfo;
import io.jrestate.worker.internal.wal.Header;
import io.jrestate.worker.internal.wal.HandlerType;
import io.jrestate.worker.internal.wal.InvocationTarget;
import io.jrestate.worker.internal.wal.Invoke;
import io.jrestate.worker.internal.wal.ServiceType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The ingress HTTP API (spec section 4): calls and sends to services, virtual objects and workflows, attach and
 * output by invocation id or idempotency key, and health. Errors carry the reference server's status codes and
 * bodies.
 *
 * <pre>
 *  /{Service}/{handler}[/send]            /{Object}/{key}/{handler}[/send]
 *  /restate/invocation/{id}/attach|output /restate/invocation/{S}[/{key}]/{h}/{idempotencyKey}/attach|output
 *  /restate/workflow/{W}/{key}/attach|output (GET)   /restate/awakeables/{id}/resolve|reject (POST)
 *  /restate/attach/{id}  /restate/output/{id}  /restate/health
 * </pre>
 */
public final class IngressService {
    static final String BAD_PATH =
            "bad path, expected either /:service-name/:handler or /:object-name/:object-key/:handler";
    private final Partitions partitions;
    private final ServiceCatalog catalog;
    private final LongSupplier clockMs;
    private final Supplier<RandomGenerator> random;
    private final String nodeName;
    private final IngressResults results;
    private final AwakeableRequests awakeables;

    /**
     * Creates the ingress.
     *
     * @param partitions the partition processors
     * @param catalog registered services
     * @param clockMs wall clock in ms
     * @param random random source for ids, per calling thread
     * @param nodeName this node's name (record sources)
     */
    public IngressService(final Partitions partitions, final ServiceCatalog catalog, final LongSupplier clockMs,
            final Supplier<RandomGenerator> random, final String nodeName) {
        this.partitions = partitions;
        this.catalog = catalog;
        this.clockMs = clockMs;
        this.random = random;
        this.nodeName = nodeName;
        this.results = new IngressResults(partitions, catalog);
        this.awakeables = new AwakeableRequests(partitions, clockMs, nodeName);
    }

    /**
     * Mounts the ingress on a router (the ingress owns every path of its listener).
     *
     * @param router the router of the ingress listener
     */
    public void mount(final Router router) {
        router.fallback(this::handle);
    }

    /**
     * Handles one ingress request.
     *
     * @param request the request
     * @return the response
     */
    public CompletableFuture<HttpResponse> handle(final HttpRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("POST")) {
            return done(IngressErrors.ingress(405, "method not allowed"));
        }
        final List<String> segments = IngressRequests.segments(request.path());
        if (segments.isEmpty()) {
            return done(IngressErrors.ingress(400, "bad path: " + request.path()));
        }
        if (segments.get(0).equals("restate")) {
            return restate(request, segments);
        }
        return invoke(request, segments);
    }

    private CompletableFuture<HttpResponse> restate(final HttpRequest request, final List<String> seg) {
        final int n = seg.size();
        if (n == 2 && seg.get(1).equals("health")) {
            return done(HttpResponse.json(200, Map.of("services", catalog.serviceNames())));
        }
        if (n >= 4 && (seg.get(1).equals("call") || seg.get(1).equals("send"))) {
            final List<String> target = new java.util.ArrayList<>(seg.subList(2, n));
            if (seg.get(1).equals("send")) {
                target.add("send");
            }
            return invoke(request, target);
        }
        if (n == 2 && request.method().equals("POST")
                && List.of("lookup", "attach", "output").contains(seg.get(1))) {
            return results.byTargetBody(request.body(), seg.get(1));
        }
        if (n == 4 && (seg.get(1).equals("awakeables") || seg.get(1).equals("a"))
                && (seg.get(3).equals("resolve") || seg.get(3).equals("reject"))) {
            return request.method().equals("POST")
                    ? awakeables.complete(seg.get(2), seg.get(3).equals("resolve"), request.body())
                    : done(IngressErrors.ingress(405, "method not allowed"));
        }
        final String op = seg.get(n - 1);
        final boolean attachOrOutput = op.equals("attach") || op.equals("output");
        if (n == 3 && (seg.get(1).equals("attach") || seg.get(1).equals("output"))) {
            return results.byId(seg.get(2), seg.get(1).equals("attach"));
        }
        if (attachOrOutput && n == 5 && seg.get(1).equals("workflow")) {
            return request.method().equals("GET") ? results.byWorkflow(seg.get(2), seg.get(3), op.equals("attach"))
                    : done(IngressErrors.ingress(405, "method not allowed"));
        }
        if (attachOrOutput && n == 4 && seg.get(1).equals("invocation")) {
            return results.byId(seg.get(2), op.equals("attach"));
        }
        if (attachOrOutput && (n == 6 || n == 7) && seg.get(1).equals("invocation")) {
            final String key = n == 7 ? seg.get(3) : "";
            return results.byIdempotencyKey(seg.get(2), key, seg.get(n - 3), seg.get(n - 2), op.equals("attach"));
        }
        return done(IngressErrors.ingress(404, "not found: " + request.path()));
    }

    private CompletableFuture<HttpResponse> invoke(final HttpRequest request, final List<String> seg) {
        final ServiceInfo service = catalog.service(seg.get(0));
        if (service == null) {
            return done(IngressErrors.ingress(404, "service '" + seg.get(0)
                    + "' not found, make sure to register the service before calling it."));
        }
        final int base = service.type() == ServiceType.SERVICE ? 2 : 3;
        final boolean send = seg.size() == base + 1 && seg.get(base).equals("send");
        if (seg.size() != base && !send) {
            return done(IngressErrors.ingress(400, BAD_PATH));
        }
        final String handlerName = seg.get(base - 1);
        final HandlerInfo handler = service.handlers().get(handlerName);
        if (handler == null) {
            return done(IngressErrors.ingress(404, "the service '" + service.name() + "' exists, but the handler '"
                    + handlerName + "' was not found, make sure to register the service before calling it."));
        }
        final String problem = validate(request, service, handler, send);
        if (problem != null) {
            return done(IngressErrors.ingress(400, problem));
        }
        final long nowMs = clockMs.getAsLong();
        final long executeAtMs;
        try {
            executeAtMs = executeAt(request.queryParam("delay"), nowMs);
        } catch (final IllegalArgumentException e) {
            return done(IngressErrors.ingress(400, "bad delay query parameter: " + e.getMessage()));
        }
        final String key = base == 3 ? seg.get(1) : "";
        final Invoke invoke = newInvoke(request, service, handler, key, nowMs, executeAtMs);
        final InvocationKey id = InvocationKey.fromBytes(invoke.getInvocationId());
        final PartitionProcessor processor = partitions.forInvocation(id);
        final var record = PartitionProcessor.ingressRecord(invoke, nowMs, nodeName);
        return send ? results.sent(processor.send(record), id, executeAtMs)
                : results.called(processor.call(record), id, handler);
    }

    private static String validate(final HttpRequest request, final ServiceInfo service, final HandlerInfo handler,
            final boolean send) {
        if (!service.ingressPublic()) {
            return "the invoked service is not public";
        }
        if (request.queryParam("delay") != null && !send) {
            return "cannot use the delay query parameter with calls. The delay is supported only with /send";
        }
        if (request.header("idempotency-key") != null && handler.type() == HandlerType.WORKFLOW_RUN) {
            return "cannot use the idempotency key with workflow handlers. The handler invocation will already be "
                    + "idempotent by the workflow key itself.";
        }
        if (request.body().length > 0 && handler.inputContentType() != null
                && !IngressRequests.contentTypeMatches(handler.inputContentType(), request.header("content-type"))) {
            return "input validation error: Content-type '" + request.header("content-type")
                    + "' does not match '" + handler.inputContentType() + "'";
        }
        if (request.body().length == 0 && handler.inputRequired()) {
            return "input validation error: the handler requires an input body";
        }
        return null;
    }

    private static long executeAt(final String delay, final long nowMs) {
        if (delay == null) {
            return 0;
        }
        final Duration parsed = FriendlyDuration.parse(delay);
        return parsed.isZero() ? 0 : nowMs + parsed.toMillis();
    }

    private Invoke newInvoke(final HttpRequest request, final ServiceInfo service, final HandlerInfo handler,
            final String key, final long nowMs, final long executeAtMs) {
        final String userKey = request.header("idempotency-key");
        final RandomGenerator rng = random.get();
        // Like 1.7.12, a plain call to a service or object gets a generated ULID idempotency key (lead notes).
        final String idKey = userKey != null ? userKey
                : service.type() == ServiceType.WORKFLOW ? "" : Ulid.generate(nowMs, rng).toString();
        final InvocationKey id = InvocationIds.newId(service.name(), service.type(), handler.name(), handler.type(),
                key, idKey, nowMs, rng);
        final Invoke.Builder invoke = Invoke.newBuilder().setInvocationId(id.toByteString())
                .setTarget(InvocationTarget.newBuilder().setService(service.name()).setHandler(handler.name())
                        .setKey(key).setServiceType(service.type()).setHandlerType(handler.type()))
                .setOptions(handler.options()).setArgument(ByteString.copyFrom(request.body()))
                .setIdempotencyKey(userKey == null ? "" : userKey).setExecuteAtMs(executeAtMs);
        for (final Map.Entry<String, String> header : IngressRequests.forwardedHeaders(request)) {
            invoke.addHeaders(Header.newBuilder().setKey(header.getKey()).setValue(header.getValue()));
        }
        return invoke.build();
    }

    static CompletableFuture<HttpResponse> done(final HttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    static Map<String, Object> jsonObject() {
        return new LinkedHashMap<>();
    }
}

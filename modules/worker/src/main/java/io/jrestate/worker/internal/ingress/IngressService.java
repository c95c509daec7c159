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
import java.util.ArrayList;
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
    static final String BAD_RESTATE_PATH = "bad path, expected /restate/call/:service/:handler, "
            + "/restate/send/:service/:handler, /restate/scope/:scope/call/:service/:handler, "
            + "/restate/attach/:invocation_id, /restate/output/:invocation_id, or /restate/lookup";
    static final String BAD_INVOCATION_PATH = "bad path, expected either /restate/invocation/:invocation_id/output "
            + "or /restate/invocation/:invocation_id/attach or "
            + "/restate/invocation/:invocation_target/:idempotency_key/output or "
            + "/restate/invocation/:invocation_target/:idempotency_key/attach";
    static final String BAD_WORKFLOW_PATH = "bad path, expected either "
            + "/restate/workflow/:workflow_name/:workflow_key/output or "
            + "/restate/workflow/:workflow_name/:workflow_key/attach";
    static final String BAD_AWAKEABLE_PATH =
            "bad path, expected either /restate/awakeables/:id/resolve or /restate/awakeables/:id/reject";
    /** The reference refuses paths of more than seven segments before looking at them. */
    private static final int SEGMENTS_MAX = 7;
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
        // The decorator also reaches routes others mount on the ingress router (the node's /restate/health).
        router.fallback(this::route).decorate(IngressCors::decorate);
    }

    /**
     * Handles one ingress request.
     *
     * @param request the request
     * @return the response, with the cross-origin headers of {@link IngressCors}
     */
    public CompletableFuture<HttpResponse> handle(final HttpRequest request) {
        return route(request).thenApply(response -> IngressCors.decorate(request, response));
    }

    private CompletableFuture<HttpResponse> route(final HttpRequest request) {
        if (request.method().equals("OPTIONS")) {
            return done(IngressCors.preflight(request));
        }
        if (!request.method().equals("GET") && !request.method().equals("POST")) {
            return done(IngressErrors.ingress(405, "method not allowed"));
        }
        final List<String> segments = IngressRequests.segments(request.path());
        if (segments.size() < 2 || segments.size() > SEGMENTS_MAX) {
            return done(IngressErrors.ingress(400, "bad path: " + request.path()));
        }
        if (segments.get(0).equals("restate")) {
            return restate(request, segments);
        }
        return invoke(request, segments, BAD_PATH);
    }

    private CompletableFuture<HttpResponse> restate(final HttpRequest request, final List<String> seg) {
        final boolean get = request.method().equals("GET");
        return switch (seg.get(1)) {
            case "health" -> get ? done(HttpResponse.json(200, Map.of("services", catalog.serviceNames())))
                    : notAllowed();
            case "call", "send" -> restateCallOrSend(request, seg);
            case "lookup" -> seg.size() != 2 ? notFound() : get ? notAllowed()
                    : results.byTargetBody(request.body(), "lookup");
            case "attach", "output" -> byIdShortForm(request, seg);
            case "awakeables", "a" -> awakeable(request, seg);
            case "workflow" -> byWorkflow(request, seg);
            case "invocation" -> byInvocation(request, seg);
            default -> notFound();
        };
    }

    private CompletableFuture<HttpResponse> restateCallOrSend(final HttpRequest request, final List<String> seg) {
        if (seg.size() < 4) {
            return done(IngressErrors.ingress(400, BAD_RESTATE_PATH));
        }
        final List<String> target = new ArrayList<>(seg.subList(2, seg.size()));
        if (seg.get(1).equals("send")) {
            target.add("send");
        }
        return invoke(request, target, BAD_RESTATE_PATH);
    }

    private CompletableFuture<HttpResponse> byIdShortForm(final HttpRequest request, final List<String> seg) {
        final boolean attach = seg.get(1).equals("attach");
        if (seg.size() == 2) {
            return request.method().equals("POST") ? results.byTargetBody(request.body(), seg.get(1)) : notAllowed();
        }
        if (seg.size() != 3) {
            return notFound();
        }
        return request.method().equals("GET") ? results.byId(seg.get(2), attach) : notAllowed();
    }

    private CompletableFuture<HttpResponse> awakeable(final HttpRequest request, final List<String> seg) {
        final String op = seg.get(seg.size() - 1);
        if (seg.size() == 3 || seg.size() == 4 && !op.equals("resolve") && !op.equals("reject")) {
            return done(IngressErrors.ingress(400, BAD_AWAKEABLE_PATH));
        }
        if (seg.size() != 4) {
            return notFound();
        }
        return request.method().equals("POST") ? awakeables.complete(seg.get(2), op.equals("resolve"), request.body())
                : notAllowed();
    }

    private CompletableFuture<HttpResponse> byWorkflow(final HttpRequest request, final List<String> seg) {
        final String op = seg.get(seg.size() - 1);
        if (seg.size() != 5 || !op.equals("attach") && !op.equals("output")) {
            return seg.size() < 5 ? done(IngressErrors.ingress(400, BAD_WORKFLOW_PATH)) : notFound();
        }
        return request.method().equals("GET") ? results.byWorkflow(seg.get(2), seg.get(3), op.equals("attach"))
                : notAllowed();
    }

    private CompletableFuture<HttpResponse> byInvocation(final HttpRequest request, final List<String> seg) {
        final int n = seg.size();
        final String op = seg.get(n - 1);
        if (n < 4) {
            return done(IngressErrors.ingress(400, BAD_INVOCATION_PATH));
        }
        if (!op.equals("attach") && !op.equals("output")) {
            return notFound();
        }
        if (!request.method().equals("GET")) {
            return notAllowed();
        }
        if (n == 4) {
            return results.byId(seg.get(2), op.equals("attach"));
        }
        final String key = n == 7 ? seg.get(3) : "";
        return n == 5 ? notFound()
                : results.byIdempotencyKey(seg.get(2), key, seg.get(n - 3), seg.get(n - 2), op.equals("attach"));
    }

    private static CompletableFuture<HttpResponse> notAllowed() {
        return done(IngressErrors.ingress(405, "method not allowed"));
    }

    private static CompletableFuture<HttpResponse> notFound() {
        return done(IngressErrors.ingress(404, "not found"));
    }

    private CompletableFuture<HttpResponse> invoke(final HttpRequest request, final List<String> seg,
            final String badPath) {
        final ServiceInfo service = catalog.service(seg.get(0));
        if (service == null) {
            return done(IngressErrors.ingress(404, "service '" + seg.get(0)
                    + "' not found, make sure to register the service before calling it."));
        }
        final int base = service.type() == ServiceType.SERVICE ? 2 : 3;
        final boolean send = seg.size() == base + 1 && seg.get(base).equals("send");
        if (seg.size() != base && !send) {
            return done(IngressErrors.ingress(400, badPath));
        }
        final String handlerName = seg.get(base - 1);
        final HandlerInfo handler = service.handlers().get(handlerName);
        if (handler == null) {
            return done(IngressErrors.ingress(404, "the service '" + service.name() + "' exists, but the handler '"
                    + handlerName + "' was not found, check that the handler exists in the latest registered service "
                    + "version."));
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
            return done(IngressErrors.ingress(400, "bad delay query parameter, must be a ISO8601 duration: "
                    + e.getMessage()));
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
            return "cannot use the delay query parameter with calls. The delay is supported only with sends";
        }
        if (request.header("idempotency-key") != null && handler.type() == HandlerType.WORKFLOW_RUN) {
            return "cannot use the idempotency key with workflow handlers. The handler invocation will already be "
                    + "idempotent by the workflow key itself.";
        }
        if (request.body().length > 0 && handler.inputContentType() != null
                && !IngressRequests.contentTypeMatches(handler.inputContentType(), request.header("content-type"))) {
            if (request.header("content-type") == null) {
                return "input validation error: Empty content-type";
            }
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

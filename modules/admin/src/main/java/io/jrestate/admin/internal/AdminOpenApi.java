package io.jrestate.admin.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The OpenAPI 3.1 document of the admin API ({@code GET /openapi}): the routes this server implements, under the
 * paths and operation ids restate-server 1.7.12 publishes for them, so that tools reading the document find the
 * same operations. Routes of the reference that jrestate does not serve (query, subscriptions, Kafka clusters,
 * limits, vqueues, service state, deployment update, restart-as-new, purge-journal) are left out on purpose.
 */
public final class AdminOpenApi {
    /** One operation: method, path, operation id, summary, tag and the statuses it answers. */
    private record Operation(String method, String path, String id, String summary, String tag, List<String> codes) {
    }

    private static final List<String> READ = List.of("200", "400", "404");
    private static final List<String> CHANGE = List.of("200", "400", "404", "409", "503");
    private static final List<Operation> OPERATIONS = List.of(
        new Operation("get", "/cluster-health", "cluster_health", "Cluster health", "cluster_health",
            List.of("200", "500")),
        new Operation("get", "/deployments", "list_deployments", "List deployments", "deployment", List.of("200")),
        new Operation("post", "/deployments", "create_deployment", "Create deployment", "deployment",
            List.of("200", "201", "400", "409", "500")),
        new Operation("get", "/deployments/{deployment}", "get_deployment", "Get deployment", "deployment", READ),
        new Operation("delete", "/deployments/{deployment}", "delete_deployment", "Delete deployment", "deployment",
            List.of("202", "400", "404", "501")),
        new Operation("get", "/health", "health", "Health check endpoint", "health", List.of("200")),
        new Operation("delete", "/invocations/{invocation_id}", "delete_invocation", "Delete an invocation",
            "invocation", List.of("202", "400", "404", "409")),
        new Operation("patch", "/invocations/{invocation_id}/cancel", "cancel_invocation", "Cancel an invocation",
            "invocation", List.of("200", "202", "400", "404", "409", "503")),
        new Operation("patch", "/invocations/{invocation_id}/kill", "kill_invocation", "Kill an invocation",
            "invocation", CHANGE),
        new Operation("patch", "/invocations/{invocation_id}/pause", "pause_invocation", "Pause an invocation",
            "invocation", List.of("200", "202", "400", "404", "409", "503")),
        new Operation("patch", "/invocations/{invocation_id}/purge", "purge_invocation", "Purge an invocation",
            "invocation", CHANGE),
        new Operation("patch", "/invocations/{invocation_id}/resume", "resume_invocation", "Resume an invocation",
            "invocation", List.of("200", "400", "404", "409", "425", "503")),
        new Operation("get", "/services", "list_services", "List services", "service", List.of("200")),
        new Operation("get", "/services/{service}", "get_service", "Get service", "service", READ),
        new Operation("patch", "/services/{service}", "modify_service", "Modify a service", "service",
            List.of("200", "400", "404")),
        new Operation("get", "/services/{service}/handlers", "list_service_handlers", "List service handlers",
            "service_handler", READ),
        new Operation("get", "/services/{service}/handlers/{handler}", "get_service_handler", "Get service handler",
            "service_handler", READ),
        new Operation("get", "/services/{service}/openapi", "get_service_openapi", "Get service OpenAPI",
            "openapi", READ),
        new Operation("get", "/version", "version", "Admin version information", "version", List.of("200")));

    private AdminOpenApi() {
    }

    /**
     * The document.
     *
     * @param serverVersion the version in {@code info.version}
     * @return a fresh document
     */
    public static ObjectNode document(final String serverVersion) {
        final ObjectNode doc = AdminJson.MAPPER.createObjectNode();
        doc.put("openapi", "3.1.0");
        doc.putObject("info").put("title", "Admin API").put("version", serverVersion)
            .put("description", "Admin operations of the node: deployments, services, invocations.");
        final ObjectNode paths = doc.putObject("paths");
        for (final Operation op : OPERATIONS) {
            final ObjectNode item = paths.has(op.path()) ? (ObjectNode) paths.get(op.path())
                : paths.putObject(op.path());
            final ObjectNode operation = item.putObject(op.method()).put("operationId", op.id())
                .put("summary", op.summary());
            operation.putArray("tags").add(op.tag());
            final ObjectNode responses = operation.putObject("responses");
            for (final String code : op.codes()) {
                responses.putObject(code).put("description", description(code));
            }
        }
        return doc;
    }

    private static String description(final String code) {
        return switch (code) {
            case "200", "201", "202" -> "Success";
            case "400" -> "Bad request: the message names the problem";
            case "404" -> "Not found";
            case "409" -> "Conflict with the current state";
            case "425" -> "Too early: the invocation has not started yet";
            case "501" -> "Not implemented";
            case "503" -> "Not available on this node right now";
            default -> "Error";
        };
    }
}

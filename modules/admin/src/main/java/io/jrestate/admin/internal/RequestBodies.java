package io.jrestate.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jrestate.common.FriendlyDuration;
import io.jrestate.http.HttpRequest;
import io.jrestate.http.HttpResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads JSON request bodies with the reference's error answers (415, 400 syntax, 422 shape). */
final class RequestBodies {
    private RequestBodies() {
    }

    static JsonNode object(final HttpRequest request) {
        final String ct = request.header("content-type");
        if (ct == null || !ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new AdminErrors.BadRequest(HttpResponse.text(415,
                "Expected request with `Content-Type: application/json`"), "content type");
        }
        final JsonNode node;
        try {
            node = AdminJson.MAPPER.readTree(request.body());
        } catch (final IOException e) {
            throw new AdminErrors.BadRequest(HttpResponse.text(400, "Failed to parse the request body as JSON: "
                + e.getMessage()), "syntax");
        }
        if (node == null || !node.isObject()) {
            throw AdminErrors.BadRequest.unprocessable("expected a JSON object");
        }
        return node;
    }

    static String text(final JsonNode n, final String field) {
        final JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw AdminErrors.BadRequest.unprocessable(field + ": invalid type: " + v.getNodeType() + ", expected a "
                + "string");
        }
        return v.asText();
    }

    static Boolean bool(final JsonNode n, final String field) {
        final JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw AdminErrors.BadRequest.unprocessable(field + ": invalid type: " + v.getNodeType()
                + ", expected a boolean");
        }
        return v.asBoolean();
    }

    static Duration duration(final JsonNode n, final String field) {
        final String text = text(n, field);
        if (text == null) {
            return null;
        }
        try {
            return FriendlyDuration.parse(text);
        } catch (final IllegalArgumentException e) {
            throw AdminErrors.BadRequest.unprocessable(field + ": " + e.getMessage());
        }
    }

    static Map<String, String> stringMap(final JsonNode n, final String field) {
        final JsonNode v = n.get(field);
        final Map<String, String> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            throw AdminErrors.BadRequest.unprocessable(field + ": expected a map of strings");
        }
        for (final Map.Entry<String, JsonNode> e : v.properties()) {
            if (!e.getValue().isTextual()) {
                throw AdminErrors.BadRequest.unprocessable(field + "." + e.getKey() + ": expected a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    static List<Map.Entry<String, String>> headers(final JsonNode n, final String field) {
        final List<Map.Entry<String, String>> out = new ArrayList<>();
        stringMap(n, field).forEach((k, v) -> out.add(Map.entry(k.toLowerCase(java.util.Locale.ROOT), v)));
        return out;
    }
}

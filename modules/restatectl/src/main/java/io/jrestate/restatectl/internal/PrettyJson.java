package io.jrestate.restatectl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.Map;

/**
 * JSON printed as the reference prints it ({@code serde_json} pretty form): two-space indentation, {@code "key": },
 * one array element per line, {@code []} and {@code {}} when empty.
 */
final class PrettyJson {
    private PrettyJson() {
    }

    static String print(final JsonNode node) {
        final StringBuilder out = new StringBuilder();
        write(node, out, 0);
        return out.toString();
    }

    private static void write(final JsonNode node, final StringBuilder out, final int depth) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            final Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
            while (fields.hasNext()) {
                final Map.Entry<String, JsonNode> field = fields.next();
                indent(out, depth + 1).append(TextNode.valueOf(field.getKey())).append(": ");
                write(field.getValue(), out, depth + 1);
                out.append(fields.hasNext() ? ",\n" : "\n");
            }
            indent(out, depth).append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                indent(out, depth + 1);
                write(node.get(i), out, depth + 1);
                out.append(i + 1 < node.size() ? ",\n" : "\n");
            }
            indent(out, depth).append(']');
        } else {
            out.append(node.toString());
        }
    }

    private static StringBuilder indent(final StringBuilder out, final int depth) {
        return out.append("  ".repeat(depth));
    }
}

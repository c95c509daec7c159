package io.jrestate.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrestate.common.ByteSize;
import io.jrestate.common.FriendlyDuration;
import io.jrestate.config.BindAddress;
import io.jrestate.config.DurationRange;
import io.jrestate.config.Replication;
import io.jrestate.config.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Prints configuration values as TOML, in the layout of the reference's {@code --dump-config}: top-level keys
 * first, then one {@code [table]} per section in the order the keys were given; non-empty lists on several lines;
 * durations, sizes and ranges in their friendly text form.
 *
 * <pre>
 *   roles = [
 *       "http-ingress",
 *   ]
 *   cluster-name = "localcluster"
 *
 *   [worker.invoker]
 *   inactivity-timeout = "1m"
 * </pre>
 */
public final class TomlWriter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private TomlWriter() {
    }

    /**
     * Turns a typed value back into the TOML value that {@link ValueParser#parse} reads as an equal value.
     *
     * @param typed the typed value
     * @return the TOML value
     */
    public static JsonNode render(final Object typed) {
        return switch (typed) {
            case JsonNode node -> node;
            case String text -> NODES.textNode(text);
            case Boolean flag -> NODES.booleanNode(flag);
            case Long number -> NODES.numberNode(number);
            case Double number -> NODES.numberNode(number);
            case Duration duration -> NODES.textNode(FriendlyDuration.format(duration));
            case ByteSize size -> NODES.textNode(size.format());
            case DurationRange range -> NODES.textNode(range.format());
            case BindAddress address -> NODES.textNode(address.toString());
            case Replication replication -> renderReplication(replication);
            case Map<?, ?> map -> renderMap(map);
            case Collection<?> items -> renderList(items);
            default -> throw new IllegalArgumentException("cannot print a " + typed.getClass().getName());
        };
    }

    private static JsonNode renderReplication(final Replication replication) {
        if (replication.copiesPerScope().size() == 1 && replication.copiesPerScope().containsKey("node")) {
            return NODES.numberNode(replication.nodes());
        }
        final ObjectNode table = NODES.objectNode();
        for (final String scope : List.of("region", "zone", "node")) {
            final Long copies = replication.copiesPerScope().get(scope);
            if (copies != null) {
                table.put(scope, copies);
            }
        }
        return table;
    }

    private static JsonNode renderMap(final Map<?, ?> map) {
        final ObjectNode table = NODES.objectNode();
        map.forEach((key, value) -> table.set(String.valueOf(key), render(value)));
        return table;
    }

    private static JsonNode renderList(final Collection<?> items) {
        final var array = NODES.arrayNode();
        for (final Object item : items) {
            array.add(item instanceof Role role ? NODES.textNode(role.configName()) : render(item));
        }
        return array;
    }

    /**
     * Prints values as a TOML document.
     *
     * @param values dotted path to TOML value, in print order; values in {@code tables} print as tables
     * @param tablePaths paths whose (object) value prints as its own {@code [path]} table
     * @return the document
     */
    public static String write(final Map<String, JsonNode> values, final Collection<String> tablePaths) {
        final Map<String, List<Map.Entry<String, JsonNode>>> byTable = new LinkedHashMap<>();
        byTable.put("", new ArrayList<>());
        for (final Map.Entry<String, JsonNode> entry : values.entrySet()) {
            final String path = entry.getKey();
            if (tablePaths.contains(path) && entry.getValue().isObject()) {
                final List<Map.Entry<String, JsonNode>> rows = byTable.computeIfAbsent(path, p -> new ArrayList<>());
                entry.getValue().properties().forEach(rows::add);
                continue;
            }
            final int dot = path.lastIndexOf('.');
            final String table = dot < 0 ? "" : path.substring(0, dot);
            byTable.computeIfAbsent(table, t -> new ArrayList<>()).add(Map.entry(path.substring(dot + 1),
                    entry.getValue()));
        }
        final StringBuilder out = new StringBuilder();
        for (final Map.Entry<String, List<Map.Entry<String, JsonNode>>> table : byTable.entrySet()) {
            if (!table.getKey().isEmpty()) {
                out.append("\n[").append(dottedKey(table.getKey())).append("]\n");
            }
            for (final Map.Entry<String, JsonNode> row : table.getValue()) {
                out.append(key(row.getKey())).append(" = ");
                appendValue(out, row.getValue(), true);
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String dottedKey(final String path) {
        final StringBuilder out = new StringBuilder();
        for (final String segment : path.split("\\.")) {
            if (!out.isEmpty()) {
                out.append('.');
            }
            out.append(key(segment));
        }
        return out.toString();
    }

    private static String key(final String key) {
        return BARE_KEY.matcher(key).matches() ? key : quote(key);
    }

    private static void appendValue(final StringBuilder out, final JsonNode value, final boolean topLevel) {
        if (value.isTextual()) {
            out.append(quote(value.textValue()));
        } else if (value.isBoolean() || value.isIntegralNumber()) {
            out.append(value.asText());
        } else if (value.isNumber()) {
            out.append(Double.toString(value.doubleValue()));
        } else if (value.isArray()) {
            appendArray(out, value, topLevel);
        } else if (value.isObject()) {
            out.append('{');
            boolean first = true;
            for (final Map.Entry<String, JsonNode> field : value.properties()) {
                out.append(first ? " " : ", ").append(key(field.getKey())).append(" = ");
                appendValue(out, field.getValue(), false);
                first = false;
            }
            out.append(first ? "}" : " }");
        } else {
            throw new IllegalArgumentException("cannot print a " + value.getNodeType() + " as TOML");
        }
    }

    private static void appendArray(final StringBuilder out, final JsonNode array, final boolean multiLine) {
        if (array.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append(multiLine ? "[\n" : "[");
        boolean first = true;
        for (final JsonNode item : array) {
            if (multiLine) {
                out.append("    ");
            } else if (!first) {
                out.append(", ");
            }
            appendValue(out, item, false);
            out.append(multiLine ? ",\n" : "");
            first = false;
        }
        out.append(']');
    }

    /**
     * A TOML basic string with escapes.
     *
     * @param text the text
     * @return the quoted string
     */
    public static String quote(final String text) {
        final StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}

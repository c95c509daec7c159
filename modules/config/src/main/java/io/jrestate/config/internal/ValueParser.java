package io.jrestate.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.jrestate.common.ByteSize;
import io.jrestate.common.FriendlyDuration;
import io.jrestate.config.BindAddress;
import io.jrestate.config.DurationRange;
import io.jrestate.config.Replication;
import io.jrestate.config.Role;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns raw values into typed ones, by key kind. Raw values are parsed TOML ({@link JsonNode}s); text from the
 * environment or the command line is first turned into TOML values by {@link #fromText}.
 *
 * <p>Every failure is an {@link IllegalArgumentException} whose message says what was expected and what was
 * found; the caller adds the source and the key.
 */
public final class ValueParser {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final TomlMapper TOML = new TomlMapper();
    private static final long MAX_PORT = 65_535;

    private ValueParser() {
    }

    /**
     * Parses a raw value into the Java type of its kind: String, Boolean, Long, Double, Duration, ByteSize,
     * DurationRange, {@code List<String>}, {@code Set<Role>}, Replication, {@code Map<String,String>} or
     * BindAddress.
     *
     * @param spec the key
     * @param raw the parsed TOML value
     * @return the typed value
     * @throws IllegalArgumentException saying what was expected
     */
    public static Object parse(final KeySpec spec, final JsonNode raw) {
        return switch (spec.kind()) {
            case STRING -> text(raw, "a string");
            case BOOL -> bool(raw);
            case UINT -> integer(raw, 0, Long.MAX_VALUE, "a non-negative integer");
            case PORT -> integer(raw, 0, MAX_PORT, "a port number from 0 to 65535");
            case PARTITIONS -> integer(raw, 1, MAX_PORT, "a partition count from 1 to 65535");
            case FLOAT -> floating(raw);
            case DURATION -> FriendlyDuration.parse(text(raw, "a duration such as \"10s\" or \"1h 30m\""));
            case BYTES -> raw.isIntegralNumber()
                    ? ByteSize.ofBytes(integer(raw, 0, Long.MAX_VALUE, "a byte size"))
                    : ByteSize.parse(text(raw, "a byte size such as \"32.0 MiB\""));
            case RANGE -> DurationRange.parse(text(raw, "a duration range such as \"250ms..1m\""));
            case URLS -> strings(raw);
            case ROLES -> roles(raw);
            case REPLICATION -> replication(raw);
            case MAP -> stringMap(raw);
            case ADDRESS -> BindAddress.parse(text(raw, "a socket address such as \"0.0.0.0:8080\""));
            case URL -> url(text(raw, "a URL such as \"http://127.0.0.1:8080/\""));
            case ENUM -> enumValue(spec, raw);
            case UNCHECKED -> raw;
        };
    }

    /**
     * Turns text from an environment variable or a command-line flag into a TOML value of the key's kind:
     * numbers and booleans for those kinds, lists from {@code [a,b]} or {@code a,b}, tables from TOML inline
     * table syntax, and strings otherwise. The result still goes through {@link #parse}.
     *
     * @param spec the key
     * @param text the text
     * @return the TOML value
     */
    public static JsonNode fromText(final KeySpec spec, final String text) {
        final String trimmed = text.strip();
        return switch (spec.kind()) {
            case BOOL -> trimmed.equalsIgnoreCase("true") ? NODES.booleanNode(true)
                    : trimmed.equalsIgnoreCase("false") ? NODES.booleanNode(false) : NODES.textNode(text);
            case UINT, PORT, PARTITIONS -> asLong(trimmed) != null ? NODES.numberNode(asLong(trimmed))
                    : NODES.textNode(text);
            case FLOAT -> asDouble(trimmed) != null ? NODES.numberNode(asDouble(trimmed)) : NODES.textNode(text);
            case URLS, ROLES -> list(trimmed);
            case REPLICATION, MAP -> asLong(trimmed) != null ? NODES.numberNode(asLong(trimmed)) : inlineToml(text);
            default -> NODES.textNode(text);
        };
    }

    private static Long asLong(final String text) {
        try {
            return Long.parseLong(text);
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    private static Double asDouble(final String text) {
        try {
            return Double.parseDouble(text);
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    private static JsonNode inlineToml(final String text) {
        try {
            return TOML.readTree("v = " + text).get("v");
        } catch (final java.io.IOException | RuntimeException e) {
            return NODES.textNode(text);
        }
    }

    private static ArrayNode list(final String text) {
        String inner = text;
        if (inner.startsWith("[") && inner.endsWith("]")) {
            inner = inner.substring(1, inner.length() - 1);
        }
        final ArrayNode array = NODES.arrayNode();
        for (final String part : inner.split(",")) {
            String item = part.strip();
            if (item.length() >= 2 && (item.startsWith("\"") && item.endsWith("\"")
                    || item.startsWith("'") && item.endsWith("'"))) {
                item = item.substring(1, item.length() - 1);
            }
            if (!item.isEmpty()) {
                array.add(item);
            }
        }
        return array;
    }

    private static String text(final JsonNode raw, final String expected) {
        if (!raw.isTextual()) {
            throw mismatch(expected, raw);
        }
        return raw.textValue();
    }

    private static Boolean bool(final JsonNode raw) {
        if (!raw.isBoolean()) {
            throw mismatch("true or false", raw);
        }
        return raw.booleanValue();
    }

    private static long integer(final JsonNode raw, final long min, final long max, final String expected) {
        if (!raw.isIntegralNumber() || !raw.canConvertToLong()) {
            throw mismatch(expected, raw);
        }
        final long value = raw.longValue();
        if (value < min || value > max) {
            throw new IllegalArgumentException("expected " + expected + ", got " + value + " (out of range)");
        }
        return value;
    }

    private static Double floating(final JsonNode raw) {
        if (!raw.isNumber() || !Double.isFinite(raw.doubleValue())) {
            throw mismatch("a number such as 2.0", raw);
        }
        return raw.doubleValue();
    }

    private static List<String> strings(final JsonNode raw) {
        if (!raw.isArray()) {
            throw mismatch("a list of strings such as [\"http://n1:5122/\"]", raw);
        }
        final List<String> out = new ArrayList<>();
        for (final JsonNode item : raw) {
            out.add(text(item, "a list of strings"));
        }
        return List.copyOf(out);
    }

    private static Set<Role> roles(final JsonNode raw) {
        final Set<Role> roles = EnumSet.noneOf(Role.class);
        for (final String name : strings(raw)) {
            roles.add(Role.fromConfigName(name));
        }
        return Collections.unmodifiableSet(roles);
    }

    private static Replication replication(final JsonNode raw) {
        if (raw.isIntegralNumber()) {
            return Replication.ofNodes(integer(raw, 1, Long.MAX_VALUE, "a replication factor of at least 1"));
        }
        if (!raw.isObject() || raw.isEmpty()) {
            throw mismatch("a number of copies such as 2, or a table such as {zone = 2, node = 3}", raw);
        }
        final Map<String, Long> copies = new LinkedHashMap<>();
        for (final Map.Entry<String, JsonNode> field : raw.properties()) {
            if (!List.of("region", "zone", "node").contains(field.getKey())) {
                throw new IllegalArgumentException("unknown replication scope \"" + field.getKey()
                        + "\"; expected region, zone or node");
            }
            copies.put(field.getKey(), integer(field.getValue(), 1, Long.MAX_VALUE, "a count of at least 1"));
        }
        return new Replication(copies);
    }

    private static Map<String, String> stringMap(final JsonNode raw) {
        if (!raw.isObject()) {
            throw mismatch("a table of strings", raw);
        }
        final Map<String, String> out = new LinkedHashMap<>();
        for (final Map.Entry<String, JsonNode> field : raw.properties()) {
            out.put(field.getKey(), text(field.getValue(), "string values in the table"));
        }
        return Collections.unmodifiableMap(out);
    }

    private static String url(final String text) {
        try {
            final URI uri = new URI(text);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("expected an http(s) URL with a host such as "
                        + "\"http://127.0.0.1:5122/\", got \"" + text + "\"");
            }
            return text;
        } catch (final URISyntaxException e) {
            throw new IllegalArgumentException("expected a URL such as \"http://127.0.0.1:5122/\", got \""
                    + text + "\" (" + e.getReason() + ")");
        }
    }

    private static String enumValue(final KeySpec spec, final JsonNode raw) {
        final String value = text(raw, "one of " + spec.enumValues());
        if (!spec.enumValues().contains(value)) {
            throw new IllegalArgumentException("expected one of " + String.join(", ", spec.enumValues())
                    + ", got \"" + value + "\"");
        }
        return value;
    }

    private static IllegalArgumentException mismatch(final String expected, final JsonNode raw) {
        return new IllegalArgumentException("expected " + expected + ", got " + describe(raw));
    }

    /**
     * Describes a raw value for an error message, e.g. {@code 5 (an integer)}.
     *
     * @param raw the value
     * @return the description
     */
    public static String describe(final JsonNode raw) {
        if (raw.isTextual()) {
            return "\"" + raw.textValue() + "\" (a string)";
        }
        if (raw.isIntegralNumber()) {
            return raw.asText() + " (an integer)";
        }
        if (raw.isNumber()) {
            return raw.asText() + " (a number)";
        }
        if (raw.isBoolean()) {
            return raw.asText() + " (a boolean)";
        }
        if (raw.isArray()) {
            return "a list";
        }
        if (raw.isObject()) {
            return "a table";
        }
        return raw.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}

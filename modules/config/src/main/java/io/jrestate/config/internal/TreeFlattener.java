package io.jrestate.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Walks a parsed TOML document and records each key's value under its dotted path, checking every key against
 * the {@link KeyCatalog}: an unknown key becomes a problem naming the closest known key.
 */
public final class TreeFlattener {
    private final KeyCatalog catalog;

    /**
     * Creates a flattener.
     *
     * @param catalog the known keys
     */
    public TreeFlattener(final KeyCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Records every value of {@code document} into {@code out}, overriding earlier values.
     *
     * @param document the parsed TOML document
     * @param source where it came from, e.g. {@code file /etc/restate.toml}
     * @param out dotted path to value, in insertion order
     * @param problems receives one line per unknown key or misplaced table
     */
    public void flatten(final JsonNode document, final String source, final Map<String, Sourced> out,
            final List<String> problems) {
        walk(document, "", source, out, problems);
    }

    private void walk(final JsonNode table, final String prefix, final String source, final Map<String, Sourced> out,
            final List<String> problems) {
        for (final Map.Entry<String, JsonNode> field : table.properties()) {
            final String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            final JsonNode value = field.getValue();
            final Optional<KeySpec> spec = catalog.lookup(path);
            final boolean descend = catalog.isSection(path) && (spec.isEmpty() || !spec.get().takesTable());
            if (spec.isPresent() && !(descend && value.isObject())) {
                put(spec.get(), path, new Sourced(value, source), out);
            } else if (descend) {
                if (value.isObject()) {
                    walk(value, path, source, out, problems);
                } else {
                    problems.add(source + ": key " + path + ": expected a table [" + path + "], got "
                            + ValueParser.describe(value));
                }
            } else {
                problems.add(source + ": unknown key " + path + hint(path));
            }
        }
    }

    /**
     * The "did you mean" hint for an unknown key.
     *
     * @param path the unknown path
     * @return the hint text, starting with "; "
     */
    public String hint(final String path) {
        return Suggestions.closest(path, catalog.candidates())
                .map(best -> "; did you mean " + best + "?")
                .orElse("; it is not a Restate configuration key");
    }

    /**
     * Stores a value, merging tables for keys that hold free-form tables (later entries win).
     *
     * @param spec the key
     * @param path the path
     * @param value the value
     * @param out the map to store into
     */
    public static void put(final KeySpec spec, final String path, final Sourced value, final Map<String, Sourced> out) {
        final Sourced previous = out.get(path);
        if (spec.kind() == KeySpec.Kind.MAP && previous != null && previous.raw().isObject()
                && value.raw().isObject()) {
            final ObjectNode merged = ((ObjectNode) previous.raw()).deepCopy();
            merged.setAll((ObjectNode) value.raw());
            out.put(path, new Sourced(merged, value.source()));
        } else {
            out.put(path, value);
        }
    }
}

package io.jrestate.config.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Maps environment variables onto keys, as the reference server does: prefix {@code RESTATE_}, {@code __}
 * between table levels, {@code _} inside a name becomes {@code -}. {@code RESTATE_WORKER__INVOKER__INACTIVITY_TIMEOUT}
 * is {@code worker.invoker.inactivity-timeout}. {@code RUST_LOG} sets {@code log-filter} and wins over
 * {@code RESTATE_LOG_FILTER}. {@code RESTATE_CONFIG} names the file and is not a key.
 *
 * <p>A {@code RESTATE_} variable that names no key gets a warning and is ignored: such variables are also used by
 * other Restate tools (the CLI's {@code RESTATE_ADMIN_URL}) and by feature switches, so refusing them would stop
 * servers in environments that are fine.
 */
public final class EnvironmentOverrides {
    /** The prefix of configuration variables. */
    public static final String PREFIX = "RESTATE_";
    /** The variable naming the configuration file. */
    public static final String CONFIG_FILE_VARIABLE = "RESTATE_CONFIG";

    private EnvironmentOverrides() {
    }

    /**
     * The key path a variable name maps to.
     *
     * @param variable e.g. {@code RESTATE_WORKER__SNAPSHOTS__SNAPSHOT_INTERVAL}
     * @return e.g. {@code worker.snapshots.snapshot-interval}
     */
    public static String pathOf(final String variable) {
        final String[] segments = variable.substring(PREFIX.length()).split("__", -1);
        final StringBuilder path = new StringBuilder();
        for (final String segment : segments) {
            if (!path.isEmpty()) {
                path.append('.');
            }
            path.append(segment.toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return path.toString();
    }

    /**
     * Records every configuration variable of {@code environment} into {@code out}.
     *
     * @param environment the process environment
     * @param catalog the known keys
     * @param flattener gives "did you mean" hints
     * @param out dotted path to value
     * @param warnings receives one line per ignored variable
     */
    public static void apply(final Map<String, String> environment, final KeyCatalog catalog,
            final TreeFlattener flattener, final Map<String, Sourced> out, final List<String> warnings) {
        for (final Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            final String name = variable.getKey();
            if (!name.startsWith(PREFIX) || name.equals(CONFIG_FILE_VARIABLE)) {
                continue;
            }
            final String path = pathOf(name);
            if (!applyOne(catalog, path, variable.getValue(), "environment variable " + name, out)) {
                warnings.add("environment variable " + name + " names no configuration key (" + path + ")"
                        + flattener.hint(path) + " It is ignored.");
            }
        }
        final String rustLog = environment.get("RUST_LOG");
        if (rustLog != null) {
            applyOne(catalog, "log-filter", rustLog, "environment variable RUST_LOG", out);
        }
    }

    /**
     * Records one textual override for a key, or an entry of a free-form table key.
     *
     * @param catalog the known keys
     * @param path the dotted path
     * @param text the value's text
     * @param source where it came from
     * @param out dotted path to value
     * @return false when the path names no key
     */
    public static boolean applyOne(final KeyCatalog catalog, final String path, final String text,
            final String source, final Map<String, Sourced> out) {
        final Optional<KeySpec> spec = catalog.lookup(path);
        if (spec.isPresent()) {
            TreeFlattener.put(spec.get(), path, new Sourced(ValueParser.fromText(spec.get(), text), source), out);
            return true;
        }
        final int dot = path.lastIndexOf('.');
        if (dot > 0) {
            final Optional<KeySpec> table = catalog.lookup(path.substring(0, dot));
            if (table.isPresent() && table.get().kind() == KeySpec.Kind.MAP) {
                final ObjectNode entry = JsonNodeFactory.instance.objectNode().put(path.substring(dot + 1), text);
                TreeFlattener.put(table.get(), table.get().path(), new Sourced(entry, source), out);
                return true;
            }
        }
        return false;
    }
}

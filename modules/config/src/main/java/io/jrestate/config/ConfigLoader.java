package io.jrestate.config;

import io.jrestate.config.internal.ConfigAssembler;
import io.jrestate.config.internal.Sourced;
import io.jrestate.config.internal.TomlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads the configuration of a node.
 *
 * <pre>
 *   built-in defaults  &lt;  restate.toml  &lt;  RESTATE_* environment  &lt;  command-line flags
 *          \______________________|_________________|______________________/
 *                                 v
 *            key check (unknown: error + "did you mean"; unimplemented: warning)
 *                                 v
 *            value check by kind (wrong type / invalid value: error naming source, key, expectation)
 *                                 v
 *            cross-key checks  ->  RestateConfig + warnings + dump TOML
 * </pre>
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * Loads and checks the configuration.
     *
     * @param sources the file, environment, command line and host name
     * @return the configuration, its warnings and its dump
     * @throws ConfigException listing every problem, one per line
     */
    public static LoadedConfig load(final ConfigSources sources) {
        final ConfigAssembler assembler = new ConfigAssembler();
        final ConfigAssembler.Result result = assembler.assemble(sources);
        final ConfigValues values = new ConfigValues(result.typed());
        checkCrossKey(values, result.effective());
        final RestateConfig config = RestateConfig.from(values);
        final String dump = TomlWriter.write(assembler.dumpValues(result), assembler.tablePaths());
        return new LoadedConfig(config, result.warnings(), dump);
    }

    private static void checkCrossKey(final ConfigValues values, final Map<String, Sourced> sources) {
        final List<String> problems = new ArrayList<>();
        final String nodeName = values.text("node-name");
        if (nodeName.isBlank() || nodeName.equals(".") || nodeName.equals("..") || nodeName.contains("/")
                || nodeName.contains("\\")) {
            problems.add(where(sources, "node-name") + "expected a name usable as a directory name (not empty, no "
                    + "slashes, not . or ..), got \"" + nodeName + "\"");
        }
        if (values.text("cluster-name").isBlank()) {
            problems.add(where(sources, "cluster-name") + "expected a non-empty cluster name");
        }
        if (values.get("roles", java.util.Set.class).isEmpty()) {
            problems.add(where(sources, "roles") + "expected at least one role");
        }
        final long electionTicks = values.number("metadata-server.raft-election-tick");
        if (values.number("metadata-server.raft-heartbeat-tick") >= electionTicks) {
            problems.add(where(sources, "metadata-server.raft-heartbeat-tick") + "expected fewer ticks than "
                    + "metadata-server.raft-election-tick (" + electionTicks + ")");
        }
        if (values.duration("bifrost.append-retry-min-interval")
                .compareTo(values.duration("bifrost.append-retry-max-interval")) > 0) {
            problems.add(where(sources, "bifrost.append-retry-min-interval")
                    + "expected at most bifrost.append-retry-max-interval");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private static String where(final Map<String, Sourced> sources, final String path) {
        final Sourced value = sources.get(path);
        return (value == null ? Sourced.DEFAULT : value.source()) + ": key " + path + ": ";
    }
}

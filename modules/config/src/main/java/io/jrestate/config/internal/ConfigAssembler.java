package io.jrestate.config.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.jrestate.config.CliOverride;
import io.jrestate.config.ConfigException;
import io.jrestate.config.ConfigSources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the effective configuration: defaults, then the file, then the environment, then the command line,
 * each later source overriding earlier ones key by key; then parses and checks every value.
 *
 * <p>All problems of all sources are collected and reported together, so one run shows every mistake.
 */
public final class ConfigAssembler {
    private static final String HEADERS_KEY = "worker.invoker.additional-request-headers";
    private static final String CLUSTER_NAME_HEADER = "x-restate-cluster-name";

    private final KeyCatalog catalog = KeyCatalog.reference();
    private final TreeFlattener flattener = new TreeFlattener(catalog);

    /**
     * The assembled configuration.
     *
     * @param effective dotted path to raw value and source, for every key that has a value
     * @param typed dotted path to typed value, for implemented keys
     * @param warnings one line per ignored key or variable
     */
    public record Result(Map<String, Sourced> effective, Map<String, Object> typed, List<String> warnings) {
    }

    /**
     * Assembles the configuration from its sources.
     *
     * @param sources the file, environment and command line
     * @return the effective values
     * @throws ConfigException listing every problem found
     */
    public Result assemble(final ConfigSources sources) {
        final Map<String, Sourced> effective = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        catalog.keys().forEach((path, spec) -> {
            if (spec.defaultValue() != null) {
                effective.put(path, new Sourced(spec.defaultValue(), Sourced.DEFAULT));
            }
        });
        if (sources.configFile().isPresent()) {
            final Path file = sources.configFile().get();
            flattener.flatten(readFile(file), "file " + file, effective, problems);
        }
        EnvironmentOverrides.apply(sources.environment(), catalog, flattener, effective, warnings);
        for (final CliOverride override : sources.cliOverrides()) {
            if (!EnvironmentOverrides.applyOne(catalog, override.keyPath(), override.value(),
                    "command-line flag " + override.flag(), effective)) {
                problems.add("command-line flag " + override.flag() + ": no configuration key " + override.keyPath());
            }
        }
        addDerivedDefaults(effective, sources.hostname());
        final Map<String, Object> typed = parseAll(effective, problems, warnings);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Result(effective, typed, warnings);
    }

    private static JsonNode readFile(final Path file) {
        final String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new ConfigException("file " + file + ": cannot read the configuration file: " + e);
        }
        try {
            return new TomlMapper().readTree(text);
        } catch (final JsonProcessingException e) {
            final JsonLocation at = e.getLocation();
            final String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException("file " + file + ": malformed TOML" + where + ": " + e.getOriginalMessage());
        }
    }

    private static void addDerivedDefaults(final Map<String, Sourced> effective, final String hostname) {
        effective.putIfAbsent("node-name", new Sourced(JsonNodeFactory.instance.textNode(hostname), Sourced.DEFAULT));
        // The reference sends the cluster name to deployments in this header unless configured otherwise.
        final ObjectNode headers = JsonNodeFactory.instance.objectNode()
                .put(CLUSTER_NAME_HEADER, effective.get("cluster-name").raw().asText());
        final Sourced explicit = effective.get(HEADERS_KEY);
        String source = Sourced.DEFAULT;
        if (explicit != null && explicit.raw().isObject()) {
            headers.setAll((ObjectNode) explicit.raw());
            source = explicit.source();
        } else if (explicit != null) {
            return;
        }
        effective.put(HEADERS_KEY, new Sourced(headers, source));
    }

    private Map<String, Object> parseAll(final Map<String, Sourced> effective, final List<String> problems,
            final List<String> warnings) {
        final Map<String, Object> typed = new LinkedHashMap<>();
        final Set<String> warned = new LinkedHashSet<>();
        for (final Map.Entry<String, Sourced> entry : effective.entrySet()) {
            final String path = entry.getKey();
            final Sourced value = entry.getValue();
            final KeySpec spec = catalog.lookup(path).orElseThrow();
            if (spec.status() == KeySpec.Status.KNOWN) {
                if (value.isExplicit() && warned.add(path)) {
                    warnings.add("key " + path + " (" + value.source() + ") is a Restate setting that jrestate "
                            + "does not implement; it is ignored");
                }
                continue;
            }
            try {
                typed.put(path, ValueParser.parse(spec, value.raw()));
            } catch (final IllegalArgumentException e) {
                problems.add(value.source() + ": key " + path + ": " + e.getMessage());
            }
        }
        return typed;
    }

    /**
     * The values {@code --dump-config} prints, in print order: every implemented key that has a value,
     * node-specific keys and unimplemented keys only when set explicitly.
     *
     * @param result the assembled configuration
     * @return dotted path to TOML value
     */
    public Map<String, JsonNode> dumpValues(final Result result) {
        final Map<String, JsonNode> out = new LinkedHashMap<>();
        final List<String> order = new ArrayList<>(catalog.keys().keySet());
        result.effective().keySet().stream().filter(path -> !catalog.keys().containsKey(path)).forEach(order::add);
        for (final String path : order) {
            final Sourced value = result.effective().get(path);
            if (value == null) {
                continue;
            }
            final KeySpec spec = catalog.lookup(path).orElseThrow();
            switch (spec.status()) {
                case IMPLEMENTED -> out.put(path, TomlWriter.render(result.typed().get(path)));
                case NODE -> {
                    if (value.isExplicit()) {
                        out.put(path, TomlWriter.render(result.typed().get(path)));
                    }
                }
                case KNOWN -> {
                    if (value.isExplicit()) {
                        out.put(path, value.raw());
                    }
                }
            }
        }
        return out;
    }

    /**
     * Paths whose values print as their own TOML table.
     *
     * @return the free-form table keys
     */
    public Set<String> tablePaths() {
        final Set<String> tables = new LinkedHashSet<>();
        catalog.keys().forEach((path, spec) -> {
            if (spec.kind() == KeySpec.Kind.MAP) {
                tables.add(path);
            }
        });
        return tables;
    }
}

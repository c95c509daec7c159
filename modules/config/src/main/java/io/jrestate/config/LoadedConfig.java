package io.jrestate.config;

import java.util.List;

/**
 * The result of loading: the typed configuration, the warnings to log once at startup, and the effective
 * configuration as TOML for {@code --dump-config}.
 *
 * @param config the typed configuration
 * @param warnings one line per ignored key or environment variable
 * @param dumpToml the effective configuration as TOML; reading it back gives an equal configuration
 */
public record LoadedConfig(RestateConfig config, List<String> warnings, String dumpToml) {
    /**
     * Creates a loaded configuration.
     *
     * @param config the typed configuration
     * @param warnings the warnings
     * @param dumpToml the TOML dump
     */
    public LoadedConfig {
        warnings = List.copyOf(warnings);
    }
}

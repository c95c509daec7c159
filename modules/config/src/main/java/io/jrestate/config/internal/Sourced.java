package io.jrestate.config.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A raw configuration value and where it came from.
 *
 * @param raw the parsed TOML value
 * @param source where it came from, for messages: {@code file /etc/restate.toml},
 *     {@code environment variable RESTATE_X}, {@code command-line flag --x} or {@link #DEFAULT}
 */
public record Sourced(JsonNode raw, String source) {
    /** The source of built-in defaults. */
    public static final String DEFAULT = "default";

    /**
     * Whether the value was set by the user rather than taken from the defaults.
     *
     * @return true when set in a file, the environment or on the command line
     */
    public boolean isExplicit() {
        return !DEFAULT.equals(source);
    }
}

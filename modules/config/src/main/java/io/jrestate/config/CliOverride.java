package io.jrestate.config;

/**
 * A configuration value given on the command line, e.g. {@code --node-name n1}; it wins over the file and the
 * environment.
 *
 * @param flag the flag as typed, for messages, e.g. {@code --node-name}
 * @param keyPath the dotted key it sets, e.g. {@code node-name}
 * @param value the value's text
 */
public record CliOverride(String flag, String keyPath, String value) {
}

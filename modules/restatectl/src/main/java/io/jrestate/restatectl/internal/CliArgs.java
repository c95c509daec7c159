package io.jrestate.restatectl.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed command line. Like the reference (clap with global options), options may come before or after the
 * command words; an option takes its value as the next word or after {@code =}.
 *
 * @param words the command words and positional arguments, in order
 * @param values options with a value, by long name (repeatable ones keep every value)
 * @param flags options without a value, by long name
 */
public record CliArgs(List<String> words, Map<String, List<String>> values, Set<String> flags) {
    /** Long names of the options that take a value, with their short aliases. */
    private static final Map<String, String> VALUE_OPTIONS = Map.ofEntries(
        Map.entry("-s", "address"), Map.entry("--address", "address"), Map.entry("--server", "address"),
        Map.entry("-S", "single-address"), Map.entry("--single-address", "single-address"),
        Map.entry("--connect-timeout", "connect-timeout"), Map.entry("--request-timeout", "request-timeout"),
        Map.entry("--table-style", "table-style"), Map.entry("--time-format", "time-format"),
        Map.entry("-k", "key"), Map.entry("--key", "key"),
        Map.entry("-m", "min-lsn"), Map.entry("--min-lsn", "min-lsn"));
    /** Long names of the flags, with their short aliases. */
    private static final Map<String, String> FLAGS = Map.ofEntries(
        Map.entry("-y", "yes"), Map.entry("--yes", "yes"), Map.entry("-v", "verbose"),
        Map.entry("--verbose", "verbose"), Map.entry("-q", "quiet"), Map.entry("--quiet", "quiet"),
        Map.entry("-h", "help"), Map.entry("--help", "help"), Map.entry("-V", "version"),
        Map.entry("--version", "version"), Map.entry("-t", "trim-log"), Map.entry("--trim-log", "trim-log"),
        Map.entry("--extra", "extra"), Map.entry("--insecure-skip-tls-verify", "insecure-skip-tls-verify"));

    /**
     * Parses a command line.
     *
     * @param args the arguments
     * @return the parsed form
     * @throws UsageException naming an unknown option or a missing value
     */
    public static CliArgs parse(final List<String> args) {
        final List<String> words = new ArrayList<>();
        final Map<String, List<String>> values = new HashMap<>();
        final Set<String> flags = new HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            final String arg = args.get(i);
            if (!arg.startsWith("-") || arg.equals("-")) {
                words.add(arg);
                continue;
            }
            final int eq = arg.indexOf('=');
            final String name = eq > 0 ? arg.substring(0, eq) : arg;
            if (VALUE_OPTIONS.containsKey(name)) {
                final String value;
                if (eq > 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("a value is required for '" + name + "' but none was supplied");
                }
                values.computeIfAbsent(VALUE_OPTIONS.get(name), k -> new ArrayList<>()).add(value);
            } else if (FLAGS.containsKey(arg)) {
                flags.add(FLAGS.get(arg));
            } else {
                throw new UsageException("unexpected argument '" + arg + "' found");
            }
        }
        return new CliArgs(List.copyOf(words), Map.copyOf(values), Set.copyOf(flags));
    }

    /**
     * The last value of an option.
     *
     * @param name long name
     * @return the value, or null
     */
    public String value(final String name) {
        final List<String> all = values.get(name);
        return all == null ? null : all.get(all.size() - 1);
    }

    /**
     * Every value of a repeatable option, comma-separated lists split.
     *
     * @param name long name
     * @return the values, possibly empty
     */
    public List<String> list(final String name) {
        final List<String> out = new ArrayList<>();
        for (String v : values.getOrDefault(name, List.of())) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /**
     * Whether a flag was given.
     *
     * @param name long name
     * @return true if present
     */
    public boolean flag(final String name) {
        return flags.contains(name);
    }

    /**
     * A millisecond option.
     *
     * @param name long name
     * @param defaultMs when absent
     * @return milliseconds
     * @throws UsageException when not a non-negative number
     */
    public long millis(final String name, final long defaultMs) {
        final String v = value(name);
        if (v == null) {
            return defaultMs;
        }
        try {
            final long ms = Long.parseLong(v);
            if (ms < 0) {
                throw new NumberFormatException();
            }
            return ms;
        } catch (NumberFormatException e) {
            throw new UsageException("invalid value '" + v + "' for '--" + name + " <" + name.toUpperCase(
                java.util.Locale.ROOT).replace('-', '_') + ">': expected milliseconds");
        }
    }

    /** A command line the tool cannot run: printed as clap does, exit status 2. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the error.
         *
         * @param message what is wrong, without the {@code error: } prefix
         */
        public UsageException(final String message) {
            super(message);
        }
    }
}

package io.jrestate.launcher.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;

/**
 * A parsed {@code log-filter} (the reference's {@code RUST_LOG} syntax): comma-separated directives, each either
 * a bare level (the default) or {@code target=level}. The reference's targets name Rust crates; {@code restate}
 * and any {@code restate_*} target map onto {@code io.jrestate}, other targets are Java logger names as written
 * (e.g. {@code io.netty=debug}).
 *
 * <pre>
 *   "warn,restate=info"  -&gt;  root WARNING, io.jrestate INFO
 *   level: off | error | warn | info | debug | trace   (SEVERE, WARNING, INFO, FINE, FINEST)
 * </pre>
 *
 * @param defaultLevel the level of loggers no directive names
 * @param targetLevels Java logger name prefix to level
 */
public record LogFilter(Level defaultLevel, Map<String, Level> targetLevels) {

    /**
     * Parses a filter.
     *
     * @param text e.g. {@code warn,restate=info}
     * @return the filter
     * @throws IllegalArgumentException naming a bad directive or level
     */
    public static LogFilter parse(final String text) {
        Level defaultLevel = Level.SEVERE;
        final Map<String, Level> targets = new LinkedHashMap<>();
        for (final String raw : text.split(",")) {
            final String directive = raw.strip();
            if (directive.isEmpty()) {
                continue;
            }
            final int eq = directive.indexOf('=');
            if (eq < 0) {
                defaultLevel = level(directive, text);
            } else {
                targets.put(javaTarget(directive.substring(0, eq).strip()),
                        level(directive.substring(eq + 1).strip(), text));
            }
        }
        return new LogFilter(defaultLevel, Map.copyOf(targets));
    }

    private static String javaTarget(final String target) {
        if (target.equals("restate") || target.startsWith("restate_") || target.startsWith("restate::")) {
            return "io.jrestate";
        }
        return target.replace("::", ".");
    }

    private static Level level(final String name, final String filter) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "off" -> Level.OFF;
            case "error" -> Level.SEVERE;
            case "warn" -> Level.WARNING;
            case "info" -> Level.INFO;
            case "debug" -> Level.FINE;
            case "trace" -> Level.FINEST;
            default -> throw new IllegalArgumentException("invalid log level '" + name + "' in log-filter \""
                    + filter + "\"; expected off, error, warn, info, debug or trace");
        };
    }
}

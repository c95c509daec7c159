package io.jrestate.launcher.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Routes all logging to stderr in one compact line per record, filtered by {@code log-filter}.
 *
 * <p>{@code System.Logger} (used by every jrestate module) and Netty both end up in {@code java.util.logging}, so
 * configuring its root logger is enough; no logging library is needed. A line looks like:
 * <pre>
 *   2026-11-23T18:22:38.123Z  INFO io.jrestate.launcher.Node: node n1 ready
 * </pre>
 */
public final class StderrLogging {
    /** Loggers whose level we set; held strongly because the log manager keeps only weak references. */
    private static final List<Logger> CONFIGURED = new ArrayList<>();

    private StderrLogging() {
    }

    /**
     * Installs the stderr handler and the filter's levels, replacing any earlier setup.
     *
     * @param filter the parsed {@code log-filter}
     */
    public static synchronized void install(final LogFilter filter) {
        LogManager.getLogManager().reset();
        final Logger root = Logger.getLogger("");
        final Handler handler = new ConsoleHandler();
        handler.setLevel(Level.ALL);
        handler.setFormatter(new CompactFormatter());
        root.addHandler(handler);
        root.setLevel(filter.defaultLevel());
        CONFIGURED.clear();
        CONFIGURED.add(root);
        for (final Map.Entry<String, Level> target : filter.targetLevels().entrySet()) {
            final Logger logger = Logger.getLogger(target.getKey());
            logger.setLevel(target.getValue());
            CONFIGURED.add(logger);
        }
    }

    /** One line per record: time, level, logger, message, then the stack trace if any. */
    static final class CompactFormatter extends Formatter {
        @Override
        public String format(final LogRecord record) {
            final StringBuilder line = new StringBuilder(160)
                    .append(Instant.ofEpochMilli(record.getMillis()))
                    .append(' ').append(levelName(record.getLevel()))
                    .append(' ').append(record.getLoggerName())
                    .append(": ").append(formatMessage(record))
                    .append(System.lineSeparator());
            if (record.getThrown() != null) {
                final StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }

        private static String levelName(final Level level) {
            if (level.intValue() >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (level.intValue() >= Level.WARNING.intValue()) {
                return " WARN";
            }
            if (level.intValue() >= Level.INFO.intValue()) {
                return " INFO";
            }
            return level.intValue() >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
        }
    }
}

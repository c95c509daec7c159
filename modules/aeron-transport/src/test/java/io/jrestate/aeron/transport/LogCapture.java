package io.jrestate.aeron.transport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures what a class logs through {@code System.Logger} (backed by java.util.logging in tests). */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    LogCapture(final Class<?> source) {
        this.logger = Logger.getLogger(source.getName());
        logger.addHandler(this);
    }

    @Override
    public void publish(final LogRecord record) {
        final Object[] params = record.getParameters();
        String text = record.getMessage();
        if (params != null) {
            text = java.text.MessageFormat.format(text, params);
        }
        lines.add(record.getLevel() + " " + text);
    }

    List<String> lines() {
        return lines;
    }

    boolean contains(final String... parts) {
        return lines.stream().anyMatch(line -> java.util.Arrays.stream(parts).allMatch(line::contains));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}

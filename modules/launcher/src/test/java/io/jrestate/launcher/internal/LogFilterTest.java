package io.jrestate.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** Parses the reference's log filters and maps Restate's targets onto jrestate's loggers. */
class LogFilterTest {

    @Test
    void shouldParseTheReferenceDefault() {
        assertEquals(new LogFilter(Level.WARNING, Map.of("io.jrestate", Level.INFO)),
                LogFilter.parse("warn,restate=info"));
    }

    @Test
    void shouldMapCrateTargetsAndKeepJavaLoggerNames() {
        assertEquals(new LogFilter(Level.FINE, Map.of("io.jrestate", Level.FINEST, "io.netty", Level.OFF)),
                LogFilter.parse(" debug , restate_worker=trace, io.netty=off"));
    }

    @Test
    void shouldRejectAnUnknownLevel() {
        assertEquals("invalid log level 'loud' in log-filter \"loud\"; expected off, error, warn, info, debug or "
                + "trace", assertThrows(IllegalArgumentException.class, () -> LogFilter.parse("loud")).getMessage());
    }
}
